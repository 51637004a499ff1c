import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DraftFields } from '../../shared/draft'
import {
  historyExportRequestSchema,
  historyFindByEmailRequestSchema,
  historyQuerySchema,
  historyUndoRequestSchema,
  HISTORY_FIRST_ROWS,
  type ExportFormat,
  type HistoryEntry,
  type HistoryQuery,
  type HistorySortKey
} from '../../shared/history'
import type { Result } from '../../shared/result'
import { createHistoryService, type HistoryRecordInput, type HistoryService } from './service'
import { fold } from './search-index'
import { parsers } from '../ipc'
import { createHistoryStore } from '../store/history'
import { LINES_PER_PAUSE } from '../store/json-lines'

const NOW = new Date('2024-06-01T12:00:00.000Z')
let dir: string
let savePath: string | null
let asked: { name: string; format: ExportFormat }[]

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'hostup-history-'))
  savePath = join(dir, 'export.out')
  asked = []
})

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

function service(): HistoryService {
  return createHistoryService({
    store: createHistoryStore({ dir }),
    chooseSavePath: async (name, format) => {
      asked.push({ name, format })
      return savePath
    },
    now: () => NOW
  })
}

function fields(firstname: string, lastname: string, extra: Partial<DraftFields> = {}): DraftFields {
  const email = `${fold(firstname)}.${fold(lastname)}@example.com`.replace(/\s/g, '')
  return {
    firstname,
    lastname,
    email,
    phonenumber: '',
    address1: '',
    city: '',
    country: 'SE',
    postcode: '',
    ...extra
  }
}

function input(f: DraftFields, extra: Partial<HistoryRecordInput> = {}): HistoryRecordInput {
  return { profileId: 'work', profileName: 'Work', contactId: 1, fields: f, source: 'form', ...extra }
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

/** Five people, recorded a day apart from 2024-05-01 on, contact IDs 101… */
async function seed(s: HistoryService): Promise<HistoryEntry[]> {
  const people: [DraftFields, Partial<HistoryRecordInput>][] = [
    [fields('Åsa', 'Öberg', { city: 'Malmö' }), {}],
    [fields('Anna', 'Svensson', { city: 'Stockholm' }), { profileId: 'home', profileName: 'Home' }],
    [fields('Erik', 'Andersson', { city: 'Örebro' }), { source: 'outbox' }],
    [fields('Zoë', 'Ångström', { city: 'Ås' }), {}],
    [fields('Anna', 'Zetterlund', { city: 'Göteborg' }), { source: 'csv' }]
  ]
  const out: HistoryEntry[] = []
  for (const [i, [f, extra]] of people.entries()) {
    const createdAt = new Date(Date.UTC(2024, 4, 1 + i, 10)).toISOString()
    out.push(value(await s.record(input(f, { contactId: 101 + i, createdAt, ...extra }))))
  }
  return out
}

/** Entry `n` of a long history: `h-n`, contact ID n + 1. */
function parseEntry(n: number): Result<HistoryEntry> {
  return {
    ok: true,
    value: {
      id: `h-${n}`,
      profileId: 'work',
      profileName: 'Work',
      contactId: n + 1,
      fields: fields('Person', `Nr ${n}`),
      createdAt: NOW.toISOString(),
      source: 'form'
    }
  }
}

async function names(s: HistoryService, q: HistoryQuery): Promise<string[]> {
  return value(await s.query(q)).rows.map((e) => `${e.fields.firstname} ${e.fields.lastname}`)
}

describe('history service: recording and searching', () => {
  it('records an entry with a new ID and the time, readable by a new instance', async () => {
    const entry = value(await service().record(input(fields('Anna', 'Svensson'))))
    expect(entry).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      createdAt: NOW.toISOString()
    })
    expect(value(await service().query({})).rows).toEqual([entry])
  })

  it('finds by name, e-mail, contact ID and city', async () => {
    const s = service()
    await seed(s)
    expect(await names(s, { text: 'svensson' })).toEqual(['Anna Svensson'])
    expect(await names(s, { text: 'erik.andersson@' })).toEqual(['Erik Andersson'])
    expect(await names(s, { text: '104' })).toEqual(['Zoë Ångström'])
    expect(await names(s, { text: 'GÖTEBORG' })).toEqual(['Anna Zetterlund'])
  })

  it('finds a contact ID by any run of its digits, and an e-mail by its folded form', async () => {
    const s = service()
    await seed(s)
    value(await s.record(input(fields('Örjan', 'Ek', { email: ' Örjan.Ek@Exempel.SE ' }), { contactId: 7 })))
    expect(await names(s, { text: '10', sort: { key: 'contactId', dir: 'asc' } })).toEqual([
      'Åsa Öberg',
      'Anna Svensson',
      'Erik Andersson',
      'Zoë Ångström',
      'Anna Zetterlund'
    ])
    expect(await names(s, { text: '05' })).toEqual(['Anna Zetterlund'])
    expect(await names(s, { text: '7' })).toEqual(['Örjan Ek'])
    expect(await names(s, { text: 'orjan.ek@exempel' })).toEqual(['Örjan Ek'])
    // A word never spans two fields: first and last name are two.
    expect(await names(s, { text: 'annasvensson' })).toEqual([])
  })

  it('ignores accents and case: "asa oberg" finds Åsa Öberg', async () => {
    const s = service()
    await seed(s)
    expect(await names(s, { text: 'asa oberg' })).toEqual(['Åsa Öberg'])
    expect(await names(s, { text: 'ZOE' })).toEqual(['Zoë Ångström'])
  })

  it('needs every word to match, in any field', async () => {
    const s = service()
    await seed(s)
    expect(await names(s, { text: 'anna', sort: { key: 'contactId', dir: 'asc' } })).toEqual([
      'Anna Svensson',
      'Anna Zetterlund'
    ])
    expect(await names(s, { text: '  anna   göteborg ' })).toEqual(['Anna Zetterlund'])
    expect(await names(s, { text: 'anna malmö' })).toEqual([])
  })

  it('filters by profile and by date, a bare "to" date meaning that whole day', async () => {
    const s = service()
    await seed(s)
    expect(await names(s, { profileId: 'home' })).toEqual(['Anna Svensson'])
    const day = (d: number): string => {
      const t = new Date(Date.UTC(2024, 4, d, 10))
      return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`
    }
    const byId = { key: 'contactId', dir: 'asc' } as const
    expect(await names(s, { from: day(2), to: day(3), sort: byId })).toEqual([
      'Anna Svensson',
      'Erik Andersson'
    ])
    expect(await names(s, { from: '2024-05-03T10:00:00.000Z', sort: byId })).toHaveLength(3)
    expect(await names(s, { to: '2024-05-01T09:59:59Z' })).toEqual([])
  })

  const expectedOrder: Record<HistorySortKey, number[]> = {
    createdAt: [101, 102, 103, 104, 105],
    contactId: [101, 102, 103, 104, 105],
    // Swedish: Å Ä Ö come after Z.
    name: [103, 102, 105, 104, 101],
    email: [102, 105, 101, 103, 104],
    city: [105, 101, 102, 104, 103],
    profileName: [102, 101, 103, 104, 105],
    // By the source's code: csv, form, outbox (ties in storage order).
    source: [105, 101, 102, 104, 103]
  }

  for (const [key, ids] of Object.entries(expectedOrder) as [HistorySortKey, number[]][]) {
    it(`sorts by ${key} both ways`, async () => {
      const s = service()
      await seed(s)
      const asc = value(await s.query({ sort: { key, dir: 'asc' } })).rows.map((e) => e.contactId)
      const desc = value(await s.query({ sort: { key, dir: 'desc' } })).rows.map((e) => e.contactId)
      expect(asc).toEqual(ids)
      expect(desc).toEqual([...ids].reverse())
    })
  }

  it('sorts IDs and times out of storage order numerically, ties in storage order', async () => {
    const s = service()
    const at = (day: number) => new Date(Date.UTC(2024, 4, day, 10)).toISOString()
    // Recorded in this order: IDs and times not as they grow, an ID of more digits, two ties.
    const made: [number, number][] = [
      [30, 3],
      [1_000, 1],
      [9, 2],
      [30, 1],
      [200, 5]
    ]
    for (const [contactId, day] of made)
      value(await s.record(input(fields('A', `N${contactId}`), { contactId, createdAt: at(day) })))
    const order = async (key: HistorySortKey, dir: 'asc' | 'desc') =>
      value(await s.query({ sort: { key, dir } })).rows.map(
        (e) => `${e.contactId}@${e.createdAt.slice(8, 10)}`
      )
    expect(await order('contactId', 'asc')).toEqual(['9@02', '30@03', '30@01', '200@05', '1000@01'])
    expect(await order('createdAt', 'asc')).toEqual(['1000@01', '30@01', '9@02', '30@03', '200@05'])
    expect(await order('createdAt', 'desc')).toEqual(['200@05', '30@03', '9@02', '30@01', '1000@01'])
  })

  it('keeps a cached order right when entries are added after it was built', async () => {
    const s = service()
    await seed(s)
    expect(value(await s.query({ sort: { key: 'name', dir: 'asc' } })).total).toBe(5)
    await s.record(input(fields('Bo', 'Berg'), { contactId: 106 }))
    const rows = value(await s.query({ sort: { key: 'name', dir: 'asc' } })).rows.map((e) => e.contactId)
    expect(rows).toEqual([103, 106, 102, 105, 104, 101])
  })

  it('keeps every cached order the same as a fresh sort after entries are added', async () => {
    const s = service()
    await seed(s)
    const keys = Object.keys(expectedOrder) as HistorySortKey[]
    for (const key of keys) await s.query({ sort: { key, dir: 'asc' } })
    const more: [string, string, string][] = [
      ['Bo', 'Berg', 'Ystad'],
      ['Åke', 'Öberg', 'Malmö'],
      ['anna', 'svensson', 'ÅS']
    ]
    for (const [i, [first, last, city]] of more.entries()) {
      await s.record(
        input(fields(first, last, { city }), { contactId: 99 - i, profileName: i === 1 ? 'Ärende' : 'Work' })
      )
    }
    for (const key of keys) {
      const ids = async (svc: HistoryService): Promise<number[]> =>
        value(await svc.query({ sort: { key, dir: 'asc' } })).rows.map((e) => e.contactId)
      expect(await ids(s), key).toEqual(await ids(service()))
    }
  })

  it('answers a first page asked with `first` from the end before the history is loaded, the full page once it is', async () => {
    const writer = createHistoryStore({ dir })
    const entries = Array.from({ length: 120 }, (_, n) => value(parseEntry(n)))
    for (const r of await Promise.all(entries.map((e) => writer.append(e)))) value(r)
    for (const rows of [20, HISTORY_FIRST_ROWS]) {
      const s = service()
      const first = value(await s.query({ limit: 200, first: rows }))
      expect(first).toMatchObject({ partial: true, total: rows })
      expect(first.rows).toHaveLength(rows)
      const full = value(await s.query({ limit: 200 }))
      expect(full.partial).toBeUndefined()
      expect(full.total).toBe(120)
      expect(full.rows).toHaveLength(120)
      expect(first.rows).toEqual(full.rows.slice(0, rows))
    }
    // Without `first` a question waits for the whole history, however early it comes.
    const waited = value(await service().query({ limit: 200 }))
    expect(waited.partial).toBeUndefined()
    expect(waited.total).toBe(120)
    // A history that fits the first rows is answered whole at once.
    const few = value(
      await createHistoryService({
        store: createHistoryStore({ dir: await shortHistory(30) }),
        chooseSavePath: async () => null
      }).query({ limit: 200, first: HISTORY_FIRST_ROWS })
    )
    expect(few.partial).toBeUndefined()
    expect(few.total).toBe(30)
  })

  it('answers the first rows from the end while the load the app starts at launch is under way, not after it', async () => {
    const writer = createHistoryStore({ dir })
    // More lines than the load reads between two pauses, so it is still loading when asked.
    const count = LINES_PER_PAUSE * 3
    const entries = Array.from({ length: count }, (_, n) => value(parseEntry(n)))
    for (const r of await Promise.all(entries.map((e) => writer.append(e)))) value(r)
    const s = service()
    let loaded = false
    // What `services.start()` does at launch.
    const loading = s.query({ limit: 1 }).then((r) => {
      loaded = true
      return r
    })
    const first = value(await s.query({ limit: 50, first: 12 }))
    expect(loaded).toBe(false)
    expect(first).toMatchObject({ partial: true, total: 12 })
    expect(value(await loading).total).toBe(count)
    const full = value(await s.query({ limit: 50 }))
    expect(first.rows).toEqual(full.rows.slice(0, 12))
    // Once the history is loaded, `first` changes nothing: the full page from the index.
    expect(value(await s.query({ limit: 50, first: 12 }))).toEqual(full)
  })

  it('answers the first page of a long history from its end, as it is once loaded, and all else once loaded', async () => {
    const writer = createHistoryStore({ dir })
    const entries = Array.from({ length: 3_000 }, (_, n) => ({
      ...value(parseEntry(n)),
      // Two profiles, and a clock that stepped back once near the end.
      profileId: n % 2 === 0 ? 'work' : 'home',
      createdAt: new Date(Date.UTC(2024, 0, 1) + (n === 2_995 ? -1 : n) * 60_000).toISOString()
    }))
    for (const r of await Promise.all(entries.map((e) => writer.append(e)))) value(r)
    for (const profileId of [undefined, 'home']) {
      const s = service()
      const q: HistoryQuery = { limit: 50, ...(profileId ? { profileId } : {}) }
      const first = value(await s.query({ ...q, first: 50 }))
      expect(first.partial).toBe(true)
      expect(first.total).toBe(50)
      const full = value(await s.query(q))
      expect(full.partial).toBeUndefined()
      expect(full.total).toBe(profileId ? 1_500 : 3_000)
      expect(first.rows).toEqual(full.rows)
      expect(first.rows.map((e) => e.id)).not.toContain('h-2995')
    }
    // A search, a sort or a later page first: answered whole, never from the end alone.
    for (const q of [
      { text: 'nr' },
      { sort: { key: 'name', dir: 'asc' } },
      { offset: 50 },
      { from: '2023-01-01' }
    ] satisfies HistoryQuery[]) {
      const page = value(await service().query({ ...q, first: 50 }))
      expect(page.partial).toBeUndefined()
      expect(page.total).toBe(3_000)
    }
    // Asked together, the sort does not take the first page's shortcut.
    const s = service()
    const [first, sorted] = await Promise.all([
      s.query({ first: 50 }),
      s.query({ sort: { key: 'contactId', dir: 'asc' }, first: 50 })
    ])
    expect(value(first).partial).toBe(true)
    expect(value(sorted).total).toBe(3_000)
    expect(value(sorted).rows[0]?.contactId).toBe(1)
  })

  it('pages with offset and limit, newest first by default', async () => {
    const s = service()
    await seed(s)
    const page = value(await s.query({ offset: 1, limit: 2 }))
    expect(page.total).toBe(5)
    expect(page.offset).toBe(1)
    expect(page.rows.map((e) => e.contactId)).toEqual([104, 103])
  })

  it('finds earlier contacts with the same e-mail in the same profile, trimmed and in any case', async () => {
    const s = service()
    const [asa] = await seed(s)
    expect(value(await s.findByEmail('work', '  ASA.OBERG@example.com '))).toEqual([asa])
    expect(value(await s.findByEmail('home', 'asa.oberg@example.com'))).toEqual([])
  })
})

describe('history request schemas', () => {
  const valid = (schema: { isValidSync(v: unknown): boolean }, v: unknown): boolean => schema.isValidSync(v)

  it('accept what the contract types allow', () => {
    expect(valid(historyQuerySchema, {})).toBe(true)
    const full = { text: 'åsa', profileId: 'work', from: '2024-05-01', to: '2024-05-31T23:59:59+02:00' }
    expect(
      valid(historyQuerySchema, { ...full, sort: { key: 'name', dir: 'desc' }, offset: 0, limit: 1000 })
    ).toBe(true)
    expect(valid(historyExportRequestSchema, { query: {}, format: 'json' })).toBe(true)
    expect(valid(historyFindByEmailRequestSchema, { profileId: 'work', email: 'a@example.se' })).toBe(true)
    expect(valid(historyUndoRequestSchema, { id: randomUUID() })).toBe(true)
  })

  it('refuse a malformed query with a validation error at the boundary', () => {
    const query = parsers['history:query']
    expect(query({ limit: 5000 })).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(query({ from: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'validation' } })
    const bad = { sort: { key: 'password', dir: 'asc' } } as unknown as HistoryQuery
    expect(query(bad)).toMatchObject({ ok: false, error: { code: 'validation' } })
  })

  it('refuse unknown keys, bad dates, sort keys, limits and formats', () => {
    expect(valid(historyQuerySchema, { password: 'x' })).toBe(false)
    expect(valid(historyQuerySchema, { from: '2024-02-30' })).toBe(false)
    expect(valid(historyQuerySchema, { sort: { key: 'fields', dir: 'asc' } })).toBe(false)
    expect(valid(historyQuerySchema, { limit: 1001 })).toBe(false)
    expect(valid(historyQuerySchema, { offset: -1 })).toBe(false)
    expect(valid(historyExportRequestSchema, { query: {}, format: 'xlsx' })).toBe(false)
    expect(valid(historyUndoRequestSchema, { id: '../etc' })).toBe(false)
  })
})

describe('history service: export', () => {
  it('writes every matching row as CSV, ignoring paging, with a BOM and CRLF', async () => {
    const s = service()
    await seed(s)
    const q: HistoryQuery = { text: 'anna', sort: { key: 'contactId', dir: 'asc' }, offset: 1, limit: 1 }
    expect(await s.exportTo(q, 'csv')).toEqual({ ok: true, value: { path: savePath, count: 2 } })
    expect(asked).toEqual([{ name: 'hostup-contacts-history-2024-06-01.csv', format: 'csv' }])
    const bytes = await fs.readFile(savePath as string)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[1]).toMatch(/^102,Anna,Svensson,/)
    expect(lines[2]).toMatch(/^105,Anna,Zetterlund,/)
    expect(lines[3]).toBe('')
  })

  it('neutralises formulas and doubles quotes in the CSV', async () => {
    const s = service()
    const hostile = fields('=HYPERLINK("http://evil")', 'O"Brien', {
      phonenumber: '-1',
      email: 'x@example.com'
    })
    await s.record(input(hostile, { contactId: 7 }))
    await s.exportTo({}, 'csv')
    const row = (await fs.readFile(savePath as string, 'utf8')).split('\r\n')[1]
    expect(row).toMatch(/^7,"'=HYPERLINK\(""http:\/\/evil""\)","O""Brien",x@example.com,'-1,/)
  })

  it('writes JSON that parses back to the same entries, with no BOM', async () => {
    const s = service()
    const seeded = await seed(s)
    expect(await s.exportTo({ sort: { key: 'createdAt', dir: 'asc' } }, 'json')).toMatchObject({
      ok: true,
      value: { count: 5 }
    })
    const text = await fs.readFile(savePath as string, 'utf8')
    expect(text.charCodeAt(0)).toBe('{'.charCodeAt(0))
    expect(JSON.parse(text)).toEqual({ exportedAt: NOW.toISOString(), count: 5, entries: seeded })
  })

  it('writes nothing when the person cancels the save dialog', async () => {
    const s = service()
    await seed(s)
    savePath = null
    expect(await s.exportTo({}, 'csv')).toEqual({ ok: true, value: { path: null, count: 0 } })
    expect((await fs.readdir(dir)).sort()).toEqual(['history.jsonl'])
  })

  it('reports a storage error when the chosen file cannot be written', async () => {
    const s = service()
    savePath = join(dir, 'missing-folder', 'out.csv')
    expect(await s.exportTo({}, 'csv')).toMatchObject({ ok: false, error: { code: 'storage' } })
  })
})

async function shortHistory(count: number): Promise<string> {
  const other = join(dir, 'short')
  await fs.mkdir(other)
  const writer = createHistoryStore({ dir: other })
  for (let n = 0; n < count; n += 1) value(await writer.append(value(parseEntry(n))))
  return other
}
