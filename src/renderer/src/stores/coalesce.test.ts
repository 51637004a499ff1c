import { afterEach, describe, expect, it, vi } from 'vitest'
import { coalesced } from './coalesce'

/** A job whose runs end when the test says, recording what it saw when each began. */
function gated() {
  const seen: number[] = []
  const ends: (() => void)[] = []
  let state = 0
  const job = () => {
    seen.push(state)
    return new Promise<void>((done) => ends.push(done))
  }
  return { seen, ends, job, set: (value: number) => (state = value) }
}

const settle = () => new Promise((done) => setTimeout(done, 0))

describe('coalesced', () => {
  it('runs at once when idle, and once more after a run for every call made during it', async () => {
    const g = gated()
    const run = coalesced(g.job)
    run()
    expect(g.seen).toEqual([0])
    for (let i = 1; i <= 5; i += 1) {
      g.set(i)
      run()
    }
    // Five calls while the first ran: no second run yet, then exactly one, with the latest state.
    expect(g.seen).toEqual([0])
    g.ends[0]?.()
    await settle()
    expect(g.seen).toEqual([0, 5])
    g.ends[1]?.()
    await settle()
    expect(g.seen).toEqual([0, 5])
    run()
    expect(g.seen).toEqual([0, 5, 5])
  })

  it('goes on after a run that failed', async () => {
    let calls = 0
    const run = coalesced(() => {
      calls += 1
      return calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve()
    })
    run()
    run()
    await settle()
    expect(calls).toBe(2)
    run()
    await settle()
    expect(calls).toBe(3)
  })
})

describe('coalesced with a gap', () => {
  afterEach(() => vi.useRealTimers())

  it('starts runs at least the gap apart: calls in the gap make one run at its end, then it is idle again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const g = gated()
    const run = coalesced(g.job, { gapMs: 250 })
    run()
    expect(g.seen).toEqual([0])
    g.ends[0]?.()
    await vi.advanceTimersByTimeAsync(10)
    for (let i = 1; i <= 5; i += 1) {
      g.set(i)
      run()
    }
    // Done after 10 ms, called five times since: nothing before 250 ms from the first start.
    await vi.advanceTimersByTimeAsync(229)
    expect(g.seen).toEqual([0])
    await vi.advanceTimersByTimeAsync(11)
    expect(g.seen).toEqual([0, 5])
    // A call during that run: one more, a gap after it began (its job still running at the gap's end).
    g.set(6)
    run()
    await vi.advanceTimersByTimeAsync(400)
    expect(g.seen).toEqual([0, 5])
    g.ends[1]?.()
    await vi.advanceTimersByTimeAsync(0)
    expect(g.seen).toEqual([0, 5, 6])
    g.ends[2]?.()
    // Quiet for longer than the gap: the next call runs at once.
    await vi.advanceTimersByTimeAsync(300)
    g.set(7)
    run()
    expect(g.seen).toEqual([0, 5, 6, 7])
  })
})
