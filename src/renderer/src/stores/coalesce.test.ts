import { describe, expect, it } from 'vitest'
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
