/**
 * The outbox's last step for a contact that exists: giving it the permissions chosen for it. The
 * item stays in the outbox, state `created`, until they are confirmed (or HostUp refuses them and
 * the person decides). Setting them is safe to repeat, so a crash, a restart, a 429 or a lost answer
 * all end the same way: try again, with backoff. Nothing here ever sends the create call again.
 */
import type { HistoryPermissions } from '../../shared/history'
import type { OutboxEvent, OutboxItem, PermissionsProgress } from '../../shared/outbox'
import { isEmptySet, type PermissionSet } from '../../shared/permissions'
import { ok, type Result } from '../../shared/result'
import type { ApplyOutcome } from '../contacts/permissions'
import type { OutboxStore } from '../store/outbox'

export type PermissionNotice = NonNullable<OutboxEvent['permissions']>[number]

export interface PermissionStepDeps {
  store: OutboxStore
  apply(profileId: string, contactId: number, set: PermissionSet): Promise<ApplyOutcome>
  /** Tells the contact's history entry; a failure is tried again by a later pass. */
  markHistory(historyId: string, permissions: HistoryPermissions): Promise<Result<unknown>>
  now(): Date
  backoff(attempt: number): number
}

/** Whether a new contact has permissions to be given at all: "None" needs no call. */
export function wantsPermissions(progress: PermissionsProgress | undefined): progress is PermissionsProgress {
  return progress !== undefined && !isEmptySet(progress.choice.set)
}

/** A created contact whose permissions the outbox sets by itself. */
export function isPermissionsPending(item: OutboxItem): boolean {
  return item.state === 'created' && item.recordedAt !== undefined && item.permissions?.state === 'pending'
}

export function isPermissionsFailed(item: OutboxItem): boolean {
  return item.state === 'created' && item.permissions?.state === 'failed'
}

/** The first pending item that is due, or when the next one will be. */
export function planPermissions(
  items: readonly OutboxItem[],
  busy: ReadonlySet<string>,
  nowMs: number
): { due?: OutboxItem; wakeAt?: number } {
  let wakeAt: number | undefined
  for (const item of items) {
    if (!isPermissionsPending(item) || busy.has(item.id)) continue
    const at = item.permissions?.nextAttemptAt ? Date.parse(item.permissions.nextAttemptAt) : Number.NaN
    if (Number.isNaN(at) || at <= nowMs) return { due: item }
    wakeAt = Math.min(wakeAt ?? at, at)
  }
  return wakeAt === undefined ? {} : { wakeAt }
}

export interface Applied {
  /** The item as it is now, or null once it left the outbox (its permissions confirmed and told). */
  item: OutboxItem | null
  notice?: PermissionNotice
}

export function createPermissionSteps(deps: PermissionStepDeps) {
  const at = (): string => deps.now().toISOString()

  function historyState(
    progress: PermissionsProgress,
    state: HistoryPermissions['state']
  ): HistoryPermissions {
    return { presetId: progress.choice.presetId, name: progress.choice.name, state, at: at() }
  }

  /** The history hears the state; once it has heard `set`, the item can go. */
  async function tell(item: OutboxItem, progress: PermissionsProgress): Promise<boolean> {
    if (!progress.historyId) return true
    const told = await deps.markHistory(progress.historyId, historyState(progress, progress.state))
    return told.ok
  }

  /** One try at an item's permissions (the caller holds its claim and checked it is pending). */
  async function apply(item: OutboxItem): Promise<Result<Applied>> {
    const progress = item.permissions
    if (!progress || item.contactId === undefined) return ok({ item })
    const name = `${item.fields.firstname} ${item.fields.lastname}`.trim()
    const outcome = await deps.apply(item.profileId, item.contactId, progress.choice.set)
    const base = { id: item.id, contactId: item.contactId, name }
    switch (outcome.kind) {
      case 'set': {
        const done: PermissionsProgress = {
          ...strip(progress),
          state: 'set',
          ...(outcome.requestId ? { requestId: outcome.requestId } : {})
        }
        const notice: PermissionNotice = { ...base, state: 'set' }
        if (await tell(item, done)) {
          const gone = await deps.store.remove(item.id)
          return gone.ok ? ok({ item: null, notice }) : gone
        }
        // Kept, so the history hears it on a later pass; the permissions themselves are done.
        const kept: OutboxItem = { ...item, permissions: done, updatedAt: at() }
        const saved = await deps.store.put(kept)
        return saved.ok ? ok({ item: kept, notice }) : saved
      }
      case 'retryable': {
        const attempts = progress.attempts + 1
        const waitMs = outcome.error.retryAfterMs ?? deps.backoff(attempts)
        const next: PermissionsProgress = {
          ...strip(progress),
          attempts,
          nextAttemptAt: new Date(deps.now().getTime() + Math.max(0, waitMs)).toISOString(),
          error: outcome.error
        }
        const kept: OutboxItem = { ...item, permissions: next, updatedAt: at() }
        const saved = await deps.store.put(kept)
        return saved.ok ? ok({ item: kept }) : saved
      }
      case 'rejected': {
        const failed: PermissionsProgress = {
          ...strip(progress),
          state: 'failed',
          attempts: progress.attempts + 1,
          error: outcome.error
        }
        const kept: OutboxItem = { ...item, permissions: failed, updatedAt: at() }
        const saved = await deps.store.put(kept)
        if (!saved.ok) return saved
        await tell(kept, failed)
        return ok({ item: kept, notice: { ...base, state: 'failed', error: outcome.error } })
      }
    }
  }

  /** Confirmed permissions the history did not hear about yet: tell it, and let the item go. */
  async function finishTold(item: OutboxItem): Promise<void> {
    if (item.permissions?.state !== 'set') return
    if (await tell(item, item.permissions)) await deps.store.remove(item.id)
  }

  return { apply, finishTold, historyState }
}

function strip(progress: PermissionsProgress): PermissionsProgress {
  const { nextAttemptAt: _n, error: _e, ...rest } = progress
  return rest
}
