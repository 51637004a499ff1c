/** `GET|POST /api/contacts/:id/permissions`: what a contact may do on the account. */
import { ACCOUNT_DNS_ZONES, ACCOUNT_DOMAINS, ACCOUNT_SERVICES, PERMISSION_FLAGS } from './fixtures'
import { ok, problem, type Reply } from './reply'
import { liveContact, type Grant, type Permissions, type SandboxState } from './state'
import type { FieldProblem } from './types'

function noAccess(items: readonly { id: string; name: string }[]): Grant[] {
  return items.map((item) => ({ id: item.id, name: item.name, hasAccess: false }))
}

// A new contact starts with nothing, as in the dashboard: permissions are granted after creation.
function defaults(): Permissions {
  return {
    services: noAccess(ACCOUNT_SERVICES),
    domains: noAccess(ACCOUNT_DOMAINS),
    dnsZones: noAccess(ACCOUNT_DNS_ZONES),
    flags: Object.fromEntries(PERMISSION_FLAGS.map((flag) => [flag, false]))
  }
}

function view(perms: Permissions, asNames: boolean): object {
  const services = perms.services.map((grant) => {
    const service = ACCOUNT_SERVICES.find((s) => s.id === grant.id)
    return { ...grant, type: service?.type ?? 'other', category: service?.category ?? 'Other' }
  })
  // As names, only what the contact may reach is listed (the docs' plain-string example).
  const named = (grants: Grant[]): string[] => grants.filter((g) => g.hasAccess).map((g) => g.name)
  return {
    services,
    domains: asNames ? named(perms.domains) : perms.domains,
    dnsZones: asNames ? named(perms.dnsZones) : perms.dnsZones,
    ...perms.flags
  }
}

export function getPermissions(state: SandboxState, contactId: number, instance: string): Reply {
  if (!liveContact(state, contactId))
    return problem(404, 'not_found', `No contact with ID ${contactId}.`, instance)
  return ok(view(state.permissions.get(contactId) ?? defaults(), state.itemsAsNames))
}

function readGrants(
  value: unknown,
  pointer: string,
  known: readonly { id: string; name: string }[],
  problems: FieldProblem[]
): Grant[] {
  if (!Array.isArray(value)) {
    problems.push({ pointer, detail: `"${pointer.slice(1)}" must be an array.`, code: 'required' })
    return []
  }
  const grants: Grant[] = []
  value.forEach((item: unknown, index) => {
    const at = `${pointer}/${index}`
    if (typeof item !== 'object' || item === null) {
      problems.push({ pointer: at, detail: 'Each entry must be an object.', code: 'invalid_type' })
      return
    }
    const { id, name, hasAccess } = item as Record<string, unknown>
    const given = typeof id === 'number' || typeof id === 'string' ? String(id) : undefined
    const match = known.find((k) => k.id === given || (given !== undefined && k.name === given))
    if (typeof name !== 'string') {
      problems.push({ pointer: `${at}/name`, detail: '"name" is required.', code: 'required' })
      return
    }
    if (!match) problems.push({ pointer: `${at}/id`, detail: `Unknown ID ${String(id)}.`, code: 'not_found' })
    else if (typeof hasAccess !== 'boolean') {
      problems.push({
        pointer: `${at}/hasAccess`,
        detail: '"hasAccess" must be a boolean.',
        code: 'invalid_type'
      })
    } else grants.push({ id: match.id, name: match.name, hasAccess })
  })
  return grants
}

export function setPermissions(
  state: SandboxState,
  contactId: number,
  body: unknown,
  instance: string
): Reply {
  if (!liveContact(state, contactId))
    return problem(404, 'not_found', `No contact with ID ${contactId}.`, instance)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return problem(400, 'invalid_request', 'The request body must be a JSON object.', instance)
  }
  const input = body as Record<string, unknown>
  const problems: FieldProblem[] = []
  const services = readGrants(input.services, '/services', ACCOUNT_SERVICES, problems)
  const domains = readGrants(input.domains, '/domains', ACCOUNT_DOMAINS, problems)
  const dnsZones = readGrants(input.dnsZones, '/dnsZones', ACCOUNT_DNS_ZONES, problems)
  const flags: Record<string, boolean> = {}
  for (const flag of PERMISSION_FLAGS) {
    const value = input[flag]
    if (typeof value === 'boolean') flags[flag] = value
    else
      problems.push({
        pointer: `/${flag}`,
        detail: `"${flag}" is required and must be a boolean.`,
        code: 'required'
      })
  }
  if (problems.length > 0) {
    return problem(400, 'invalid_request', 'Every permission field is required.', instance, {
      errors: problems
    })
  }
  state.permissions.set(contactId, { services, domains, dnsZones, flags })
  return ok({ success: true, message: 'Permissions updated' })
}
