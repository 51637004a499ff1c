import * as yup from 'yup'
import { PUBLIC_FIELDS, type ContactInput, type SecretField } from './contact'
import { isRecord } from './guards'
import { permissionChoiceSchema, type PermissionChoice } from './permissions'
import { ID_PATTERN, idSchema } from './profile'

/** A contact as kept on disk and shown in lists: everything but its secret (that is in the keychain). */
export type DraftFields = Omit<ContactInput, SecretField>

export type DraftSource = 'form' | 'csv'

export interface Draft {
  id: string
  profileId: string
  fields: DraftFields
  /** Whether a password for this draft is held in the keychain (`draft:<id>`). */
  hasPassword: boolean
  source: DraftSource
  /** What the contact may do once it exists; absent: nothing chosen (a new contact has no access). */
  permissions?: PermissionChoice
  /** The import batch it came from. */
  batchId?: string
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
  /** Undefined: leave the draft's choice as it is. */
  permissions?: PermissionChoice
  /** Main only (an import): never taken from IPC; an existing draft keeps its own. */
  batchId?: string
}

/** The fields a draft keeps: a contact's, minus the secret one (derived from the one field list). */
export const DRAFT_FIELDS = PUBLIC_FIELDS

/** Exactly the draft fields, nothing else (a password above all): what may reach a file. */
export function pickFields(fields: DraftFields): DraftFields {
  const picked = {} as DraftFields
  for (const key of DRAFT_FIELDS) picked[key] = fields[key]
  return picked
}

/** The draft fields of a stored value, or null when one is missing or not text. */
export function parseDraftFields(value: unknown): DraftFields | null {
  if (!isRecord(value)) return null
  for (const key of DRAFT_FIELDS) if (typeof value[key] !== 'string') return null
  return pickFields(value as DraftFields)
}

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
  .object(
    Object.fromEntries(DRAFT_FIELDS.map((field) => [field, draftText()])) as Record<
      keyof DraftFields,
      ReturnType<typeof draftText>
    >
  )
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
    source: yup.mixed<DraftSource>().oneOf(['form', 'csv'], 'draft.source.invalid').optional(),
    permissions: permissionChoiceSchema.default(undefined).optional()
  })
  .noUnknown('validation.unknownField')
  .strict()
