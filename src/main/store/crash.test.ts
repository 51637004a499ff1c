import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoreNotice } from '../../shared/notice'
import { createSecretStore } from '../secrets'
import { createDraftStore } from './drafts'
import { createHistoryStore } from './history'

/** How many times the writer is killed; the soak script (`npm run soak`) raises it. */
const KILLS = Number(process.env.HOSTUP_CRASH_KILLS ?? 200)

let work: string
let childScript: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hostup-crash-'))
  // Bundled once so each of the many child processes starts in milliseconds.
  childScript = join(work, 'crash-child.cjs')
  await build({
    entryPoints: [resolve(__dirname, '../testing/crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: childScript,
    external: ['keytar'],
    logLevel: 'silent',
    nodePaths: [resolve(__dirname, '../../../node_modules')]
  })
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

interface Acks {
  drafts: Map<string, number>
  history: string[]
}

/** Runs the writer until a random moment, kills it with SIGKILL, and returns what it acknowledged. */
function runAndKill(dir: string, tag: string, killAfterMs: number): Promise<Acks> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [childScript, dir, tag], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: resolve(__dirname, '../../../node_modules') }
    })
    const acks: Acks = { drafts: new Map(), history: [] }
    let buffered = ''
    let stderr = ''
    let timer: NodeJS.Timeout | undefined
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const [kind, id, n] = line.split(' ')
        if (kind === 'D' && id && n) acks.drafts.set(id, Number(n))
        if (kind === 'H' && id) acks.history.push(id)
      }
      // Kill a random time after the writer has acknowledged a write of each kind: every round then
      // checks both files, however slowly a busy machine starts Node.
      if (acks.drafts.size > 0 && acks.history.length > 0)
        timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') fail(new Error(`the writer exited by itself: ${stderr}`))
      else done(acks)
    })
  })
}

describe(`kill -9 at random moments (${KILLS} times)`, () => {
  it(
    'leaves every file readable and every acknowledged write on disk',
    async () => {
      const dir = join(work, 'data')
      await mkdir(dir)
      for (let round = 0; round < KILLS; round++) {
        const tag = `r${round}`
        const acks = await runAndKill(dir, tag, 5 + Math.floor(Math.random() * 60))

        const notices: StoreNotice[] = []
        const drafts = createDraftStore({
          dir,
          secrets: createSecretStore('hostup-contacts-crash-test'),
          notices: (n) => notices.push(n)
        })
        const history = createHistoryStore({ dir, notices: (n) => notices.push(n) })
        const draftList = await drafts.list()
        const entries = await history.list()
        expect(draftList.ok, `round ${round}: drafts unreadable`).toBe(true)
        expect(entries.ok, `round ${round}: history unreadable`).toBe(true)
        expect(notices, `round ${round}: a file had to be moved aside`).toEqual([])
        if (!draftList.ok || !entries.ok) return

        const byId = new Map(draftList.value.map((d) => [d.id, d]))
        for (const [id, n] of acks.drafts) {
          const draft = byId.get(id)
          expect(draft, `round ${round}: acknowledged draft ${id} is missing`).toBeDefined()
          // A later save may have landed without its acknowledgement; never an older one.
          expect(
            Number(draft?.fields.firstname.slice(1)),
            `round ${round}: draft ${id} went back in time`
          ).toBeGreaterThanOrEqual(n)
        }
        const present = new Set(entries.value.map((e) => e.id))
        for (const id of acks.history) {
          expect(present.has(id), `round ${round}: acknowledged history entry ${id} is missing`).toBe(true)
        }
      }
      const leftovers = (await readdir(dir)).filter(
        (f) => !/^(drafts\.json|history\.jsonl|\..*\.tmp)$/.test(f)
      )
      expect(leftovers).toEqual([])
    },
    KILLS * 2_000
  )
})
