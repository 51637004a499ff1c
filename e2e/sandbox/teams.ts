/** `POST /api/teams` and `DELETE /api/teams`: validation as the real service does it, then the effect. */
import { REQUIRED_FIELDS, TEAMS_REQUEST_KEYS } from '../../src/shared/contact'
import { isRecord } from '../../src/shared/guards'
import { innerFailure, ok, problem, serverTime, type Reply } from './reply'
import { liveContact, type SandboxState } from './state'
import type { FieldProblem } from './types'

// The body's keys and which must not be blank come from the app's one field list: the sandbox is
// a stand-in for HostUp's checks, and HostUp takes the fields the API page documents.
const KEYS = TEAMS_REQUEST_KEYS
type TeamsKey = (typeof KEYS)[number]
type TeamsBody = Record<TeamsKey, string>

const NON_BLANK: readonly TeamsKey[] = REQUIRED_FIELDS
// Codes that look like ISO 3166-1 alpha-2 but are not assigned; enough to exercise the server's refusal.
const UNASSIGNED_COUNTRIES = new Set(['XX', 'ZZ', 'AA'])
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const INSTANCE = '/api/teams'

function fieldProblems(body: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = []
  for (const key of Object.keys(body)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      problems.push({ pointer: `/${key}`, detail: `Unknown field "${key}".`, code: 'unknown_field' })
    }
  }
  for (const key of KEYS) {
    const value = body[key]
    if (value === undefined) {
      problems.push({ pointer: `/${key}`, detail: `The field "${key}" is required.`, code: 'required' })
    } else if (typeof value !== 'string') {
      problems.push({
        pointer: `/${key}`,
        detail: `The field "${key}" must be a string.`,
        code: 'invalid_type'
      })
    } else if (NON_BLANK.includes(key) && value.trim() === '') {
      problems.push({ pointer: `/${key}`, detail: `The field "${key}" must not be blank.`, code: 'required' })
    }
  }
  if (body.type !== undefined && typeof body.type === 'string' && body.type !== 'contact') {
    problems.push({ pointer: '/type', detail: 'The type must be "contact".', code: 'invalid_value' })
  }
  const email = body.email
  if (typeof email === 'string' && email.trim() !== '' && !EMAIL_SHAPE.test(email)) {
    problems.push({ pointer: '/email', detail: 'The e-mail address is not valid.', code: 'invalid_email' })
  }
  return problems
}

function countryAllowed(country: string): boolean {
  return country === '' || (/^[A-Z]{2}$/.test(country) && !UNASSIGNED_COUNTRIES.has(country))
}

export function createContact(state: SandboxState, body: unknown): Reply {
  if (!isRecord(body)) {
    return problem(400, 'invalid_request', 'The request body must be a JSON object.', INSTANCE)
  }
  const problems = fieldProblems(body)
  if (problems.length > 0) {
    return problem(400, 'invalid_request', problems.map((p) => p.detail).join(' '), INSTANCE, {
      errors: problems
    })
  }
  const request = body as TeamsBody
  if (!countryAllowed(request.country)) {
    return problem(400, 'invalid_country_code', 'Country code must be a 2-letter ISO country code.', INSTANCE)
  }
  const email = request.email.toLowerCase()
  if (state.contacts.some((c) => !c.deleted && c.email.toLowerCase() === email)) {
    // HostBill refuses a duplicate login e-mail, and the API passes that on only as the generic inner failure.
    return innerFailure()
  }
  const id = state.nextId++
  state.contacts.push({
    id,
    email: request.email,
    firstname: request.firstname,
    lastname: request.lastname,
    phonenumber: request.phonenumber,
    address1: request.address1,
    city: request.city,
    country: request.country,
    postcode: request.postcode,
    createdAt: new Date()
  })
  return ok({ success: true, contact_id: id, call: 'addClientContact', server_time: serverTime() })
}

export function deleteContact(state: SandboxState, query: Record<string, string>): Reply {
  const { id, type } = query
  if (id === undefined || type === undefined || id === '' || type === '') {
    return problem(400, 'invalid_request', 'Both "id" and "type" are required.', INSTANCE)
  }
  if (type !== 'contact' || !/^\d+$/.test(id)) {
    return problem(
      400,
      'invalid_request',
      '"id" must be a contact ID and "type" must be "contact".',
      INSTANCE
    )
  }
  const contact = liveContact(state, Number(id))
  if (!contact) return problem(404, 'not_found', `No contact with ID ${id}.`, INSTANCE)
  contact.deleted = true
  state.permissions.delete(contact.id)
  return ok({ success: true, call: 'deleteClientContact', server_time: serverTime() })
}
