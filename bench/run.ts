/**
 * `npm run bench`: every figure a user feels, each beside its floor measured in the same run, as a
 * table and as `bench/results.json` (`[{ figure, value, unit, floor, ratio, goal, pass }]`).
 * Benchmarks report, they do not judge: a figure over its goal does not fail the run. Only a
 * benchmark that crashes makes it fail. `npm run bench -- submit history` runs just those.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Figure } from './figures'

interface Bench {
  name: string
  load: () => Promise<{ run: () => Promise<Figure[]> }>
}

const BENCHES: Bench[] = [
  { name: 'renderer', load: () => import('./renderer.bench') },
  { name: 'submit', load: () => import('./submit.bench') },
  { name: 'history', load: () => import('./history.bench') },
  { name: 'import', load: () => import('./import.bench') },
  { name: 'soak', load: () => import('./soak.bench') },
  { name: 'mutation', load: () => import('./mutation.bench') }
]

function print(figures: Figure[]): void {
  const width = Math.max(...figures.map((f) => f.figure.length), 6)
  const num = (n: number | null, unit = ''): string => (n === null ? '—' : `${n}${unit ? ` ${unit}` : ''}`)
  console.log(
    `\n  ${'figure'.padEnd(width)}  ${'value'.padStart(12)}  ${'floor'.padStart(12)}  ${'ratio'.padStart(6)}  goal`
  )
  for (const f of figures)
    console.log(
      `  ${f.figure.padEnd(width)}  ${num(f.value, f.unit).padStart(12)}  ${num(f.floor, f.floor === null ? '' : f.unit).padStart(12)}  ${(f.ratio === null ? '—' : `${f.ratio}×`).padStart(6)}  ${f.goal}  ${f.pass ? 'ok' : 'MISSED'}`
    )
}

async function previous(path: string): Promise<Figure[]> {
  try {
    const read: unknown = JSON.parse(await readFile(path, 'utf8'))
    return Array.isArray(read) ? (read as Figure[]) : []
  } catch {
    return []
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2)
  const figures: Figure[] = []
  let failed = false
  for (const bench of BENCHES) {
    if (only.length > 0 && !only.includes(bench.name)) continue
    console.log(`▶ ${bench.name}`)
    const started = performance.now()
    try {
      const got = await (await bench.load()).run()
      figures.push(...got)
      print(got)
    } catch (error) {
      failed = true
      console.error(`✖ ${bench.name} crashed:`, error)
    }
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`)
  }
  if (figures.length > 0) {
    const path = join(import.meta.dirname, 'results.json')
    // A run of some benchmarks replaces their figures and keeps the others'. A figure is known by its
    // name without its counts: a run over 550 mutants replaces one over 544, a soak of 100 one of 1000.
    const name = (figure: string): string => figure.replace(/\d[\d,]*/g, '#')
    const fresh = new Set(figures.map((f) => name(f.figure)))
    const kept = (await previous(path)).filter((f) => !fresh.has(name(f.figure)))
    await writeFile(path, `${JSON.stringify([...kept, ...figures], null, 2)}\n`)
    console.log('All figures:')
    print(figures)
    console.log(
      `\n  ${figures.filter((f) => f.pass).length} of ${figures.length} meet their goal; written to ${path}`
    )
  }
  process.exitCode = failed ? 1 : 0
}

void main()
