import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useOutboxStore, TOAST_MS } from './outbox'
import { openBackend, type Backend } from '../testing/backend'
import { settle } from '../testing/dom'

let backend: Backend
let a: string
let b: string

beforeEach(async () => {
  backend = await openBackend()
  a = await backend.seedProfile('Acme AB')
  b = await backend.seedProfile('Bolaget')
  await backend.queued(a, { firstname: 'Anna' }, 'o1')
  await backend.unknown(a, { firstname: 'Bo' }, 'o2')
  await backend.queued(b, { firstname: 'Cia' }, 'o3')
})

describe('useOutboxStore', () => {
  it('lists the profile’s items', async () => {
    const store = useOutboxStore()
    await store.load(a)
    expect(store.items.map((i) => i.id)).toEqual(['o1', 'o2'])
  })

  it('takes the badge’s counts over every profile from main, not from one profile’s list', async () => {
    const store = useOutboxStore()
    await store.load(b)
    await store.loadCounts()
    expect(store.counts).toEqual({ waiting: 2, needsDecision: 1 })
    expect(backend.callsTo('outbox:counts')).toHaveLength(1)
  })

  it('takes main’s counts from every change and reloads the list', async () => {
    const store = useOutboxStore()
    store.start()
    store.start()
    await store.load(a)
    const lists = backend.callsTo('outbox:list').length
    expect((await store.resolve({ id: 'o1', decision: 'discard' })).ok).toBe(true)
    await vi.waitFor(() => expect(store.counts).toEqual({ waiting: 1, needsDecision: 1 }))
    expect(store.items.map((i) => i.id)).toEqual(['o2'])
    expect(store.revision).toBeGreaterThanOrEqual(1)
    // Subscribed once however often started: one event, one reload.
    await settle()
    expect(backend.callsTo('outbox:list').length - lists).toBe(store.revision)
  })

  it('sends a decision as a plain object of exactly its keys', async () => {
    const store = useOutboxStore()
    await store.load(a)
    const decision = { id: 'o2', decision: 'exists' as const, contactId: 20001, extra: 'x' }
    const result = await store.resolve(decision)
    expect(result.ok).toBe(true)
    expect(backend.callsTo('outbox:resolve')).toEqual([{ id: 'o2', decision: 'exists', contactId: 20001 }])
    expect(store.items.map((i) => i.id)).toEqual(['o1'])
  })

  it('queues a toast for sends the outbox made by itself and lets it go after 6 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const store = useOutboxStore()
    store.start()
    backend.emit('outbox:changed', {
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
    await store.load(a)
    backend.setOnline(false)
    await store.sendNow('o1')
    expect(store.lastError).toMatchObject({
      action: 'sendNow',
      id: 'o1',
      error: { code: 'offline', message: 'errors.outbox.offline' }
    })
    expect(store.pending).toEqual({})
  })
})
