import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { isReactive, reactive } from 'vue'
import { useProfilesStore } from './profiles'
import { GOOD_KEY, createFakeApi, profile, type FakeApi } from '../testing/fakeApi'

let fake: FakeApi
let pinia: Pinia

function setUp(seed: Parameters<typeof createFakeApi>[0] = {}) {
  fake = createFakeApi(seed)
  window.api = fake.api
  return useProfilesStore()
}

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
})

describe('useProfilesStore', () => {
  it('loads profiles, the selection and every key status', async () => {
    const store = setUp({
      profiles: [profile('a', 'Acme'), profile('b', 'Bolaget')],
      selectedId: 'b',
      keys: { a: GOOD_KEY }
    })
    await store.load()
    expect(store.profiles.map((p) => p.name)).toEqual(['Acme', 'Bolaget'])
    expect(store.selected?.id).toBe('b')
    expect(store.keyStatus).toEqual({ a: { set: true, hint: 'a1b2' }, b: { set: false, hint: null } })
  })

  it('keeps no trace of the key but its hint after setKey, whether it worked or not', async () => {
    const store = setUp({ profiles: [profile('a', 'Acme')] })
    await store.load()
    await store.setKey('a', GOOD_KEY)
    fake.failNext('apiKey:set', {
      code: 'keychain_locked',
      message: 'Cannot create an item in a locked collection'
    })
    await store.setKey('a', `${GOOD_KEY}-second`)

    const serialized = JSON.stringify(pinia.state.value)
    expect(serialized).not.toContain(GOOD_KEY)
    expect(serialized).toContain('a1b2')
    expect(store.lastError?.error.code).toBe('keychain_locked')
  })

  it('sends plain objects over IPC, never Vue proxies', async () => {
    const store = setUp()
    const input = reactive({ name: 'Acme', baseUrl: 'https://cloud.hostup.se/api' })
    let sent: unknown
    const save = fake.api.profiles.save
    window.api = { ...fake.api, profiles: { ...fake.api.profiles, save: (r) => ((sent = r), save(r)) } }
    await store.save(input)
    expect(isReactive(sent)).toBe(false)
    expect(sent).toEqual({ name: 'Acme', baseUrl: 'https://cloud.hostup.se/api' })
  })

  it('selects a newly created profile, so its key can be set next', async () => {
    const store = setUp({ profiles: [profile('a', 'Acme')], selectedId: 'a' })
    await store.load()
    const saved = await store.save({ name: 'Bolaget', baseUrl: 'https://cloud.hostup.se/api' })
    expect(saved.ok && store.selectedId === saved.value.id).toBe(true)
    expect(store.keyStatus[store.selectedId ?? '']).toEqual({ set: false, hint: null })
  })

  it('forgets a stale verification when the key changes', async () => {
    const store = setUp({ profiles: [profile('a', 'Acme')], keys: { a: GOOD_KEY } })
    await store.load()
    await store.verify('a')
    expect(store.verification.a?.ok).toBe(true)
    await store.clearKey('a')
    expect(store.verification.a).toBeUndefined()
  })

  it('keeps only the account fields the card shows', async () => {
    const store = setUp({ profiles: [profile('a', 'Acme')], keys: { a: GOOD_KEY } })
    const verify = fake.api.apiKey.verify
    window.api = {
      ...fake.api,
      apiKey: {
        ...fake.api.apiKey,
        verify: async (r) => {
          const result = await verify(r)
          if (result.ok && result.value.account)
            Object.assign(result.value.account, { resetToken: 'secret-token' })
          return result
        }
      }
    }
    await store.verify('a')
    expect(JSON.stringify(pinia.state.value)).not.toContain('secret-token')
  })

  it('drops everything it knew about a deleted profile', async () => {
    const store = setUp({ profiles: [profile('a', 'Acme'), profile('b', 'Bolaget')], keys: { a: GOOD_KEY } })
    await store.load()
    await store.verify('a')
    await store.remove('a')
    expect(store.profiles.map((p) => p.id)).toEqual(['b'])
    expect(store.keyStatus.a).toBeUndefined()
    expect(store.verification.a).toBeUndefined()
  })

  it('resynchronises the list when main no longer knows a profile', async () => {
    const store = setUp({ profiles: [profile('a', 'Acme'), profile('b', 'Bolaget')] })
    await store.load()
    await window.api.profiles.delete({ id: 'b' })
    const result = await store.select('b')
    expect(result.ok).toBe(false)
    expect(store.lastError).toMatchObject({ action: 'select', profileId: 'b', error: { code: 'not_found' } })
    expect(store.profiles.map((p) => p.id)).toEqual(['a'])
  })

  it('reports a missing bridge as an error instead of throwing', async () => {
    delete (window as { api?: unknown }).api
    const store = useProfilesStore()
    const result = await store.load()
    expect(result.ok).toBe(false)
    expect(store.lastError?.error.code).toBe('internal')
  })
})
