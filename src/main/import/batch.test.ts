/** From a spreadsheet to contacts: an import through the real handlers, sent as a batch to the sandbox. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../../e2e/sandbox'
import { validateContact } from '../../shared/contact'
import type { Batch, ImportReport } from '../../shared/import'
import type { Handlers } from '../../shared/ipc'
import { builtInSet } from '../../shared/permissions'
import type { Result } from '../../shared/result'
import { createHandlers, type Services } from '../ipc'
import { createServices } from '../services'
import { english } from '../testing/english'
import { memorySecretBackend, type MemoryBackend } from '../testing/memory-secrets'

const FIXTURES = resolve(__dirname, '../../../e2e/fixtures/import')
let sandbox: Sandbox
let dir: string
let backend: MemoryBackend
let services: Services
let handlers: Handlers
let profileId: string
let savePath: string | null
let openPath: string | null

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${english(result.error)}`)
  return result.value
}

async function boot(): Promise<void> {
  services = await createServices({
    dataDir: dir,
    secretService: 'hostup-contacts-import-test',
    secretBackend: backend,
    isOnline: () => true,
    version: 'test',
    platform: 'linux',
    emit: () => undefined,
    chooseSavePath: async () => savePath,
    chooseOpenPath: async () => openPath,
    timeoutMs: 2000,
    outboxBackoff: () => 30
  })
  handlers = createHandlers(services)
  await services.start()
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
})

afterAll(async () => {
  await sandbox.close()
})

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-import-'))
  backend = memorySecretBackend()
  savePath = join(dir, 'out.csv')
  openPath = null
  await boot()
  profileId = value(await handlers['profiles:save']({ name: 'Sandbox', baseUrl: sandbox.url })).id
  value(await handlers['apiKey:set']({ profileId, apiKey: DEMO_KEY }))
})

afterEach(async () => {
  await services.stop()
  sandbox.reset()
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
})

const open = async (name: string): Promise<ImportReport> =>
  value(await handlers['import:open']({ profileId, path: join(FIXTURES, name) }))
const posts = (): number => sandbox.log.filter((r) => r.method === 'POST' && r.path === '/api/teams').length

async function settled(id: string): Promise<Batch> {
  let batch: Batch | undefined
  await vi.waitFor(
    async () => {
      batch = value(await handlers['batches:report']({ id })).batch
      expect(batch.progress.waiting).toBe(0)
    },
    { timeout: 15_000, interval: 50 }
  )
  return batch as Batch
}

/** A contact created from the form before the import: its e-mail is then a duplicate from history. */
async function createdBefore(formId: string, lastname: string, email: string): Promise<void> {
  value(
    await handlers['contacts:create']({
      profileId,
      formId,
      contact: {
        firstname: 'Erik',
        lastname,
        email,
        password: 'Password-123',
        phonenumber: '',
        address1: '',
        city: '',
        country: '',
        postcode: ''
      }
    })
  )
}

describe('an import', () => {
  it('maps, checks and counts the rows of a Swedish semicolon file, countries by name included', async () => {
    const report = await open('semicolon-swedish.csv')
    expect(report).toMatchObject({ format: 'csv', delimiter: ';', passwordsFromFile: false })
    expect(report.counts).toEqual({ rows: 4, valid: 4, invalid: 0, duplicates: 0, excluded: 0 })
    expect(report.rows.map((r) => r.fields.country)).toEqual(['SE', 'SE', 'SE', ''])
    expect(report.rows[0]).toMatchObject({
      row: 2,
      fields: { firstname: 'Åsa', city: 'Malmö', postcode: '211 22' }
    })
  })

  it('reports invalid cells and duplicates in the file and against history, then takes corrections', async () => {
    await createdBefore('earlier', 'A', 'erik.andersson@example.se')
    const report = await open('duplicates.csv')
    expect(report.counts).toEqual({ rows: 4, valid: 1, invalid: 1, duplicates: 2, excluded: 0 })
    expect(report.rows[1]?.duplicateOf).toMatchObject({ kind: 'history', contactId: expect.any(Number) })
    expect(report.rows[2]?.duplicateOf).toEqual({ kind: 'file', row: 2 })
    expect(report.rows[3]?.errors).toEqual({
      email: 'contact.email.missingAt',
      country: 'contact.country.invalid'
    })

    const fixed = value(
      await handlers['import:edit']({ id: report.id, row: 5, field: 'email', value: 'bad.row@example.se' })
    )
    expect(fixed.rows.map((r) => r.row)).toEqual([5])
    expect(fixed.rows[0]?.errors).toEqual({ country: 'contact.country.invalid' })
    const country = value(
      await handlers['import:edit']({ id: report.id, row: 5, field: 'country', value: 'Norge' })
    )
    expect(country.counts).toMatchObject({ valid: 2, invalid: 0 })
    // Excluding the first Åsa makes the second one the first with that address.
    const excluded = value(await handlers['import:exclude']({ id: report.id, row: 2, excluded: true }))
    expect(excluded.counts).toEqual({ rows: 4, valid: 2, invalid: 0, duplicates: 1, excluded: 1 })
    expect(excluded.rows.map((r) => r.row).sort()).toEqual([2, 4])
  })

  it('checks a long CSV part by part as the worker reads it, as it checks the whole sheet again', async () => {
    await createdBefore('earlier-long', 'B', 'erik.2400@example.se')
    // Row 1,700's e-mail is row 3's (the worker hands out rows 1,000 at a time), row 2,400's was
    // created before, and some rows are invalid: each told as the whole sheet's check tells it.
    const lines = Array.from({ length: 2_500 }, (_, i) => {
      const email = i === 1_698 ? 'erik.1@example.se' : i % 500 === 7 ? 'no-at-sign' : `erik.${i}@example.se`
      return `Erik;Nr ${i};${email};${i % 3 === 0 ? 'Norge' : 'SE'}`
    })
    const path = join(dir, 'long.csv')
    await writeFile(path, `Förnamn;Efternamn;E-post;Land\n${lines.join('\n')}\n`)
    const opened = value(await handlers['import:open']({ profileId, path }))
    expect(opened.counts).toEqual({ rows: 2_500, valid: 2_493, invalid: 5, duplicates: 2, excluded: 0 })
    expect(opened.rows[1_698]?.duplicateOf).toEqual({ kind: 'file', row: 3 })
    expect(opened.rows[2_400]?.duplicateOf).toMatchObject({ kind: 'history' })
    expect(opened.rows[999]?.fields.country).toBe('NO')
    const again = value(await handlers['import:map']({ id: opened.id, mapping: opened.mapping }))
    expect(again).toEqual(opened)
  })

  it('refuses a CSV of too many rows after its first parts were checked, and opens the next file as usual', async () => {
    const lines = Array.from({ length: 10_500 }, (_, i) => `Erik;Nr ${i};erik.${i}@example.se`)
    const path = join(dir, 'too-long.csv')
    await writeFile(path, `Förnamn;Efternamn;E-post\n${lines.join('\n')}\n`)
    const refused = await handlers['import:open']({ profileId, path })
    expect(refused.ok || english(refused.error)).toMatch(/10500 rows; the import takes at most 10000/)
    const next = await open('duplicates.csv')
    expect(next.counts.rows).toBe(4)
  })

  it('never lets a password from the file reach the report, and checks it like a typed one', async () => {
    const report = await open('extra-columns.csv')
    expect(report.passwordsFromFile).toBe(true)
    expect(report.mapping).toMatchObject({ password: 10, email: 3 })
    expect(report.rows.map((r) => [r.hasPassword, r.errors.password])).toEqual([
      [true, undefined],
      [true, 'contact.password.tooShort']
    ])
    expect(JSON.stringify(report)).not.toMatch(/Sommar-2026|short/)
  })

  it('has no e-mail column: it says so, and makes no batch', async () => {
    const report = await open('missing-email.csv')
    expect(report.mapping.email).toBeUndefined()
    const refused = await handlers['import:commit']({ id: report.id, name: 'Kunden' })
    expect(!refused.ok && english(refused.error)).toMatch(/No column holds the e-mail address/)
    expect(value(await handlers['batches:list']({ profileId }))).toEqual([])
  })

  it('takes a workbook’s other sheet and a corrected mapping', async () => {
    openPath = join(FIXTURES, 'two-sheets.xlsx')
    const report = value(await handlers['import:choose']({ profileId }))
    expect(report?.sheets).toEqual(['Read me', 'Kontakter'])
    const contacts = value(await handlers['import:sheet']({ id: report?.id ?? '', sheet: 'Kontakter' }))
    expect(contacts.counts).toMatchObject({ rows: 3, valid: 3 })
    expect(contacts.rows.map((r) => r.fields.country)).toEqual(['SE', 'NO', ''])
    const remapped = value(
      await handlers['import:map']({ id: contacts.id, mapping: { ...contacts.mapping, city: 0 } })
    )
    expect(remapped.rows[0]?.fields.city).toBe('Karin')
    openPath = null
    expect(value(await handlers['import:choose']({ profileId }))).toBeNull()
  })
})

describe('a batch', () => {
  it('sends each valid row once, records them under the batch’s name, and gives the login details once', async () => {
    const report = await open('comma.csv')
    const batch = value(
      await handlers['import:commit']({
        id: report.id,
        name: 'Lindqvist Bygg',
        permissions: { presetId: 'support', name: '', set: builtInSet('support') }
      })
    )
    expect(batch).toMatchObject({ state: 'ready', progress: { total: 4, waiting: 4 } })
    const drafts = value(await handlers['drafts:list']({ profileId }))
    expect(drafts.every((d) => d.source === 'csv' && d.batchId === batch.id && d.hasPassword)).toBe(true)
    value(await handlers['batches:send']({ id: batch.id }))
    const done = await settled(batch.id)
    expect(done).toMatchObject({ state: 'done', progress: { created: 4, failed: 0, unknown: 0 } })
    expect(posts()).toBe(4)
    expect(sandbox.contacts.map((c) => c.email).sort()).toEqual(report.rows.map((r) => r.fields.email).sort())
    const history = value(await handlers['history:query']({ batchId: batch.id }))
    expect(history.total).toBe(4)
    expect(history.rows.every((r) => r.source === 'csv' && r.batch?.name === 'Lindqvist Bygg')).toBe(true)
    // A second "Send batch" sends nothing again.
    value(await handlers['batches:send']({ id: batch.id }))
    await new Promise((r) => setTimeout(r, 200))
    expect(posts()).toBe(4)

    const logins = value(await handlers['batches:logins']({ id: batch.id }))
    expect(logins).toHaveLength(4)
    for (const login of logins)
      expect(
        validateContact({ ...report.rows[0]?.fields, email: login.email, password: login.password }).ok
      ).toBe(true)
    savePath = join(dir, 'logins.csv')
    expect(value(await handlers['batches:exportLogins']({ id: batch.id }))).toEqual({
      path: savePath,
      count: 4
    })
    expect((await stat(savePath)).mode & 0o777).toBe(0o600)
    expect(await readFile(savePath, 'utf8')).toContain(logins[0]?.password)
    savePath = join(dir, 'report.csv')
    value(await handlers['batches:exportReport']({ id: batch.id }))
    const reportText = await readFile(savePath, 'utf8')
    expect(reportText.split('\r\n')[0]).toBe(
      '\uFEFFRow,Name,E-mail,Result,Contact ID,Permissions,Reason,HostUp’s words'
    )
    expect(reportText).toMatch(/2,Åsa Öberg,asa.oberg@example.se,Created,\d+,Set,,/)
    for (const login of logins) expect(reportText).not.toContain(login.password)
    expect(value(await handlers['batches:forgetLogins']({ id: batch.id })).loginsKept).toBe(false)
    expect(await handlers['batches:logins']({ id: batch.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
    expect([...backend.entries.keys()].filter((k) => k.includes('draft:'))).toEqual([])
  })

  it('pauses, resumes, and cancels what was not sent, leaving those rows as drafts', async () => {
    const report = await open('comma.csv')
    const batch = value(await handlers['import:commit']({ id: report.id, name: 'Paus' }))
    sandbox.setDelay(150)
    value(await handlers['batches:send']({ id: batch.id }))
    await vi.waitFor(() => expect(posts()).toBeGreaterThanOrEqual(1))
    value(await handlers['batches:pause']({ id: batch.id }))
    const paused = posts()
    await new Promise((r) => setTimeout(r, 500))
    expect(posts()).toBeLessThanOrEqual(paused + 1)
    const cancelled = value(await handlers['batches:cancel']({ id: batch.id }))
    expect(cancelled.state).toBe('cancelled')
    await new Promise((r) => setTimeout(r, 300))
    const final = value(await handlers['batches:report']({ id: batch.id }))
    const states = final.rows.map((r) => r.result.state)
    expect(states.filter((s) => s === 'created').length).toBe(posts())
    expect(states.filter((s) => s === 'cancelled').length).toBe(4 - posts())
    expect(value(await handlers['drafts:list']({ profileId })).length).toBe(4 - posts())
  })

  it('resumes after a restart mid-batch and sends no row twice', async () => {
    const report = await open('comma.csv')
    const batch = value(await handlers['import:commit']({ id: report.id, name: 'Omstart' }))
    sandbox.setDelay(120)
    value(await handlers['batches:send']({ id: batch.id }))
    await vi.waitFor(() => expect(posts()).toBeGreaterThanOrEqual(1))
    // Resolves once the one send it had begun has its outcome written: the next start reads the files after.
    await services.stop()
    await boot()
    const done = await settled(batch.id)
    expect(done.progress.created + done.progress.unknown).toBe(4)
    // Every contact in HostUp once: an interrupted send is held as unknown, never sent again.
    const emails = sandbox.contacts.map((c) => c.email)
    expect(new Set(emails).size).toBe(emails.length)
    expect(posts()).toBe(emails.length)
  })

  it('holds only the row whose answer was lost; a 429 in the middle only waits', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `Person,Nr ${i},p${i}@example.se`)
    const file = join(dir, 'twelve.csv')
    await writeFile(file, `First name,Last name,E-mail\n${rows.join('\n')}\n`)
    const report = value(await handlers['import:open']({ profileId, path: file }))
    const batch = value(await handlers['import:commit']({ id: report.id, name: 'Tolv' }))
    // Each answer takes a moment, so the rows after the fifth are still to be sent when the reset is set.
    sandbox.setDelay(150)
    sandbox.failNext({ kind: 'rate-limited', retryAfter: '1' }, { path: '/api/teams' })
    value(await handlers['batches:send']({ id: batch.id }))
    await vi.waitFor(() => expect(posts()).toBeGreaterThanOrEqual(5), { timeout: 10_000 })
    sandbox.failNext({ kind: 'reset-after-request' }, { path: '/api/teams' })
    const done = await settled(batch.id)
    expect(done.progress).toMatchObject({ total: 12, created: 11, unknown: 1, waiting: 0 })
    // 12 contacts in HostUp (the reset one was created too), each once; 13 requests with the 429.
    expect(sandbox.contacts).toHaveLength(12)
    expect(posts()).toBe(13)
  })
})
