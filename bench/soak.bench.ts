/**
 * The soaks: 1,000 creates against the sandbox with random network faults, each handled as a person
 * would (try again when the app says it is safe; when the outcome is unknown, look the contact up in
 * HostUp and answer "it exists" or "send again"), counting duplicates created, which must be 0, and
 * the split of first outcomes; then `npm run soak`'s 2,000 kill -9 cycles of the storage writer
 * (a corrupt file or a lost acknowledged write fails it).
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import type { Fault } from '../e2e/sandbox'
import type { SendOutcome } from '../src/shared/outbox'
import { figure, must, type Figure } from './figures'
import { benchContact, openWorld, type World } from './world'

const CREATES = Number(process.env.HOSTUP_SOAK_CREATES ?? 1_000)
const KILLS = Number(process.env.HOSTUP_CRASH_KILLS ?? 2_000)

const FAULTS: Fault[] = [
  { kind: 'server-error' },
  { kind: 'proxy-html', status: 502 },
  { kind: 'reset-after-request' },
  { kind: 'truncated-json' },
  { kind: 'truncated-json', dropConnection: true },
  { kind: 'empty-body', status: 200 },
  { kind: 'unavailable' },
  { kind: 'rate-limited', retryAfter: '0' },
  { kind: 'contact-id-string' }
]

/** mulberry32, seeded: every run meets the same faults. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The person looks the contact up in HostUp's dashboard, then answers: true once it is settled. */
async function decide(world: World, formId: string, email: string): Promise<boolean> {
  const found = world.sandbox.contacts.find((c) => c.email === email)
  const decided = must(
    await world.handlers['outbox:resolve'](
      found ? { id: formId, decision: 'exists', contactId: found.id } : { id: formId, decision: 'resend' }
    )
  )
  return found !== undefined || decided === null
}

async function createLikeAPerson(world: World, random: () => number): Promise<SendOutcome['kind']> {
  const contact = benchContact()
  const formId = randomUUID()
  let first: SendOutcome['kind'] | undefined
  for (let attempt = 0; attempt < 20; attempt += 1) {
    if (random() < 0.3)
      world.sandbox.failNext(FAULTS[Math.floor(random() * FAULTS.length)] as Fault, { path: '/api/teams' })
    const sent = await world.handlers['contacts:create']({ profileId: world.profileId, formId, contact })
    if (!sent.ok) {
      // The outbox sent it by itself meanwhile: main says so instead of sending it twice.
      if (sent.error.message === 'errors.outbox.alreadyCreated') return first ?? 'created'
      // The outbox's own try ended unknown: the person is asked to decide first.
      if (sent.error.message === 'errors.outbox.undecided') {
        first ??= 'unknown'
        if (await decide(world, formId, contact.email)) return first
        continue
      }
      // Busy: the outbox is sending it right now. The person waits a moment.
      if (sent.error.code !== 'busy') throw new Error(`${sent.error.code}: ${sent.error.message}`)
      await new Promise((done) => setTimeout(done, 50))
      continue
    }
    const outcome = sent.value
    first ??= outcome.kind
    if (outcome.kind === 'created' || outcome.kind === 'rejected') return first
    if (outcome.kind === 'unknown' && (await decide(world, formId, contact.email))) return first
    // retryable (or resent): the app says trying again is safe; the person does, a moment later.
    await new Promise((done) => setTimeout(done, 5))
  }
  return first ?? 'unknown'
}

export async function run(): Promise<Figure[]> {
  const world = await openWorld()
  const outcomes = new Map<string, number>()
  try {
    const random = prng(20261202)
    for (let i = 0; i < CREATES; i += 1) {
      const kind = await createLikeAPerson(world, random)
      outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1)
    }
    // Let the outbox finish what it sends by itself.
    for (let i = 0; i < 300; i += 1) {
      const counts = must(await world.handlers['outbox:counts'](undefined))
      if (counts.waiting === 0) break
      await new Promise((done) => setTimeout(done, 100))
    }
  } finally {
    await world.close()
  }
  const byEmail = new Map<string, number>()
  for (const c of world.sandbox.contacts) byEmail.set(c.email, (byEmail.get(c.email) ?? 0) + 1)
  const duplicates = [...byEmail.values()].filter((n) => n > 1).length
  console.log(
    `  ${CREATES} creates, first outcomes: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
      `${world.sandbox.contacts.length} contacts in HostUp`
  )

  // The kill -9 soak is the durability test itself, at soak strength, in its own process.
  const soak = spawnSync('npx', ['vitest', 'run', 'src/main/store/crash.test.ts'], {
    cwd: resolve(import.meta.dirname, '..'),
    env: { ...process.env, HOSTUP_CRASH_KILLS: String(KILLS) },
    encoding: 'utf8'
  })
  const failure = /round (\d+): (.*)/.exec(`${soak.stdout}\n${soak.stderr}`)
  if (failure) console.log(`  kill -9 soak: ${failure[0]}`)
  const corrupt = failure && /unreadable|moved aside/.test(failure[2] ?? '') ? 1 : 0
  const lost = failure && /missing|back in time/.test(failure[2] ?? '') ? 1 : 0
  if (soak.status !== 0 && !failure)
    throw new Error(`the kill -9 soak did not run: ${soak.stderr.slice(-2000)}`)
  return [
    figure({
      figure: `network-fault soak: contacts created twice (${CREATES} creates)`,
      value: duplicates,
      unit: 'count',
      goal: '0',
      meets: (v) => v === 0
    }),
    figure({
      figure: `network-fault soak: contacts missing from HostUp (${CREATES} creates)`,
      value: CREATES - byEmail.size,
      unit: 'count',
      goal: '0 (each created once, or refused)',
      meets: (v) => v <= (outcomes.get('rejected') ?? 0)
    }),
    figure({
      figure: `kill -9 soak: corrupt files (${KILLS} kills; the first failing round stops it)`,
      value: corrupt,
      unit: 'count',
      goal: '0',
      meets: (v) => v === 0
    }),
    figure({
      figure: `kill -9 soak: acknowledged writes lost (${KILLS} kills)`,
      value: lost,
      unit: 'count',
      goal: '0',
      meets: (v) => v === 0
    })
  ]
}
