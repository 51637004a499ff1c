import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { HistoryQuery } from '@shared/history'
import {
  FETCH_THROTTLE_MS,
  HISTORY_WINDOW,
  MAX_WINDOWS,
  SEARCH_DEBOUNCE_MS,
  useHistoryStore
} from './history'
import { useProfilesStore } from './profiles'
import { createFakeListsApi, historyEntry, settle, type FakeListsApi } from '../testing/fakeListsApi'

let fake: FakeListsApi

async function setUp(seed: Parameters<typeof createFakeListsApi>[0]) {
  fake = createFakeListsApi(seed)
  window.api = fake.api
  await useProfilesStore().load()
  const store = useHistoryStore()
  store.activate()
  await settle()
  return store
}

const queries = () => fake.callsTo('history:query') as HistoryQuery[]

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.useRealTimers())

describe('useHistoryStore', () => {
  it('asks for the first window of the selected profile, newest first', async () => {
    const store = await setUp({ history: [historyEntry(1), historyEntry(2, { profileId: 'b' })] })
    expect(queries()).toEqual([
      { sort: { key: 'createdAt', dir: 'desc' }, profileId: 'a', offset: 0, limit: 200 }
    ])
    expect(store.total).toBe(1)
    expect(store.rowAt(0)?.id).toBe('h1')
    store.scope = 'all'
    await settle()
    expect(queries().at(-1)).not.toHaveProperty('profileId')
    expect(store.total).toBe(2)
  })

  it('turns a burst of typing into one query with the final text', async () => {
    const store = await setUp({ history: [historyEntry(1)] })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    for (const text of ['a', 'an', 'ann', 'anna']) {
      store.text = text
      await Promise.resolve()
      vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 10)
    }
    expect(queries()).toHaveLength(1)
    vi.advanceTimersByTime(10)
    expect(queries()).toHaveLength(2)
    expect(queries()[1]?.text).toBe('anna')
  })

  it('fetches only the windows a range falls in, once each, and keeps a bounded number', async () => {
    const store = await setUp({ historySize: 100_000 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const scrollTo = async (start: number) => {
      store.ensure(start, start + 30)
      await vi.advanceTimersByTimeAsync(FETCH_THROTTLE_MS)
    }
    expect(store.total).toBe(100_000)
    await scrollTo(0)
    await scrollTo(50_190)
    expect(queries().map((q) => q.offset)).toEqual([0, 50_000, 50_200])
    expect(store.rowAt(50_210)?.id).toBe('h50210')
    for (let w = 0; w < MAX_WINDOWS + 5; w += 1) await scrollTo(w * HISTORY_WINDOW * 3)
    const cached = Array.from({ length: 500 }, (_, w) => store.rowAt(w * HISTORY_WINDOW)).filter(Boolean)
    expect(cached.length).toBeLessThanOrEqual(MAX_WINDOWS)
  })

  it('asks only for where the list is, not every window scrolled past on the way', async () => {
    const store = await setUp({ historySize: 100_000 })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    store.ensure(0, 30)
    for (let row = 1_000; row <= 90_000; row += 1_000) store.ensure(row, row + 30)
    await vi.advanceTimersByTimeAsync(FETCH_THROTTLE_MS)
    expect(queries().map((q) => q.offset)).toEqual([0, 90_000])
  })

  it('flips the direction of the sorted column and starts a new one in its natural order', async () => {
    const store = await setUp({ history: [historyEntry(1)] })
    store.toggleSort('createdAt')
    expect(store.sort).toEqual({ key: 'createdAt', dir: 'asc' })
    store.toggleSort('name')
    expect(store.sort).toEqual({ key: 'name', dir: 'asc' })
    await settle()
    expect(queries().at(-1)?.sort).toEqual({ key: 'name', dir: 'asc' })
  })

  it('keeps nothing about an export the person cancelled', async () => {
    const store = await setUp({ history: [historyEntry(1)] })
    const result = await store.exportView('csv')
    expect(result).toEqual({ ok: true, value: { path: null, count: 0 } })
    expect(store.lastExport).toBeNull()
    expect(store.lastError).toBeNull()
    expect(fake.callsTo('history:export')[0]).toEqual({
      query: { sort: { key: 'createdAt', dir: 'desc' }, profileId: 'a' },
      format: 'csv'
    })
  })

  it('marks an undone entry removed in place', async () => {
    const store = await setUp({ history: [historyEntry(1), historyEntry(2)] })
    await store.undo('h2')
    expect(fake.callsTo('history:undo')).toEqual([{ id: 'h2' }])
    expect(store.rowAt(1)?.removedAt).toBeDefined()
    expect(store.undoing).toBeNull()
  })
})
