import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { ValidationError } from 'yup'
import { isAllowedBaseUrl, normalizeBaseUrl } from '../shared/base-url'
import type { KeyVerification } from '../shared/outcome'
import {
  apiKeySchema,
  ID_PATTERN,
  keyHint,
  profileInputSchema,
  type KeyStatus,
  type Profile,
  type ProfileInput,
  type ProfilesState
} from '../shared/profile'
import { err, ok, type Result } from '../shared/result'
import { createHostupClient, type HostupClient } from './hostup/client'
import type { SecretStore } from './secrets'
import { createJsonFile, type StoreNotice } from './store/json-file'

export interface ProfileServiceDeps {
  /** The data directory; profiles live in `<dir>/profiles.json`. */
  dir: string
  secrets: SecretStore
  fetch?: typeof fetch
  timeoutMs?: number
  now?: () => Date
  newId?: () => string
  notices?: (n: StoreNotice) => void
}

/** Profiles and their keys. No method returns a key: only whether one is set and its last four characters. */
export interface ProfileService {
  list(): Promise<Result<ProfilesState>>
  /** Creates (no `id`) or renames / re-points a profile. The first profile created is selected. */
  save(input: ProfileInput): Promise<Result<Profile>>
  /** Deletes the profile's key from the keychain first, so a keychain failure leaves no orphaned key. */
  remove(id: string): Promise<Result<ProfilesState>>
  select(id: string): Promise<Result<ProfilesState>>
  setKey(profileId: string, apiKey: string): Promise<Result<KeyStatus>>
  keyStatus(profileId: string): Promise<Result<KeyStatus>>
  clearKey(profileId: string): Promise<Result<KeyStatus>>
  /** Asks HostUp whose account the profile's key opens. */
  verifyKey(profileId: string): Promise<Result<KeyVerification>>
  /** A client bound to the profile's base URL and key, for sending contacts. */
  client(profileId: string): Promise<Result<HostupClient>>
}

export const PROFILES_FILE = 'profiles.json'
const SCHEMA_VERSION = 1

const NO_KEY_MESSAGE =
  'No API key found for this profile, or the keychain is locked. Paste the key in Settings, or unlock your keychain, then try again.'
const NOT_FOUND_MESSAGE = 'This profile does not exist any more. Choose another profile in Settings.'

export function createProfileService(deps: ProfileServiceDeps): ProfileService {
  const { secrets } = deps
  const now = deps.now ?? (() => new Date())
  const newId = deps.newId ?? randomUUID
  const file = createJsonFile<ProfilesState>(
    {
      path: join(deps.dir, PROFILES_FILE),
      schemaVersion: SCHEMA_VERSION,
      parse: parseProfilesState,
      empty: () => ({ profiles: [], selectedId: null }),
      label: 'profiles',
      now
    },
    deps.notices
  )

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
    return outcome ?? err('internal', 'The profile change produced no answer.')
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
    if (!key.ok) return key.error.code === 'not_found' ? err('no_key', NO_KEY_MESSAGE) : key
    return ok({ profile: profile.value, apiKey: key.value })
  }

  function clientFor(baseUrl: string, apiKey: string): HostupClient {
    return createHostupClient({ baseUrl, apiKey, fetch: deps.fetch, timeoutMs: deps.timeoutMs })
  }

  return {
    list: () => file.read(),

    async save(input) {
      const checked = validateInput(input)
      if (!checked.ok) return checked
      const { id, name, baseUrl } = checked.value
      const stamp = now().toISOString()
      return change<Profile>((state) => {
        const taken = state.profiles.some((p) => p.id !== id && sameName(p.name, name))
        if (id === undefined) {
          if (taken) return { error: nameTaken() }
          const profile: Profile = { id: newId(), name, baseUrl, createdAt: stamp, updatedAt: stamp }
          if (!isId(profile.id))
            return { error: err('internal', 'The new profile got an ID the app cannot use.') }
          const selectedId = state.selectedId ?? profile.id
          return { next: { profiles: [...state.profiles, profile], selectedId }, value: profile }
        }
        const existing = state.profiles.find((p) => p.id === id)
        if (!existing) return { error: notFound() }
        if (taken) return { error: nameTaken() }
        if (existing.name === name && existing.baseUrl === baseUrl) return { next: state, value: existing }
        const profile: Profile = { ...existing, name, baseUrl, updatedAt: stamp }
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
      const key = typeof apiKey === 'string' ? apiKey.trim() : apiKey
      const checked = validateApiKey(key)
      if (!checked.ok) return checked
      const found = await findProfile(profileId)
      if (!found.ok) return found
      const stored = await secrets.set(account(profileId), checked.value)
      if (!stored.ok) return stored
      return ok({ set: true, hint: keyHint(checked.value) })
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
      return deleted.ok ? ok({ set: false, hint: null }) : deleted
    },

    async verifyKey(profileId) {
      const creds = await credentials(profileId)
      if (!creds.ok) return creds
      return clientFor(creds.value.profile.baseUrl, creds.value.apiKey).verifyKey()
    },

    async client(profileId) {
      const creds = await credentials(profileId)
      if (!creds.ok) return creds
      return ok(clientFor(creds.value.profile.baseUrl, creds.value.apiKey))
    }
  }
}

function account(profileId: string): string {
  return `profile:${profileId}`
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value)
}

function notFound(): Result<never> {
  return err('not_found', NOT_FOUND_MESSAGE)
}

function nameTaken(): Result<never> {
  return err('validation', 'Another profile already has this name. Choose a different name.', {
    fields: { name: 'profile.name.taken' }
  })
}

/** "Work" and " work " are the same name to a person choosing from a list. */
function sameName(a: string, b: string): boolean {
  const fold = (s: string): string => s.normalize('NFC').trim().toLocaleLowerCase()
  return fold(a) === fold(b)
}

type CheckedInput = { id?: string; name: string; baseUrl: string }

const PROFILE_FIELDS = ['id', 'name', 'baseUrl'] as const
const FALLBACK_FIELD_MESSAGE: Record<(typeof PROFILE_FIELDS)[number] | '_form', string> = {
  id: 'profile.id.invalid',
  name: 'profile.name.required',
  baseUrl: 'profile.baseUrl.invalid',
  _form: 'validation.unknownField'
}
/** Our messages are translation keys; anything else is yup's own text, which may echo the value. */
const MESSAGE_KEY = /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/

// The IPC handler validated this already; main checks again because it is the last line before disk.
function validateInput(input: unknown): Result<CheckedInput> {
  const malformed = { fields: { _form: FALLBACK_FIELD_MESSAGE._form } }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err('validation', 'The profile could not be read.', malformed)
  }
  let valid: ProfileInput
  try {
    valid = profileInputSchema.validateSync(input, { abortEarly: false })
  } catch (error) {
    if (!(error instanceof ValidationError))
      return err('validation', 'The profile could not be read.', malformed)
    const fields: Record<string, string> = {}
    for (const leaf of error.inner.length > 0 ? error.inner : [error]) {
      const field = PROFILE_FIELDS.find((f) => f === leaf.path) ?? '_form'
      fields[field] ??= MESSAGE_KEY.test(leaf.message) ? leaf.message : FALLBACK_FIELD_MESSAGE[field]
    }
    return err('validation', 'The profile is not valid. Check the highlighted fields.', { fields })
  }
  const checked: CheckedInput = { name: valid.name.trim(), baseUrl: normalizeBaseUrl(valid.baseUrl) }
  if (valid.id !== undefined) checked.id = valid.id
  return ok(checked)
}

function validateApiKey(key: unknown): Result<string> {
  // Checked by hand first: yup's type error would quote the value, and the value is a secret.
  if (typeof key !== 'string') {
    return err('validation', 'The API key must be text.', { fields: { apiKey: 'apiKey.required' } })
  }
  try {
    return ok(apiKeySchema.validateSync(key))
  } catch (error) {
    const known = error instanceof ValidationError && MESSAGE_KEY.test(error.message)
    const fields = { apiKey: known ? error.message : 'apiKey.invalidChars' }
    return err('validation', 'The API key is not valid. Copy it again from the HostUp dashboard.', { fields })
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
}

function parseProfile(value: unknown): Profile | null {
  if (typeof value !== 'object' || value === null) return null
  const p = value as Record<string, unknown>
  if (!isId(p.id) || typeof p.name !== 'string' || p.name.trim() === '') return null
  if (typeof p.baseUrl !== 'string' || !isAllowedBaseUrl(p.baseUrl)) return null
  if (!isIsoDate(p.createdAt) || !isIsoDate(p.updatedAt)) return null
  // Rebuilt field by field: whatever else a hand-edited file holds is not carried along.
  return { id: p.id, name: p.name, baseUrl: p.baseUrl, createdAt: p.createdAt, updatedAt: p.updatedAt }
}

/** Exported for tests and tools that read the file; the service is the only writer. */
export function parseProfilesState(data: unknown): ProfilesState | null {
  if (typeof data !== 'object' || data === null) return null
  const { profiles: raw, selectedId } = data as Record<string, unknown>
  if (!Array.isArray(raw) || (selectedId !== null && typeof selectedId !== 'string')) return null
  const profiles: Profile[] = []
  const ids = new Set<string>()
  for (const item of raw) {
    const profile = parseProfile(item)
    if (!profile || ids.has(profile.id)) return null
    ids.add(profile.id)
    profiles.push(profile)
  }
  // A selection that points nowhere is repaired rather than costing the person every profile.
  const selected = selectedId === null || ids.has(selectedId) ? selectedId : (profiles[0]?.id ?? null)
  return { profiles, selectedId: selected }
}
