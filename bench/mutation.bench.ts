/**
 * Test strength: Stryker's mutation score over the HostUp client, the outbox and the stores
 * (stryker.config.mjs), with the survivors listed. Slow: every mutant runs the tests that cover it.
 * `HOSTUP_MUTATE` narrows it (a Stryker `--mutate` pattern), e.g. 'src/main/hostup/**\/*.ts'.
 */
import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { figure, type Figure } from './figures'

interface Report {
  files: Record<
    string,
    { mutants: { status: string; mutatorName: string; location: { start: { line: number } } }[] }
  >
}

const ROOT = resolve(import.meta.dirname, '..')

export async function run(): Promise<Figure[]> {
  const args = ['stryker', 'run']
  const only = process.env.HOSTUP_MUTATE
  if (only) args.push('--mutate', `${only},!src/**/*.test.ts`)
  const ran = spawnSync('npx', args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] })
  if (ran.status !== 0) throw new Error(`stryker ended with ${String(ran.status)}`)
  const report = JSON.parse(await readFile(resolve(ROOT, '.stryker/mutation.json'), 'utf8')) as Report
  let caught = 0
  let valid = 0
  const survivors: string[] = []
  for (const [file, { mutants }] of Object.entries(report.files))
    for (const m of mutants) {
      if (['Killed', 'Timeout'].includes(m.status)) caught += 1
      if (['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(m.status)) valid += 1
      if (['Survived', 'NoCoverage'].includes(m.status))
        survivors.push(`${file}:${m.location.start.line} ${m.mutatorName} (${m.status})`)
    }
  console.log(`  ${survivors.length} survivors:\n    ${survivors.join('\n    ')}`)
  return [
    figure({
      figure: `mutation score (${only ?? 'hostup, outbox, stores'}; ${valid} mutants, static ones left out)`,
      value: valid === 0 ? 0 : (100 * caught) / valid,
      unit: '%',
      goal: '≥ 85%, survivors listed',
      meets: (v) => v >= 85
    })
  ]
}
