/**
 * One send of one contact, the only place `POST /teams` is called from the outbox. Two writes are
 * durable (fsynced) before anything acts on them: the intent (`sending`, one appended line) before
 * the request, and after a `created` answer the history entry, which is the contact's durable record.
 * Any other answer is written durably to the outbox before it is acted on. What follows a created
 * contact's history entry (its item and draft let go) need not be fsynced: a start after a crash
 * reads a `sending` item or a draft whose ID the history holds as created, never as sendable.
 */
import { createHash } from 'node:crypto'
import { toTeamsRequest, validateContact, type ContactInput } from '../../shared/contact'
import { pickFields, type DraftFields } from '../../shared/draft'
import type { HistoryPermissions } from '../../shared/history'
import type { OutboxItem } from '../../shared/outbox'
import type { SubmitOutcome } from '../../shared/outcome'
import { err, ok, type AppError, type Result } from '../../shared/result'
import type { ProfileService } from '../profiles/service'
import type { DraftStore } from '../store/drafts'
import type { OutboxStore } from '../store/outbox'
import { wantsPermissions } from './permissions'

/** Where a created contact came from, for the history: the person's own submit or the outbox. */
export type SendSource = 'form' | 'outbox' | 'csv'

/** What the history is told about a created contact. Never a password. */
export interface CreatedRecord {
  /** The draft's ID: the history entry takes it, so a contact told twice is recorded once. */
  id: string
  batchId?: string
  profileId: string
  profileName?: string
  contactId: number
  fields: DraftFields
  requestId?: string
  serverTime?: number
  source: SendSource
  confirmedByPerson?: boolean
  /** The permissions chosen for it, still to be set. */
  permissions?: HistoryPermissions
}

export interface SenderDeps {
  drafts: DraftStore
  store: OutboxStore
  profiles: Pick<ProfileService, 'client'>
  /** Resolves to the history entry's ID once it is durable. */
  recordCreated(entry: CreatedRecord): Promise<Result<{ id: string }>>
  /** The history's entry for this draft ID (the contact it became), or null: the durable record of a create. */
  findCreated(id: string): Promise<Result<CreatedEntry | null>>
  now(): Date
  backoff(attempt: number): number
  /** Called after every state change that reached the disk. */
  changed(): Promise<void>
}

/** What the history knows of a created contact, as the outbox needs it. */
export interface CreatedEntry {
  contactId: number
  requestId?: string
}

export type Sender = ReturnType<typeof createSender>

export interface Sent {
  outcome: SubmitOutcome
  /** The item as it ended: for `created`, as it was before it left the outbox. */
  item: OutboxItem
}

export function fieldsOf(contact: ContactInput): DraftFields {
  const { password: _password, ...fields } = contact
  return pickFields(fields)
}

/**
 * A fingerprint of the body sent, to tell later whether a resend is the same contact. The
 * password is blanked first: a plain hash of a body whose other fields sit beside it in the
 * same file would let anyone holding the file guess the password offline.
 */
export function bodyHash(contact: ContactInput): string {
  const body = { ...toTeamsRequest(contact), password: '' }
  return createHash('sha256').update(JSON.stringify(body)).digest('hex')
}

/** The item with the last answer's traces cleared, ready for a new state. */
export function fresh(item: OutboxItem): OutboxItem {
  const { error: _e, nextAttemptAt: _n, contactId: _c, requestId: _r, ...rest } = item
  return rest
}

export function createSender(deps: SenderDeps) {
  const at = (): string => deps.now().toISOString()
  /**
   * Drafts created in this run. Their draft and item are gone, so without this a form still open
   * on one (or its autosave bringing the draft back) could send the same contact a second time.
   */
  const created = new Set<string>()

  function answered(sending: OutboxItem, outcome: SubmitOutcome): OutboxItem {
    const answeredAt = deps.now()
    const base = { ...sending, updatedAt: answeredAt.toISOString() }
    switch (outcome.kind) {
      case 'created':
        return { ...base, state: 'created', contactId: outcome.contactId, ...requestIdOf(outcome.requestId) }
      case 'retryable': {
        const waitMs = outcome.error.retryAfterMs ?? deps.backoff(sending.attempts)
        const nextAttemptAt = new Date(answeredAt.getTime() + Math.max(0, waitMs)).toISOString()
        return {
          ...base,
          state: 'retryable',
          error: outcome.error,
          nextAttemptAt,
          ...requestIdOf(outcome.error.requestId)
        }
      }
      case 'rejected':
      case 'unknown':
        return { ...base, state: outcome.kind, error: outcome.error, ...requestIdOf(outcome.error.requestId) }
    }
  }

  async function request(send: () => Promise<SubmitOutcome>): Promise<SubmitOutcome> {
    try {
      return await send()
    } catch {
      // The client never rejects; if it ever did, the request may have gone out.
      const error: AppError = { code: 'network', message: 'errors.outbox.sendCrashed' }
      return { kind: 'unknown', error }
    }
  }

  /**
   * Whether the draft with this ID became a contact: in this run, or (from the history, which
   * outlives a crash that cost its draft's and item's removal) in any earlier one.
   */
  async function isCreated(id: string): Promise<Result<boolean>> {
    if (created.has(id)) return ok(true)
    const found = await deps.findCreated(id)
    if (!found.ok) return found
    if (found.value) created.add(id)
    return ok(found.value !== null)
  }

  /**
   * Sends `contact` as `base` (the caller holds the item's claim and has checked its state).
   * An error means nothing was sent: no client for the profile, the contact was created already,
   * or the intent could not be saved. `keep` runs before an answer other than `created` is written
   * (the submit saves its draft there, so an item that is kept always has one to open);
   * `passwordKept: false` says the keychain holds no password for this draft (nothing to delete).
   */
  async function send(
    base: OutboxItem,
    contact: ContactInput,
    source: SendSource,
    keep?: () => Promise<unknown>,
    passwordKept = true
  ): Promise<Result<Sent>> {
    // The last guard against a second create: whatever path led here, a recorded contact is not sent.
    const already = await isCreated(base.id)
    if (!already.ok) return already
    if (already.value) return err('validation', 'errors.outbox.alreadyCreated')
    const client = await deps.profiles.client(base.profileId)
    if (!client.ok) return client
    const sentAt = at()
    const sending: OutboxItem = {
      ...fresh(base),
      fields: fieldsOf(contact),
      state: 'sending',
      updatedAt: sentAt,
      attempts: base.attempts + 1,
      intent: { sentAt, bodyHash: bodyHash(contact) }
    }
    const intent = await deps.store.put(sending)
    if (!intent.ok) return intent
    await deps.changed()
    const outcome = await request(() => client.value.createContact(contact))
    const item = answered(sending, outcome)
    if (outcome.kind === 'created') {
      // The history entry is the durable record; until it is written the outbox still says
      // `sending`, which a start after a crash reads as unknown (no entry) or created (an entry).
      await finishCreated(item, { source, serverTime: outcome.serverTime, passwordKept })
    } else {
      await keep?.()
      // If this write fails the file still says `sending`, which the next start turns into
      // `unknown`: the safe reading of an answer that was not kept.
      await deps.store.put(item)
    }
    await deps.changed()
    return ok({ outcome, item })
  }

  /**
   * Hands a created contact to the history, then lets go of its draft, and of its outbox item unless
   * its permissions are still to be set. Returns null when the item is gone, or the item kept: for
   * its permissions, or (with the reason in `error`) to try the cleanup again later.
   */
  async function finishCreated(
    item: OutboxItem,
    how: { source: SendSource; serverTime?: number; confirmedByPerson?: boolean; passwordKept?: boolean }
  ): Promise<Result<OutboxItem | null>> {
    const contactId = item.contactId ?? 0
    created.add(item.id)
    const wants = wantsPermissions(item.permissions)
    let permissions = wants ? item.permissions : undefined
    if (item.recordedAt === undefined) {
      const recorded = await deps.recordCreated({
        id: item.id,
        ...(item.batchId ? { batchId: item.batchId } : {}),
        profileId: item.profileId,
        contactId,
        fields: item.fields,
        ...requestIdOf(item.requestId),
        ...(how.serverTime === undefined ? {} : { serverTime: how.serverTime }),
        // An import's contact is told as the spreadsheet's, whoever sent it.
        source: item.batchId !== undefined ? 'csv' : how.source,
        ...(how.confirmedByPerson ? { confirmedByPerson: true } : {}),
        ...(permissions
          ? {
              permissions: {
                presetId: permissions.choice.presetId,
                name: permissions.choice.name,
                state: 'pending' as const,
                at: at()
              }
            }
          : {})
      })
      if (recorded.ok && permissions) permissions = { ...permissions, historyId: recorded.value.id }
      if (!recorded.ok) {
        return keepFor(item, {
          code: recorded.error.code,
          message: 'errors.outbox.notRecorded',
          params: { id: contactId },
          because: recorded.error
        })
      }
    }
    const recordedAt = item.recordedAt ?? at()
    // The draft goes from every list at once; its file and keychain entry follow without holding up
    // the send. Left behind by a crash, it is removed at the next start, its ID being in the history,
    // and never sent again meanwhile (the guard above). An import's passwords stay until the person
    // has taken the login details.
    deps.drafts.forget(item.id, { keepPassword: item.batchId !== undefined || how.passwordKept === false })
    if (permissions?.state === 'pending') {
      // The contact exists and is recorded: from here on only its permissions are left to do.
      const { error: _e, ...rest } = item
      const waiting: OutboxItem = { ...rest, recordedAt, permissions, updatedAt: at() }
      const saved = await deps.store.put(waiting)
      return saved.ok ? ok(waiting) : saved
    }
    // Not fsynced: lost with a power cut, the item comes back `sending` (or `created`) with its
    // history entry, and the next start lets it go as created.
    const gone = await deps.store.remove(item.id, { durable: false })
    return gone.ok ? ok(null) : gone
  }

  async function keepFor(item: OutboxItem, error: AppError): Promise<Result<OutboxItem>> {
    const kept: OutboxItem = { ...item, error, updatedAt: at() }
    const saved = await deps.store.put(kept)
    return saved.ok ? ok(kept) : saved
  }

  async function passwordFor(id: string): Promise<Result<string>> {
    const kept = await deps.drafts.password(id)
    if (!kept.ok) return kept
    if (kept.value === null) {
      return err('validation', 'errors.outbox.noPassword', {
        fields: { password: 'contact.password.required' }
      })
    }
    return ok(kept.value)
  }

  /** What an item sends: its fields and its draft's kept password, checked again. */
  async function contactOf(item: OutboxItem): Promise<Result<ContactInput>> {
    const password = await passwordFor(item.id)
    if (!password.ok) return password
    return checkContact({ ...item.fields, password: password.value })
  }

  return {
    send,
    finishCreated,
    passwordFor,
    contactOf,
    isCreated,
    wasCreated: (id: string) => created.has(id)
  }
}

/** Checks what is about to be sent (a stored draft and its kept password) with the shared schema. */
export function checkContact(value: ContactInput): Result<ContactInput> {
  const contact = validateContact(value)
  if (contact.ok) return ok(contact.value)
  return err('validation', 'errors.app.invalidFields', { fields: { ...contact.fields } })
}

function requestIdOf(requestId: string | undefined): { requestId?: string } {
  return requestId === undefined ? {} : { requestId }
}
