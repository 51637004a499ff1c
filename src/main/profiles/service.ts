import { randomUUID } from 'node:crypto'
import { normalizeBaseUrl } from '../../shared/base-url'
import { isId } from '../../shared/guards'
import type { KeyVerification } from '../../shared/outcome'
import { builtInSet, defaultPresets, isBuiltInPreset, type PermissionPreset } from '../../shared/permissions'
import {
  defaultProfileColor,
  keyHint,
  MAX_PRESETS,
  type KeyCheck,
  type KeyStatus,
  type Profile,
  type ProfileInput,
  type ProfilesState
} from '../../shared/profile'
import type { StoreNotice } from '../../shared/notice'
import { err, ok, type Result } from '../../shared/result'
import { createHostupClient, type ExchangeRecord, type HostupClient } from '../hostup/client'
import type { SecretStore } from '../secrets'
import { createJsonDocument } from '../store/json-document'
import { PROFILES_DOCUMENT } from '../store/profiles'

export interface ProfileServiceDeps {
  /** The data directory; profiles live in `<dir>/profiles.json`. */
  dir: string
  secrets: SecretStore
  fetch?: typeof fetch
  timeoutMs?: number
  now?: () => Date
  newId?: () => string
  notices?: (n: StoreNotice) => void
  /** Every HostUp exchange, for the log (see ExchangeRecord: no header, no body). */
  onExchange?: (record: ExchangeRecord) => void
}

/**
 * Profiles and their keys. No method returns a key: only whether one is set and its last four
 * characters. Inputs are parsed at the IPC boundary; this service trusts their shape.
 */
export interface ProfileService {
  list(): Promise<Result<ProfilesState>>
  /** Creates (no `id`) or renames / re-points a profile. The first profile created is selected. */
  save(input: ProfileInput): Promise<Result<Profile>>
  /** Deletes the profile's key from the keychain first, so a keychain failure leaves no orphaned key. */
  remove(id: string): Promise<Result<ProfilesState>>
  select(id: string): Promise<Result<ProfilesState>>
  /** `apiKey` is a checked key (trimmed, printable, bounded). */
  setKey(profileId: string, apiKey: string): Promise<Result<KeyStatus>>
  keyStatus(profileId: string): Promise<Result<KeyStatus>>
  clearKey(profileId: string): Promise<Result<KeyStatus>>
  /** Asks HostUp whose account the profile's key opens. */
  verifyKey(profileId: string): Promise<Result<KeyVerification>>
  /** A client bound to the profile's base URL and key, for every HostUp call about a contact. */
  client(profileId: string): Promise<Result<HostupClient>>
  /** The profile's name, for the history: the name it had when the contact was created. */
  nameOf(profileId: string): Promise<string>
  /** Creates or replaces a permission preset of the profile (a built-in one too: they are editable). */
  savePreset(profileId: string, preset: PermissionPreset): Promise<Result<Profile>>
  /** Removes one of the person's own presets; a built-in one is restored to how the app defines it. */
  removePreset(profileId: string, presetId: string): Promise<Result<Profile>>
}

export function createProfileService(deps: ProfileServiceDeps): ProfileService {
  const { secrets } = deps
  const now = deps.now ?? (() => new Date())
  const newId = deps.newId ?? randomUUID
  const file = createJsonDocument(PROFILES_DOCUMENT, { dir: deps.dir, notices: deps.notices, now })

  /**
   * Runs `change` on the latest state inside the file's queue, so two saves cannot both pass
   * the name check. `change` returns the next state and the answer, or an error (nothing written).
   */
  async function change<R>(
    fn: (state: ProfilesState) => { next: ProfilesState; value: R } | { error: Result<never> }
  ): Promise<Result<R>> {
    let outcome: Result<R> | undefined
    const saved = await file.update((state) => {
      const step = fn(state)
      if ('error' in step) {
        outcome = step.error
        return state
      }
      outcome = ok(step.value)
      return step.next
    })
    if (!saved.ok) return saved
    return outcome ?? err('internal', 'errors.app.unexpected')
  }

  async function findProfile(id: string): Promise<Result<Profile>> {
    if (!isId(id)) return notFound()
    const state = await file.read()
    if (!state.ok) return state
    const profile = state.value.profiles.find((p) => p.id === id)
    return profile ? ok(profile) : notFound()
  }

  /** The profile and its key, or why there is none; the key never leaves this module in a message. */
  async function credentials(profileId: string): Promise<Result<{ profile: Profile; apiKey: string }>> {
    const profile = await findProfile(profileId)
    if (!profile.ok) return profile
    const key = await secrets.get(account(profileId))
    if (!key.ok) return key.error.code === 'not_found' ? err('no_key', 'errors.profiles.noKey') : key
    return ok({ profile: profile.value, apiKey: key.value })
  }

  /** Keeps what HostUp last said about the profile's key (undefined: nothing known, a new key or none). */
  async function noteCheck(profileId: string, keyCheck: KeyCheck | undefined): Promise<void> {
    await change<null>((state) => {
      const existing = state.profiles.find((p) => p.id === profileId)
      if (!existing) return { next: state, value: null }
      const { keyCheck: _old, ...rest } = existing
      const profile: Profile = keyCheck ? { ...rest, keyCheck } : rest
      return {
        next: { ...state, profiles: state.profiles.map((p) => (p.id === profileId ? profile : p)) },
        value: null
      }
    })
  }

  /** `fn` gives the profile's next presets, or null when the change cannot be made (nothing is written). */
  function changePresets(
    profileId: string,
    fn: (presets: PermissionPreset[]) => PermissionPreset[] | null
  ): Promise<Result<Profile>> {
    return change<Profile>((state) => {
      const existing = state.profiles.find((p) => p.id === profileId)
      if (!existing) return { error: notFound() }
      const presets = fn(existing.presets)
      if (!presets) return { error: err('validation', 'errors.permissions.presetNotFound') }
      const profile: Profile = { ...existing, presets, updatedAt: now().toISOString() }
      return {
        next: { ...state, profiles: state.profiles.map((p) => (p.id === profileId ? profile : p)) },
        value: profile
      }
    })
  }

  function clientFor(baseUrl: string, apiKey: string, onKeyRefused?: () => void): HostupClient {
    return createHostupClient({
      baseUrl,
      apiKey,
      fetch: deps.fetch,
      timeoutMs: deps.timeoutMs,
      onKeyRefused,
      onExchange: deps.onExchange
    })
  }

  return {
    list: () => file.read(),

    async save(input) {
      const name = input.name.trim()
      const baseUrl = normalizeBaseUrl(input.baseUrl)
      const { id } = input
      const stamp = now().toISOString()
      return change<Profile>((state) => {
        const taken = state.profiles.some((p) => p.id !== id && sameName(p.name, name))
        if (id === undefined) {
          if (taken) return { error: nameTaken() }
          const createdId = newId()
          const profile: Profile = {
            id: createdId,
            name,
            baseUrl,
            presets: defaultPresets(),
            color: input.color ?? defaultProfileColor(createdId),
            createdAt: stamp,
            updatedAt: stamp
          }
          if (!isId(profile.id)) return { error: err('internal', 'errors.app.unexpected') }
          const selectedId = state.selectedId ?? profile.id
          return { next: { profiles: [...state.profiles, profile], selectedId }, value: profile }
        }
        const existing = state.profiles.find((p) => p.id === id)
        if (!existing) return { error: notFound() }
        if (taken) return { error: nameTaken() }
        const color = input.color ?? existing.color
        const unchanged = existing.name === name && existing.baseUrl === baseUrl && existing.color === color
        if (unchanged) return { next: state, value: existing }
        const profile: Profile = { ...existing, name, baseUrl, color, updatedAt: stamp }
        const profiles = state.profiles.map((p) => (p.id === id ? profile : p))
        return { next: { ...state, profiles }, value: profile }
      })
    },

    async remove(id) {
      const found = await findProfile(id)
      if (!found.ok) return found
      const deleted = await secrets.delete(account(id))
      if (!deleted.ok) return deleted
      return change<ProfilesState>((state) => {
        const profiles = state.profiles.filter((p) => p.id !== id)
        const selectedId =
          state.selectedId === id || state.selectedId === null ? (profiles[0]?.id ?? null) : state.selectedId
        const next = { profiles, selectedId }
        return { next, value: next }
      })
    },

    async select(id) {
      if (!isId(id)) return notFound()
      return change<ProfilesState>((state) => {
        if (!state.profiles.some((p) => p.id === id)) return { error: notFound() }
        const next = { ...state, selectedId: id }
        return { next, value: next }
      })
    },

    async setKey(profileId, apiKey) {
      const found = await findProfile(profileId)
      if (!found.ok) return found
      const stored = await secrets.set(account(profileId), apiKey)
      if (!stored.ok) return stored
      await noteCheck(profileId, undefined)
      return ok({ set: true, hint: keyHint(apiKey) })
    },

    async keyStatus(profileId) {
      const found = await findProfile(profileId)
      if (!found.ok) return found
      const key = await secrets.get(account(profileId))
      if (key.ok) return ok({ set: true, hint: keyHint(key.value) })
      return key.error.code === 'not_found' ? ok({ set: false, hint: null }) : key
    },

    async clearKey(profileId) {
      const found = await findProfile(profileId)
      if (!found.ok) return found
      const deleted = await secrets.delete(account(profileId))
      if (!deleted.ok) return deleted
      await noteCheck(profileId, undefined)
      return ok({ set: false, hint: null })
    },

    async verifyKey(profileId) {
      const creds = await credentials(profileId)
      if (!creds.ok) return creds
      const verified = await clientFor(creds.value.profile.baseUrl, creds.value.apiKey).verifyKey()
      const at = now().toISOString()
      if (verified.ok) await noteCheck(profileId, { state: 'verified', account: verified.value.account, at })
      else if (verified.error.code === 'unauthorized') await noteCheck(profileId, { state: 'refused', at })
      return verified
    },

    async client(profileId) {
      const creds = await credentials(profileId)
      if (!creds.ok) return creds
      const refused = (): void => void noteCheck(profileId, { state: 'refused', at: now().toISOString() })
      return ok(clientFor(creds.value.profile.baseUrl, creds.value.apiKey, refused))
    },

    savePreset(profileId, preset) {
      return changePresets(profileId, (presets) => {
        const index = presets.findIndex((p) => p.id === preset.id)
        if (index === -1 && presets.length >= MAX_PRESETS) return null
        const next = [...presets]
        if (index === -1) next.push(preset)
        else next[index] = preset
        return next
      })
    },

    removePreset(profileId, presetId) {
      return changePresets(profileId, (presets) => {
        if (!presets.some((p) => p.id === presetId)) return null
        if (!isBuiltInPreset(presetId)) return presets.filter((p) => p.id !== presetId)
        return presets.map((p) =>
          p.id === presetId ? { id: presetId, name: '', set: builtInSet(presetId) } : p
        )
      })
    },

    async nameOf(profileId) {
      const found = await findProfile(profileId)
      return found.ok ? found.value.name : ''
    }
  }
}

function account(profileId: string): string {
  return `profile:${profileId}`
}

function notFound(): Result<never> {
  return err('not_found', 'errors.profiles.notFound')
}

function nameTaken(): Result<never> {
  return err('validation', 'errors.profiles.nameTaken', { fields: { name: 'profile.name.taken' } })
}

/** "Work" and " work " are the same name to a person choosing from a list. */
function sameName(a: string, b: string): boolean {
  const fold = (s: string): string => s.normalize('NFC').trim().toLocaleLowerCase()
  return fold(a) === fold(b)
}
