import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { launchHarness, type Harness } from './harness'
import { startSandbox, type Sandbox } from './sandbox'
import { expectNoAxeViolations, seedProfile, teamPosts } from './support/app'

const FIXTURES = resolve(__dirname, 'fixtures/import')

let harness: Harness | undefined
let sandbox: Sandbox | undefined
let dir: string

test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-import-e2e-'))
})

test.afterEach(async () => {
  await harness?.forget()
  harness = undefined
  await sandbox?.close()
  sandbox = undefined
  await rm(dir, { recursive: true, force: true })
})

/** A spreadsheet of `count` people, as an admin's customer sends one: Person 1…n, p1…pn@example.se. */
async function peopleFile(name: string, count: number): Promise<string> {
  const rows = Array.from({ length: count }, (_, i) => `Person,Nr ${i + 1},p${i + 1}@example.se,SE`)
  const path = join(dir, name)
  await writeFile(path, `First name,Last name,E-mail,Country\n${rows.join('\n')}\n`)
  return path
}

async function openImport(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeVisible()
}

const counts = (page: Page) => page.getByRole('list', { name: 'Rows' }).getByRole('listitem')

/** From the mapping step to a batch ready to send, as the person clicks through it. */
async function makeBatch(page: Page, name: string, rows: number): Promise<void> {
  await page.getByRole('button', { name: 'Check rows' }).click()
  await page.getByRole('button', { name: `Continue with ${rows} rows` }).click()
  await page.getByLabel('Batch name').fill(name)
  await page.getByRole('button', { name: 'Create the batch' }).click()
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible()
}

/** Each e-mail address's POSTs to /api/teams, as the sandbox logged them. */
function postsPerEmail(s: Sandbox): Map<string, number> {
  const out = new Map<string, number>()
  for (const r of s.log)
    if (r.method === 'POST' && r.path === '/api/teams') {
      const email = (r.body as { email?: string }).email ?? ''
      out.set(email, (out.get(email) ?? 0) + 1)
    }
  return out
}

test('import: fixtures count as they should in the report, a dropped file included', async () => {
  harness = await launchHarness()
  const { page } = harness
  await seedProfile(harness)
  await openImport(page)
  await expectNoAxeViolations(page)

  // A line break inside a quoted address is read as one cell, which the address rule then refuses.
  await harness.dropFile(join(FIXTURES, 'quoted-newlines.csv'))
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(counts(page)).toHaveText(['1 ready', '1 to correct', '0 duplicates', '0 left out'])
  await expect(page.getByRole('row', { name: /^2 Anna/ })).toContainText(
    'Remove line breaks, tabs and hidden characters from the address'
  )
  await expect(page.getByRole('row', { name: /^2 Anna/ })).toContainText('"Nisse" Svensson')

  // A password column is used, and checked like a typed password; extra columns are left out.
  await harness.dropFile(join(FIXTURES, 'extra-columns.csv'))
  await expect(page.getByLabel('Import the column “Notes” as')).toHaveValue('')
  await expect(page.getByLabel('Import the column “Department” as')).toHaveValue('')
  await expect(page.getByLabel('Import the column “Password” as')).toHaveValue('password')
  await expect(page.getByText('Passwords come from the column “Password”.')).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(counts(page)).toHaveText(['1 ready', '1 to correct', '0 duplicates', '0 left out'])
  await expect(page.getByRole('row', { name: /^3 Erik/ })).toContainText('Password:')
  await expectNoAxeViolations(page)

  // Older Excel's Windows-1252 reads as the letters it holds.
  await harness.dropFile(join(FIXTURES, 'windows-1252.csv'))
  await expect(page.locator('.import-file')).toContainText('CSV · Windows-1252 · separated by semicolons')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(counts(page)).toHaveText(['2 ready', '0 to correct', '0 duplicates', '0 left out'])
  await expect(page.getByRole('row', { name: /^2 Åsa Öberg/ })).toBeVisible()

  // 10,000 rows, the most a file may have: all counted, the page shows them a page at a time.
  const big = await peopleFile('tiotusen.csv', 10_000)
  await harness.dropFile(big)
  await expect(page.locator('.import-file')).toContainText('10,000 rows')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(counts(page)).toHaveText(['10,000 ready', '0 to correct', '0 duplicates', '0 left out'])
  await expect(page.locator('.import-row')).toHaveCount(50)
  await expect(page.getByText('Showing 50 of 10,000')).toBeVisible()
})

test('import: bad files get main’s message and change nothing', async () => {
  harness = await launchHarness()
  const { page } = harness
  const profileId = await seedProfile(harness)
  await openImport(page)
  const tooMany = await peopleFile('for-manga.csv', 10_001)
  const tooBig = join(dir, 'for-stor.csv')
  await writeFile(tooBig, Buffer.alloc(20 * 1024 * 1024 + 1, 0x41))
  for (const [path, says] of [
    [tooMany, 'The file has 10001 rows; the import takes at most 10000. Split it into smaller files.'],
    [tooBig, 'The file is larger than 20 MB, the most the import reads.'],
    [join(FIXTURES, 'empty.csv'), 'The file is empty: it has no rows to import.'],
    [join(FIXTURES, 'password-protected.xlsx'), 'The workbook is protected with a password']
  ] as const) {
    harness.nextOpenPath(path)
    await page.getByRole('button', { name: 'Choose file…' }).click()
    await expect(page.getByRole('alert')).toContainText(says)
    await expect(page.locator('.import-file')).toHaveCount(0)
  }
  await expectNoAxeViolations(page)
  // No e-mail column: said in the mapping, and no way on until one is chosen.
  await harness.dropFile(join(FIXTURES, 'missing-email.csv'))
  await expect(page.getByText('No column is imported as E-mail')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Check rows' })).toBeDisabled()
  const batches = await harness.services.batches.list(profileId)
  expect(batches.ok && batches.value).toEqual([])
  const drafts = await harness.services.drafts.list(profileId)
  expect(drafts.ok && drafts.value).toEqual([])
})

test('import: a batch of 50 with a 429 and a lost answer in the middle: 49 created once, 1 held, the report’s bytes', async () => {
  harness = await launchHarness({ outboxBackoff: () => 50 })
  const { page } = harness
  const s = harness.sandbox
  await seedProfile(harness, 'Femtio AB')
  await openImport(page)
  await harness.dropFile(await peopleFile('femtio.csv', 50))
  await makeBatch(page, 'Kund Femtio', 50)

  s.setDelay(40)
  await page.getByRole('button', { name: 'Send batch' }).click()
  await expect.poll(() => teamPosts(harness!)).toBeGreaterThanOrEqual(15)
  s.failNext({ kind: 'rate-limited', retryAfter: '1' }, { path: '/api/teams' })
  // HostUp's Retry-After is honoured: the batch says when it goes on.
  await expect(page.getByText(/HostUp asked the app to wait: sending goes on at \d{2}:\d{2}/)).toBeVisible()
  await expect.poll(() => teamPosts(harness!), { timeout: 15_000 }).toBeGreaterThanOrEqual(30)
  s.failNext({ kind: 'reset-after-request' }, { path: '/api/teams' })

  const bar = page.getByRole('progressbar', { name: 'Progress of Kund Femtio' })
  await expect(bar).toHaveAttribute('aria-valuenow', '50', { timeout: 20_000 })
  await expect(page.locator('.batch-progress__legend')).toContainText('49 created')
  await expect(page.locator('.batch-progress__legend')).toContainText('1 needs your decision')
  await expect(page.locator('.batch-progress__legend')).toContainText('0 waiting')
  await expect(page.getByText('HostUp’s answer for 1 contact was lost')).toBeVisible()
  await expectNoAxeViolations(page)

  // The sandbox's log: each person posted once, but the one HostUp asked to wait for, twice.
  const perEmail = postsPerEmail(s)
  expect(perEmail.size).toBe(50)
  expect([...perEmail.values()].filter((n) => n === 2)).toHaveLength(1)
  expect([...perEmail.values()].filter((n) => n === 1)).toHaveLength(49)
  expect(teamPosts(harness)).toBe(51)
  // The lost answer's contact was created too (HostUp acted, the answer never came): once.
  expect(new Set(s.contacts.map((c) => c.email)).size).toBe(50)
  expect(s.contacts).toHaveLength(50)

  await page.getByRole('button', { name: 'Export report…' }).click()
  const saved = join(harness.exportDir, 'hostup-contacts-Kund-Femtio-report.csv')
  await expect(page.getByText(`The report was saved to ${saved}.`)).toBeVisible()
  const bytes = await readFile(saved)
  const idOf = new Map(s.contacts.map((c) => [c.email, c.id]))
  const unknownRow = page.getByRole('row', { name: /Outcome unknown/ })
  const unknownEmail = ((await unknownRow.locator('.batch-rows__email').textContent()) ?? '').trim()
  const lines = Array.from({ length: 50 }, (_, i) => {
    const email = `p${i + 1}@example.se`
    const start = `${i + 2},Person Nr ${i + 1},${email}`
    return email === unknownEmail
      ? `${start},Outcome unknown,,,The connection to ${new URL(s.url).host} broke before a complete answer arrived. ` +
          'It is unknown whether the contact was created: check the account in the HostUp dashboard before you send it again.,'
      : `${start},Created,${idOf.get(email)},,,`
  })
  const expected = `\uFEFFRow,Name,E-mail,Result,Contact ID,Permissions,Reason,HostUp’s words\r\n${lines.join('\r\n')}\r\n`
  expect(bytes.toString('utf8')).toBe(expected)
  expect(bytes.equals(Buffer.from(expected, 'utf8'))).toBe(true)
  // The ordinary report never holds a password.
  const logins = await harness.services.batches.logins((await batchId(harness)) ?? '')
  expect(logins.ok && logins.value).toHaveLength(49)
  for (const login of logins.ok ? logins.value : [])
    expect(bytes.toString('utf8')).not.toContain(login.password)
})

test('import: the app killed mid-batch resumes on restart and sends no row twice', async () => {
  sandbox = await startSandbox({ port: 0 })
  harness = await launchHarness({ sandbox, outboxBackoff: () => 50 })
  await seedProfile(harness, 'Omstart AB')
  await openImport(harness.page)
  await harness.dropFile(await peopleFile('tolv.csv', 12))
  await makeBatch(harness.page, 'Omstart', 12)
  sandbox.setDelay(150)
  await harness.page.getByRole('button', { name: 'Send batch' }).click()
  await expect.poll(() => teamPosts(harness!)).toBeGreaterThanOrEqual(3)
  const dataDir = harness.dataDir
  await harness.close()
  // The stopped instance finishes the one send it had begun before the next one reads the files.
  await new Promise((r) => setTimeout(r, 400))
  const sentBefore = teamPosts(harness)

  harness = await launchHarness({ dataDir, sandbox, outboxBackoff: () => 50 })
  const { page } = harness
  await openImport(page)
  const listed = page.getByRole('list', { name: 'Batches of Omstart AB' }).getByRole('listitem')
  await expect(listed).toHaveCount(1)
  await expect(listed).toContainText('Omstart')
  await page.getByRole('button', { name: 'Open Omstart' }).click()
  const bar = page.getByRole('progressbar', { name: 'Progress of Omstart' })
  await expect(bar).toHaveAttribute('aria-valuenow', '12', { timeout: 20_000 })
  expect(teamPosts(harness)).toBeGreaterThan(sentBefore)
  // Every person in HostUp once, and no POST repeated a person: a send cut off is held, not resent.
  const perEmail = postsPerEmail(sandbox)
  expect([...perEmail.values()].every((n) => n === 1)).toBe(true)
  const emails = sandbox.contacts.map((c) => c.email)
  expect(new Set(emails).size).toBe(emails.length)
  expect(teamPosts(harness)).toBe(emails.length)
  await expect(page.locator('.batch-progress .badge').first()).toHaveText('Done')
})

async function profileOf(h: Harness): Promise<string> {
  const state = await h.services.profiles.list()
  return state.ok ? (state.value.profiles[0]?.id ?? '') : ''
}

async function batchId(h: Harness): Promise<string | undefined> {
  const listed = await h.services.batches.list(await profileOf(h))
  return listed.ok ? listed.value[0]?.id : undefined
}
