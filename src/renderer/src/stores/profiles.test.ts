import { beforeEach, describe, expect, it } from 'vitest'
import { type Pinia } from 'pinia'
import { isReactive, reactive } from 'vue'
import { useAppStore } from './app'
import { useProfilesStore } from './profiles'
import { DEMO_KEY, openBackend, type Backend } from '../testing/backend'
import { testPinia } from '../testing/setup'

let backend: Backend
let pinia: Pinia
/** Profile name → its ID in main. */
let ids: Record<string, string>

/** Main with these profiles (the first is selected unless `selected` says otherwise), and these with a key. */
async function setUp(seed: { profiles?: string[]; keys?: string[]; selected?: string } = {}) {
  backend = await openBackend()
  ids = {}
  for (const name of seed.profiles ?? [])
    ids[name] = await backend.seedProfile(name, seed.keys?.includes(name) ? DEMO_KEY : null)
  if (seed.selected) await backend.handlers['profiles:select']({ id: ids[seed.selected] ?? '' })
  return useProfilesStore()
}

const HINT = DEMO_KEY.slice(-4)

beforeEach(() => {
  pinia = testPinia()
})

describe('useProfilesStore', () => {
  it('loads profiles, the selection and every key status', async () => {
    const store = await setUp({ profiles: ['Acme', 'Bolaget'], selected: 'Bolaget', keys: ['Acme'] })
    await store.load()
    expect(store.profiles.map((p) => p.name)).toEqual(['Acme', 'Bolaget'])
    expect(store.selected?.id).toBe(ids.Bolaget)
    expect(store.keyStatus).toEqual({
      [ids.Acme ?? '']: { set: true, hint: HINT },
      [ids.Bolaget ?? '']: { set: false, hint: null }
    })
  })

  it('keeps no trace of the key but its hint after setKey, whether it worked or not', async () => {
    const store = await setUp({ profiles: ['Acme'] })
    await store.load()
    await store.setKey(ids.Acme ?? '', DEMO_KEY)
    backend.failNext('apiKey:set', { code: 'keychain_locked', message: 'errors.keychain.locked' })
    await store.setKey(ids.Acme ?? '', `${DEMO_KEY}-second`)

    const serialized = JSON.stringify(pinia.state.value)
    expect(serialized).not.toContain(DEMO_KEY)
    expect(serialized).toContain(HINT)
    expect(store.lastError?.error.code).toBe('keychain_locked')
  })

  it('sends plain objects over IPC, never Vue proxies', async () => {
    const store = await setUp()
    const input = reactive({ name: 'Acme', baseUrl: 'https://cloud.hostup.se/api' })
    await store.save(input)
    const [sent] = backend.callsTo('profiles:save')
    expect(isReactive(sent)).toBe(false)
    expect(sent).toEqual({ name: 'Acme', baseUrl: 'https://cloud.hostup.se/api' })
  })

  it('selects a newly created profile, so its key can be set next', async () => {
    const store = await setUp({ profiles: ['Acme'] })
    await store.load()
    const saved = await store.save({ name: 'Bolaget', baseUrl: 'https://cloud.hostup.se/api' })
    expect(saved.ok && store.selectedId === saved.value.id).toBe(true)
    expect(store.keyStatus[store.selectedId ?? '']).toEqual({ set: false, hint: null })
  })

  it('forgets a stale verification when the key changes', async () => {
    const store = await setUp({ profiles: ['Acme'], keys: ['Acme'] })
    const a = ids.Acme ?? ''
    await store.load()
    await store.verify(a)
    expect(store.verification[a]?.ok).toBe(true)
    await store.clearKey(a)
    expect(store.verification[a]).toBeUndefined()
  })

  it('keeps only the account fields the card shows', async () => {
    const store = await setUp({ profiles: ['Acme'], keys: ['Acme'] })
    const verify = backend.api.apiKey.verify
    window.api = {
      ...backend.api,
      apiKey: {
        ...backend.api.apiKey,
        verify: async (r) => {
          const result = await verify(r)
          if (result.ok && result.value.account)
            Object.assign(result.value.account, { resetToken: 'secret-token' })
          return result
        }
      }
    }
    await store.verify(ids.Acme ?? '')
    expect(store.verification[ids.Acme ?? '']?.ok).toBe(true)
    expect(JSON.stringify(pinia.state.value)).not.toContain('secret-token')
  })

  it('drops everything it knew about a deleted profile', async () => {
    const store = await setUp({ profiles: ['Acme', 'Bolaget'], keys: ['Acme'] })
    const a = ids.Acme ?? ''
    await store.load()
    await store.verify(a)
    await store.remove(a)
    expect(store.profiles.map((p) => p.id)).toEqual([ids.Bolaget])
    expect(store.keyStatus[a]).toBeUndefined()
    expect(store.verification[a]).toBeUndefined()
  })

  it('resynchronises the list when main no longer knows a profile', async () => {
    const store = await setUp({ profiles: ['Acme', 'Bolaget'] })
    const b = ids.Bolaget ?? ''
    await store.load()
    await window.api.profiles.delete({ id: b })
    const result = await store.select(b)
    expect(result.ok).toBe(false)
    expect(store.lastError).toMatchObject({ action: 'select', profileId: b, error: { code: 'not_found' } })
    expect(store.profiles.map((p) => p.id)).toEqual([ids.Acme])
  })

  it('reports a missing bridge as an error instead of throwing', async () => {
    delete (window as { api?: unknown }).api
    const store = useProfilesStore()
    const result = await store.load()
    expect(result.ok).toBe(false)
    expect(store.lastError?.error.code).toBe('internal')
  })

  describe('the quiet check of the key', () => {
    it('asks HostUp at load about the selected profile only, keeping the answer main stored', async () => {
      const store = await setUp({ profiles: ['Acme', 'Bolaget'], keys: ['Acme', 'Bolaget'] })
      await store.load()
      await store.checked()
      expect(backend.callsTo('apiKey:verify')).toEqual([{ profileId: ids.Acme }])
      expect(store.selected?.keyCheck).toMatchObject({
        state: 'verified',
        account: { firstname: 'Anna', lastname: 'Svensson' }
      })
      expect(store.standing(store.selected!)).toEqual({ state: 'verified', owner: 'Anna Svensson' })
      expect(store.lastError).toBeNull()
    })

    it('asks again on every switch', async () => {
      const store = await setUp({ profiles: ['Acme', 'Bolaget'], keys: ['Acme', 'Bolaget'] })
      await store.load()
      await store.select(ids.Bolaget ?? '')
      await store.checked()
      await store.select(ids.Acme ?? '')
      await store.checked()
      expect(backend.callsTo('apiKey:verify')).toEqual([
        { profileId: ids.Acme },
        { profileId: ids.Bolaget },
        { profileId: ids.Acme }
      ])
    })

    it('marks a revoked key refused without a word of error, and a lost network as nothing', async () => {
      const store = await setUp({ profiles: ['Acme'], keys: ['Acme'] })
      await store.load()
      await store.checked()
      await backend.sandbox.goOffline()
      await store.recheck(ids.Acme ?? '')
      await backend.sandbox.goOnline()
      expect(store.standing(store.selected!)).toEqual({ state: 'verified', owner: 'Anna Svensson' })
      backend.sandbox.revokeKey(DEMO_KEY)
      await store.recheck(ids.Acme ?? '')
      expect(store.standing(store.selected!)).toEqual({ state: 'refused' })
      expect(store.lastError).toBeNull()
      expect(store.busy.verify).toBe(false)
    })

    it('does not ask about a profile without a key', async () => {
      const store = await setUp({ profiles: ['Acme'] })
      await store.load()
      await store.checked()
      expect(backend.callsTo('apiKey:verify')).toEqual([])
      expect(store.standing(store.selected!)).toEqual({ state: 'noKey' })
    })
  })

  it('waits for the person before a switch that would carry a half-typed contact to another account', async () => {
    const store = await setUp({ profiles: ['Acme', 'Bolaget'] })
    await store.load()
    const unguard = useAppStore().guardSwitching(() => true)
    await store.choose(ids.Bolaget ?? '')
    expect(store.pendingSwitch).toBe(ids.Bolaget)
    expect(backend.callsTo('profiles:select')).toEqual([])
    store.cancelSwitch()
    expect(store.pendingSwitch).toBeNull()
    unguard()
    await store.choose(ids.Bolaget ?? '')
    expect(backend.callsTo('profiles:select')).toEqual([{ id: ids.Bolaget }])
  })
})
