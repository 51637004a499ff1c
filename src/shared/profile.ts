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
      .test('base-url', 'profile.baseUrl.invalid', (v) => isAllowedBaseUrl(normalizeBaseUrl(v)))
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
