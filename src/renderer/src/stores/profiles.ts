import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { AppError, Result } from '@shared/ipc'
import type { AccountSummary, KeyVerification } from '@shared/outcome'
import type { KeyStatus, Profile, ProfileInput, ProfilesState } from '@shared/profile'
import { busyFlags, createActionRunner } from './action'
import { bridge } from './bridge'

export type ProfilesAction =
  'load' | 'save' | 'remove' | 'select' | 'setKey' | 'clearKey' | 'refreshKeyStatus' | 'verify'

/** The answer to "whose account does this key open?", kept per profile until its key changes. */
export type Verification =
  { ok: true; account: AccountSummary | null; isContact: boolean } | { ok: false; error: AppError }

/** The last failed action, so the component that started it can show why, next to it. */
export interface ActionError {
  action: ProfilesAction
  profileId: string | null
  error: AppError
}

/**
 * Profiles and what the renderer may know about their keys. The API key itself passes through
 * `setKey` on its way to main and is never kept: not in state, not in an error, not in a log.
 */
export const useProfilesStore = defineStore('profiles', () => {
  const profiles = ref<Profile[]>([])
  const selectedId = ref<string | null>(null)
  const keyStatus = ref<Record<string, KeyStatus>>({})
  const verification = ref<Record<string, Verification>>({})
  const loaded = ref(false)
  const lastError = ref<ActionError | null>(null)
  const busy = reactive<Record<ProfilesAction, boolean>>({
    load: false,
    save: false,
    remove: false,
    select: false,
    setKey: false,
    clearKey: false,
    refreshKeyStatus: false,
    verify: false
  })

  const selected = computed(() => profiles.value.find((p) => p.id === selectedId.value) ?? null)

  // No `guard`: these calls have always been awaited as they are (see createActionRunner).
  const run = createActionRunner<ProfilesAction, ActionError>({
    lastError,
    failure: (action, profileId, error) => ({ action, profileId, error }),
    start: busyFlags(busy),
    // Background status checks must not wipe an error the person has not read yet.
    clears: (action) => action !== 'refreshKeyStatus'
  })

  function apply(state: ProfilesState): void {
    profiles.value = state.profiles
    selectedId.value = state.selectedId
    const known = new Set(state.profiles.map((p) => p.id))
    for (const id of Object.keys(keyStatus.value)) if (!known.has(id)) delete keyStatus.value[id]
    for (const id of Object.keys(verification.value)) if (!known.has(id)) delete verification.value[id]
  }

  async function load(): Promise<Result<ProfilesState>> {
    const result = await run('load', null, () => bridge().profiles.list())
    if (!result.ok) return result
    apply(result.value)
    loaded.value = true
    await Promise.all(result.value.profiles.map((p) => refreshKeyStatus(p.id)))
    return result
  }

  async function save(input: ProfileInput): Promise<Result<Profile>> {
    const request: ProfileInput = { name: input.name, baseUrl: input.baseUrl }
    if (input.id !== undefined) request.id = input.id
    const result = await run('save', input.id ?? null, () => bridge().profiles.save(request))
    if (!result.ok) {
      if (result.error.code === 'not_found') await resync()
      return result
    }
    const saved = result.value
    const at = profiles.value.findIndex((p) => p.id === saved.id)
    if (at >= 0) profiles.value.splice(at, 1, saved)
    else {
      profiles.value.push(saved)
      keyStatus.value[saved.id] = { set: false, hint: null }
      // A new profile is the one the person is setting up: its key goes in next.
      await select(saved.id)
    }
    return result
  }

  async function remove(id: string): Promise<Result<ProfilesState>> {
    const result = await run('remove', id, () => bridge().profiles.delete({ id }))
    if (result.ok) apply(result.value)
    else if (result.error.code === 'not_found') await resync()
    return result
  }

  async function select(id: string): Promise<Result<ProfilesState>> {
    const result = await run('select', id, () => bridge().profiles.select({ id }))
    if (result.ok) apply(result.value)
    else if (result.error.code === 'not_found') await resync()
    return result
  }

  async function setKey(profileId: string, apiKey: string): Promise<Result<KeyStatus>> {
    const result = await run('setKey', profileId, () => bridge().apiKey.set({ profileId, apiKey }))
    forgetLastMatch()
    if (result.ok) keyChanged(profileId, result.value)
    return result
  }

  async function clearKey(profileId: string): Promise<Result<KeyStatus>> {
    const result = await run('clearKey', profileId, () => bridge().apiKey.clear({ profileId }))
    if (result.ok) keyChanged(profileId, result.value)
    return result
  }

  async function refreshKeyStatus(profileId: string): Promise<Result<KeyStatus>> {
    const result = await run('refreshKeyStatus', profileId, () => bridge().apiKey.status({ profileId }))
    if (result.ok) keyStatus.value[profileId] = result.value
    return result
  }

  async function verify(profileId: string): Promise<Result<KeyVerification>> {
    delete verification.value[profileId]
    const result = await run('verify', profileId, () => bridge().apiKey.verify({ profileId }))
    verification.value[profileId] = result.ok
      ? { ok: true, account: summary(result.value.account), isContact: result.value.isContact === true }
      : { ok: false, error: result.error }
    return result
  }

  /** Keep only what the card shows, even if main ever passes more of the account (it holds secrets). */
  function summary(account: AccountSummary | null): AccountSummary | null {
    if (!account) return null
    const { id, firstname, lastname, companyname, email } = account
    return { id: String(id), firstname, lastname, companyname, email }
  }

  /** A verification describes the key it checked; a new or cleared key makes it stale. */
  function keyChanged(profileId: string, status: KeyStatus): void {
    keyStatus.value[profileId] = status
    delete verification.value[profileId]
  }

  /** A profile main changed on its own channel (its presets): shown as main has it now. */
  function replace(profile: Profile): void {
    const at = profiles.value.findIndex((p) => p.id === profile.id)
    if (at >= 0) profiles.value.splice(at, 1, profile)
  }

  /** After "not found" the list is out of date (another window changed it): show what is stored. */
  async function resync(): Promise<void> {
    const listed = await bridge().profiles.list()
    if (listed.ok) apply(listed.value)
  }

  return {
    profiles,
    selectedId,
    selected,
    keyStatus,
    verification,
    loaded,
    lastError,
    busy,
    load,
    save,
    remove,
    select,
    setKey,
    clearKey,
    refreshKeyStatus,
    verify,
    replace
  }
})

/**
 * The page's legacy `RegExp.input` / `RegExp.lastMatch` keep the last string any regular expression
 * matched: after the key field's checks, the key itself. A match on an empty string replaces it.
 */
function forgetLastMatch(): void {
  ;/(?:)/.exec('')
}
