/**
 * A refresh that never piles up: `job` runs at once when it is idle, and any number of calls while
 * it runs make one more run once it is done (which then sees the state as it is by then). For
 * answers that only the newest of matters: a search as the person types, a batch's report on each
 * of a thousand outbox events. With `gapMs`, runs also start at least that far apart: calls in the
 * gap make one run at its end.
 */
export function coalesced(job: () => Promise<unknown>, opts: { gapMs?: number } = {}): () => void {
  const gapMs = opts.gapMs ?? 0
  let running = false
  let again = false
  let startedAt = -Infinity
  let waiting: ReturnType<typeof setTimeout> | undefined
  const run = (): void => {
    if (running) {
      again = true
      return
    }
    if (waiting !== undefined) return
    const wait = startedAt + gapMs - performance.now()
    if (wait > 0) {
      waiting = setTimeout(() => {
        waiting = undefined
        run()
      }, wait)
      return
    }
    running = true
    startedAt = performance.now()
    void job()
      .catch(() => undefined)
      .finally(() => {
        running = false
        if (!again) return
        again = false
        run()
      })
  }
  return run
}
