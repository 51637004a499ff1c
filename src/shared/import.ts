/**
 * Many contacts at once from a spreadsheet. Main reads the file (its bytes never reach the
 * renderer), maps its columns to the contact's fields, checks every row with the contact schema,
 * and hands the renderer a report; the valid rows become one named batch of drafts.
 */
import * as yup from 'yup'
import { CONTACT_FIELDS, type ContactField } from './contact'
import type { DraftFields } from './draft'
import { idSchema } from './profile'
import type { MessageKey } from './i18n'
import type { AppError } from './result'
import { permissionChoiceSchema, type PermissionChoice } from './permissions'
import { isId } from './guards'

export { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './import-limits'

export type ImportFormat = 'csv' | 'xlsx'

/** Field → the column it is read from (by position); a field with none is left empty. */
export type ColumnMapping = Partial<Record<ContactField, number>>

export type DuplicateOf =
  { kind: 'file'; row: number } | { kind: 'history'; contactId: number; createdAt: string }

export interface ImportRow {
  /** The row's number in the spreadsheet, as the person sees it (the header is row 1 of a CSV). */
  row: number
  /** As read, mapped and corrected, never the password. */
  fields: DraftFields
  /** A password came from the file for this row (it is kept in main, never shown). */
  hasPassword: boolean
  /** Field → what is wrong with it, in the catalogue's words. */
  errors: Partial<Record<ContactField, MessageKey>>
  duplicateOf?: DuplicateOf
  excluded: boolean
}

export type RowStatus = 'valid' | 'invalid' | 'duplicate' | 'excluded'

export interface ImportCounts {
  rows: number
  valid: number
  invalid: number
  duplicates: number
  excluded: number
}

export interface ImportReport {
  id: string
  profileId: string
  fileName: string
  format: ImportFormat
  encoding?: 'utf-8' | 'windows-1252'
  delimiter?: ',' | ';' | '\t'
  sheets: string[]
  sheet: string
  headers: string[]
  mapping: ColumnMapping
  /** Whether the file has a password column: if not, one is generated per contact. */
  passwordsFromFile: boolean
  counts: ImportCounts
  rows: ImportRow[]
}

export function statusOf(row: ImportRow): RowStatus {
  if (row.excluded) return 'excluded'
  if (Object.keys(row.errors).length > 0) return 'invalid'
  return row.duplicateOf ? 'duplicate' : 'valid'
}

export function countRows(rows: readonly ImportRow[]): ImportCounts {
  const counts: ImportCounts = { rows: rows.length, valid: 0, invalid: 0, duplicates: 0, excluded: 0 }
  for (const row of rows) {
    const status = statusOf(row)
    if (status === 'valid') counts.valid += 1
    else if (status === 'invalid') counts.invalid += 1
    else if (status === 'duplicate') counts.duplicates += 1
    else counts.excluded += 1
  }
  return counts
}

/** Field names folded: case, accents, spaces and punctuation do not count ("E-post" = "epost"). */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}

export { BATCH_REFRESH_MS } from './import-timing'
// ---------------------------------------------------------------------------------------------
// Batches: the valid rows of one import, sent through the outbox one at a time.

export type BatchState = 'ready' | 'sending' | 'paused' | 'cancelled' | 'done'

/** One row's result: where its contact is on the way to HostUp, or what became of it. */
export type RowResult =
  | { state: 'ready' | 'queued' | 'sending' }
  | { state: 'retryable'; error: AppError; nextAttemptAt?: string }
  | { state: 'rejected' | 'unknown'; error: AppError }
  | {
      state: 'created'
      contactId: number
      permissions?: 'pending' | 'set' | 'failed'
      permissionsError?: AppError
    }
  | { state: 'cancelled' }

export interface BatchRow {
  /** The draft's ID, also its outbox item's and (once created) its history entry's. */
  id: string
  row: number
  name: string
  email: string
  result: RowResult
}

export interface BatchProgress {
  total: number
  created: number
  /** Refused by HostUp: rejected, or its permissions refused. */
  failed: number
  /** Waiting for the person: an unknown outcome. */
  unknown: number
  /** Still to go: ready, queued, sending or waiting to retry (permissions included). */
  waiting: number
  cancelled: number
  /** Time left at the pace so far, when it can be told. */
  etaMs?: number
}

export interface Batch {
  id: string
  name: string
  profileId: string
  createdAt: string
  state: BatchState
  /** When "Send batch" was first pressed. */
  startedAt?: string
  permissions?: PermissionChoice
  /** Login details kept in the keychain until the person has taken them. */
  loginsKept: boolean
  progress: BatchProgress
}

export interface BatchReport {
  batch: Batch
  rows: BatchRow[]
}

/** After a correction: the rows whose state changed (duplicates follow one another), and the counts. */
export interface RowsChanged {
  rows: ImportRow[]
  counts: ImportCounts
}

export interface LoginDetail {
  name: string
  email: string
  password: string
}

// ---------------------------------------------------------------------------------------------
// Request schemas.

const importIdSchema = yup
  .string()
  .strict()
  .required('import.id.invalid')
  .matches(/^[A-Za-z0-9_-]{1,64}$/, 'import.id.invalid')

export const importOpenRequestSchema = yup
  .object({
    profileId: idSchema,
    path: yup.string().strict().required('import.path.invalid').max(4096, 'import.path.invalid')
  })
  .noUnknown('validation.unknownField')
  .strict()

export const importChooseRequestSchema = yup
  .object({ profileId: idSchema })
  .noUnknown('validation.unknownField')
  .strict()

export const importSheetRequestSchema = yup
  .object({ id: importIdSchema, sheet: yup.string().strict().required('import.sheet.invalid').max(200) })
  .noUnknown('validation.unknownField')
  .strict()

export const importMapRequestSchema = yup
  .object({
    id: importIdSchema,
    mapping: yup
      .object(
        Object.fromEntries(
          CONTACT_FIELDS.map((f) => [f, yup.number().strict().integer().min(0).max(1000).optional()])
        ) as Record<ContactField, yup.NumberSchema<number | undefined>>
      )
      .noUnknown('validation.unknownField')
      .strict()
      .required('import.mapping.invalid')
  })
  .noUnknown('validation.unknownField')
  .strict()

export const importEditRequestSchema = yup
  .object({
    id: importIdSchema,
    row: yup.number().strict().integer().min(1).required('import.row.invalid'),
    field: yup
      .mixed<Exclude<ContactField, 'password'>>()
      .oneOf(
        CONTACT_FIELDS.filter((f) => f !== 'password') as Exclude<ContactField, 'password'>[],
        'import.field.invalid'
      )
      .required('import.field.invalid'),
    value: yup.string().strict().defined('import.value.invalid').max(300, 'draft.field.tooLong')
  })
  .noUnknown('validation.unknownField')
  .strict()

export const importExcludeRequestSchema = yup
  .object({
    id: importIdSchema,
    row: yup.number().strict().integer().min(1).required('import.row.invalid'),
    excluded: yup.boolean().strict().required('import.row.invalid')
  })
  .noUnknown('validation.unknownField')
  .strict()

export const importCommitRequestSchema = yup
  .object({
    id: importIdSchema,
    name: yup
      .string()
      .strict()
      .required('import.name.required')
      .test('name-length', 'import.name.length', (v) => v.trim().length >= 1 && v.trim().length <= 80),
    permissions: permissionChoiceSchema.default(undefined).optional()
  })
  .noUnknown('validation.unknownField')
  .strict()

export const importIdRequestSchema = yup
  .object({ id: importIdSchema })
  .noUnknown('validation.unknownField')
  .strict()

export function isImportId(value: unknown): value is string {
  return isId(value)
}
