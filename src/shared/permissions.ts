/**
 * What a contact may do on the customer account: the reason `POST /teams` returns an ID. HostUp's
 * `GET /contacts/{id}/permissions` lists the account's services, domains and DNS zones with the
 * contact's access to each, plus ten switches; `POST` takes the full set back (every field).
 *
 * The app keeps what the person chose as a `PermissionSet`, which names no account: ten switches,
 * and per list "all", or these IDs. It becomes HostUp's full body only against the account's own
 * lists, read from HostUp right before it is sent.
 */
import * as yup from 'yup'
import { isRecord } from './guards'
import type { HistoryEntry } from './history'

export const PERMISSION_FLAGS = [
  'canViewInvoices',
  'canReceiveInvoices',
  'canPlaceOrders',
  'canOpenTickets',
  'canViewTickets',
  'canCloseTickets',
  'canReceiveTicketEmails',
  'accessAllVps',
  'accessAllHosting',
  'accessAllDomains'
] as const

export type PermissionFlag = (typeof PERMISSION_FLAGS)[number]
export type PermissionFlags = Record<PermissionFlag, boolean>

export const PERMISSION_LISTS = ['services', 'domains', 'dnsZones'] as const
export type PermissionList = (typeof PERMISSION_LISTS)[number]

/** One service, domain or DNS zone of the account, and whether the contact may reach it. */
export interface Grant {
  id: string
  name: string
  /** Services only: `vps`, `hosting`, … and the dashboard's category name. */
  type?: string
  category?: string
  hasAccess: boolean
}

/** A contact's permissions as HostUp reports them, read into one shape. */
export interface ContactPermissions {
  services: Grant[]
  domains: Grant[]
  dnsZones: Grant[]
  flags: PermissionFlags
}

/** Per list: every item of the account, or exactly these IDs (none is `[]`). */
export type ItemChoice = 'all' | string[]

export interface PermissionSet {
  flags: PermissionFlags
  services: ItemChoice
  domains: ItemChoice
  dnsZones: ItemChoice
}

export const BUILT_IN_PRESETS = ['none', 'billing', 'support', 'technical', 'full'] as const
export type BuiltInPreset = (typeof BUILT_IN_PRESETS)[number]

/**
 * A named set the person picks from. The built-in ones start as the app defines them, and can be
 * edited and renamed like the person's own; `name` empty means the built-in's name in the UI language.
 */
export interface PermissionPreset {
  id: string
  name: string
  set: PermissionSet
}

/** What a draft or an outbox item carries: the preset chosen (by ID and name, as it was) and its set. */
export interface PermissionChoice {
  presetId: string
  name: string
  set: PermissionSet
}

/**
 * The account's services, domains and DNS zones, to choose from before a contact exists. HostUp lists
 * them only with a contact's permissions, so they are read through the profile's newest contact.
 */
export interface AccountLists {
  services: Grant[]
  domains: Grant[]
  dnsZones: Grant[]
  /** The contact they were read through. */
  contactId: number
}

/** What History's editor reads: the contact's permissions as HostUp has them, and its request ID. */
export interface PermissionsRead {
  permissions: ContactPermissions
  requestId?: string
}

/** What History's editor is told after saving: HostUp's own answer and request ID, and the entry as it is now. */
export interface PermissionsSaved extends PermissionsRead {
  message?: string
  entry: HistoryEntry
}

export interface PermissionsBody extends PermissionFlags {
  services: { id: string; name: string; hasAccess: boolean }[]
  domains: { id: string; name: string; hasAccess: boolean }[]
  dnsZones: { id: string; name: string; hasAccess: boolean }[]
}

function flags(on: readonly PermissionFlag[]): PermissionFlags {
  return Object.fromEntries(PERMISSION_FLAGS.map((f) => [f, on.includes(f)])) as PermissionFlags
}

export function builtInSet(preset: BuiltInPreset): PermissionSet {
  const none: ItemChoice = []
  switch (preset) {
    case 'none':
      return { flags: flags([]), services: none, domains: none, dnsZones: none }
    case 'billing':
      return {
        flags: flags(['canViewInvoices', 'canReceiveInvoices', 'canPlaceOrders']),
        services: none,
        domains: none,
        dnsZones: none
      }
    case 'support':
      return {
        flags: flags(['canOpenTickets', 'canViewTickets', 'canCloseTickets', 'canReceiveTicketEmails']),
        services: none,
        domains: none,
        dnsZones: none
      }
    case 'technical':
      return {
        flags: flags(['accessAllVps', 'accessAllHosting', 'accessAllDomains']),
        services: 'all',
        domains: 'all',
        dnsZones: 'all'
      }
    case 'full':
      return { flags: flags(PERMISSION_FLAGS), services: 'all', domains: 'all', dnsZones: 'all' }
  }
}

/** The presets a profile starts with: the built-ins, under their built-in IDs. */
export function defaultPresets(): PermissionPreset[] {
  return BUILT_IN_PRESETS.map((id) => ({ id, name: '', set: builtInSet(id) }))
}

export function isBuiltInPreset(id: string): id is BuiltInPreset {
  return (BUILT_IN_PRESETS as readonly string[]).includes(id)
}

/** Nothing to give: a new contact starts with no access, so "None" needs no call at all. */
export function isEmptySet(set: PermissionSet): boolean {
  return (
    PERMISSION_FLAGS.every((f) => !set.flags[f]) &&
    PERMISSION_LISTS.every((list) => Array.isArray(set[list]) && set[list].length === 0)
  )
}

function grants(choice: ItemChoice, items: readonly Grant[]): PermissionsBody['services'] {
  return items.map(({ id, name }) => ({ id, name, hasAccess: choice === 'all' || choice.includes(id) }))
}

/**
 * HostUp's full body for `set` on an account whose lists `current` holds: every item of every
 * list, in the documented object shape, and all ten switches. Repeating it is harmless: it replaces.
 */
export function permissionsBody(current: ContactPermissions, set: PermissionSet): PermissionsBody {
  return {
    services: grants(set.services, current.services),
    domains: grants(set.domains, current.domains),
    dnsZones: grants(set.dnsZones, current.dnsZones),
    ...set.flags
  }
}

/** Whether what HostUp reports back is what was sent: the check after every `POST`. */
export function matchesBody(read: ContactPermissions, body: PermissionsBody): boolean {
  const same = (a: readonly Grant[], b: PermissionsBody['services']): boolean =>
    b.every((want) => a.some((got) => got.id === want.id && got.hasAccess === want.hasAccess))
  return (
    PERMISSION_FLAGS.every((f) => read.flags[f] === body[f]) &&
    same(read.services, body.services) &&
    same(read.domains, body.domains) &&
    same(read.dnsZones, body.dnsZones)
  )
}

/** A contact's current permissions as a set the person can start editing from. */
export function setOf(current: ContactPermissions): PermissionSet {
  const ids = (items: readonly Grant[]): string[] => items.filter((g) => g.hasAccess).map((g) => g.id)
  return {
    flags: { ...current.flags },
    services: ids(current.services),
    domains: ids(current.domains),
    dnsZones: ids(current.dnsZones)
  }
}

function readId(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim()
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined
}

/**
 * One list of HostUp's answer. IDs come as strings ("14101") or numbers; `domains` and `dnsZones`
 * come as objects, or (in one of HostUp's examples) as plain names of what the contact may reach.
 */
function readGrants(value: unknown): Grant[] | null {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) return null
  const out: Grant[] = []
  for (const item of value) {
    if (typeof item === 'string') {
      if (item.trim() !== '') out.push({ id: item.trim(), name: item.trim(), hasAccess: true })
      continue
    }
    if (!isRecord(item)) return null
    const id = readId(item.id)
    if (id === undefined) return null
    const grant: Grant = {
      id,
      name: typeof item.name === 'string' ? item.name : id,
      hasAccess: item.hasAccess === true
    }
    if (typeof item.type === 'string') grant.type = item.type
    if (typeof item.category === 'string') grant.category = item.category
    out.push(grant)
  }
  return out
}

/** The `data` of `GET /contacts/{id}/permissions`, or null when it is not that shape. A missing switch is off. */
export function parseContactPermissions(data: unknown): ContactPermissions | null {
  if (!isRecord(data)) return null
  const services = readGrants(data.services)
  const domains = readGrants(data.domains)
  const dnsZones = readGrants(data.dnsZones)
  if (!services || !domains || !dnsZones) return null
  const read = {} as PermissionFlags
  for (const flag of PERMISSION_FLAGS) read[flag] = data[flag] === true
  return { services, domains, dnsZones, flags: read }
}

// ---------------------------------------------------------------------------------------------
// Schemas: for IPC payloads and for what the stores read back.

const itemChoiceSchema = yup
  .mixed<ItemChoice>()
  .defined('permissions.invalid')
  .test(
    'item-choice',
    'permissions.invalid',
    (v) =>
      v === 'all' ||
      (Array.isArray(v) && v.length <= 1000 && v.every((id) => typeof id === 'string' && id.length <= 64))
  )

export const permissionSetSchema = yup
  .object({
    flags: yup
      .object(
        Object.fromEntries(
          PERMISSION_FLAGS.map((f) => [f, yup.boolean().strict().defined('permissions.invalid')])
        ) as Record<PermissionFlag, yup.BooleanSchema<boolean>>
      )
      .noUnknown('validation.unknownField')
      .strict()
      .defined('permissions.invalid'),
    services: itemChoiceSchema,
    domains: itemChoiceSchema,
    dnsZones: itemChoiceSchema
  })
  .noUnknown('validation.unknownField')
  .strict()
  .defined('permissions.invalid')

const PRESET_ID = /^[A-Za-z0-9_-]{1,64}$/

export const permissionChoiceSchema = yup
  .object({
    presetId: yup.string().strict().required('permissions.invalid').matches(PRESET_ID, 'permissions.invalid'),
    name: yup.string().strict().defined('permissions.invalid').max(60, 'permissions.nameTooLong'),
    set: permissionSetSchema
  })
  .noUnknown('validation.unknownField')
  .strict()

export const permissionPresetSchema = yup
  .object({
    id: yup.string().strict().required('permissions.invalid').matches(PRESET_ID, 'permissions.invalid'),
    name: yup
      .string()
      .strict()
      .defined('permissions.invalid')
      .max(60, 'permissions.nameTooLong')
      // eslint-disable-next-line no-control-regex
      .test('name-chars', 'profile.name.chars', (v) => !/[\u0000-\u001f\u007f-\u009f]/.test(v)),
    set: permissionSetSchema
  })
  .noUnknown('validation.unknownField')
  .strict()

/** A stored set, read back whole or not at all. */
export function parsePermissionSet(value: unknown): PermissionSet | null {
  return permissionSetSchema.isValidSync(value) ? structuredClone(value as PermissionSet) : null
}

export function parsePermissionChoice(value: unknown): PermissionChoice | null {
  return permissionChoiceSchema.isValidSync(value) ? structuredClone(value as PermissionChoice) : null
}

export function parsePermissionPreset(value: unknown): PermissionPreset | null {
  return permissionPresetSchema.isValidSync(value) ? structuredClone(value as PermissionPreset) : null
}
