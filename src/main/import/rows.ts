/**
 * From a sheet to the report's rows: which column is which field, what each cell becomes, what is
 * wrong with it, and which rows repeat an e-mail (in the file, or already created from this app).
 */
import countries from 'i18n-iso-countries'
import countriesEn from 'i18n-iso-countries/langs/en.json'
import countriesSv from 'i18n-iso-countries/langs/sv.json'
import { CONTACT_FIELD_LIST, CONTACT_FIELDS, contactFieldsChecker } from '../../shared/contact'
import { DRAFT_FIELDS, type DraftFields } from '../../shared/draft'
import type { HistoryEntry } from '../../shared/history'
import { foldHeader, type ColumnMapping, type ImportRow } from '../../shared/import'
import type { MessageKey } from '../../shared/i18n'
import type { Sheet } from './read'

/** Each field from the first column whose header names it, in English or Swedish, any case or accent. */
export function autoMapping(headers: readonly string[]): ColumnMapping {
  const folded = headers.map(foldHeader)
  const mapping: ColumnMapping = {}
  const taken = new Set<number>()
  for (const field of CONTACT_FIELD_LIST) {
    const names = new Set([field.name, ...field.headers].map(foldHeader))
    const index = folded.findIndex((header, i) => !taken.has(i) && names.has(header))
    if (index >= 0) {
      mapping[field.name] = index
      taken.add(index)
    }
  }
  return mapping
}

// Not every build of the package registers its languages by itself (its browser entry does not).
countries.registerLocale(countriesEn)
countries.registerLocale(countriesSv)

/** A country column may hold codes, or names in English or Swedish ("Sverige", "sweden"). */
export function countryCode(value: string): string {
  const text = value.trim()
  if (text === '' || /^[A-Za-z]{2}$/.test(text)) return text.toUpperCase()
  return countries.getAlpha2Code(text, 'sv') ?? countries.getAlpha2Code(text, 'en') ?? text
}

/**
 * `countryCode`, each distinct value looked up once: the package scans every name of both
 * languages per lookup, and a column repeats a handful of countries over thousands of rows.
 */
function countryCodes(): (value: string) => string {
  const seen = new Map<string, string>()
  return (value) => {
    let code = seen.get(value)
    if (code === undefined) {
      code = countryCode(value)
      seen.set(value, code)
    }
    return code
  }
}

export interface RowInput {
  /** The spreadsheet's row number. */
  row: number
  fields: DraftFields
  /** The file's password for the row; undefined when the file has no password column. */
  password?: string
}

/** How long one turn of work may hold main's thread before it lets a waiting IPC call in. */
const TURN_MS = 10

/** When the event loop's current turn began its import work; null once the loop has turned since. */
let turnStart: number | null = null

/**
 * The current turn's start: calls in one turn share it (parts of a CSV that came in one go run
 * back to back, as one stretch of work), and the loop's next turn starts a new one.
 */
function turnStarted(): number {
  if (turnStart === null) {
    turnStart = performance.now()
    setImmediate(() => (turnStart = null))
  }
  return turnStart
}

/**
 * `items.map(fn)` in turns of about `TURN_MS`, each followed by a yield to the event loop, so a
 * click's answer waits for one turn at most, never for all 10,000 rows, nor for all the parts of a
 * CSV that came at once.
 */
export async function mapInTurns<T, U>(items: readonly T[], fn: (item: T, index: number) => U): Promise<U[]> {
  const out: U[] = new Array<U>(items.length)
  let turn = turnStarted()
  for (let i = 0; i < items.length; i += 1) {
    out[i] = fn(items[i] as T, i)
    if ((i & 63) === 63 && performance.now() - turn > TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve))
      turn = turnStarted()
    }
  }
  return out
}

/** A sheet's rows (numbered from `firstRow`) through `mapping`, with the person's corrections laid over them. */
export function mapRows(
  rows: Sheet['rows'],
  mapping: ColumnMapping,
  edits: ReadonlyMap<number, Partial<DraftFields>>,
  firstRow: number
): Promise<RowInput[]> {
  const passwordColumn = mapping.password
  const columns = DRAFT_FIELDS.map((field) => [field, mapping[field]] as const)
  const country = countryCodes()
  return mapInTurns(rows, (cells, i) => {
    const row = firstRow + i
    const fields = {} as DraftFields
    for (const [field, index] of columns) fields[field] = index === undefined ? '' : (cells[index] ?? '')
    const edit = edits.get(row)
    if (edit) Object.assign(fields, edit)
    // A correction reads like a cell: "Norge" is NO either way.
    fields.country = country(fields.country)
    return passwordColumn === undefined
      ? { row, fields }
      : { row, fields, password: cells[passwordColumn] ?? '' }
  })
}

const emailKey = (email: string): string => email.trim().toLowerCase()

/**
 * Every row checked with the shared contact schema (a row without a password column gets a
 * generated one, so an empty password is fine there), then duplicates marked: a later row with
 * an e-mail an earlier one has, and any row whose e-mail was created under this profile before.
 */
export function checkRows(
  inputs: readonly RowInput[],
  excluded: ReadonlySet<number>,
  created: ReadonlyMap<string, HistoryEntry>
): Promise<ImportRow[]> {
  return rowChecker(excluded, created)(inputs)
}

/**
 * `checkRows` for a sheet's rows given in parts, in order: each call checks the next part, the
 * duplicates in the file marked across parts as across rows.
 */
export function rowChecker(
  excluded: ReadonlySet<number>,
  created: ReadonlyMap<string, HistoryEntry>
): (inputs: readonly RowInput[]) => Promise<ImportRow[]> {
  const firstWith = new Map<string, number>()
  // The shared rules run directly: the cells are text already, so yup's walk adds only time.
  const withPassword = contactFieldsChecker()
  const withoutPassword = contactFieldsChecker({ keptPassword: true })
  return (inputs) =>
    mapInTurns(inputs, ({ row, fields, password }) => {
      const checked = password === undefined ? withoutPassword(fields, '') : withPassword(fields, password)
      const errors: ImportRow['errors'] = {}
      if (!checked.ok) {
        for (const field of CONTACT_FIELDS) {
          const key = checked.fields[field]
          if (key) errors[field] = key as MessageKey
        }
      }
      const out: ImportRow = {
        row,
        fields: checked.ok ? checked.value : fields,
        hasPassword: password !== undefined && password !== '',
        errors,
        excluded: excluded.has(row)
      }
      const key = emailKey(fields.email)
      if (key !== '' && !out.excluded) {
        const earlier = firstWith.get(key)
        const before = created.get(key)
        if (earlier !== undefined) out.duplicateOf = { kind: 'file', row: earlier }
        else if (before)
          out.duplicateOf = { kind: 'history', contactId: before.contactId, createdAt: before.createdAt }
        if (earlier === undefined) firstWith.set(key, row)
      }
      return out
    })
}
