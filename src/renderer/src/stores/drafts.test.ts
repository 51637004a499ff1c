import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { isReactive } from 'vue'
import { useDraftsStore } from './drafts'
import { useAppStore } from './app'
import { createFakeListsApi, draft, type FakeListsApi } from '../testing/fakeListsApi'

let fake: FakeListsApi

beforeEach(() => {
  setActivePinia(createPinia())
  fake = createFakeListsApi({
    drafts: [
      draft('d1', 'Anna', 'Svensson', { updatedAt: '2026-11-27T08:00:00.000Z' }),
      draft('d2', 'Bo', 'Ek', { updatedAt: '2026-11-27T09:00:00.000Z' }),
      draft('d3', 'Cia', 'Berg', { profileId: 'b' })
    ]
  })
  window.api = fake.api
})

describe('useDraftsStore', () => {
  it('lists one profile’s drafts, last edited first', async () => {
    const store = useDraftsStore()
    await store.load('a')
    expect(store.drafts.map((d) => d.id)).toEqual(['d2', 'd1'])
    expect(store.loaded).toBe(true)
  })

  it('drops a late answer for a profile the person has left', async () => {
    const store = useDraftsStore()
    const first = store.load('a')
    const second = store.load('b')
    await Promise.all([first, second])
    expect(store.drafts.map((d) => d.id)).toEqual(['d3'])
  })

  it('removes and duplicates with plain ID objects', async () => {
    const store = useDraftsStore()
    await store.load('a')
    await store.duplicate('d1')
    await store.remove('d2')
    const sent = [...fake.callsTo('drafts:duplicate'), ...fake.callsTo('drafts:remove')]
    expect(sent).toEqual([{ id: 'd1' }, { id: 'd2' }])
    expect(sent.some((p) => isReactive(p))).toBe(false)
    expect(store.drafts.map((d) => d.id)).toEqual(['copy1', 'd1'])
    expect(store.drafts[0]?.fields.email).toBe('')
  })

  it('keeps the draft and reports why when main refuses to delete it', async () => {
    const store = useDraftsStore()
    await store.load('a')
    fake.failNext('drafts:remove', { code: 'validation', message: 'The outcome of the last send is unknown' })
    await store.remove('d1')
    expect(store.drafts.map((d) => d.id)).toContain('d1')
    expect(store.lastError).toMatchObject({ action: 'remove', id: 'd1', error: { code: 'validation' } })
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
      ...fake.api,
      drafts: { ...fake.api.drafts, list: () => Promise.reject(new Error('boom')) }
    }
    const store = useDraftsStore()
    const result = await store.load('a')
    expect(result.ok).toBe(false)
    expect(store.busy.load).toBe(false)
    expect(store.lastError?.error.code).toBe('internal')
  })
})
