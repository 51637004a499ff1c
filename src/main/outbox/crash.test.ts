/**
 * kill -9 in the middle of creating contacts, at random moments, through the app's own services
 * (src/main/testing/submit-crash-child.ts), then the app started again over what is left: never a
 * contact created twice, never one lost (each one HostUp has is in the history, or waits for the
 * person as unknown), never a created contact's draft shown again as unsent.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../../e2e/sandbox'
import { HISTORY_MAX_LIMIT } from '../../shared/history'
import { createHandlers } from '../ipc'
import { createServices } from '../services'

const KILLS = Number(process.env.HOSTUP_SUBMIT_CRASH_KILLS ?? 25)

let work: string
let childScript: string
let sandbox: Sandbox
const secretService = `hostup-contacts-submit-crash-${randomUUID()}`

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hostup-submit-crash-'))
  sandbox = await startSandbox({ port: 0 })
  childScript = join(work, 'submit-crash-child.cjs')
  await build({
    entryPoints: [resolve(__dirname, '../testing/submit-crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: childScript,
    external: ['keytar', 'electron', 'electron-updater'],
    logLevel: 'silent',
    nodePaths: [resolve(__dirname, '../../../node_modules')]
  })
})

afterAll(async () => {
  await sandbox.close()
  await rm(work, { recursive: true, force: true })
})

/** Runs the app until a random moment after it started creating, kills it, and returns what it acknowledged. */
function runAndKill(dir: string, tag: string, killAfterMs: number): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [childScript, dir, sandbox.url, secretService, tag], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: resolve(__dirname, '../../../node_modules') }
    })
    const created: string[] = []
    let buffered = ''
    let stderr = ''
    let timer: NodeJS.Timeout | undefined
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const [kind, id] = line.split(' ')
        if (kind === 'C' && id) created.push(id)
      }
      // From the first create on: the first one pays for starting up (the connection, the keychain).
      if (created.length > 0) timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') fail(new Error(`the app exited by itself: ${stderr}`))
      else done(created)
    })
  })
}

describe(`kill -9 while creating contacts (${KILLS} times)`, () => {
  it(
    'creates none twice, loses none, and shows no created contact’s draft again',
    async () => {
      const dir = join(work, 'data')
      const acknowledged: string[] = []
      for (let round = 0; round < KILLS; round++) {
        acknowledged.push(...(await runAndKill(dir, `r${round}`, Math.floor(Math.random() * 80))))

        // The app again, over what the kill left: its start settles what was cut off.
        const services = await createServices({
          dataDir: dir,
          secretService,
          isOnline: () => false,
          version: '0.0.0-crash',
          platform: process.platform,
          emit: () => undefined,
          chooseSavePath: async () => null
        })
        const handlers = createHandlers(services)
        try {
          await services.start()
          const profiles = await handlers['profiles:list'](undefined)
          if (!profiles.ok) throw new Error('profiles unreadable')
          const profileId = profiles.value.profiles[0]?.id ?? ''
          // The first answer after a start may be the newest rows alone (`partial`): ask until whole.
          let history = await handlers['history:query']({ limit: HISTORY_MAX_LIMIT })
          while (history.ok && history.value.partial)
            history = await handlers['history:query']({ limit: HISTORY_MAX_LIMIT })
          const outbox = await handlers['outbox:list']({ profileId })
          const drafts = await handlers['drafts:list']({ profileId })
          expect(
            [history, outbox, drafts].filter((r) => !r.ok),
            `round ${round}: a file is unreadable`
          ).toEqual([])
          if (!history.ok || !outbox.ok || !drafts.ok) return
          expect(history.value.total, `round ${round}: more than one page of history`).toBeLessThanOrEqual(
            HISTORY_MAX_LIMIT
          )
          const recorded = new Set(history.value.rows.map((e) => e.id))
          const byEmail = new Map<string, number>()
          for (const contact of sandbox.contacts)
            byEmail.set(contact.email, (byEmail.get(contact.email) ?? 0) + 1)

          for (const [email, count] of byEmail)
            expect(count, `round ${round}: ${email} was created ${count} times`).toBe(1)
          for (const id of acknowledged)
            expect(recorded.has(id), `round ${round}: acknowledged ${id} is not in the history`).toBe(true)
          const items = new Map(outbox.value.map((i) => [i.id, i]))
          for (const contact of sandbox.contacts) {
            const id = contact.email.replace(/@example\.se$/, '')
            const item = items.get(id)
            // Created at HostUp: recorded, or waiting for the person's decision; never sendable again.
            const kept = recorded.has(id) || item?.state === 'unknown'
            expect(
              kept,
              `round ${round}: ${id} exists at HostUp but is ${item?.state ?? 'nowhere'} here`
            ).toBe(true)
          }
          for (const draft of drafts.value)
            expect(recorded.has(draft.id), `round ${round}: created ${draft.id} is shown as a draft`).toBe(
              false
            )
          for (const item of outbox.value)
            expect(recorded.has(item.id), `round ${round}: ${item.id}`).toBe(false)
          // And nothing of a recorded contact can be sent or saved again.
          for (const id of [...recorded].slice(-3)) {
            const again = await handlers['drafts:save']({
              id,
              profileId,
              fields: {
                firstname: 'Åsa',
                lastname: 'Igen',
                email: `${id}@example.se`,
                phonenumber: '',
                address1: '',
                city: '',
                country: 'SE',
                postcode: ''
              }
            })
            expect(again.ok, `round ${round}: the draft of created ${id} was saved again`).toBe(false)
          }
        } finally {
          await services.stop()
        }
      }
      expect(acknowledged.length).toBeGreaterThan(KILLS)
    },
    KILLS * 10_000
  )
})
