import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Result } from '@shared/ipc'
import type { OutboxCounts, OutboxEvent, OutboxItem, UnknownDecision } from '@shared/outbox'
import { actionFailure, createActionRunner, type ActionFailure } from './action'
import { bridge } from './bridge'
import { guarded } from './guarded'

export type OutboxAction = 'load' | 'sendNow' | 'sendAll' | 'resolve' | 'retryPermissions'
export type SentContactNotice = NonNullable<OutboxEvent['sent']>[number]

export type OutboxError = ActionFailure<OutboxAction>

/** "Sent: Anna Svensson (ID 14087)": one per event that reported sends. */
export interface Toast {
  key: number
  sent: SentContactNotice[]
}

export const TOAST_MS = 6000

/** A fresh object of exactly the decision's keys: no Vue proxy, nothing extra for main to refuse. */
function plainDecision(decision: UnknownDecision): UnknownDecision {
  if (decision.decision === 'exists')
    return { id: decision.id, decision: 'exists', contactId: decision.contactId }
  return { id: decision.id, decision: decision.decision }
}

/**
 * The outbox as the renderer sees it: the selected profile's items, the counts main reports with
 * every change (for the sidebar badge), and a toast whenever the outbox sent something by itself.
 */
export const useOutboxStore = defineStore('outbox', () => {
  const items = ref<OutboxItem[]>([])
  const profileId = ref<string | null>(null)
  const loaded = ref(false)
  const counts = ref<OutboxCounts>({ waiting: 0, needsDecision: 0 })
  /** Bumped on every `outbox:changed`: lists that join with the outbox (drafts) reload on it. */
  const revision = ref(0)
  const toasts = ref<Toast[]>([])
  /** Item ID → the action running on it, so only that item's buttons wait. */
  const pending = ref<Record<string, OutboxAction>>({})
  const lastError = ref<OutboxError | null>(null)

  let stopListening: (() => void) | null = null
  // An event is newer than an answer to `outbox:counts` that was in flight when it came.
  let countsSeq = 0
  let loadSeq = 0
  let toastSeq = 0
  const toastTimers = new Map<number, ReturnType<typeof setTimeout>>()

  function start(): void {
    stopListening ??= bridge().on('outbox:changed', onChanged)
  }

  function dispose(): void {
    stopListening?.()
    stopListening = null
    toastTimers.forEach((timer) => clearTimeout(timer))
    toastTimers.clear()
  }

  function onChanged(event: OutboxEvent): void {
    countsSeq += 1
    const { waiting, needsDecision, paused } = event.counts
    counts.value = { waiting, needsDecision, ...(paused ? { paused: { ...paused } } : {}) }
    revision.value += 1
    if (event.sent && event.sent.length > 0) pushToast(event.sent)
    if (profileId.value !== null) void load(profileId.value)
  }

  function pushToast(sent: readonly SentContactNotice[]): void {
    const key = ++toastSeq
    toasts.value.push({ key, sent: sent.map((s) => ({ id: s.id, name: s.name, contactId: s.contactId })) })
    toastTimers.set(
      key,
      setTimeout(() => dismissToast(key), TOAST_MS)
    )
  }

  function dismissToast(key: number): void {
    clearTimeout(toastTimers.get(key))
    toastTimers.delete(key)
    toasts.value = toasts.value.filter((t) => t.key !== key)
  }

  async function load(forProfile: string): Promise<Result<OutboxItem[]>> {
    const seq = ++loadSeq
    if (profileId.value !== forProfile) {
      items.value = []
      loaded.value = false
    }
    profileId.value = forProfile
    const result = await guarded(() => bridge().outbox.list({ profileId: forProfile }))
    // Events reload often; only the latest answer may land, or an older list could overwrite a newer one.
    if (seq !== loadSeq) return result
    if (!result.ok) {
      lastError.value = { action: 'load', id: null, error: result.error }
      return result
    }
    items.value = result.value
    loaded.value = true
    return result
  }

  /** The badge's numbers at start, over every profile, as main counts them; events keep them current. */
  async function loadCounts(): Promise<void> {
    const seq = countsSeq
    const result = await guarded(() => bridge().outbox.counts())
    if (result.ok && seq === countsSeq) counts.value = result.value
  }

  const act = createActionRunner<OutboxAction, OutboxError, string>({
    lastError,
    failure: actionFailure,
    start: (action, id) => {
      pending.value[id] = action
      return () => {
        delete pending.value[id]
      }
    },
    // The item was settled or removed elsewhere: show the list as main has it now.
    onFailure: (_action, _id, error) => {
      if (error.code === 'not_found' && profileId.value !== null) void load(profileId.value)
    }
  })

  /** A created contact leaves the outbox once it is in the history: drop it rather than flash it. */
  function replace(item: OutboxItem | null, id: string): void {
    if (item === null) items.value = items.value.filter((i) => i.id !== id)
    else items.value = items.value.map((i) => (i.id === id ? item : i))
  }

  async function sendNow(id: string): Promise<Result<OutboxItem>> {
    const result = await act('sendNow', id, () => bridge().outbox.sendNow({ id }))
    if (result.ok) replace(result.value.state === 'created' ? null : result.value, id)
    return result
  }

  /** "Send all now": a pause of automatic sending ends, and what waits goes in its order. */
  async function sendAll(): Promise<Result<OutboxCounts>> {
    const result = await act('sendAll', 'all', () => bridge().outbox.sendAll())
    if (result.ok) {
      countsSeq += 1
      counts.value = result.value
    }
    return result
  }

  /** A created contact's permissions, tried again now: null once they are set (the item has gone). */
  async function retryPermissions(id: string): Promise<Result<OutboxItem | null>> {
    const result = await act('retryPermissions', id, () => bridge().contacts.retryPermissions({ id }))
    if (result.ok) replace(result.value, id)
    return result
  }

  async function resolve(decision: UnknownDecision): Promise<Result<OutboxItem | null>> {
    const request = plainDecision(decision)
    const result = await act('resolve', request.id, () => bridge().outbox.resolve(request))
    if (result.ok) replace(result.value?.state === 'created' ? null : result.value, request.id)
    return result
  }

  return {
    items,
    profileId,
    loaded,
    counts,
    revision,
    toasts,
    pending,
    lastError,
    start,
    dispose,
    load,
    loadCounts,
    sendNow,
    sendAll,
    resolve,
    retryPermissions,
    dismissToast
  }
})
