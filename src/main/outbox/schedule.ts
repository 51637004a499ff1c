/**
 * The outbox sending by itself: which item is next, when to wake up, how long to back off. One
 * automatic send at a time, only while online, and never an `unknown` item.
 */
import type {
  OutboxCounts,
  OutboxEvent,
  OutboxItem,
  OutboxPause,
  OutboxPauseReason
} from '../../shared/outbox'
import type { AppError, Result } from '../../shared/result'
import type { Sender } from './send'
import {
  isPermissionsFailed,
  isPermissionsPending,
  planPermissions,
  type createPermissionSteps,
  type PermissionNotice
} from './permissions'

type PermissionSteps = ReturnType<typeof createPermissionSteps>
import type { OutboxStore } from '../store/outbox'

export interface Timer {
  cancel(): void
}

export type SetTimer = (fn: () => void, ms: number) => Timer

/** 2 s, 4 s, 8 s … up to a minute, for retryable answers that did not say how long to wait. */
export function defaultBackoff(attempt: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt - 1))
}

export const defaultSetTimer: SetTimer = (fn, ms) => {
  const handle = setTimeout(fn, ms)
  // A pending resend must not keep a test run or the harness alive; the app's window does that.
  handle.unref?.()
  return { cancel: () => clearTimeout(handle) }
}

// setTimeout fires at once for delays past 2^31-1 ms; waking up early is harmless, the plan is redone.
export const MAX_TIMER_MS = 2 ** 31 - 1

/** Items the outbox sends by itself. `unknown` is never one of them: only a person can settle it. */
export function isWaiting(item: OutboxItem): boolean {
  return item.state === 'queued' || item.state === 'retryable'
}

export function countsOf(items: readonly OutboxItem[]): OutboxCounts {
  return {
    waiting: items.filter((i) => isWaiting(i) || isPermissionsPending(i)).length,
    needsDecision: items.filter((i) => i.state === 'unknown' || isPermissionsFailed(i)).length
  }
}

/** Oldest first; the sort is stable, so items queued in the same millisecond keep the order they were put in. */
export function byQueuedAt(items: readonly OutboxItem[]): OutboxItem[] {
  return [...items].sort((a, b) => compareQueuedAt(a, b))
}

/**
 * ISO timestamps of one shape order as their characters do: no collation needed (a locale-aware
 * compare costs a thousand items' plan milliseconds, and a plan is made before every send).
 */
function compareQueuedAt(a: OutboxItem, b: OutboxItem): number {
  return a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0
}

function dueAt(item: OutboxItem): number {
  const at = item.nextAttemptAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(item.nextAttemptAt)
  return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at
}

export interface Plan {
  /** The item to send now, if any. */
  due?: OutboxItem
  /** The earliest moment another item becomes due (ms since the epoch). */
  wakeAt?: number
}

/**
 * Per profile, only the oldest waiting item may go: contacts arrive in the order they were queued,
 * and a `Retry-After` (which speaks for the whole account) holds back everything queued after it.
 * Items another caller is sending (`busy`) hold their profile back too.
 */
export function plan(
  items: readonly OutboxItem[],
  busy: ReadonlySet<string>,
  nowMs: number,
  isHeld: (item: OutboxItem) => boolean = () => false
): Plan {
  // Per profile the oldest waiting item, the first of equals: what sorting by queuedAt would put
  // first, in one pass over the items.
  const heads = new Map<string, OutboxItem>()
  for (const item of items) {
    // A held item (a paused batch) steps aside: it does not hold back what was queued after it.
    if (!isWaiting(item) || isHeld(item)) continue
    const head = heads.get(item.profileId)
    if (!head || compareQueuedAt(item, head) < 0) heads.set(item.profileId, item)
  }
  const result: Plan = {}
  for (const head of heads.values()) {
    if (busy.has(head.id)) continue
    const at = dueAt(head)
    if (at <= nowMs) result.due ??= head
    else result.wakeAt = Math.min(result.wakeAt ?? at, at)
  }
  return result
}

export type SentNotice = NonNullable<OutboxEvent['sent']>[number]

export interface PumpDeps {
  store: OutboxStore
  sender: Sender
  permissions: PermissionSteps
  /** Items someone is working on, shared with the person's own sends: one send per item at a time. */
  busy: Set<string>
  /** Items that wait whatever their state (a paused batch). */
  isHeld(item: OutboxItem): boolean
  isOnline(): boolean
  now(): Date
  backoff(attempt: number): number
  setTimer: SetTimer
  /** Resolves once what a previous run left mid-send has been settled. */
  ready(): Promise<Result<void>>
  notify(sent?: SentNotice[], told?: PermissionNotice[]): Promise<void>
}

export interface Pump {
  start(): Promise<void>
  /** Sends what is due now, or sets the one timer for the earliest item to come due. */
  schedule(): void
  /** Why and until when nothing is sent by itself, or null while sending goes on. */
  paused(): OutboxPause | null
  /** The network is back, or the person asked to send all now: a pause ends now. */
  resume(): void
  /**
   * Sends nothing more by itself; resolves once the send under way (if any) has its outcome written,
   * so a next instance over the same files never finds it mid-send.
   */
  stop(): Promise<void>
}

/** A pump that cannot write (disk full, keychain locked) tries again after this many backoff steps. */
const STALLED_ATTEMPT = 5

/** What one automatic send leaves for the next: a toast, and whether the pump must pause (ms), and why. */
type Step = { sent?: SentNotice; pauseMs?: number; reason?: OutboxPauseReason }

export function createPump(deps: PumpDeps): Pump {
  const { store, sender, busy, now } = deps
  const stalled = (reason: OutboxPauseReason = 'stalled'): Step => ({
    pauseMs: deps.backoff(STALLED_ATTEMPT),
    reason
  })
  let running = false
  let flushing = false
  let timer: Timer | undefined
  /** The flush under way: what `stop` waits for. */
  let flight: Promise<void> | undefined
  /** Nothing is sent by itself before this moment (ms since the epoch). */
  let pausedUntil = 0
  let pauseReason: OutboxPauseReason = 'stalled'

  function schedule(): void {
    // A flush ends by scheduling again, so a request made during one is not lost.
    if (running && !flushing) void replan()
  }

  function wakeIn(ms: number): void {
    timer?.cancel()
    timer = deps.setTimer(schedule, Math.min(MAX_TIMER_MS, Math.max(0, ms)))
  }

  async function replan(): Promise<void> {
    const recovered = await deps.ready()
    if (!recovered.ok) return wakeIn(deps.backoff(STALLED_ATTEMPT))
    const items = await store.list()
    if (!items.ok || !running || flushing) return
    const nowMs = now().getTime()
    const creates = plan(items.value, busy, nowMs, deps.isHeld)
    const grants = planPermissions(items.value, busy, nowMs)
    const due = creates.due ?? grants.due
    const wakes = [creates.wakeAt, grants.wakeAt].filter((t): t is number => t !== undefined)
    timer?.cancel()
    timer = undefined
    if (due && pausedUntil > nowMs) return wakeIn(pausedUntil - nowMs)
    if (due && deps.isOnline()) return flush()
    // Offline with something due: `onlineChanged(true)` schedules again.
    if (wakes.length > 0) wakeIn(Math.max(Math.min(...wakes), pausedUntil) - nowMs)
  }

  function flush(): Promise<void> {
    if (flushing) return flight ?? Promise.resolve()
    const run = sendWhatIsDue()
    flight = run
    const done = (): void => {
      // A flush ends by scheduling again: the next one may be under way already.
      if (flight === run) flight = undefined
    }
    run.then(done, done)
    return run
  }

  async function sendWhatIsDue(): Promise<void> {
    flushing = true
    const sent: SentNotice[] = []
    const told: PermissionNotice[] = []
    // A try at permissions that will be tried again changes its item (error, next attempt) with no
    // notice of its own: the page must still hear of it, or it keeps saying "setting…" with no reason.
    let triedPermissions = false
    let pauseMs: number | undefined
    let reason: OutboxPauseReason = 'stalled'
    try {
      await finishLeftovers()
      while (running && deps.isOnline() && pauseMs === undefined) {
        const items = await store.list()
        if (!items.ok) pauseMs = stalled().pauseMs
        // Permissions first: the contact exists already, and each one is a few quick, repeatable calls.
        const grant = items.ok ? planPermissions(items.value, busy, now().getTime()).due : undefined
        if (grant) {
          busy.add(grant.id)
          const applied = await deps.permissions.apply(grant).finally(() => busy.delete(grant.id))
          triedPermissions = true
          if (!applied.ok) pauseMs = stalled().pauseMs
          else if (applied.value.notice) told.push(applied.value.notice)
          continue
        }
        const due = items.ok ? plan(items.value, busy, now().getTime(), deps.isHeld).due : undefined
        if (!due) break
        busy.add(due.id)
        const step = await sendQueued(due.id).finally(() => busy.delete(due.id))
        if (step.sent) sent.push(step.sent)
        pauseMs = step.pauseMs
        reason = step.reason ?? 'stalled'
      }
    } catch {
      pauseMs = stalled().pauseMs
    } finally {
      flushing = false
      const pausing = pauseMs !== undefined && pauseMs > 0
      if (pauseMs !== undefined) {
        pausedUntil = now().getTime() + pauseMs
        pauseReason = reason
      }
      // A pause is news too: the page says sending waits, why, and until when.
      if (sent.length > 0 || told.length > 0 || triedPermissions || pausing) await deps.notify(sent, told)
      schedule()
    }
  }

  /** One automatic send of a claimed item, with its draft's kept password. */
  async function sendQueued(id: string): Promise<Step> {
    const current = await store.get(id)
    if (!current.ok) return stalled()
    const item = current.value
    if (!isWaiting(item)) return {}
    const contact = await sender.contactOf(item)
    if (!contact.ok) return settleUnsent(item, contact.error)
    const sent = await sender.send(item, contact.value, 'outbox')
    if (!sent.ok) return settleUnsent(item, sent.error)
    const { outcome, item: after } = sent.value
    switch (outcome.kind) {
      case 'created':
        return {
          sent: {
            id,
            name: `${item.fields.firstname} ${item.fields.lastname}`.trim(),
            contactId: outcome.contactId
          }
        }
      case 'retryable': {
        // No connection for this item means none for the next: wait as long as this one does.
        const network = outcome.error.code === 'offline' || outcome.error.code === 'network'
        return network
          ? { pauseMs: Date.parse(after.nextAttemptAt ?? '') - now().getTime() || 0, reason: 'network' }
          : {}
      }
      case 'unknown':
        // A server that just failed mid-request likely fails the next one too, and every such
        // failure costs the person a decision: pause before risking another.
        return stalled('unknown')
      case 'rejected':
        return {}
    }
  }

  /** Nothing was sent. A locked keychain passes by itself; anything else needs the person. */
  async function settleUnsent(item: OutboxItem, error: AppError): Promise<Step> {
    if (error.code === 'storage' || error.code === 'internal') return stalled()
    const passes = error.code === 'keychain_locked' || error.code === 'keychain_unavailable'
    const { nextAttemptAt: _n, ...rest } = item
    const updatedAt = now().toISOString()
    const settled: OutboxItem = passes
      ? { ...rest, state: 'retryable', error, updatedAt, nextAttemptAt: later(deps.backoff(STALLED_ATTEMPT)) }
      : { ...rest, state: 'rejected', error, updatedAt }
    const saved = await store.put(settled)
    if (!saved.ok) return stalled()
    await deps.notify()
    return passes ? stalled() : {}
  }

  function later(ms: number): string {
    return new Date(now().getTime() + ms).toISOString()
  }

  /** Created contacts the history could not take earlier (or whose draft would not go): try again. */
  async function finishLeftovers(): Promise<void> {
    const items = await store.list()
    if (!items.ok) return
    for (const item of items.value.filter((i) => i.state === 'created' && !busy.has(i.id))) {
      busy.add(item.id)
      try {
        if (item.permissions?.state === 'set') await deps.permissions.finishTold(item)
        // Not yet recorded, or its draft would not go: finish that. (One waiting for permissions is done.)
        else if (item.recordedAt === undefined || item.error !== undefined) {
          const how = { source: 'outbox', confirmedByPerson: item.confirmedByPerson } as const
          const done = await sender.finishCreated(item, how)
          if (done.ok && done.value === null) await deps.notify()
        }
      } finally {
        busy.delete(item.id)
      }
    }
  }

  return {
    async start() {
      running = true
      const recovered = await deps.ready()
      if (!recovered.ok) return wakeIn(deps.backoff(STALLED_ATTEMPT))
      await finishLeftovers()
      await deps.notify()
      schedule()
    },
    schedule,
    paused() {
      const left = pausedUntil - now().getTime()
      return left > 0 ? { reason: pauseReason, until: new Date(pausedUntil).toISOString() } : null
    },
    resume() {
      pausedUntil = 0
      schedule()
    },
    async stop() {
      running = false
      timer?.cancel()
      timer = undefined
      await flight?.catch(() => undefined)
    }
  }
}
