/**
 * What every benchmark reports: one figure beside its floor measured in the same run (these
 * machines are noisy, so the ratio within one run is what counts), and whether it meets its goal.
 * Benchmarks report, they never judge CI.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export interface Figure {
  figure: string
  value: number
  unit: 'ms' | 'KB' | 'MiB' | '%' | 'count'
  /** The floor of what is possible, measured the same way in the same run; null where none exists. */
  floor: number | null
  /** value / floor, or null without a floor. */
  ratio: number | null
  /** The goal, in words (as the issue names it). */
  goal: string
  pass: boolean
}

export interface FigureInput {
  figure: string
  value: number
  unit: Figure['unit']
  floor?: number | null
  goal: string
  /** The goal as a check on the figure (value, ratio). */
  meets: (value: number, ratio: number | null) => boolean
}

export function figure(input: FigureInput): Figure {
  const floor = input.floor ?? null
  const ratio = floor === null || floor === 0 ? null : round(input.value / floor, 2)
  return {
    figure: input.figure,
    value: round(input.value, 2),
    unit: input.unit,
    floor: floor === null ? null : round(floor, 2),
    ratio,
    goal: input.goal,
    pass: input.meets(input.value, ratio)
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

export function median(values: number[]): number {
  return percentile(values, 0.5)
}

/** The value at or below which `p` of the values lie (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('no values')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1] as number
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as (() => void) | undefined

/** A full collection before a timed run or a heap reading (not timed itself). */
export function collectGarbage(): void {
  gc?.()
  gc?.()
}

/**
 * A full collection, then a pause for what V8 does after it on other threads (sweeping the pages
 * it freed): a run timed at once would share the machine with that work, and with more of it the
 * more the run before left behind (a 100,000-entry history against 10), which is not the app's.
 */
export async function quietHeap(): Promise<void> {
  collectGarbage()
  await new Promise((done) => setTimeout(done, 100))
}

export function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}
