import { DRAFT_FIELDS } from '../../shared/draft'
import type { HistoryEntry } from '../../shared/history'

/** Without it Excel reads UTF-8 as the system code page, and "Åsa" opens as "Ã…sa". */
export const CSV_BOM = '\uFEFF'

/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"): a name
 * like `=HYPERLINK(…)` typed into a form must open as text, not as a link that leaks data.
 */
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** A leading `'` makes the spreadsheet show the rest as text; it is what OWASP recommends. */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, and its quotes doubled. */
export function quoteCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export function csvCell(value: string): string {
  return quoteCell(neutralizeCell(value))
}

/** One record with its CRLF line end (RFC 4180, and what Excel writes). */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

/** A whole file: BOM, header row, then the rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return CSV_BOM + csvRow(header) + rows.map(csvRow).join('')
}

/** The fields in the one field list's order, between the ID and the app's own columns. */
export const HISTORY_CSV_COLUMNS = [
  'contact_id',
  ...DRAFT_FIELDS,
  'profile',
  'created_at',
  'server_time',
  'request_id',
  'source',
  'removed_at'
] as const

/** History entries as a CSV file. Built column by column from known fields: nothing else can leak in. */
export function historyCsv(entries: readonly HistoryEntry[]): string {
  return toCsv(HISTORY_CSV_COLUMNS, entries.map(historyCsvRow))
}

function historyCsvRow(e: HistoryEntry): string[] {
  const f = e.fields
  return [
    String(e.contactId),
    ...DRAFT_FIELDS.map((field) => f[field]),
    e.profileName,
    e.createdAt,
    e.serverTime === undefined ? '' : unixToIso(e.serverTime),
    e.requestId ?? '',
    e.source,
    e.removedAt ?? ''
  ]
}

/** HostUp's server time is unix seconds; a value no Date can hold is written as it came. */
function unixToIso(seconds: number): string {
  const date = new Date(seconds * 1000)
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString()
}
