import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { HISTORY_FIRST_ROWS, type HistoryQuery } from '@shared/history'
import { ROW_HEIGHT } from '../components/history/columns'
import { FETCH_THROTTLE_MS, HISTORY_WINDOW, MAX_WINDOWS, rowsInView, useHistoryStore } from './history'
import { openBackend, writeHistory, type Backend } from '../testing/backend'
import { loadProfiles } from '../testing/setup'

let backend: Backend
let a: string

/** Main with two profiles (Acme selected) and `created` contacts per profile; or a big history for all. */
async function setUp(seed: { acme?: number; other?: number; seeded?: number }) {
  backend = await openBackend(seed.seeded ? { before: (dir) => writeHistory(dir, seed.seeded ?? 0) } : {})
  a = await backend.seedProfile('Acme AB')
  const b = await backend.seedProfile('Bolaget')
  for (let i = 0; i < (seed.acme ?? 0); i += 1) await backend.created(a)
  for (let i = 0; i < (seed.other ?? 0); i += 1) await backend.created(b)
  await loadProfiles()
  const store = useHistoryStore()
  if (seed.seeded) {
    store.scope = 'all'
    // The scope's watcher runs before the view is active: one query, not two.
    await nextTick()
  }
  store.activate()
  // Seeded with thousands of entries: opening them may take a while on a busy machine (the newest
  // rows come first, the whole answer once main has loaded them all).
  await vi.waitFor(() => expect(store.loading || store.partial).toBe(false), { timeout: 10_000 })
  return store
}

const queries = () => backend.callsTo('history:query') as HistoryQuery[]

describe('useHistoryStore', () => {
  it('asks for the first window of the selected profile, newest first', async () => {
    const store = await setUp({ acme: 1, other: 1 })
    expect(queries()).toEqual([
      {
        sort: { key: 'createdAt', dir: 'desc' },
        profileId: a,
        offset: 0,
        limit: HISTORY_WINDOW,
        first: rowsInView()
      }
    ])
    expect(store.total).toBe(1)
    expect(store.rowAt(0)?.profileId).toBe(a)
    store.scope = 'all'
    await vi.waitFor(() => expect(store.total).toBe(2))
    expect(queries().at(-1)).not.toHaveProperty('profileId')
  })

  it('searches on the first key, and once more with the final text for keys typed while it ran', async () => {
    const store = await setUp({ acme: 1 })
    const before = queries().length
    for (const text of ['a', 'an', 'ann', 'anna']) {
      store.text = text
      await nextTick()
    }
    // No pause waited for: the first key's query is already on its way.
    expect(
      queries()
        .slice(before)
        .map((q) => q.text)
    ).toEqual(['a'])
    await vi.waitFor(() =>
      expect(
        queries()
          .slice(before)
          .map((q) => q.text)
      ).toEqual(['a', 'anna'])
    )
    await vi.waitFor(() => expect(store.loading).toBe(false))
    expect(queries().slice(before)).toHaveLength(2)
    expect(store.total).toBe(1)
    expect(store.rowAt(0)?.fields.firstname).toBe('Anna')
  })

  it('fetches only the windows a range falls in, once each, and keeps a bounded number', async () => {
    const store = await setUp({ seeded: 100_000 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const scrollTo = async (start: number) => {
      store.ensure(start, start + 30)
      await vi.advanceTimersByTimeAsync(FETCH_THROTTLE_MS)
    }
    expect(store.total).toBe(100_000)
    await scrollTo(0)
    await scrollTo(50_190)
    // Window 0 twice: the newest rows while main loaded, then the whole answer.
    const windowOf = (row: number) => Math.floor(row / HISTORY_WINDOW) * HISTORY_WINDOW
    expect(queries().map((q) => q.offset)).toEqual([0, 0, windowOf(50_190), windowOf(50_220)])
    expect(windowOf(50_190)).not.toBe(windowOf(50_220))
    vi.useRealTimers()
    // Newest first: row 50,210 is the entry 50,210 places before the newest.
    await vi.waitFor(() => expect(store.rowAt(50_210)?.id).toBe(`h${100_000 - 1 - 50_210}`))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    for (let w = 0; w < MAX_WINDOWS + 5; w += 1) await scrollTo(w * HISTORY_WINDOW * 3)
    const cached = Array.from({ length: 500 }, (_, w) => store.rowAt(w * HISTORY_WINDOW)).filter(Boolean)
    expect(cached.length).toBeLessThanOrEqual(MAX_WINDOWS)
  })

  it('asks only for where the list is, not every window scrolled past on the way', async () => {
    const store = await setUp({ seeded: 100_000 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    store.ensure(0, 30)
    for (let row = 1_000; row <= 90_000; row += 1_000) store.ensure(row, row + 30)
    await vi.advanceTimersByTimeAsync(FETCH_THROTTLE_MS)
    expect(queries().map((q) => q.offset)).toEqual([0, 0, 90_000])
  })

  it('shows the newest rows while main loads a long history, without a count, then the whole answer', async () => {
    backend = await openBackend({ before: (dir) => writeHistory(dir, 5_000) })
    await loadProfiles()
    const store = useHistoryStore()
    store.scope = 'all'
    await nextTick()
    const answers: { partial: boolean; total: number; first: string | undefined }[] = []
    store.$subscribe(() => {
      if (!store.loading)
        answers.push({ partial: store.partial, total: store.total, first: store.rowAt(0)?.id })
    })
    store.activate()
    await vi.waitFor(() => expect(store.total).toBe(5_000), { timeout: 10_000 })
    expect(store.partial).toBe(false)
    // As many of the newest as the window is tall, then the same window asked to wait for the whole.
    const inView = rowsInView()
    expect(inView).toBe(Math.ceil(window.innerHeight / ROW_HEIGHT))
    expect(inView).toBeLessThan(HISTORY_FIRST_ROWS)
    expect(answers[0]).toEqual({ partial: true, total: inView, first: 'h4999' })
    expect(answers.at(-1)).toEqual({ partial: false, total: 5_000, first: 'h4999' })
    expect(queries().map((q) => [q.offset, q.first])).toEqual([
      [0, inView],
      [0, undefined]
    ])
  })

  it('flips the direction of the sorted column and starts a new one in its natural order', async () => {
    const store = await setUp({ acme: 1 })
    store.toggleSort('createdAt')
    expect(store.sort).toEqual({ key: 'createdAt', dir: 'asc' })
    store.toggleSort('name')
    expect(store.sort).toEqual({ key: 'name', dir: 'asc' })
    await vi.waitFor(() => expect(queries().at(-1)?.sort).toEqual({ key: 'name', dir: 'asc' }))
  })

  it('keeps nothing about an export the person cancelled', async () => {
    const store = await setUp({ acme: 1 })
    backend.nextSavePath(null)
    const result = await store.exportView('csv')
    expect(result).toEqual({ ok: true, value: { path: null, count: 0 } })
    expect(store.lastExport).toBeNull()
    expect(store.lastError).toBeNull()
    expect(backend.callsTo('history:export')[0]).toEqual({
      query: { sort: { key: 'createdAt', dir: 'desc' }, profileId: a },
      format: 'csv'
    })
  })

  it('marks an undone entry removed in place', async () => {
    const store = await setUp({ acme: 2 })
    const older = store.rowAt(1)?.id ?? ''
    await store.undo(older)
    expect(backend.callsTo('history:undo')).toEqual([{ id: older }])
    expect(store.rowAt(1)?.removedAt).toBeDefined()
    expect(backend.sandbox.contacts.filter((c) => c.deleted)).toHaveLength(1)
    expect(store.undoing).toBeNull()
  })
})
