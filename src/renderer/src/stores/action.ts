import type { Ref } from 'vue'
import type { AppError, Result } from '@shared/ipc'
import { guarded } from './guarded'

/** The usual record of a failed action: which one, on which item (null: the list), and why. */
export interface ActionFailure<A extends string> {
  action: A
  id: string | null
  error: AppError
}

export function actionFailure<A extends string>(
  action: A,
  id: string | null,
  error: AppError
): ActionFailure<A> {
  return { action, id, error }
}

/** Runs one store action: `run('remove', id, () => bridge().drafts.remove({ id }))`. */
export type ActionRunner<A extends string, S extends string | null> = <T>(
  action: A,
  subject: S,
  call: () => Promise<Result<T>>
) => Promise<Result<T>>

export interface ActionRunnerOptions<A extends string, E, S extends string | null> {
  /** The store's last failure, cleared when an action starts and set when one fails. */
  lastError: Ref<E | null>
  /** The store's own record of a failure: which action, on what, and why. */
  failure: (action: A, subject: S, error: AppError) => E
  /** Shows the action as running (a busy flag, an item's pending mark); returns what undoes that. */
  start: (action: A, subject: S) => () => void
  /** Whether starting this action clears the last error (default: every action does). */
  clears?: (action: A) => boolean
  /** After a failure is recorded, while the action still shows as running. */
  onFailure?: (action: A, subject: S, error: AppError) => void
}

/**
 * The one way the stores run an action against main: clear the last error, show the action as
 * running, call (through `guarded`), keep a failure as the last error, show the action as done.
 */
export function createActionRunner<A extends string, E, S extends string | null = string | null>(
  options: ActionRunnerOptions<A, E, S>
): ActionRunner<A, S> {
  const { lastError, failure, start, clears, onFailure } = options
  return async (action, subject, call) => {
    if (clears?.(action) ?? true) lastError.value = null
    const done = start(action, subject)
    try {
      // A call that rejects instead of answering (the bridge broke) is a failure like any other.
      const result = await guarded(call)
      if (!result.ok) {
        lastError.value = failure(action, subject, result.error)
        onFailure?.(action, subject, result.error)
      }
      return result
    } finally {
      done()
    }
  }
}

/** `start` for a store with one busy flag per action. */
export function busyFlags<A extends string>(busy: Record<A, boolean>): (action: A) => () => void {
  return (action) => {
    busy[action] = true
    return () => {
      busy[action] = false
    }
  }
}
