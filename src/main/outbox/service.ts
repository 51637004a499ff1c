/**
 * The outbox: every contact on its way to HostUp, and the rules that keep `POST /teams` (which is
 * not idempotent) from ever creating a contact twice. The person's own sends go out at once; the
 * outbox sends the rest by itself, one at a time, in order, and only when the server cannot have
 * acted on an earlier try. An `unknown` outcome waits for the person, always.
 */
import type { ContactInput } from '../../shared/contact'
import type { Draft } from '../../shared/draft'
import type {
  OutboxCounts,
  OutboxEvent,
  OutboxItem,
  SendOutcome,
  SendRequest,
  UnknownDecision
} from '../../shared/outbox'
import type { HistoryPermissions } from '../../shared/history'
import type { PermissionSet } from '../../shared/permissions'
import { err, ok, type AppError, type Result } from '../../shared/result'
import {
  byQueuedAt,
  countsOf,
  createPump,
  defaultBackoff,
  defaultSetTimer,
  type SentNotice,
  type SetTimer
} from './schedule'
import { checkContact, createSender, fieldsOf, fresh, type CreatedEntry, type CreatedRecord } from './send'
import type { ApplyOutcome } from '../contacts/permissions'
import type { ProfileService } from '../profiles/service'
import { createPermissionSteps, type PermissionNotice } from './permissions'
import type { DraftStore } from '../store/drafts'
import type { OutboxStore } from '../store/outbox'

export type { CreatedEntry, CreatedRecord, SendSource } from './send'

export interface OutboxDeps {
  drafts: DraftStore
  store: OutboxStore
  profiles: Pick<ProfileService, 'client'>
  /** Resolves to the history entry's ID once it is durable. */
  recordCreated(entry: CreatedRecord): Promise<Result<{ id: string }>>
  /** The history's entry with this draft ID, or null: whether (and as what) the contact was created. */
  findCreated(id: string): Promise<Result<CreatedEntry | null>>
  /** Gives a created contact its permissions (contacts/permissions.ts). */
  applyPermissions(profileId: string, contactId: number, set: PermissionSet): Promise<ApplyOutcome>
  /** Tells a contact's history entry how its permissions stand. */
  markHistoryPermissions(historyId: string, permissions: HistoryPermissions): Promise<Result<unknown>>
  isOnline(): boolean
  /** Items that wait whatever their state says (a paused import batch). */
  isHeld?(item: OutboxItem): boolean
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
  /**
   * Resolves once what a previous run left is settled: a `sending` item and a draft whose ID the
   * history holds are let go as created, any other `sending` item becomes `unknown`.
   */
  recovered(): Promise<Result<void>>
  /** Saves the draft, then sends or queues it. */
  submit(request: SendRequest): Promise<Result<SendOutcome>>
  /** One profile's items, oldest first. */
  list(profileId: string): Promise<Result<OutboxItem[]>>
  /** What waits and what needs a decision, over every profile: the badge's numbers. */
  counts(): Promise<Result<OutboxCounts>>
  /** The person's decision on an item: the item as it is now, or null when it left the outbox. */
  resolve(decision: UnknownDecision): Promise<Result<OutboxItem | null>>
  /** Sends a queued or retryable item now, without waiting for its turn. */
  sendNow(id: string): Promise<Result<OutboxItem>>
  /** Ends a pause of automatic sending (after an unknown outcome, say): what waits goes now. */
  sendAll(): Promise<Result<OutboxCounts>>
  /** Sets a created contact's permissions again now, after they failed (or while they wait): null once set. */
  retryPermissions(id: string): Promise<Result<OutboxItem | null>>
  /** Queues drafts (an import batch) in their order, each once; a draft already in the outbox is left alone. */
  enqueue(drafts: readonly Draft[]): Promise<Result<void>>
  /** Takes back items the server cannot have acted on (queued, retryable): their drafts stay. Returns those taken. */
  withdraw(ids: readonly string[]): Promise<Result<string[]>>
  /** Every item, over every profile. */
  all(): Promise<Result<OutboxItem[]>>
  /** Sending may go on: a held item may have been let go. */
  reschedule(): void
  /** Removes a draft and its outbox item, unless the item is being sent or waits for a decision. */
  removeDraft(id: string): Promise<Result<void>>
  /** Whether the draft with this ID became a contact in this run (its draft must not come back). */
  wasCreated(id: string): boolean
  /** Whether the draft with this ID became a contact, in this run or (the history says) an earlier one. */
  isCreated(id: string): Promise<Result<boolean>>
  onlineChanged(online: boolean): void
  /** Sends nothing more by itself; resolves once the automatic send under way has its outcome written. */
  stop(): Promise<void>
}

const CREATED = 'errors.outbox.alreadyCreated'
const UNKNOWN = 'errors.outbox.undecided'

export function createOutboxService(deps: OutboxDeps): OutboxService {
  const { drafts, store } = deps
  const now = deps.now ?? (() => new Date())
  const backoff = deps.backoff ?? defaultBackoff
  const at = (): string => now().toISOString()
  const sender = createSender({ ...deps, now, backoff, changed: () => notify() })
  const permissions = createPermissionSteps({
    store,
    apply: deps.applyPermissions,
    markHistory: deps.markHistoryPermissions,
    now,
    backoff
  })
  /** Items someone is working on: one send per draft at a time, the person's or the pump's. */
  const busy = new Set<string>()
  let recovery: Promise<Result<void>> | undefined
  const pump = createPump({
    store,
    sender,
    permissions,
    busy,
    isHeld: (item) => deps.isHeld?.(item) ?? false,
    isOnline: () => deps.isOnline(),
    now,
    backoff,
    setTimer: deps.setTimer ?? defaultSetTimer,
    ready,
    notify
  })

  async function notify(sent?: SentNotice[], told?: PermissionNotice[]): Promise<void> {
    const items = await store.list()
    if (!items.ok) return
    try {
      deps.emit({
        counts: withPause(countsOf(items.value)),
        ...(sent?.length ? { sent } : {}),
        ...(told?.length ? { permissions: told } : {})
      })
    } catch {
      // A listener's failure must not turn into a failed send.
    }
  }

  /**
   * Nothing is in flight before the first call: an item left `sending` was cut off mid-request, and
   * a draft held since a damaged outbox file was set aside may have been sent. Both wait for the
   * person, unless the history holds the contact: the history entry is written before a created
   * contact's item and draft are let go, so an entry means created, and the item and draft that a
   * crash kept are let go now.
   */
  function ready(): Promise<Result<void>> {
    recovery ??= (async () => {
      const items = await store.list()
      if (!items.ok) return items
      for (const item of items.value.filter((i) => i.state === 'sending')) {
        const found = await deps.findCreated(item.id)
        if (!found.ok) return found
        const entry = found.value
        const saved = await store.put(
          entry
            ? {
                ...fresh(item),
                state: 'created',
                contactId: entry.contactId,
                ...(entry.requestId === undefined ? {} : { requestId: entry.requestId }),
                updatedAt: at()
              }
            : {
                ...fresh(item),
                state: 'unknown',
                updatedAt: at(),
                error: { code: 'network', message: 'errors.outbox.stoppedWhileSending' }
              }
        )
        if (!saved.ok) return saved
      }
      const cleared = await forgetCreatedDrafts(items.value)
      if (!cleared.ok) return cleared
      return holdLost(items.value)
    })()
    const current = recovery
    // A failed recovery (an unreadable disk) is tried again by the next call.
    void current.then((r) => {
      if (!r.ok && recovery === current) recovery = undefined
    })
    return current
  }

  /** Drafts whose contact the history holds, without an item (a crash came before their removal). */
  async function forgetCreatedDrafts(items: readonly OutboxItem[]): Promise<Result<void>> {
    const listed = await drafts.list()
    if (!listed.ok) return listed
    const known = new Set(items.map((i) => i.id))
    for (const draft of listed.value) {
      if (known.has(draft.id)) continue
      const found = await sender.isCreated(draft.id)
      if (!found.ok) return found
      if (found.value) drafts.forget(draft.id, { keepPassword: draft.batchId !== undefined })
    }
    return ok(undefined)
  }

  /** The drafts a damaged outbox file held become items that wait for a decision, like an unknown outcome. */
  async function holdLost(items: readonly OutboxItem[]): Promise<Result<void>> {
    const held = await store.held()
    if (!held.ok || held.value === null) return held.ok ? ok(undefined) : held
    const { ids, all } = held.value
    const listed = await drafts.list()
    if (!listed.ok) return listed
    const known = new Set(items.map((i) => i.id))
    for (const draft of listed.value) {
      if (known.has(draft.id) || !(all || ids.includes(draft.id))) continue
      const error: AppError = { code: 'storage', message: 'errors.outbox.recordLost' }
      const { id, profileId, fields, createdAt } = draft
      const item: OutboxItem = {
        id,
        profileId,
        fields,
        state: 'unknown',
        queuedAt: createdAt,
        updatedAt: at(),
        attempts: 0,
        error
      }
      const saved = await store.put(item)
      if (!saved.ok) return saved
    }
    return store.release()
  }

  /** Runs `job` holding the claim on item `id`, after recovery. */
  async function claimed<T>(id: string, job: () => Promise<Result<T>>): Promise<Result<T>> {
    const recovered = await ready()
    if (!recovered.ok) return recovered
    if (busy.has(id)) return err('busy', 'errors.outbox.busy')
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
    if (!deps.isOnline()) return err('offline', 'errors.outbox.offline')
    const contact = await sender.contactOf(item)
    if (!contact.ok) return contact
    const sent = await sender.send(item, contact.value, 'outbox')
    return sent.ok ? ok(sent.value.item) : sent
  }

  async function submit(request: SendRequest): Promise<Result<SendOutcome>> {
    const { profileId, formId: id, contact: given } = request
    return claimed(id, async () => {
      const existing = await store.get(id)
      if (!existing.ok && existing.error.code !== 'not_found') return existing
      const previous = existing.ok ? existing.value : undefined
      if (previous?.state === 'created') return err('validation', CREATED)
      const created = await sender.isCreated(id)
      if (!created.ok) return created
      if (created.value) return err('validation', CREATED)
      // `sending` outside a claim is a send whose answer was not kept: as unknown as it gets.
      if (previous?.state === 'unknown' || previous?.state === 'sending') return err('validation', UNKNOWN)
      const stored = request.useStoredPassword && given.password === ''
      let contact: Result<ContactInput> = ok(given)
      if (stored) {
        // The kept password is checked like a typed one before it is sent.
        const kept = await sender.passwordFor(id)
        contact = kept.ok ? checkContact({ ...given, password: kept.value }) : kept
      }
      if (!contact.ok) return contact
      const fields = fieldsOf(contact.value)
      const draft = await drafts.get(id)
      if (!draft.ok && draft.error.code !== 'not_found') return draft
      const choice =
        request.permissions ??
        (draft.ok ? draft.value.permissions : undefined) ??
        previous?.permissions?.choice
      const input = {
        id,
        profileId,
        fields,
        ...(stored ? {} : { password: contact.value.password }),
        ...(request.permissions ? { permissions: request.permissions } : {})
      }
      const base: OutboxItem = {
        ...(previous ? fresh(previous) : { attempts: 0, queuedAt: at() }),
        id,
        profileId,
        fields,
        state: 'queued',
        updatedAt: at(),
        ...(choice ? { permissions: { choice, state: 'pending' as const, attempts: 0 } } : {})
      }
      if (deps.isOnline()) {
        // The intent holds what is sent (all but the password), so the draft, and the password in
        // the keychain, are written only for an answer that keeps the item (below): a created
        // contact needs neither, and its send waits for no keychain round trip. The form's autosave
        // has usually kept the password already; a form sent before its first autosave, cut off by
        // a crash mid-request, is unknown and asks for its password again to be sent knowingly.
        const kept = stored || (draft.ok && draft.value.hasPassword)
        const sent = await sender.send(base, contact.value, 'form', () => drafts.save(input), kept)
        return sent.ok ? ok(sent.value.outcome) : sent
      }
      // The draft first, password in the keychain, so whatever happens next nothing typed is lost.
      const saved = await drafts.save(input)
      if (!saved.ok) return saved
      const queued = await store.put(base)
      if (!queued.ok) return queued
      await notify()
      return ok({ kind: 'queued', reason: 'offline' })
    })
  }

  async function resolve(decision: UnknownDecision): Promise<Result<OutboxItem | null>> {
    return claimed(decision.id, async () => {
      const found = await store.get(decision.id)
      if (!found.ok) return found
      const item = found.value
      switch (decision.decision) {
        case 'exists': {
          if (item.state !== 'unknown') {
            return err('validation', 'errors.outbox.onlyUnknownCanBeMarked')
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
          return err('validation', item.state === 'created' ? CREATED : 'errors.outbox.cannotResend')
        case 'discard': {
          if (item.state === 'created' && item.recordedAt === undefined) {
            return err('validation', 'errors.outbox.notInHistoryYet')
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
          return err('validation', 'errors.outbox.refusedOpenDraft')
        default:
          return err('validation', UNKNOWN)
      }
    })
  }

  async function retryPermissions(id: string): Promise<Result<OutboxItem | null>> {
    return claimed(id, async () => {
      const found = await store.get(id)
      if (!found.ok) return found
      const item = found.value
      const progress = item.permissions
      if (item.state !== 'created' || item.recordedAt === undefined || !progress || progress.state === 'set')
        return err('validation', 'errors.permissions.notPending')
      if (!deps.isOnline()) return err('offline', 'errors.outbox.offline')
      const { nextAttemptAt: _n, error: _e, ...rest } = progress
      const again: OutboxItem = {
        ...item,
        permissions: { ...rest, state: 'pending', attempts: 0 },
        updatedAt: at()
      }
      const saved = await store.put(again)
      if (!saved.ok) return saved
      const applied = await permissions.apply(again)
      if (!applied.ok) return applied
      await notify(undefined, applied.value.notice ? [applied.value.notice] : undefined)
      return ok(applied.value.item)
    })
  }

  async function enqueue(list: readonly Draft[]): Promise<Result<void>> {
    const recovered = await ready()
    if (!recovered.ok) return recovered
    const base = now().getTime()
    const items: OutboxItem[] = list.map((draft, i) => ({
      id: draft.id,
      profileId: draft.profileId,
      fields: draft.fields,
      state: 'queued',
      // A millisecond apart: the order of the spreadsheet is the order they are sent in.
      queuedAt: new Date(base + i).toISOString(),
      updatedAt: new Date(base).toISOString(),
      attempts: 0,
      ...(draft.permissions
        ? { permissions: { choice: draft.permissions, state: 'pending' as const, attempts: 0 } }
        : {}),
      ...(draft.batchId ? { batchId: draft.batchId } : {})
    }))
    const put = await store.putNew(items)
    if (!put.ok) return put
    await notify()
    pump.schedule()
    return ok(undefined)
  }

  async function withdraw(ids: readonly string[]): Promise<Result<string[]>> {
    const taken: string[] = []
    for (const id of ids) {
      if (busy.has(id)) continue
      const found = await store.get(id)
      if (!found.ok || (found.value.state !== 'queued' && found.value.state !== 'retryable')) continue
      const removed = await store.remove(id)
      if (!removed.ok) return removed
      taken.push(id)
    }
    if (taken.length > 0) await notify()
    return ok(taken)
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

  async function counts(): Promise<Result<OutboxCounts>> {
    const recovered = await ready()
    if (!recovered.ok) return recovered
    const items = await store.list()
    return items.ok ? ok(withPause(countsOf(items.value))) : items
  }

  /** The counts, and while automatic sending waits, why and until when. */
  function withPause(counts: OutboxCounts): OutboxCounts {
    const paused = pump.paused()
    return paused ? { ...counts, paused } : counts
  }

  /** The person's "Send all now": a pause ends, and what waits goes now, in its order. */
  async function sendAll(): Promise<Result<OutboxCounts>> {
    pump.resume()
    return counts()
  }

  return {
    start: () => pump.start().catch(() => undefined),
    recovered: ready,
    submit,
    list,
    counts,
    resolve,
    sendNow,
    sendAll,
    retryPermissions,
    enqueue,
    withdraw,
    all: () => store.list(),
    reschedule: () => pump.schedule(),
    removeDraft,
    wasCreated: (id) => sender.wasCreated(id),
    isCreated: (id) => sender.isCreated(id),
    onlineChanged(online) {
      if (online) pump.resume()
    },
    stop: () => pump.stop()
  }
}
