import * as yup from 'yup'
import { validateContact, type ContactInput } from './contact'
import type { DraftFields } from './draft'
import { parseWith } from './parse'
import { permissionChoiceSchema, type PermissionChoice } from './permissions'
import { idSchema } from './profile'
import type { SubmitOutcome } from './outcome'
import { err, ok, type AppError, type Result } from './result'

/**
 * The send state machine of one contact:
 * `queued → sending → created | rejected | retryable | unknown`, and `retryable → queued` by
 * itself when allowed. `unknown` leaves only by a person's decision.
 */
export type OutboxState = 'queued' | 'sending' | 'created' | 'rejected' | 'retryable' | 'unknown'

export interface OutboxItem {
  /** The draft's ID: one outbox item per draft. */
  id: string
  profileId: string
  /** A snapshot of what is (or was) sent, without the password. */
  fields: DraftFields
  state: OutboxState
  queuedAt: string
  updatedAt: string
  attempts: number
  /** Written before every send: when, and a hash of the exact body, so a crash mid-send is detectable. */
  intent?: { sentAt: string; bodyHash: string }
  /** Earliest time of the next automatic send (Retry-After or backoff). */
  nextAttemptAt?: string
  /** The last answer: for `created` the ID; otherwise the error (never a secret). */
  contactId?: number
  requestId?: string
  error?: AppError
  /** `created` by the person's own check of the dashboard after an `unknown`. */
  confirmedByPerson?: boolean
  /**
   * Set on a `created` item once the history holds it: when removing the draft failed, the cleanup
   * is retried without recording the contact a second time; while its permissions are pending, the
   * item stays for them.
   */
  recordedAt?: string
  /** The permissions chosen for the contact, and, once it exists, how far giving them got. */
  permissions?: PermissionsProgress
  /** The import batch it belongs to: a paused batch's items wait. */
  batchId?: string
}

/**
 * `pending`: to be set once the contact exists (and, after that, until HostUp confirms them);
 * `set`: confirmed; `failed`: HostUp refused, and the person decides (retry, or leave it).
 */
export type PermissionsState = 'pending' | 'set' | 'failed'

export interface PermissionsProgress {
  choice: PermissionChoice
  state: PermissionsState
  /** Tries since the contact was created; the backoff grows with them. */
  attempts: number
  nextAttemptAt?: string
  error?: AppError
  requestId?: string
  /** The contact's history entry, where the state is told too. */
  historyId?: string
}

/** What a send request can come to: the client's outcome, or "queued" when main is offline. */
export type SendOutcome = SubmitOutcome | { kind: 'queued'; reason: 'offline' }

export type UnknownDecision =
  | { id: string; decision: 'exists'; contactId: number }
  | { id: string; decision: 'resend' }
  | { id: string; decision: 'discard' }

/**
 * Why automatic sending waits: a send ended unknown (the server failed mid-request and would likely
 * fail the next one too), the network went (no connection for one item means none for the next), or
 * the app could not write its files or keychain.
 */
export type OutboxPauseReason = 'unknown' | 'network' | 'stalled'

export interface OutboxPause {
  reason: OutboxPauseReason
  /** When sending goes on by itself (ISO). */
  until: string
}

export interface OutboxCounts {
  /** Items that will go by themselves: queued and retryable contacts, and permissions still to set. */
  waiting: number
  /** Items that need a person: an unknown outcome, or permissions HostUp refused. */
  needsDecision: number
  /** Present while automatic sending is paused. */
  paused?: OutboxPause
}

export interface OutboxEvent {
  counts: OutboxCounts
  /** What just happened, for a toast. */
  sent?: { id: string; name: string; contactId: number }[]
  /** Permissions that were just set, or refused. */
  permissions?: { id: string; contactId: number; name: string; state: 'set' | 'failed'; error?: AppError }[]
}

export const OUTBOX_STATES = [
  'queued',
  'sending',
  'created',
  'rejected',
  'retryable',
  'unknown'
] as const satisfies readonly OutboxState[]

/** A contact to send, as main's services take it: checked, normalized, password included. */
export interface SendRequest {
  profileId: string
  /** The draft's ID: one send per draft at a time. */
  formId: string
  /** With `useStoredPassword`, an empty password means the draft's kept one (checked before sending). */
  contact: ContactInput
  useStoredPassword?: boolean
  /** What the contact may do once it exists; absent or empty: nothing to set. */
  permissions?: PermissionChoice
}

/** The `contacts:create` payload's envelope; the contact itself is checked by `validateContact`. */
export const sendContactRequestSchema = yup
  .object({
    profileId: idSchema,
    formId: idSchema,
    contact: yup.mixed().required('contact.malformed'),
    useStoredPassword: yup.boolean().strict().optional(),
    permissions: permissionChoiceSchema.default(undefined).optional()
  })
  .noUnknown('validation.unknownField')
  .strict()
  .defined('validation.unknownField')

/** Parses a `contacts:create` payload: the envelope, then the contact with the shared contact rules. */
export function parseSendRequest(payload: unknown): Result<SendRequest> {
  const envelope = parseWith(sendContactRequestSchema, payload)
  if (!envelope.ok) return envelope
  const { profileId, formId, contact: raw, permissions } = envelope.value
  const useStoredPassword = envelope.value.useStoredPassword === true
  const contact = validateContact(raw, { keptPassword: useStoredPassword })
  if (!contact.ok) return err('validation', 'errors.app.invalidFields', { fields: { ...contact.fields } })
  return ok({
    profileId,
    formId,
    contact: contact.value,
    useStoredPassword,
    ...(permissions ? { permissions: permissions as PermissionChoice } : {})
  })
}

/** The `outbox:resolve` payload: a contact ID with `exists`, and only then. */
export const unknownDecisionSchema = yup
  .object({
    id: idSchema,
    decision: yup
      .mixed<UnknownDecision['decision']>()
      .required('outbox.decision.invalid')
      .oneOf(['exists', 'resend', 'discard'], 'outbox.decision.invalid'),
    contactId: yup
      .number()
      .strict()
      .when('decision', {
        is: 'exists',
        then: (s) =>
          s
            .required('outbox.contactId.invalid')
            .integer('outbox.contactId.invalid')
            .positive('outbox.contactId.invalid')
            .max(Number.MAX_SAFE_INTEGER, 'outbox.contactId.invalid'),
        otherwise: (s) => s.test('absent', 'validation.unknownField', (v) => v === undefined)
      })
  })
  .noUnknown('validation.unknownField')
  .strict()
  .defined('validation.unknownField')

/** The union behind a payload that passed `unknownDecisionSchema`. */
export function toUnknownDecision(value: yup.InferType<typeof unknownDecisionSchema>): UnknownDecision {
  if (value.decision === 'exists')
    return { id: value.id, decision: 'exists', contactId: value.contactId ?? 0 }
  return { id: value.id, decision: value.decision }
}
