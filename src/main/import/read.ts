/**
 * Reading a spreadsheet the person gave: CSV (papaparse) or Excel `.xlsx` (exceljs), into a header
 * and rows of text. Everything that can be wrong with a file is told here, before anything is kept.
 */
import { createRequire } from 'node:module'
import type ExcelJS from 'exceljs'
import Papa from 'papaparse'
import type { ImportFormat } from '../../shared/import'
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '../../shared/import-limits'
import { err, ok, type Result } from '../../shared/result'

export interface Sheet {
  name: string
  header: string[]
  rows: string[][]
}

export interface Spreadsheet {
  format: ImportFormat
  /** CSV only: how the bytes were read. */
  encoding?: 'utf-8' | 'windows-1252'
  delimiter?: ',' | ';' | '\t'
  sheets: Sheet[]
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]
/** An encrypted workbook is not a zip but an OLE compound file: Excel's "password to open". */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

/** What the file is, from its bytes first and its name second (a renamed file is read as what it is). */
export function formatOf(bytes: Uint8Array, fileName: string): ImportFormat | 'encrypted' | 'unknown' {
  if (startsWith(bytes, OLE)) return 'encrypted'
  if (startsWith(bytes, ZIP)) return 'xlsx'
  return /\.(csv|txt|tsv)$/i.test(fileName) ? 'csv' : /\.xlsx$/i.test(fileName) ? 'xlsx' : 'unknown'
}

/** A CSV's data rows handed out at a time while it is parsed (`readSpreadsheet`'s `onPart`). */
export const CSV_PART_ROWS = 1000

/** Rows of a CSV read so far, in order, with its header: main checks them while the rest is parsed. */
export interface SheetPart {
  header: string[]
  rows: string[][]
}

/**
 * `onPart`, when given, gets a CSV's data rows as they are parsed, CSV_PART_ROWS at a time (never
 * past IMPORT_MAX_ROWS); the result's sheet then holds only the rows after the last part. A file
 * that turns out unreadable (or too long) answers with its error all the same: its parts were for
 * nothing.
 */
export async function readSpreadsheet(
  bytes: Uint8Array,
  fileName: string,
  onPart?: (part: SheetPart) => void
): Promise<Result<Spreadsheet>> {
  if (bytes.byteLength === 0) return err('validation', 'errors.import.empty')
  if (bytes.byteLength > IMPORT_MAX_BYTES)
    return err('validation', 'errors.import.tooLarge', { params: { mb: IMPORT_MAX_BYTES / (1024 * 1024) } })
  const format = formatOf(bytes, fileName)
  if (format === 'encrypted') return err('validation', 'errors.import.encrypted')
  if (format === 'unknown') return err('validation', 'errors.import.unknownFormat')
  const read: Result<Spreadsheet & { handedOut?: number }> =
    format === 'csv' ? readCsv(bytes, onPart) : await readXlsx(bytes)
  if (!read.ok) return read
  for (const sheet of read.value.sheets) {
    const count = sheet.rows.length + (read.value.handedOut ?? 0)
    if (count > IMPORT_MAX_ROWS)
      return err('validation', 'errors.import.tooManyRows', { params: { max: IMPORT_MAX_ROWS, count } })
  }
  const { handedOut: _h, ...book } = read.value
  return ok(book)
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM or none); otherwise what older Excel writes, Windows-1252. */
function decode(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    return { text, encoding: 'utf-8' }
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' }
  }
}

function readCsv(
  bytes: Uint8Array,
  onPart?: (part: SheetPart) => void
): Result<Spreadsheet & { handedOut?: number }> {
  // A text file has no NUL bytes; a binary one (an image, a .docx renamed) nearly always does.
  if (bytes.subarray(0, 4096).includes(0)) return err('validation', 'errors.import.binary')
  const { text, encoding } = decode(bytes)
  if (text.trim() === '') return err('validation', 'errors.import.empty')
  const sheet = sheetBuilder('CSV')
  let delimiter: string | undefined
  let handedOut = 0
  Papa.parse<string[]>(text, {
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      const row = result.data
      for (let i = 0; i < row.length; i += 1) row[i] = (row[i] as string).trim()
      delimiter ??= result.meta.delimiter
      if (!sheet.add(row)) return parser.abort()
      const header = sheet.header()
      const ready = sheet.rows.length
      if (onPart && header && ready === CSV_PART_ROWS && handedOut + ready <= IMPORT_MAX_ROWS) {
        onPart({ header, rows: sheet.rows.splice(0, ready) })
        handedOut += ready
      }
    }
  })
  const done = sheet.done()
  if (!done.ok) return done
  const csvDelimiter = delimiter === ';' ? ';' : delimiter === '\t' ? '\t' : ','
  return ok({ format: 'csv', encoding, delimiter: csvDelimiter, sheets: [done.value], handedOut })
}

/**
 * A sheet built row by row: the first row that has something in it is the header; the rows after
 * it are the data, each as wide as the header (cut or padded with empty cells), empty ones left out.
 */
function sheetBuilder(name: string) {
  let header: string[] | undefined
  let failed: Result<never> | undefined
  const rows: string[][] = []
  return {
    /** The data rows taken since the last were handed out. */
    rows,
    header: (): string[] | undefined => header,
    /** Takes the table's next row; false once the table cannot be a sheet. */
    add(row: string[]): boolean {
      if (failed) return false
      if (!row.some((cell) => cell !== '')) return true
      if (header === undefined) {
        // A header names its columns: a row holding an e-mail address, or only numbers, is data.
        const named = row.filter((cell) => cell !== '')
        if (
          named.some((cell) => /\S+@\S+\.\S+/.test(cell)) ||
          named.every((cell) => /^[\d\s.,+-]+$/.test(cell))
        ) {
          failed = err('validation', 'errors.import.noHeader')
          return false
        }
        header = row
        return true
      }
      const width = header.length
      if (row.length > width) row.length = width
      while (row.length < width) row.push('')
      rows.push(row)
      return true
    },
    done(): Result<Sheet> {
      if (failed) return failed
      return header === undefined ? err('validation', 'errors.import.empty') : ok({ name, header, rows })
    }
  }
}

/** A whole table (a workbook's sheet) as a sheet. */
function toSheet(name: string, table: string[][]): Result<Sheet> {
  const sheet = sheetBuilder(name)
  for (const row of table) if (!sheet.add(row)) break
  return sheet.done()
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim()
    if ('text' in value && typeof value.text === 'string') return value.text.trim()
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue)
    if ('error' in value) return ''
    return ''
  }
  return String(value).trim()
}

const requireHere = createRequire(__filename)

/**
 * exceljs, loaded on the first workbook: it takes longer to load than a CSV takes to read. By
 * `require`, as a static import would be in the build (an `import()` would go through the ESM
 * loader, into app.asar).
 */
export function loadExcel(): typeof ExcelJS {
  return requireHere('exceljs') as typeof ExcelJS
}

async function readXlsx(bytes: Uint8Array): Promise<Result<Spreadsheet>> {
  const excel = loadExcel()
  const workbook = new excel.Workbook()
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer
    )
  } catch {
    return err('validation', 'errors.import.unreadableWorkbook')
  }
  const sheets: Sheet[] = []
  let firstError: Result<never> | undefined
  for (const worksheet of workbook.worksheets) {
    const table: string[][] = []
    worksheet.eachRow({ includeEmpty: true }, (row, number) => {
      const values = row.values as ExcelJS.CellValue[]
      table[number - 1] = values.slice(1).map(cellText)
    })
    const sheet = toSheet(
      worksheet.name,
      Array.from(table, (row) => row ?? [])
    )
    if (sheet.ok) sheets.push(sheet.value)
    else firstError ??= sheet
  }
  if (sheets.length === 0) return firstError ?? err('validation', 'errors.import.empty')
  return ok({ format: 'xlsx', sheets })
}
