/**
 * A refresh that never piles up: `job` runs at once when it is idle, and any number of calls while
 * it runs make one more run once it is done (which then sees the state as it is by then). For
 * answers that only the newest of matters: a search as the person types, a batch's report on each
 * of a thousand outbox events.
 */
export function coalesced(job: () => Promise<unknown>): () => void {
  let running = false
  let again = false
  const run = (): void => {
    if (running) {
      again = true
      return
    }
    running = true
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
