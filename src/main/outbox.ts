/**
 * The outbox: every contact on its way to HostUp, and the rules that keep `POST /teams` (which is
 * not idempotent) from ever creating a contact twice. The person's own sends go out at once; the
 * outbox sends the rest by itself, one at a time, in order, and only when the server cannot have
 * acted on an earlier try. An `unknown` outcome waits for the person, always.
 */
import type { ContactInput } from '../shared/contact'
import {
  sendContactRequestSchema,
  toUnknownDecision,
  unknownDecisionSchema,
  type OutboxEvent,
  type OutboxItem,
  type SendOutcome
} from '../shared/outbox'
import { idSchema } from '../shared/profile'
import { err, ok, type AppError, type Result } from '../shared/result'
import {
  byQueuedAt,
  countsOf,
  createPump,
  defaultBackoff,
  defaultSetTimer,
  type SentNotice,
  type SetTimer
} from './outbox-schedule'
import { checkContact, createSender, fieldsOf, fresh, type CreatedRecord } from './outbox-send'
import type { ProfileService } from './profiles'
import type { DraftStore } from './store/drafts'
import type { OutboxStore } from './store/outbox-store'
import { parsePayload } from './validate'

export type { CreatedRecord, SendSource } from './outbox-send'

export interface OutboxDeps {
  drafts: DraftStore
  store: OutboxStore
  profiles: Pick<ProfileService, 'client'>
  recordCreated(entry: CreatedRecord): Promise<Result<unknown>>
  isOnline(): boolean
  emit(event: OutboxEvent): void
  now?: () => Date
  /** Backoff for repeated retryable outcomes without Retry-After: default 2 s doubling to 60 s. */
  backoff?: (attempt: number) => number
  /** Injectable so tests can be quick; default setTimeout. */
  setTimer?: SetTimer
}

export interface OutboxService {
  /** Settles what a previous run left mid-send (as `unknown`), then starts sending by itself. */
  start(): Promise<void>
  /** `{ profileId, formId, contact, useStoredPassword? }`: saves the draft, then sends or queues it. */
  submit(payload: unknown): Promise<Result<SendOutcome>>
  /** One profile's items, oldest first. */
  list(profileId: string): Promise<Result<OutboxItem[]>>
  /**
   * The person's decision on an item (an `UnknownDecision`, checked here): the item as it is now,
   * or null when it left the outbox.
   */
  resolve(decision: unknown): Promise<Result<OutboxItem | null>>
  /** Sends a queued or retryable item now, without waiting for its turn. */
  sendNow(id: string): Promise<Result<OutboxItem>>
  /** Removes a draft and its outbox item, unless the item is being sent or waits for a decision. */
  removeDraft(id: string): Promise<Result<void>>
  /** Whether the draft with this ID became a contact in this run (its draft must not come back). */
  wasCreated(id: string): boolean
  onlineChanged(online: boolean): void
  stop(): void
}

const BUSY = 'This contact is already being sent. Wait for the answer before sending it again.'
const CREATED = 'This contact has already been created. Start a new contact to add another one.'
const UNKNOWN =
  'The outcome of the last send of this contact is unknown: decide in the outbox whether it was created or should be sent again.'
const OFFLINE = 'This computer is offline. The contact stays in the outbox; try again once it is connected.'
const STOPPED_WHILE_SENDING =
  'The app stopped while this contact was being sent, so it is unknown whether it was created. Check the account in the HostUp dashboard, then mark it as created or send it again.'

export function createOutboxService(deps: OutboxDeps): OutboxService {
  const { drafts, store } = deps
  const now = deps.now ?? (() => new Date())
  const backoff = deps.backoff ?? defaultBackoff
  const at = (): string => now().toISOString()
  const sender = createSender({ ...deps, now, backoff, changed: () => notify() })
  /** Items someone is working on: one send per draft at a time, the person's or the pump's. */
  const busy = new Set<string>()
  let recovery: Promise<Result<void>> | undefined
  const pump = createPump({
    store,
    sender,
    busy,
    isOnline: () => deps.isOnline(),
    now,
    backoff,
    setTimer: deps.setTimer ?? defaultSetTimer,
    ready,
    notify
  })

  async function notify(sent?: SentNotice[]): Promise<void> {
    const items = await store.list()
    if (!items.ok) return
    try {
      deps.emit({ counts: countsOf(items.value), ...(sent?.length ? { sent } : {}) })
    } catch {
      // A listener's failure must not turn into a failed send.
    }
  }

  /** Nothing is in flight before the first call: an item left `sending` was cut off mid-request. */
  function ready(): Promise<Result<void>> {
    recovery ??= (async () => {
      const items = await store.list()
      if (!items.ok) return items
      for (const item of items.value.filter((i) => i.state === 'sending')) {
        const error: AppError = { code: 'network', message: STOPPED_WHILE_SENDING }
        const saved = await store.put({ ...fresh(item), state: 'unknown', updatedAt: at(), error })
        if (!saved.ok) return saved
      }
      return ok(undefined)
    })()
    const current = recovery
    // A failed recovery (an unreadable disk) is tried again by the next call.
    void current.then((r) => {
      if (!r.ok && recovery === current) recovery = undefined
    })
    return current
  }

  /** Runs `job` holding the claim on item `id`, after recovery. */
  async function claimed<T>(id: string, job: () => Promise<Result<T>>): Promise<Result<T>> {
    const recovered = await ready()
    if (!recovered.ok) return recovered
    if (busy.has(id)) return err('busy', BUSY)
    busy.add(id)
    try {
      return await job()
    } finally {
      busy.delete(id)
      pump.schedule()
    }
  }

  /** A send the person asked for (send now, send again): the item is claimed and its state checked. */
  async function sendByHand(item: OutboxItem): Promise<Result<OutboxItem>> {
    if (!deps.isOnline()) return err('offline', OFFLINE)
    const contact = await sender.contactOf(item)
    if (!contact.ok) return contact
    const sent = await sender.send(item, contact.value, 'outbox')
    return sent.ok ? ok(sent.value.item) : sent
  }

  async function submit(payload: unknown): Promise<Result<SendOutcome>> {
    const request = await parsePayload(sendContactRequestSchema, payload)
    if (!request.ok) return request
    const { profileId, formId: id, contact: raw } = request.value
    return claimed(id, async () => {
      const existing = await store.get(id)
      if (!existing.ok && existing.error.code !== 'not_found') return existing
      const previous = existing.ok ? existing.value : undefined
      if (previous?.state === 'created' || sender.wasCreated(id)) return err('validation', CREATED)
      // `sending` outside a claim is a send whose answer was not kept: as unknown as it gets.
      if (previous?.state === 'unknown' || previous?.state === 'sending') return err('validation', UNKNOWN)
      const stored = request.value.useStoredPassword === true && isRecord(raw) && raw.password === ''
      let contact: Result<ContactInput>
      if (stored) {
        const kept = await sender.passwordFor(id)
        contact = kept.ok ? checkContact({ ...raw, password: kept.value }) : kept
      } else contact = checkContact(raw)
      if (!contact.ok) return contact
      const fields = fieldsOf(contact.value)
      // The draft first, password in the keychain, so whatever happens next nothing typed is lost.
      const saved = await drafts.save({
        id,
        profileId,
        fields,
        ...(stored ? {} : { password: contact.value.password })
      })
      if (!saved.ok) return saved
      const base: OutboxItem = {
        ...(previous ? fresh(previous) : { attempts: 0, queuedAt: at() }),
        id,
        profileId,
        fields,
        state: 'queued',
        updatedAt: at()
      }
      if (deps.isOnline()) {
        const sent = await sender.send(base, contact.value, 'form')
        return sent.ok ? ok(sent.value.outcome) : sent
      }
      const queued = await store.put(base)
      if (!queued.ok) return queued
      await notify()
      return ok({ kind: 'queued', reason: 'offline' })
    })
  }

  async function resolve(payload: unknown): Promise<Result<OutboxItem | null>> {
    const parsed = await parsePayload(unknownDecisionSchema, payload)
    if (!parsed.ok) return parsed
    const decision = toUnknownDecision(parsed.value)
    return claimed(decision.id, async () => {
      const found = await store.get(decision.id)
      if (!found.ok) return found
      const item = found.value
      switch (decision.decision) {
        case 'exists': {
          if (item.state !== 'unknown') {
            return err('validation', 'Only a contact whose outcome is unknown can be marked as created.')
          }
          const { requestId } = item
          const created: OutboxItem = {
            ...fresh(item),
            ...(requestId === undefined ? {} : { requestId }),
            state: 'created',
            contactId: decision.contactId,
            confirmedByPerson: true,
            updatedAt: at()
          }
          const saved = await store.put(created)
          if (!saved.ok) return saved
          const finished = await sender.finishCreated(created, { source: 'outbox', confirmedByPerson: true })
          await notify()
          return finished
        }
        case 'resend':
          if (item.state === 'unknown' || item.state === 'rejected' || item.state === 'retryable') {
            return sendByHand(item)
          }
          return err(
            'validation',
            item.state === 'created'
              ? CREATED
              : 'Only a refused, retryable or unknown contact can be sent again.'
          )
        case 'discard': {
          if (item.state === 'created' && item.recordedAt === undefined) {
            return err(
              'validation',
              'This contact was created and is not in the history yet; the app keeps it until it is.'
            )
          }
          const removed = await discard(decision.id)
          return removed.ok ? ok(null) : removed
        }
      }
    })
  }

  /** The draft first: an item left without its draft cannot be sent, a draft left behind could be. */
  async function discard(id: string): Promise<Result<void>> {
    const draft = await drafts.remove(id)
    if (!draft.ok) return draft
    const item = await store.remove(id)
    if (!item.ok) return item
    await notify()
    return ok(undefined)
  }

  async function sendNow(id: string): Promise<Result<OutboxItem>> {
    return claimed(id, async () => {
      const item = await store.get(id)
      if (!item.ok) return item
      switch (item.value.state) {
        case 'queued':
        case 'retryable':
          return sendByHand(item.value)
        case 'created':
          return err('validation', CREATED)
        case 'rejected':
          return err(
            'validation',
            'The server refused this contact. Open its draft, correct it and send it again.'
          )
        default:
          return err('validation', UNKNOWN)
      }
    })
  }

  async function removeDraft(id: string): Promise<Result<void>> {
    return claimed(id, async () => {
      const item = await store.get(id)
      if (!item.ok && item.error.code !== 'not_found') return item
      const state = item.ok ? item.value.state : undefined
      if (state === 'unknown' || state === 'sending') return err('validation', UNKNOWN)
      if (state === 'created') return err('validation', CREATED)
      return discard(id)
    })
  }

  async function list(profileId: string): Promise<Result<OutboxItem[]>> {
    const recovered = await ready()
    if (!recovered.ok) return recovered
    const items = await store.list()
    return items.ok ? ok(byQueuedAt(items.value.filter((i) => i.profileId === profileId))) : items
  }

  return {
    start: () => pump.start().catch(() => undefined),
    submit: (payload) => guard(() => submit(payload)),
    list: (profileId) => guard(() => withId(profileId, list)),
    resolve: (decision) => guard(() => resolve(decision)),
    sendNow: (id) => guard(() => withId(id, sendNow)),
    removeDraft: (id) => guard(() => withId(id, removeDraft)),
    wasCreated: (id) => sender.wasCreated(id),
    onlineChanged(online) {
      if (online) pump.resume()
    },
    stop: () => pump.stop()
  }
}

async function withId<T>(id: unknown, job: (id: string) => Promise<Result<T>>): Promise<Result<T>> {
  const valid = await parsePayload(idSchema, id)
  return valid.ok ? job(valid.value) : valid
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The service never throws: an unexpected failure is an error value like any other. */
async function guard<T>(job: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await job()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return err('internal', `The outbox failed unexpectedly: ${message}`)
  }
}
