/**
 * Runs every benchmark in turn and prints its figures. Benchmarks report, they do not judge: a
 * figure over its target does not fail the run (timings on shared CI machines are too noisy to
 * gate on). Only a benchmark that crashes makes the run fail. Add a benchmark with one line below.
 */
interface Bench {
  name: string
  load: () => Promise<{ run: () => Promise<void> }>
}

const BENCHES: Bench[] = [
  { name: 'history', load: () => import('./history.bench') },
  { name: 'import', load: () => import('./import.bench') }
]

async function main(): Promise<void> {
  const only = process.argv.slice(2)
  let failed = false
  for (const bench of BENCHES) {
    if (only.length > 0 && !only.includes(bench.name)) continue
    console.log(`\n▶ ${bench.name}`)
    const started = performance.now()
    try {
      await (await bench.load()).run()
    } catch (error) {
      failed = true
      console.error(`✖ ${bench.name} crashed:`, error)
    }
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  }
  process.exitCode = failed ? 1 : 0
}

void main()
