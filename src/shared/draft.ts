import * as yup from 'yup'
import type { ContactInput } from './contact'
import { ID_PATTERN, idSchema } from './profile'

/** A contact as kept on disk and shown in lists: everything but the password (that is in the keychain). */
export type DraftFields = Omit<ContactInput, 'password'>

export type DraftSource = 'form' | 'csv'

export interface Draft {
  id: string
  profileId: string
  fields: DraftFields
  /** Whether a password for this draft is held in the keychain (`draft:<id>`). */
  hasPassword: boolean
  source: DraftSource
  createdAt: string
  updatedAt: string
}

/** What the renderer sends to save a draft. `password` undefined = leave the stored one as it is. */
export interface DraftInput {
  id: string
  profileId: string
  fields: DraftFields
  password?: string
  source?: DraftSource
}

/** The eight person fields a draft keeps: a contact's nine minus the password. */
export const DRAFT_FIELDS = [
  'firstname',
  'lastname',
  'email',
  'phonenumber',
  'address1',
  'city',
  'country',
  'postcode'
] as const satisfies readonly (keyof DraftFields)[]
// A field added to DraftFields but not here would be silently dropped by every reader of this list.
const _everyField: [Exclude<keyof DraftFields, (typeof DRAFT_FIELDS)[number]>] extends [never]
  ? true
  : never = true

export const DRAFT_FIELD_MAX_LENGTH = 300
export const DRAFT_PASSWORD_MAX_LENGTH = 128

// Code points, as the contact rules count: a valid contact always fits in a draft.
const fitsIn = (max: number) => (value: string | undefined) => value === undefined || [...value].length <= max

// A draft is whatever was typed so far, so it is not held to the contact rules (a half-typed
// e-mail must still be kept); only a bound on size, so a payload cannot bloat the file.
const draftText = () =>
  yup
    .string()
    .strict()
    .defined('draft.field.invalid')
    .test('length', 'draft.field.tooLong', fitsIn(DRAFT_FIELD_MAX_LENGTH))

export const draftFieldsSchema = yup
  .object({
    firstname: draftText(),
    lastname: draftText(),
    email: draftText(),
    phonenumber: draftText(),
    address1: draftText(),
    city: draftText(),
    country: draftText(),
    postcode: draftText()
  })
  .noUnknown('validation.unknownField')
  .strict()
  .defined('draft.field.invalid')

/** The `drafts:save` payload. The ID doubles as the keychain entry name `draft:<id>`, hence its pattern. */
export const draftInputSchema = yup
  .object({
    id: yup.string().strict().required('draft.id.invalid').matches(ID_PATTERN, 'draft.id.invalid'),
    profileId: idSchema,
    fields: draftFieldsSchema,
    password: yup
      .string()
      .strict()
      .optional()
      .test('length', 'draft.password.tooLong', fitsIn(DRAFT_PASSWORD_MAX_LENGTH)),
    source: yup.mixed<DraftSource>().oneOf(['form', 'csv'], 'draft.source.invalid').optional()
  })
  .noUnknown('validation.unknownField')
  .strict()
