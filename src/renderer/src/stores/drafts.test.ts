import { beforeEach, describe, expect, it } from 'vitest'
import { isReactive } from 'vue'
import { useDraftsStore } from './drafts'
import { useAppStore } from './app'
import { openBackend, type Backend } from '../testing/backend'

let backend: Backend
let a: string
let b: string

beforeEach(async () => {
  backend = await openBackend()
  a = await backend.seedProfile('Acme AB')
  b = await backend.seedProfile('Bolaget')
  await backend.draft(a, { firstname: 'Anna' }, 'd1')
  await new Promise((r) => setTimeout(r, 5))
  await backend.draft(a, { firstname: 'Bo' }, 'd2')
  await backend.draft(b, { firstname: 'Cia' }, 'd3')
})

describe('useDraftsStore', () => {
  it('lists one profile’s drafts, last edited first', async () => {
    const store = useDraftsStore()
    await store.load(a)
    expect(store.drafts.map((d) => d.id)).toEqual(['d2', 'd1'])
    expect(store.loaded).toBe(true)
  })

  it('drops a late answer for a profile the person has left', async () => {
    const store = useDraftsStore()
    const first = store.load('a')
    const second = store.load(b)
    await Promise.all([first, second])
    expect(store.drafts.map((d) => d.id)).toEqual(['d3'])
  })

  it('removes and duplicates with plain ID objects', async () => {
    const store = useDraftsStore()
    await store.load(a)
    await store.duplicate('d1')
    await store.remove('d2')
    const sent = [...backend.callsTo('drafts:duplicate'), ...backend.callsTo('drafts:remove')]
    expect(sent).toEqual([{ id: 'd1' }, { id: 'd2' }])
    expect(sent.some((p) => isReactive(p))).toBe(false)
    expect(store.drafts.map((d) => d.id)).toEqual([expect.not.stringMatching(/^d[12]$/), 'd1'])
    expect(store.drafts[0]?.fields).toMatchObject({ firstname: 'Anna', email: '' })
  })

  it('keeps the draft and reports why when main refuses to delete it', async () => {
    // The draft's send ended unknown: main keeps it until the person decides.
    await backend.unknown(a, { firstname: 'Dan' }, 'd4')
    const store = useDraftsStore()
    await store.load(a)
    await store.remove('d4')
    expect(store.drafts.map((d) => d.id)).toContain('d4')
    expect(store.lastError).toMatchObject({
      action: 'remove',
      id: 'd4',
      error: { code: 'validation', message: 'errors.outbox.undecided' }
    })
  })

  it('hands a draft to the form once and shows the form', () => {
    const store = useDraftsStore()
    useAppStore().show('settings')
    store.open('d1')
    expect(useAppStore().view).toBe('newContact')
    expect(store.takeOpenDraft()).toBe('d1')
    expect(store.takeOpenDraft()).toBeNull()
  })

  it('turns a call that throws into an error instead of a stuck list', async () => {
    window.api = {
      ...backend.api,
      drafts: { ...backend.api.drafts, list: () => Promise.reject(new Error('boom')) }
    }
    const store = useDraftsStore()
    const result = await store.load(a)
    expect(result.ok).toBe(false)
    expect(store.busy.load).toBe(false)
    expect(store.lastError?.error.code).toBe('internal')
  })
})
