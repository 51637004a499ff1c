/**
 * Reading off main's thread: the worker answers what `readSpreadsheet` answers, its errors with
 * the same messages; a worker that dies says so; and main keeps answering while 10,000 rows are read.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IMPORT_MAX_ROWS } from '../../shared/import'
import type { Result } from '../../shared/result'
import { createHandlers } from '../ipc'
import { createServices } from '../services'
import { english } from '../testing/english'
import { memorySecretBackend } from '../testing/memory-secrets'
import { readSpreadsheet, type SheetPart } from './read'
import { createSheetReader, type SheetReader } from './reader'

const FIXTURES = resolve(__dirname, '../../../e2e/fixtures/import')
let dir: string
let reader: SheetReader

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-reader-'))
  reader = createSheetReader()
})

afterAll(async () => {
  await reader.stop()
  await rm(dir, { recursive: true, force: true })
})

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${english(result.error)}`)
  return result.value
}

describe('the reading worker', () => {
  it.each([
    'semicolon-swedish.csv',
    'windows-1252.csv',
    'quoted-newlines.csv',
    'two-sheets.xlsx',
    'binary.csv',
    'empty.csv',
    'no-header.csv',
    'password-protected.xlsx'
  ])('answers %s as readSpreadsheet does, a refusal with the same message', async (name) => {
    const bytes = await readFile(join(FIXTURES, name))
    const here = await readSpreadsheet(bytes, name)
    const there = await reader.read(bytes, name)
    expect(there).toEqual(here)
    if (!there.ok) expect(english(there.error)).not.toMatch(/^errors\./)
  })

  it('hands a CSV out in parts as the worker parses it when asked, the answer whole all the same', async () => {
    const lines = Array.from({ length: 2_345 }, (_, i) => `Anna;Nr ${i};anna.${i}@example.se`)
    const bytes = Buffer.from(`Förnamn;Efternamn;E-post\n${lines.join('\n')}\n`)
    const here = await readSpreadsheet(bytes, 'parts.csv')
    const parts: SheetPart[] = []
    const there = await reader.read(bytes, 'parts.csv', (part) => parts.push(part))
    expect(there).toEqual(here)
    expect(parts.map((p) => p.rows.length)).toEqual([1_000, 1_000])
    expect(parts[1]?.rows[0]).toEqual(['Anna', 'Nr 1000', 'anna.1000@example.se'])
    // A workbook comes whole, with no parts.
    const book = await readFile(join(FIXTURES, 'two-sheets.xlsx'))
    const none: SheetPart[] = []
    expect(await reader.read(book, 'two-sheets.xlsx', (part) => none.push(part))).toEqual(
      await readSpreadsheet(book, 'two-sheets.xlsx')
    )
    expect(none).toEqual([])
  })

  it('reads files sent at once, each answer to its own file', async () => {
    const names = ['comma.csv', 'tab.txt', 'two-sheets.xlsx', 'bom.csv']
    const books = await Promise.all(
      names.map(async (name) => reader.read(await readFile(join(FIXTURES, name)), name))
    )
    expect(books.map((b) => value(b).format)).toEqual(['csv', 'csv', 'xlsx', 'csv'])
    expect(books.map((b) => value(b).delimiter)).toEqual([',', '\t', undefined, ','])
  })

  it('a worker that dies, or cannot start, answers with a sentence that says so, and the next file gets a new one', async () => {
    const dies = join(dir, 'dies.cjs')
    await writeFile(dies, "require('node:worker_threads').parentPort.on('message', () => process.exit(3))\n")
    for (const entry of [dies, join(dir, 'missing.cjs')]) {
      const broken = createSheetReader(entry)
      for (let i = 0; i < 2; i += 1) {
        const read = await broken.read(new TextEncoder().encode('a,b\n1,2\n'), 'x.csv')
        expect(read).toMatchObject({
          ok: false,
          error: { code: 'internal', message: 'errors.import.readStopped' }
        })
        if (!read.ok) expect(english(read.error)).toMatch(/^Reading the file stopped/)
      }
      await broken.stop()
    }
  })
})

const TICK_MS = 5

describe('main while a large file is read', () => {
  it('keeps answering while a 10,000-row .xlsx is opened and checked: no stall is a quarter of the open', async () => {
    const path = join(dir, 'tiotusen.xlsx')
    const book = new ExcelJS.Workbook()
    book
      .addWorksheet('Kontakter')
      .addRows([
        ['Förnamn', 'Efternamn', 'E-post', 'Ort', 'Land'],
        ...Array.from({ length: IMPORT_MAX_ROWS }, (_, i) => [
          'Åsa',
          `Nr ${i}`,
          `p.${i}@example.se`,
          'Malmö',
          'Sverige'
        ])
      ])
    await book.xlsx.writeFile(path)
    const services = await createServices({
      dataDir: join(dir, 'data'),
      secretService: 'hostup-contacts-reader-test',
      secretBackend: memorySecretBackend(),
      isOnline: () => false,
      version: 'test',
      platform: 'linux',
      emit: () => undefined,
      chooseSavePath: async () => null
    })
    try {
      const handlers = createHandlers(services)
      const profileId = value(
        await handlers['profiles:save']({ name: 'Test', baseUrl: 'http://127.0.0.1:9/api' })
      ).id
      // Once, so the worker is started and exceljs loaded: what is measured is the reading.
      value(await handlers['import:open']({ profileId, path }))

      let last = performance.now()
      let worst = 0
      let answered = 0
      const timer = setInterval(() => {
        const now = performance.now()
        worst = Math.max(worst, now - last - TICK_MS)
        last = now
      }, TICK_MS)
      const start = performance.now()
      const opening = handlers['import:open']({ profileId, path })
      // A call from the window meanwhile: answered long before the open is.
      const list = handlers['profiles:list'](undefined).then(() => (answered = performance.now()))
      const opened = value(await opening)
      const done = performance.now()
      await list
      await new Promise((r) => setTimeout(r, TICK_MS * 3))
      clearInterval(timer)

      expect(opened.counts.valid).toBe(IMPORT_MAX_ROWS)
      expect(answered).toBeLessThan(done)
      // A share of the open's own time, not a number of milliseconds (a shared machine slows both;
      // npm run bench measures the stall against its 100 ms goal): here about 8 %. Read and checked
      // on main, as before the worker, the stall is nearly half the open (0.45, tried).
      expect(worst / (done - start)).toBeLessThan(0.25)
    } finally {
      await services.stop()
    }
  })
})
