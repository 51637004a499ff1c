import * as yup from 'yup'
import { DRAFT_FIELDS, pickFields, type DraftFields } from './draft'
import type { PermissionsState } from './outbox'
import { ID_PATTERN, isId, isIsoTimestamp, isRealDate, isRecord } from './guards'
import { HISTORY_FIRST_ROWS } from './history-limits'

export { HISTORY_FIRST_ROWS } from './history-limits'

export { isIsoTimestamp } from './guards'

export type HistorySource = 'form' | 'outbox' | 'csv'

/** One created contact. Never holds a password. */
export interface HistoryEntry {
  id: string
  profileId: string
  profileName: string
  contactId: number
  fields: DraftFields
  requestId?: string
  /** The server's time of creation (unix seconds), when it sent one. */
  serverTime?: number
  /** Local time the app learned the contact exists (ISO). */
  createdAt: string
  source: HistorySource
  /** Marked, never erased, when the contact was removed from HostUp through the app. */
  removedAt?: string
  removeRequestId?: string
  confirmedByPerson?: boolean
  /** The permissions chosen for the contact, and whether they are set yet. */
  permissions?: HistoryPermissions
  /** The import batch it came from, under its name: History keeps each batch's report. */
  batch?: { id: string; name: string }
}

export interface HistoryPermissions {
  presetId: string
  /** The preset's name as it was when chosen; empty for a built-in (the UI names it in its language). */
  name: string
  state: PermissionsState
  /** When the state was last told. */
  at: string
}

const PERMISSION_STATES: readonly PermissionsState[] = ['pending', 'set', 'failed']

function parseBatchRef(value: unknown): { id: string; name: string } | null {
  return isRecord(value) && isId(value.id) && typeof value.name === 'string'
    ? { id: value.id, name: value.name }
    : null
}

export function parseHistoryPermissions(value: unknown): HistoryPermissions | null {
  if (!isRecord(value)) return null
  const { presetId, name, state, at } = value
  if (typeof presetId !== 'string' || !ID_PATTERN.test(presetId) || typeof name !== 'string') return null
  if (!PERMISSION_STATES.includes(state as PermissionsState) || !isIsoTimestamp(at)) return null
  return { presetId, name, state: state as PermissionsState, at }
}

export const HISTORY_SORT_KEYS = [
  'createdAt',
  'contactId',
  'name',
  'email',
  'city',
  'profileName',
  'source'
] as const
export type HistorySortKey = (typeof HISTORY_SORT_KEYS)[number]

export interface HistoryQuery {
  text?: string
  profileId?: string
  /** Only the contacts of one import batch. */
  batchId?: string
  /** ISO dates, inclusive, compared with createdAt. */
  from?: string
  to?: string
  sort?: { key: HistorySortKey; dir: 'asc' | 'desc' }
  offset?: number
  limit?: number
  /**
   * The rows the view shows at once (at most HISTORY_FIRST_ROWS). Given, a first page asked while
   * main still loads the history is answered at once with that many of the newest rows, `partial`;
   * without it the answer waits for the whole history.
   */
  first?: number
}

export interface HistoryPage {
  total: number
  offset: number
  rows: HistoryEntry[]
  /**
   * The newest rows (as many as the query's `first`), read from the end of the history while the
   * whole of it still loads: `total` counts only these. The same question without `first` is
   * answered in full once the history is loaded.
   */
  partial?: true
}

export type ExportFormat = 'csv' | 'json'

export interface ExportResult {
  /** Null when the person cancelled the save dialog. */
  path: string | null
  count: number
}

// ---------------------------------------------------------------------------------------------
// Reading an entry back: the store checks every line of its file with this, and the service
// every entry it records.

const SOURCES: readonly HistorySource[] = ['form', 'outbox', 'csv']

/**
 * The entry rebuilt key by key, or null when its shape is wrong. Whatever else the value holds
 * (a password a caller passed by mistake, a hand-edited extra) is never carried along. `adopt`:
 * the value was just parsed and belongs to no one, so a `fields` object with exactly the eight
 * fields is kept rather than copied (half the allocations when loading a long history).
 */
export function parseHistoryEntry(value: unknown, opts: { adopt?: boolean } = {}): HistoryEntry | null {
  if (!isRecord(value) || !isRecord(value.fields)) return null
  const v = value
  const raw = value.fields
  if (!isId(v.id) || !isId(v.profileId) || typeof v.profileName !== 'string') return null
  if (typeof v.contactId !== 'number' || !Number.isSafeInteger(v.contactId) || v.contactId <= 0) return null
  if (!isIsoTimestamp(v.createdAt) || !SOURCES.includes(v.source as HistorySource)) return null
  for (const key of DRAFT_FIELDS) if (typeof raw[key] !== 'string') return null
  const fields =
    opts.adopt && keyCount(raw) === DRAFT_FIELDS.length
      ? (raw as unknown as DraftFields)
      : pickFields(raw as DraftFields)
  const { requestId, serverTime, removedAt, removeRequestId, confirmedByPerson } = v
  const permissions = v.permissions === undefined ? undefined : parseHistoryPermissions(v.permissions)
  if (permissions === null) return null
  const batch = v.batch === undefined ? undefined : parseBatchRef(v.batch)
  if (batch === null) return null
  if (requestId !== undefined && typeof requestId !== 'string') return null
  if (serverTime !== undefined && (typeof serverTime !== 'number' || !Number.isFinite(serverTime)))
    return null
  if (removedAt !== undefined && !isIsoTimestamp(removedAt)) return null
  if (removeRequestId !== undefined && typeof removeRequestId !== 'string') return null
  if (confirmedByPerson !== undefined && typeof confirmedByPerson !== 'boolean') return null
  // Assigned in the order of the HistoryEntry interface, so the file reads the same way. (Spreads
  // would allocate a throwaway object per optional field, which shows at 100,000 entries.)
  const entry: Partial<HistoryEntry> = { id: v.id, profileId: v.profileId, profileName: v.profileName }
  entry.contactId = v.contactId
  entry.fields = fields
  if (requestId !== undefined) entry.requestId = requestId
  if (serverTime !== undefined) entry.serverTime = serverTime
  entry.createdAt = v.createdAt
  entry.source = v.source as HistorySource
  if (removedAt !== undefined) entry.removedAt = removedAt
  if (removeRequestId !== undefined) entry.removeRequestId = removeRequestId
  if (confirmedByPerson !== undefined) entry.confirmedByPerson = confirmedByPerson
  if (permissions !== undefined) entry.permissions = permissions
  if (batch !== undefined) entry.batch = batch
  return entry as HistoryEntry
}

function keyCount(value: object): number {
  let count = 0
  for (const key in value) if (Object.hasOwn(value, key)) count += 1
  return count
}

// ---------------------------------------------------------------------------------------------
// Request schemas: the IPC handlers parse every history payload with these, and the service
// checks again. Messages are translation keys, never text that could echo a value.

export const HISTORY_DEFAULT_LIMIT = 200
export const HISTORY_MAX_LIMIT = 1000
const HISTORY_MAX_TEXT = 200

/** A day (`2024-05-01`, the person's whole local day) or an instant with its offset. */
const HISTORY_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/

const historyDateSchema = yup
  .string()
  .strict()
  .matches(HISTORY_DATE, 'history.date.invalid')
  .test('real-date', 'history.date.invalid', (v) => v === undefined || isRealDate(v))

const historyIdSchema = yup
  .string()
  .strict()
  .required('history.id.invalid')
  .matches(ID_PATTERN, 'history.id.invalid')

export const historyQuerySchema = yup
  .object({
    text: yup.string().strict().max(HISTORY_MAX_TEXT, 'history.text.tooLong').optional(),
    profileId: yup.string().strict().matches(ID_PATTERN, 'history.profile.invalid').optional(),
    batchId: yup.string().strict().matches(ID_PATTERN, 'history.profile.invalid').optional(),
    from: historyDateSchema.optional(),
    to: historyDateSchema.optional(),
    sort: yup
      .object({
        key: yup
          .string()
          .strict()
          .oneOf(HISTORY_SORT_KEYS, 'history.sort.invalid')
          .required('history.sort.invalid'),
        dir: yup
          .string()
          .strict()
          .oneOf(['asc', 'desc'] as const, 'history.sort.invalid')
          .required('history.sort.invalid')
      })
      .noUnknown('validation.unknownField')
      .strict()
      .default(undefined)
      .optional(),
    offset: yup
      .number()
      .strict()
      .integer('history.paging.invalid')
      .min(0, 'history.paging.invalid')
      .optional(),
    limit: yup
      .number()
      .strict()
      .integer('history.paging.invalid')
      .min(1, 'history.paging.invalid')
      .max(HISTORY_MAX_LIMIT, 'history.paging.invalid')
      .optional(),
    first: yup
      .number()
      .strict()
      .integer('history.paging.invalid')
      .min(1, 'history.paging.invalid')
      .max(HISTORY_FIRST_ROWS, 'history.paging.invalid')
      .optional()
  })
  .noUnknown('validation.unknownField')
  .strict()

export const historyFindByEmailRequestSchema = yup
  .object({
    profileId: historyIdSchema,
    email: yup.string().strict().required('history.email.invalid').max(320, 'history.email.invalid')
  })
  .noUnknown('validation.unknownField')
  .strict()

export const historyExportRequestSchema = yup
  .object({
    query: historyQuerySchema.required('history.query.invalid'),
    format: yup
      .string()
      .strict()
      .oneOf(['csv', 'json'] as const, 'history.format.invalid')
      .required('history.format.invalid')
  })
  .noUnknown('validation.unknownField')
  .strict()

export const historyUndoRequestSchema = yup
  .object({ id: historyIdSchema })
  .noUnknown('validation.unknownField')
  .strict()

// The schemas must accept exactly what the contract types say; a drift is a compile error here.
const _queryFits: HistoryQuery = {} as yup.InferType<typeof historyQuerySchema>
const _exportFits: { query: HistoryQuery; format: ExportFormat } = {} as yup.InferType<
  typeof historyExportRequestSchema
>
