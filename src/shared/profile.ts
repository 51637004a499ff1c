import * as yup from 'yup'
import { permissionPresetSchema, type PermissionPreset } from './permissions'
import type { AccountSummary } from './outcome'
import { DEFAULT_BASE_URL, isAllowedBaseUrl, normalizeBaseUrl } from './base-url'

/** A named HostUp account connection. Its API key lives in the OS keychain, never here. */
export interface Profile {
  id: string
  name: string
  baseUrl: string
  /** The permission presets the person picks from for this account: the built-ins, edited or not, and their own. */
  presets: PermissionPreset[]
  /** The colour of the profile's chip, so the account in use can be told apart at a glance. */
  color: ProfileColor
  /** What HostUp last said about the key (none since the key was set, or none set). */
  keyCheck?: KeyCheck
  createdAt: string
  updatedAt: string
}

/**
 * The last word from HostUp about a profile's key, kept so the person sees whose account a profile
 * opens after a restart: the account's public summary (never the key), or that the key was refused.
 */
export type KeyCheck =
  { state: 'verified'; account: AccountSummary | null; at: string } | { state: 'refused'; at: string }

export interface ProfilesState {
  profiles: Profile[]
  selectedId: string | null
}

/** What the renderer may know about a key: whether one is set, and its last four characters. */
export interface KeyStatus {
  set: boolean
  hint: string | null
}

/**
 * The chip colours a profile can have. Each is dark enough for white initials on it (4.5:1 or more)
 * in either theme; the values live in the renderer's tokens (`--profile-<colour>`).
 */
export const PROFILE_COLORS = ['blue', 'green', 'purple', 'orange', 'red', 'teal', 'pink', 'slate'] as const
export type ProfileColor = (typeof PROFILE_COLORS)[number]

export function isProfileColor(value: unknown): value is ProfileColor {
  return typeof value === 'string' && (PROFILE_COLORS as readonly string[]).includes(value)
}

/** A profile's colour until the person chooses one: always the same for the same profile. */
export function defaultProfileColor(id: string): ProfileColor {
  let hash = 0
  for (const char of id) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0
  return PROFILE_COLORS[hash % PROFILE_COLORS.length] ?? 'blue'
}

/**
 * Up to two letters for the profile's chip: the first letters of its first and last words
 * ("Bolaget i Norr" → "BN"), or the first two of a single word ("Acme" → "AC").
 */
export function profileInitials(name: string): string {
  const words = name.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []
  const first = words[0]
  if (!first) return '?'
  const last = words.length > 1 ? words[words.length - 1] : undefined
  const letters = last ? [...first].slice(0, 1).concat([...last].slice(0, 1)) : [...first].slice(0, 2)
  return letters.join('').toLocaleUpperCase()
}

export { ID_PATTERN } from './guards'
import { ID_PATTERN } from './guards'

export const idSchema = yup
  .string()
  .strict()
  .required('profile.id.invalid')
  .matches(ID_PATTERN, 'profile.id.invalid')

export const profileInputSchema = yup
  .object({
    id: yup.string().strict().matches(ID_PATTERN, 'profile.id.invalid').optional(),
    name: yup
      .string()
      .strict()
      .required('profile.name.required')
      .test('name-length', 'profile.name.length', (v) => v.trim().length >= 1 && v.trim().length <= 60)
      // eslint-disable-next-line no-control-regex
      .test('name-chars', 'profile.name.chars', (v) => !/[\u0000-\u001f\u007f-\u009f]/.test(v)),
    baseUrl: yup
      .string()
      .strict()
      .required('profile.baseUrl.required')
      .max(300, 'profile.baseUrl.invalid')
      .test('base-url', 'profile.baseUrl.invalid', (v) => isAllowedBaseUrl(normalizeBaseUrl(v))),
    // Left out: a new profile gets its default, an edited one keeps the colour it has.
    color: yup.string().strict().oneOf(PROFILE_COLORS, 'profile.color.invalid').optional()
  })
  .noUnknown('validation.unknownField')
  .strict()

export type ProfileInput = yup.InferType<typeof profileInputSchema>

/** API keys are opaque to the app; refuse only what cannot be a key (and what a paste mangled). */
export const apiKeySchema = yup
  .string()
  .strict()
  .typeError('apiKey.required')
  .required('apiKey.required')
  .max(512, 'apiKey.tooLong')
  .matches(/^[\x21-\x7e]+$/, 'apiKey.invalidChars')

export const profileIdRequestSchema = yup
  .object({ profileId: idSchema })
  .noUnknown('validation.unknownField')
  .strict()
export const idRequestSchema = yup.object({ id: idSchema }).noUnknown('validation.unknownField').strict()
export const setKeyRequestSchema = yup
  .object({ profileId: idSchema, apiKey: apiKeySchema })
  .noUnknown('validation.unknownField')
  .strict()

export const newProfileDefaults = (): ProfileInput => ({ name: '', baseUrl: DEFAULT_BASE_URL })

/**
 * The last four characters of a key: enough to tell keys apart, too little to use one. A key of
 * eight characters or fewer gets no hint, since four of them would be half the key.
 */
export function keyHint(apiKey: string): string | null {
  return apiKey.length <= 8 ? null : apiKey.slice(-4)
}

export const MAX_PRESETS = 30

export const savePresetRequestSchema = yup
  .object({ profileId: idSchema, preset: permissionPresetSchema.required('permissions.invalid') })
  .noUnknown('validation.unknownField')
  .strict()

export const removePresetRequestSchema = yup
  .object({
    profileId: idSchema,
    presetId: yup.string().strict().required('permissions.invalid').matches(ID_PATTERN, 'permissions.invalid')
  })
  .noUnknown('validation.unknownField')
  .strict()

/**
 * Whose account a profile's key opened when HostUp last said so: the person's name ("Anna
 * Svensson"), else the company's; null when unknown (never verified, refused, or no details).
 */
export function accountOwner(check: KeyCheck | undefined): string | null {
  if (check?.state !== 'verified' || !check.account) return null
  const { firstname, lastname, companyname } = check.account
  return [firstname, lastname].filter(Boolean).join(' ') || companyname || null
}
