/** The profiles and which one is in use, in `<dir>/profiles.json`. Keys are in the keychain, never here. */
import { isAllowedBaseUrl } from '../../shared/base-url'
import { isId, isIsoTimestamp, isRecord } from '../../shared/guards'
import { defaultPresets, parsePermissionPreset, type PermissionPreset } from '../../shared/permissions'
import type { AccountSummary } from '../../shared/outcome'
import {
  defaultProfileColor,
  isProfileColor,
  type KeyCheck,
  type Profile,
  type ProfilesState
} from '../../shared/profile'
import type { DocumentSpec } from './json-document'
import { eachRecord, type MigrationChain } from './migrations'

export const PROFILES_FILE = 'profiles.json'

export const PROFILES_MIGRATIONS: MigrationChain = [
  // 1 (0.1.0) → 2: every profile gets the permission presets a new one starts with, and the chip
  // colour a new one would get (from its ID, so the same profile is the same colour on every machine).
  (data) =>
    eachRecord(data, 'profiles', (p) => ({
      presets: defaultPresets(),
      ...(typeof p.id === 'string' ? { color: defaultProfileColor(p.id) } : {}),
      ...p
    }))
]

function parseProfile(value: unknown): Profile | null {
  if (!isRecord(value)) return null
  const p = value
  if (!isId(p.id) || typeof p.name !== 'string' || p.name.trim() === '') return null
  if (typeof p.baseUrl !== 'string' || !isAllowedBaseUrl(p.baseUrl)) return null
  if (!isIsoTimestamp(p.createdAt) || !isIsoTimestamp(p.updatedAt)) return null
  if (!Array.isArray(p.presets)) return null
  const presets: PermissionPreset[] = []
  for (const raw of p.presets) {
    const preset = parsePermissionPreset(raw)
    if (!preset || presets.some((q) => q.id === preset.id)) return null
    presets.push(preset)
  }
  // A check that does not read back is only forgotten: the next verification says it again.
  const keyCheck = parseKeyCheck(p.keyCheck)
  // Version 2 files written before profiles had a colour (unreleased builds), or a hand-edited one the
  // app does not know: the profile keeps everything else and gets its default colour back.
  const color = isProfileColor(p.color) ? p.color : defaultProfileColor(p.id)
  // Rebuilt field by field: whatever else a hand-edited file holds is not carried along.
  return {
    id: p.id,
    name: p.name,
    baseUrl: p.baseUrl,
    presets,
    color,
    ...(keyCheck ? { keyCheck } : {}),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt
  }
}

function parseAccount(value: unknown): AccountSummary | null | undefined {
  if (value === null) return null
  if (!isRecord(value)) return undefined
  const { id, firstname, lastname, companyname, email } = value
  if (
    typeof id !== 'string' ||
    typeof firstname !== 'string' ||
    typeof lastname !== 'string' ||
    typeof companyname !== 'string' ||
    typeof email !== 'string'
  )
    return undefined
  return { id, firstname, lastname, companyname, email }
}

function parseKeyCheck(value: unknown): KeyCheck | undefined {
  if (!isRecord(value) || !isIsoTimestamp(value.at)) return undefined
  if (value.state === 'refused') return { state: 'refused', at: value.at }
  if (value.state !== 'verified') return undefined
  const account = parseAccount(value.account)
  return account === undefined ? undefined : { state: 'verified', account, at: value.at }
}

/** A selection that points nowhere is repaired rather than costing the person every profile. */
function withSelection(profiles: Profile[], selectedId: unknown): ProfilesState {
  const ids = new Set(profiles.map((p) => p.id))
  const selected =
    typeof selectedId === 'string' && ids.has(selectedId) ? selectedId : (profiles[0]?.id ?? null)
  return { profiles, selectedId: selectedId === null ? null : selected }
}

export function parseProfilesState(data: unknown): ProfilesState | null {
  if (!isRecord(data)) return null
  const { profiles: raw, selectedId } = data
  if (!Array.isArray(raw) || (selectedId !== null && typeof selectedId !== 'string')) return null
  const profiles: Profile[] = []
  const ids = new Set<string>()
  for (const item of raw) {
    const profile = parseProfile(item)
    if (!profile || ids.has(profile.id)) return null
    ids.add(profile.id)
    profiles.push(profile)
  }
  return withSelection(profiles, selectedId)
}

/** What can still be used of a damaged file: every profile that reads back (its key is still in the keychain). */
function salvageProfiles(data: unknown): ProfilesState | null {
  if (!isRecord(data) || !Array.isArray(data.profiles)) return null
  const profiles: Profile[] = []
  for (const raw of data.profiles) {
    const profile = parseProfile(raw)
    if (profile && !profiles.some((p) => p.id === profile.id)) profiles.push(profile)
  }
  return profiles.length > 0 ? withSelection(profiles, data.selectedId ?? profiles[0]?.id) : null
}

export const PROFILES_DOCUMENT: DocumentSpec<ProfilesState> = {
  file: PROFILES_FILE,
  label: 'errors.storage.what.profiles',
  migrations: PROFILES_MIGRATIONS,
  parse: parseProfilesState,
  empty: () => ({ profiles: [], selectedId: null }),
  salvage: salvageProfiles
}
