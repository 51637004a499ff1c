/**
 * "Submitting feels instant": 300 sequential creates through the real handler path (validation,
 * the intent recorded, the client, the history appended) against the sandbox with no delay, beside
 * 300 raw POSTs of the same body each with one bare fsync'd write before and one after: the
 * durability the rules require. And a draft's autosave beside one bare write + fsync + rename.
 */
import { randomUUID } from 'node:crypto'
import { open, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEMO_KEY } from '../e2e/sandbox'
import { BATCH_REFRESH_MS } from '../src/shared/import-timing'
import { benchContact, openWorld, type World } from './world'
import { figure, median, must, percentile, time, type Figure } from './figures'

const CREATES = 300
const SAVES = 100
const BATCH = 1_000

async function durableWrite(path: string, bytes: string): Promise<void> {
  const file = await open(path, 'w')
  try {
    await file.writeFile(bytes)
    await file.sync()
  } finally {
    await file.close()
  }
}

async function submitPath(world: World, count = CREATES): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < count; i += 1) {
    const contact = benchContact()
    times.push(
      await time(async () => {
        const outcome = must(
          await world.handlers['contacts:create']({
            profileId: world.profileId,
            formId: randomUUID(),
            contact
          })
        )
        if (outcome.kind !== 'created') throw new Error(`a bench create ended ${outcome.kind}`)
      })
    )
  }
  return times
}

async function rawPosts(world: World, count = CREATES): Promise<number[]> {
  const times: number[] = []
  const path = join(world.dataDir, 'floor.json')
  for (let i = 0; i < count; i += 1) {
    const body = JSON.stringify(benchContact())
    times.push(
      await time(async () => {
        await durableWrite(path, body)
        const response = await fetch(`${world.sandbox.url}/teams`, {
          method: 'POST',
          headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' },
          body
        })
        await response.text()
        await durableWrite(path, body)
      })
    )
  }
  await rm(path, { force: true })
  return times
}

async function autosaves(world: World): Promise<number[]> {
  const contact = benchContact()
  const id = randomUUID()
  const times: number[] = []
  for (let i = 0; i < SAVES; i += 1) {
    // Typing: one more letter each time; the password as it was (autosave sends it every time).
    const { password, ...typed } = contact
    const fields = { ...typed, city: `${contact.city}${'a'.repeat(i % 7)}` }
    times.push(
      await time(async () =>
        must(
          await world.handlers['drafts:save']({
            id,
            profileId: world.profileId,
            fields,
            password
          })
        )
      )
    )
  }
  return times
}

async function bareSaves(world: World): Promise<number[]> {
  const bytes = JSON.stringify({ schemaVersion: 2, drafts: [benchContact()] })
  const path = join(world.dataDir, 'floor-draft.json')
  const times: number[] = []
  for (let i = 0; i < SAVES; i += 1)
    times.push(
      await time(async () => {
        await durableWrite(`${path}.tmp`, bytes)
        await rename(`${path}.tmp`, path)
      })
    )
  await rm(path, { force: true })
  return times
}

/**
 * A 1,000-row spreadsheet imported and sent as one batch through the outbox: ms per contact. Its
 * report is asked for as the open import view asks (BATCH_REFRESH_MS apart while the outbox's events
 * come); the batch ends at the outbox event of its last contact (the report showing it done).
 */
async function batchSend(world: World): Promise<number> {
  const path = join(world.dataDir, 'batch.csv')
  const rows = Array.from({ length: BATCH }, () => {
    const c = benchContact()
    return [c.firstname, c.lastname, c.email, c.phonenumber, c.address1, c.postcode, c.city, c.country].join(
      ';'
    )
  })
  await writeFile(
    path,
    `Förnamn;Efternamn;E-post;Telefon;Adress;Postnummer;Ort;Land\r\n${rows.join('\r\n')}\r\n`
  )
  const report = must(await world.handlers['import:open']({ profileId: world.profileId, path }))
  if (report.counts.valid !== BATCH) throw new Error(`the batch has ${report.counts.valid} valid rows`)
  const batch = must(await world.handlers['import:commit']({ id: report.id, name: 'Bench batch' }))
  const started = performance.now()
  must(await world.handlers['batches:send']({ id: batch.id }))
  for (;;) {
    if (performance.now() - started > 600_000) throw new Error('the batch did not finish in 10 minutes')
    const asked = performance.now()
    const { progress } = must(await world.handlers['batches:report']({ id: batch.id })).batch
    if (progress.waiting === 0) {
      if (progress.created !== BATCH) throw new Error(`the batch created ${progress.created} contacts`)
      // The event telling of the last send may follow the state the report read: the end is the
      // last event once 50 ms pass without another (nothing else changes the outbox after it).
      let ended = world.lastOutboxChange()
      for (;;) {
        await new Promise((done) => setTimeout(done, 50))
        const latest = world.lastOutboxChange()
        if (latest === ended) break
        ended = latest
      }
      if (ended === null || ended < started) throw new Error('the batch ended without an outbox event')
      return (ended - started) / BATCH
    }
    await new Promise((done) => setTimeout(done, Math.max(0, asked + BATCH_REFRESH_MS - performance.now())))
  }
}

export async function run(): Promise<Figure[]> {
  const world = await openWorld()
  try {
    // One warm-up each, so neither side pays for the first connection or the first keychain unlock.
    await submitPath(world, 5)
    await rawPosts(world, 5)
    const floor = median(await rawPosts(world))
    const creates = await submitPath(world)
    const submit = median(creates)
    // A batch's time per contact is a mean (its whole time over its contacts): beside it, the
    // submit path's mean, the same measure of the same 300 creates.
    const submitMean = creates.reduce((sum, t) => sum + t, 0) / creates.length
    const saves = percentile(await autosaves(world), 0.95)
    const bare = percentile(await bareSaves(world), 0.95)
    const perContact = await batchSend(world)
    return [
      figure({
        figure: 'submit path (300 creates, p50)',
        value: submit,
        unit: 'ms',
        floor,
        goal: '≤ 2× the floor',
        meets: (_, ratio) => ratio !== null && ratio <= 2
      }),
      figure({
        figure: 'draft autosave (p95 of 100)',
        value: saves,
        unit: 'ms',
        floor: bare,
        goal: '≤ 2× the floor',
        meets: (_, ratio) => ratio !== null && ratio <= 2
      }),
      figure({
        figure: 'batch send (1,000 contacts through the outbox, per contact)',
        value: perContact,
        unit: 'ms',
        floor: submitMean,
        goal: '≤ 1.2× the submit path (its mean per create)',
        meets: (_, ratio) => ratio !== null && ratio <= 1.2
      })
    ]
  } finally {
    await world.close()
  }
}
