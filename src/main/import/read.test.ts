import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '../../shared/import'
import { english } from '../testing/english'
import { CSV_PART_ROWS, readSpreadsheet, type SheetPart } from './read'
import { autoMapping, countryCode, mapInTurns } from './rows'

const FIXTURES = resolve(__dirname, '../../../e2e/fixtures/import')
const read = async (name: string) => readSpreadsheet(await readFile(join(FIXTURES, name)), name)

async function sheetOf(name: string) {
  const book = await read(name)
  if (!book.ok) throw new Error(english(book.error))
  return { book: book.value, sheet: book.value.sheets[0] }
}

describe('reading a spreadsheet', () => {
  it.each([
    ['comma.csv', ',', 'utf-8'],
    ['semicolon-swedish.csv', ';', 'utf-8'],
    ['tab.txt', '\t', 'utf-8'],
    ['bom.csv', ',', 'utf-8'],
    ['windows-1252.csv', ';', 'windows-1252']
  ] as const)(
    '%s: the delimiter and encoding are found, and the text is right',
    async (name, delimiter, encoding) => {
      const { book, sheet } = await sheetOf(name)
      expect(book).toMatchObject({ format: 'csv', delimiter, encoding })
      expect(sheet?.header[0]).toMatch(/^(First name|Förnamn)$/)
      expect(sheet?.rows[0]?.slice(0, 2)).toEqual(['Åsa', 'Öberg'])
      expect(sheet?.rows.length).toBe(name === 'windows-1252.csv' ? 2 : 4)
    }
  )

  it('keeps line breaks and quotes inside quoted fields', async () => {
    const { sheet } = await sheetOf('quoted-newlines.csv')
    expect(sheet?.rows[0]?.[1]).toBe('"Nisse" Svensson')
    expect(sheet?.rows[0]?.[4]).toBe('Box 12\nPlan 3')
    expect(sheet?.rows[1]?.[1]).toBe('Ek, jr')
  })

  it('reads every sheet of a workbook, its cells as text (links, rich text, numbers, dates)', async () => {
    const { book } = await sheetOf('two-sheets.xlsx')
    expect(book.format).toBe('xlsx')
    expect(book.sheets.map((s) => s.name)).toEqual(['Read me', 'Kontakter'])
    const contacts = book.sheets[1]
    expect(contacts?.header).toEqual([
      'Förnamn',
      'Efternamn',
      'E-post',
      'Telefon',
      'Ort',
      'Land',
      'Startdatum'
    ])
    expect(contacts?.rows.map((r) => r[2])).toEqual([
      'karin@lindqvistbygg.se',
      'nils@lindqvistbygg.se',
      'marta@lindqvistbygg.se'
    ])
    expect(contacts?.rows[1]?.[3]).toBe('4670333333')
    expect(contacts?.rows[2]?.[0]).toBe('Märta')
    expect(contacts?.rows[0]?.[6]).toBe('2026-12-01')
  })

  it.each([
    ['empty.csv', /empty/],
    ['binary.csv', /not text/],
    ['no-header.csv', /does not name the columns/],
    ['password-protected.xlsx', /protected with a password/]
  ])('refuses %s, saying what to do', async (name, says) => {
    const result = await read(name)
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(!result.ok && english(result.error)).toMatch(says)
  })

  it('refuses a file over 20 MB and one of over 10,000 rows, saying the limit', async () => {
    const huge = await readSpreadsheet(new Uint8Array(IMPORT_MAX_BYTES + 1).fill(0x41), 'huge.csv')
    expect(!huge.ok && english(huge.error)).toMatch(/larger than 20 MB/)
    const many = `E-mail\n${Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `p${i}@example.se`).join('\n')}\n`
    const tooMany = await readSpreadsheet(Buffer.from(many), 'many.csv')
    expect(!tooMany.ok && english(tooMany.error)).toMatch(/10001 rows; the import takes at most 10000/)
  })

  it('hands a CSV out in parts as it parses, parts and rest together the sheet it reads whole', async () => {
    // Blank lines, a quoted line break and rows shorter and longer than the header along the way.
    const lines = Array.from({ length: 2_500 }, (_, i) =>
      i === 1_200 ? '' : i === 999 ? `p${i};"two\nlines"` : i % 7 === 0 ? `p${i}` : `p${i};x;extra`
    )
    const bytes = Buffer.from(`\r\nE-post;Ort\r\n${lines.join('\r\n')}\r\n`)
    const whole = await readSpreadsheet(bytes, 'parts.csv')
    const parts: SheetPart[] = []
    const rest = await readSpreadsheet(bytes, 'parts.csv', (part) => parts.push(structuredClone(part)))
    expect(parts.map((p) => p.rows.length)).toEqual([CSV_PART_ROWS, CSV_PART_ROWS])
    expect(parts.every((p) => p.header.join() === 'E-post,Ort')).toBe(true)
    const sheet = rest.ok ? rest.value.sheets[0] : undefined
    expect(sheet?.rows.length).toBe(2_499 - 2 * CSV_PART_ROWS)
    const joined = rest.ok &&
      sheet && {
        ...rest.value,
        sheets: [{ ...sheet, rows: [...parts.flatMap((p) => p.rows), ...sheet.rows] }]
      }
    expect(joined).toEqual(whole.ok && whole.value)
    expect(whole.ok && whole.value.sheets[0]?.rows[999]).toEqual(['p999', 'two\nlines'])
  })

  it('hands out no part past the most rows it takes, nor of a file without a header, and answers the refusal', async () => {
    const many = `E-mail\n${Array.from({ length: IMPORT_MAX_ROWS + 1_500 }, (_, i) => `p${i}@example.se`).join('\n')}\n`
    let handed = 0
    const tooMany = await readSpreadsheet(
      Buffer.from(many),
      'many.csv',
      (part) => (handed += part.rows.length)
    )
    expect(handed).toBe(IMPORT_MAX_ROWS)
    expect(!tooMany.ok && english(tooMany.error)).toMatch(/11500 rows; the import takes at most 10000/)
    const headless = Array.from({ length: 3_000 }, (_, i) => `p${i}@example.se;Malmö`).join('\n')
    const parts: SheetPart[] = []
    const noHeader = await readSpreadsheet(Buffer.from(headless), 'headless.csv', (part) => parts.push(part))
    expect(noHeader).toMatchObject({ ok: false, error: { message: 'errors.import.noHeader' } })
    expect(parts).toEqual([])
  })

  it('maps English and Swedish headers, in any case and with or without accents', () => {
    expect(
      autoMapping([
        'FÖRNAMN',
        'efternamn',
        'E-Post',
        'telefonnummer',
        'Gatuadress',
        'postnr',
        'ORT',
        'land',
        'Losenord'
      ])
    ).toEqual({
      firstname: 0,
      lastname: 1,
      email: 2,
      phonenumber: 3,
      address1: 4,
      postcode: 5,
      city: 6,
      country: 7,
      password: 8
    })
    expect(autoMapping(['Notes', 'Email', 'Surname'])).toEqual({ email: 1, lastname: 2 })
  })

  it('reads a country as a code, or a name in English or Swedish', () => {
    expect(['se', 'Sweden', 'Sverige', 'norge', 'Atlantis', ''].map(countryCode)).toEqual([
      'SE',
      'SE',
      'SE',
      'NO',
      'Atlantis',
      ''
    ])
  })
})

describe('mapping in turns', () => {
  it('counts work started in one turn of the event loop as one stretch, however many calls it comes in', async () => {
    // Each item holds the thread 0.05 ms: each call alone (6.4 ms) is under a turn, the three
    // together (19 ms) are not, so the loop must turn before the last items.
    const busy = (): void => {
      const end = performance.now() + 0.05
      while (performance.now() < end) {
        // holding the thread, as checking a row does
      }
    }
    const items = Array.from({ length: 128 }, (_, i) => i)
    let done = 0
    let doneAtTurn: number | null = null
    setImmediate(() => (doneAtTurn = done))
    const count = (): void => {
      busy()
      done += 1
    }
    await Promise.all([mapInTurns(items, count), mapInTurns(items, count), mapInTurns(items, count)])
    expect(done).toBe(384)
    expect(doneAtTurn).not.toBeNull()
    expect(doneAtTurn).toBeLessThan(384)
  })
})
