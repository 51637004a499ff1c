import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useOutboxStore, TOAST_MS } from './outbox'
import { createFakeListsApi, outboxItem, settle, type FakeListsApi } from '../testing/fakeListsApi'

let fake: FakeListsApi

beforeEach(() => {
  setActivePinia(createPinia())
  fake = createFakeListsApi({
    outbox: [
      outboxItem('o1', 'Anna', 'Svensson'),
      outboxItem('o2', 'Bo', 'Ek', { state: 'unknown', attempts: 1 }),
      outboxItem('o3', 'Cia', 'Berg', { profileId: 'b' })
    ]
  })
  window.api = fake.api
})

afterEach(() => {
  useOutboxStore().dispose()
  vi.useRealTimers()
})

describe('useOutboxStore', () => {
  it('lists the profile’s items and guesses the counts from them until main reports', async () => {
    const store = useOutboxStore()
    await store.load('a')
    expect(store.items.map((i) => i.id)).toEqual(['o1', 'o2'])
    expect(store.counts).toEqual({ waiting: 1, needsDecision: 1 })
  })

  it('sums every profile’s items for the badge before main has reported any change', async () => {
    const store = useOutboxStore()
    await store.refreshCounts(['a', 'b'])
    expect(store.counts).toEqual({ waiting: 2, needsDecision: 1 })
    // Once summed over all profiles, one profile's list no longer stands for the whole.
    await store.load('b')
    expect(store.counts).toEqual({ waiting: 2, needsDecision: 1 })
  })

  it('takes main’s counts from every change and reloads the list', async () => {
    const store = useOutboxStore()
    store.start()
    store.start()
    await store.load('a')
    fake.outbox.splice(0, 1)
    fake.emit('outbox:changed', { counts: { waiting: 4, needsDecision: 2 } })
    await settle()
    expect(store.counts).toEqual({ waiting: 4, needsDecision: 2 })
    expect(store.items.map((i) => i.id)).toEqual(['o2'])
    expect(store.revision).toBe(1)
    // Subscribed once however often started: one event, one reload.
    expect(fake.callsTo('outbox:list')).toHaveLength(2)
  })

  it('sends a decision as a plain object of exactly its keys', async () => {
    const store = useOutboxStore()
    await store.load('a')
    const decision = { id: 'o2', decision: 'exists' as const, contactId: 20001, extra: 'x' }
    const result = await store.resolve(decision)
    expect(result.ok).toBe(true)
    expect(fake.callsTo('outbox:resolve')).toEqual([{ id: 'o2', decision: 'exists', contactId: 20001 }])
    expect(store.items.map((i) => i.id)).toEqual(['o1'])
  })

  it('queues a toast for sends the outbox made by itself and lets it go after 6 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const store = useOutboxStore()
    store.start()
    fake.emit('outbox:changed', {
      counts: { waiting: 0, needsDecision: 0 },
      sent: [{ id: 'o1', name: 'Anna Svensson', contactId: 14087 }]
    })
    expect(store.toasts).toHaveLength(1)
    expect(store.toasts[0]?.sent[0]).toEqual({ id: 'o1', name: 'Anna Svensson', contactId: 14087 })
    vi.advanceTimersByTime(TOAST_MS - 1)
    expect(store.toasts).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(store.toasts).toHaveLength(0)
  })

  it('says which item an action failed on', async () => {
    const store = useOutboxStore()
    await store.load('a')
    fake.failNext('outbox:sendNow', { code: 'offline', message: 'offline' })
    await store.sendNow('o1')
    expect(store.lastError).toMatchObject({ action: 'sendNow', id: 'o1', error: { code: 'offline' } })
    expect(store.pending).toEqual({})
  })
})
