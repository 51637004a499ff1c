/**
 * "History stays fast at 100,000 entries": builds that many realistic entries on a real disk and
 * times what a person waits for (opening the history, searching, re-sorting, one more contact).
 * Each figure is the median of five runs, printed beside its target.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createHistoryService, type HistoryService } from '../src/main/history/service'
import { createHistoryStore, type HistoryStore } from '../src/main/store/history'
import type { HistoryEntry, HistoryQuery } from '../src/shared/history'
import { ok } from '../src/shared/result'

const COUNT = 100_000
const BATCH = 1_000
const RUNS = 5

const FIRST = (
  'Anna|Erik|Åsa|Björn|Märta|Örjan|Karin|Lars|Ingrid|Sven|Maria|Johan|Eva|Per|Sofia|Mikael|' +
  'Linnéa|Göran|Elin|Oskar|Zoë|José|Søren|Aoife|Mohammed|Fatima|Wei|Priya|Jürgen|Chloé|Ngozi|' +
  'Łukasz|Ahmed|Leila|Hiroshi'
).split('|')
const LAST = (
  'Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|Gustafsson|' +
  "Öberg|Åström|Lindqvist|Ängström|Bergström|Sjöberg|Wallin|Holm|Müller|García|Nguyen|O'Brien|" +
  'Kowalski|Dubois|Rossi|Smith|Yılmaz|Singh|Kim|Papadopoulos|van der Berg|Østergaard|Fernández|' +
  'Novák|Haddad|Tanaka'
).split('|')
const CITIES = (
  'Stockholm|Göteborg|Malmö|Uppsala|Västerås|Örebro|Linköping|Helsingborg|Jönköping|Umeå|Luleå|' +
  'Åre|Kiruna|Visby|Oslo|København|Helsinki|Berlin|London|Paris|Madrid|Warszawa|Zürich|' +
  'Reykjavík'
).split('|')
const STREETS = 'Storgatan|Kungsgatan|Drottninggatan|Skolvägen|Ringvägen|Björkvägen|Parkgatan'.split('|')
const PROFILES = [
  { id: 'prod-se', name: 'HostUp produktion' },
  { id: 'kund-ab', name: 'Kund AB' },
  { id: 'test', name: 'Test' }
]

/** mulberry32: a tiny seeded PRNG, so every run measures the same data. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function makeEntries(count: number): HistoryEntry[] {
  const rnd = prng(20240601)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T
  const ascii = (s: string): string =>
    s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ø/gi, 'o').replace(/ł/gi, 'l').replace(/ı/g, 'i')
  const start = Date.UTC(2022, 0, 1)
  const step = (3 * 365 * 86_400_000) / count
  return Array.from({ length: count }, (_, i) => {
    // Second given names and double surnames: a real list has thousands of distinct names, not dozens.
    const firstname = rnd() < 0.3 ? `${pick(FIRST)} ${pick(FIRST)}` : pick(FIRST)
    const lastname = rnd() < 0.2 ? `${pick(LAST)}-${pick(LAST)}` : pick(LAST)
    const profile = pick(PROFILES)
    const created = new Date(start + i * step + rnd() * step)
    const local = `${ascii(firstname)}.${ascii(lastname)}`.toLowerCase().replace(/[^a-z.-]/g, '')
    return {
      id: `bench-${i.toString(36).padStart(6, '0')}`,
      profileId: profile.id,
      profileName: profile.name,
      contactId: 14_000 + i,
      fields: {
        firstname,
        lastname,
        email: `${local}.${i}@${pick(['example.se', 'example.com', 'foretag.se'])}`,
        phonenumber: `+46 7${Math.floor(rnd() * 10)} ${Math.floor(100 + rnd() * 900)} ${Math.floor(10 + rnd() * 90)} ${Math.floor(10 + rnd() * 90)}`,
        address1: `${pick(STREETS)} ${1 + Math.floor(rnd() * 120)}`,
        city: pick(CITIES),
        country: pick(['SE', 'SE', 'SE', 'NO', 'DK', 'FI', 'DE', 'GB']),
        postcode: `${Math.floor(100 + rnd() * 900)} ${Math.floor(10 + rnd() * 90)}`
      },
      requestId: `req_${Math.floor(rnd() * 1e12).toString(36)}`,
      serverTime: Math.floor(created.getTime() / 1000),
      createdAt: created.toISOString(),
      source: pick(['form', 'form', 'form', 'outbox', 'csv'] as const)
    }
  })
}

interface Row {
  what: string
  ms: number
  target: string
  limit: number | null
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

async function medianOf(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i += 1) {
    collectGarbage()
    times.push(await time(fn))
  }
  return median(times)
}

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as (() => void) | undefined

/**
 * A full collection before each timed run (not timed itself): otherwise a run pays for the garbage
 * of the ones before it, which the app, opening its history once in a fresh process, never does.
 */
function collectGarbage(): void {
  gc?.()
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function service(store: HistoryStore): HistoryService {
  return createHistoryService({
    store,
    chooseSavePath: async () => null
  })
}

/** A service with a cold index over an already loaded store: what a re-sort costs the first time. */
async function warmedService(store: HistoryStore): Promise<HistoryService> {
  const s = service(store)
  must(await s.query({ limit: 50 }))
  return s
}

/** Ranks make a name sort cheap when names repeat; here none do, so every one costs collator time. */
async function worstCaseNameSort(): Promise<number> {
  const rnd = prng(7)
  const letters = 'abcdefghijklmnopqrstuvwxyzåäöé'
  const word = (): string =>
    Array.from({ length: 8 }, () => letters[Math.floor(rnd() * letters.length)]).join('')
  const entries = makeEntries(COUNT).map((e) => ({ ...e, fields: { ...e.fields, lastname: word() } }))
  const store: HistoryStore = {
    path: '(memory)',
    list: async () => ok(entries.slice()),
    append: async () => ok(undefined),
    markRemoved: async () => ok(undefined),
    markPermissions: async () => ok(undefined)
  }
  const times: number[] = []
  for (let i = 0; i < RUNS; i += 1) {
    const fresh = await warmedService(store)
    collectGarbage()
    times.push(await time(async () => must(await fresh.query({ sort: { key: 'name', dir: 'asc' } }))))
  }
  return median(times)
}

interface Populated {
  appendMs: number
  size: number
  single: number[]
  sampleContactId: number
  extra: HistoryEntry[]
}

/** Writes the entries as the app would, then lets go of them: the app holds one copy, not three. */
async function populate(dir: string): Promise<Populated> {
  const entries = makeEntries(COUNT + 50)
  const extra = entries.splice(COUNT)
  const writer = createHistoryStore({ dir })
  const started = performance.now()
  for (let i = 0; i < COUNT; i += BATCH) {
    const results = await Promise.all(entries.slice(i, i + BATCH).map((e) => writer.append(e)))
    for (const r of results) must(r)
  }
  const appendMs = performance.now() - started
  // One contact at a time, as the form adds them: each waits for its own fsync.
  const single: number[] = []
  for (const e of extra) single.push(await time(async () => must(await writer.append(e))))
  const size = (await stat(join(dir, 'history.jsonl'))).size
  return { appendMs, size, single, sampleContactId: (entries[54_321] as HistoryEntry).contactId, extra }
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'hostup-bench-history-'))
  const rows: Row[] = []
  try {
    const { appendMs, size, single, sampleContactId, extra } = await populate(dir)
    rows.push({ what: 'append one entry (fsync), p50', ms: median(single), target: '< 10 ms', limit: 10 })
    rows.push({
      what: 'append one entry (fsync), p95',
      ms: percentile(single, 0.95),
      target: '—',
      limit: null
    })

    rows.push({
      what: 'open: cold list() of the file',
      ms: await medianOf(async () => must(await createHistoryStore({ dir }).list())),
      target: '< 1 s',
      limit: 1000
    })
    const store = createHistoryStore({ dir })
    must(await store.list())
    rows.push({
      what: 'open: first page on a fresh index',
      ms: await medianOf(async () => must(await service(store).query({ limit: 200 }))),
      target: '< 1 s',
      limit: 1000
    })

    const s = await warmedService(store)
    const q = async (query: HistoryQuery): Promise<number> => medianOf(async () => must(await s.query(query)))
    rows.push({ what: 'query: empty, first page', ms: await q({}), target: '< 50 ms', limit: 50 })
    rows.push({ what: 'query: text "anna"', ms: await q({ text: 'anna' }), target: '< 50 ms', limit: 50 })
    rows.push({
      what: 'query: text "åsa öberg" (two words)',
      ms: await q({ text: 'åsa öberg' }),
      target: '< 50 ms',
      limit: 50
    })
    rows.push({
      what: 'query: text by contact ID',
      ms: await q({ text: String(sampleContactId) }),
      target: '< 50 ms',
      limit: 50
    })
    rows.push({
      what: 'query: date filter (one month) + profile',
      ms: await q({ from: '2023-03-01', to: '2023-03-31', profileId: 'kund-ab' }),
      target: '< 50 ms',
      limit: 50
    })

    for (const key of ['name', 'city', 'email', 'profileName', 'contactId'] as const) {
      const cold: number[] = []
      const desc: number[] = []
      for (let i = 0; i < RUNS; i += 1) {
        const fresh = await warmedService(store)
        collectGarbage()
        cold.push(await time(async () => must(await fresh.query({ sort: { key, dir: 'asc' } }))))
        desc.push(await time(async () => must(await fresh.query({ sort: { key, dir: 'desc' } }))))
      }
      rows.push({ what: `re-sort: by ${key} asc (cold)`, ms: median(cold), target: '< 150 ms', limit: 150 })
      if (key === 'name' || key === 'city')
        rows.push({
          what: `re-sort: by ${key} desc (after asc)`,
          ms: median(desc),
          target: '< 150 ms',
          limit: 150
        })
    }
    rows.push({
      what: 're-sort: by name, every surname distinct (worst case)',
      ms: await worstCaseNameSort(),
      target: '—',
      limit: null
    })
    rows.push({
      what: 'query: "anna" by name, warm',
      ms: await q({ text: 'anna', sort: { key: 'name', dir: 'asc' } }),
      target: '< 50 ms',
      limit: 50
    })

    const after: number[] = []
    for (let i = 0; i < RUNS; i += 1) {
      const e = extra[i] as HistoryEntry
      must(await s.record({ ...e, fields: { ...e.fields, lastname: 'Ödmark' } }))
      after.push(
        await time(async () => must(await s.query({ text: 'anna', sort: { key: 'name', dir: 'asc' } })))
      )
    }
    rows.push({
      what: 'query by name right after a new entry',
      ms: median(after),
      target: '< 50 ms',
      limit: 50
    })

    print(rows, { appendMs, size })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function print(rows: Row[], info: { appendMs: number; size: number }): void {
  const perSecond = Math.round(COUNT / (info.appendMs / 1000))
  console.log(
    `  ${COUNT.toLocaleString('en')} entries appended in batches of ${BATCH} (group commit): ` +
      `${(info.appendMs / 1000).toFixed(1)} s, ${perSecond.toLocaleString('en')} entries/s, ` +
      `file ${(info.size / 1024 / 1024).toFixed(1)} MiB`
  )
  const width = Math.max(...rows.map((r) => r.what.length))
  console.log(`  ${'measure'.padEnd(width)}  ${'median'.padStart(10)}  ${'target'.padEnd(9)}`)
  for (const r of rows) {
    const verdict = r.limit === null ? '' : r.ms <= r.limit ? 'ok' : 'OVER'
    console.log(
      `  ${r.what.padEnd(width)}  ${`${r.ms.toFixed(1)} ms`.padStart(10)}  ${r.target.padEnd(9)}  ${verdict}`
    )
  }
}
