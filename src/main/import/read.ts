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

export async function readSpreadsheet(bytes: Uint8Array, fileName: string): Promise<Result<Spreadsheet>> {
  if (bytes.byteLength === 0) return err('validation', 'errors.import.empty')
  if (bytes.byteLength > IMPORT_MAX_BYTES)
    return err('validation', 'errors.import.tooLarge', { params: { mb: IMPORT_MAX_BYTES / (1024 * 1024) } })
  const format = formatOf(bytes, fileName)
  if (format === 'encrypted') return err('validation', 'errors.import.encrypted')
  if (format === 'unknown') return err('validation', 'errors.import.unknownFormat')
  const read = format === 'csv' ? readCsv(bytes) : await readXlsx(bytes)
  if (!read.ok) return read
  for (const sheet of read.value.sheets) {
    if (sheet.rows.length > IMPORT_MAX_ROWS)
      return err('validation', 'errors.import.tooManyRows', {
        params: { max: IMPORT_MAX_ROWS, count: sheet.rows.length }
      })
  }
  return read
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

function readCsv(bytes: Uint8Array): Result<Spreadsheet> {
  // A text file has no NUL bytes; a binary one (an image, a .docx renamed) nearly always does.
  if (bytes.subarray(0, 4096).includes(0)) return err('validation', 'errors.import.binary')
  const { text, encoding } = decode(bytes)
  if (text.trim() === '') return err('validation', 'errors.import.empty')
  const parsed = Papa.parse<string[]>(text, {
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy'
  })
  const table = parsed.data
  for (const row of table) for (let i = 0; i < row.length; i += 1) row[i] = (row[i] as string).trim()
  const delimiter = parsed.meta.delimiter === ';' ? ';' : parsed.meta.delimiter === '\t' ? '\t' : ','
  const sheet = toSheet('CSV', table)
  return sheet.ok ? ok({ format: 'csv', encoding, delimiter, sheets: [sheet.value] }) : sheet
}

/** The first row that has something in it is the header; the rows after it are the data. */
function toSheet(name: string, table: string[][]): Result<Sheet> {
  const start = table.findIndex((row) => row.some((cell) => cell !== ''))
  if (start === -1) return err('validation', 'errors.import.empty')
  const header = table[start] ?? []
  // A header names its columns: a row holding an e-mail address, or only numbers, is data.
  const named = header.filter((cell) => cell !== '')
  const data =
    named.some((cell) => /\S+@\S+\.\S+/.test(cell)) || named.every((cell) => /^[\d\s.,+-]+$/.test(cell))
  if (named.length === 0 || data) return err('validation', 'errors.import.noHeader')
  const width = header.length
  const rows: string[][] = []
  for (let r = start + 1; r < table.length; r += 1) {
    const row = table[r] as string[]
    if (!row.some((cell) => cell !== '')) continue
    // Every row as wide as the header: cut or padded with empty cells.
    if (row.length > width) row.length = width
    while (row.length < width) row.push('')
    rows.push(row)
  }
  return ok({ name, header, rows })
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
