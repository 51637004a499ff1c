import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { AppError, Result } from '@shared/ipc'
import type { AccountSummary, KeyVerification } from '@shared/outcome'
import {
  accountOwner,
  type KeyStatus,
  type Profile,
  type ProfileInput,
  type ProfilesState
} from '@shared/profile'
import { busyFlags, createActionRunner } from './action'
import { useAppStore } from './app'
import { bridge } from './bridge'

export type ProfilesAction =
  'load' | 'save' | 'remove' | 'select' | 'setKey' | 'clearKey' | 'refreshKeyStatus' | 'verify'

/** The answer to "whose account does this key open?", kept per profile until its key changes. */
export type Verification =
  { ok: true; account: AccountSummary | null; isContact: boolean } | { ok: false; error: AppError }

/**
 * What the app can say about a profile's key at a glance: none set, refused by HostUp (a 401),
 * opening a known account (its owner's name), or set and not verified yet.
 */
export type KeyStanding =
  | { state: 'noKey' }
  | { state: 'refused' }
  | { state: 'verified'; owner: string | null }
  | { state: 'unverified' }

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
  /** The profile the person chose while the New contact form holds a contact: waiting for their answer. */
  const pendingSwitch = ref<string | null>(null)
  /** The profile in use the person deleted, when that delete is what brings `pendingSwitch`. */
  const pendingRemoval = ref<string | null>(null)
  let lastCheck: Promise<void> = Promise.resolve()
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
    if (result.value.selectedId) void recheck(result.value.selectedId)
    return result
  }

  async function save(input: ProfileInput): Promise<Result<Profile>> {
    const request: ProfileInput = { name: input.name, baseUrl: input.baseUrl }
    if (input.id !== undefined) request.id = input.id
    if (input.color !== undefined) request.color = input.color
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
      // A new profile is the one the person is setting up: its key goes in next (asked first, as
      // any switch, while the New contact form holds a contact).
      await choose(saved.id)
    }
    return result
  }

  async function remove(id: string): Promise<Result<ProfilesState>> {
    const before = selectedId.value
    const result = await run('remove', id, () => bridge().profiles.delete({ id }))
    if (result.ok) {
      apply(result.value)
      if (selectedId.value !== null && selectedId.value !== before) void recheck(selectedId.value)
    } else if (result.error.code === 'not_found') await resync()
    return result
  }

  /**
   * The person deletes a profile. Deleting the one in use switches to the first of the others (as
   * main does); while the New contact form holds a contact that switch waits for the same answer as
   * any other, and the profile stays until then. `null`: waiting.
   */
  async function discard(id: string): Promise<Result<ProfilesState> | null> {
    const next = profiles.value.find((p) => p.id !== id)
    if (id === selectedId.value && next && useAppStore().switchingNeedsConfirm()) {
      pendingSwitch.value = next.id
      pendingRemoval.value = id
      return null
    }
    return remove(id)
  }

  /** The person's yes to the waiting switch (and to the delete that brings it). */
  async function confirmSwitch(): Promise<void> {
    const target = pendingSwitch.value
    const removing = pendingRemoval.value
    if (target === null) return
    if (removing === null) {
      await select(target)
      return
    }
    pendingSwitch.value = null
    pendingRemoval.value = null
    await remove(removing)
  }

  async function select(id: string): Promise<Result<ProfilesState>> {
    pendingSwitch.value = null
    pendingRemoval.value = null
    const result = await run('select', id, () => bridge().profiles.select({ id }))
    if (result.ok) {
      apply(result.value)
      void recheck(id)
    } else if (result.error.code === 'not_found') await resync()
    return result
  }

  /**
   * The person picks another profile. While the New contact form holds a contact, that contact would
   * go to the other account: the switch waits in `pendingSwitch` for the person's answer.
   */
  async function choose(id: string): Promise<void> {
    if (id === selectedId.value) return
    if (useAppStore().switchingNeedsConfirm()) {
      pendingSwitch.value = id
      return
    }
    await select(id)
  }

  function cancelSwitch(): void {
    pendingSwitch.value = null
    pendingRemoval.value = null
  }

  async function setKey(profileId: string, apiKey: string): Promise<Result<KeyStatus>> {
    const result = await run('setKey', profileId, () => bridge().apiKey.set({ profileId, apiKey }))
    forgetLastMatch()
    if (result.ok) await keyChanged(profileId, result.value)
    return result
  }

  async function clearKey(profileId: string): Promise<Result<KeyStatus>> {
    const result = await run('clearKey', profileId, () => bridge().apiKey.clear({ profileId }))
    if (result.ok) await keyChanged(profileId, result.value)
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
    await rereadCheck(profileId)
    return result
  }

  /**
   * Asks HostUp again, without a word on screen, whose account the profile's key opens: at start
   * and on every switch, so a key revoked in the dashboard shows before a contact is sent with it.
   * Main keeps the answer (or "refused" for a 401); offline or a failing server changes nothing.
   */
  function recheck(profileId: string): Promise<void> {
    const checking = quietVerify(profileId)
    lastCheck = checking
    return checking
  }

  /** The quiet check last started, done (tests and whoever must not race it wait for it). */
  const checked = (): Promise<void> => lastCheck

  async function quietVerify(profileId: string): Promise<void> {
    if (keyStatus.value[profileId]?.set !== true) return
    const result = await bridge()
      .apiKey.verify({ profileId })
      .catch(() => null)
    if (!result) return
    if (result.ok)
      verification.value[profileId] = {
        ok: true,
        account: summary(result.value.account),
        isContact: result.value.isContact === true
      }
    await rereadCheck(profileId)
  }

  /** Main has the last word about a key (profile.keyCheck): take the profile as it is stored now. */
  async function rereadCheck(profileId: string): Promise<void> {
    const listed = await bridge()
      .profiles.list()
      .catch(() => null)
    const stored = listed?.ok ? listed.value.profiles.find((p) => p.id === profileId) : undefined
    if (stored) replace(stored)
  }

  /** Keep only what the card shows, even if main ever passes more of the account (it holds secrets). */
  function summary(account: AccountSummary | null): AccountSummary | null {
    if (!account) return null
    const { id, firstname, lastname, companyname, email } = account
    return { id: String(id), firstname, lastname, companyname, email }
  }

  /** A verification describes the key it checked; a new or cleared key makes it stale (main forgot its check too). */
  async function keyChanged(profileId: string, status: KeyStatus): Promise<void> {
    keyStatus.value[profileId] = status
    delete verification.value[profileId]
    await rereadCheck(profileId)
  }

  function standing(profile: Profile): KeyStanding {
    if (keyStatus.value[profile.id]?.set === false) return { state: 'noKey' }
    const check = profile.keyCheck
    if (check?.state === 'refused') return { state: 'refused' }
    if (check?.state === 'verified') return { state: 'verified', owner: accountOwner(check) }
    return { state: 'unverified' }
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
    pendingSwitch,
    pendingRemoval,
    busy,
    load,
    save,
    remove,
    discard,
    select,
    choose,
    confirmSwitch,
    cancelSwitch,
    recheck,
    checked,
    rereadCheck,
    setKey,
    clearKey,
    refreshKeyStatus,
    verify,
    standing,
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
