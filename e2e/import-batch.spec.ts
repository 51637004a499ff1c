import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { launchHarness, type Harness } from './harness'
import { startSandbox, type Sandbox } from './sandbox'
import { expectNoAxeViolations, seedProfile, teamPosts } from './support/app'
import { makeBatch, openImport, peopleFile, postsPerEmail } from './support/import'

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

test('import: a batch of 50 with a 429 and a lost answer in the middle: 49 created once, 1 held, the report’s bytes', async () => {
  harness = await launchHarness({ outboxBackoff: () => 50 })
  const { page } = harness
  const s = harness.sandbox
  await seedProfile(harness, 'Femtio AB')
  await openImport(page)
  await harness.dropFile(await peopleFile(dir, 'femtio.csv', 50))
  await makeBatch(page, 'Kund Femtio', 50)

  s.setDelay(40)
  await page.getByRole('button', { name: 'Send batch' }).click()
  // Polled often: the faults must go in while the batch is still sending (a post every 40 ms).
  await expect.poll(() => teamPosts(harness!), { intervals: [20] }).toBeGreaterThanOrEqual(15)
  s.failNext({ kind: 'rate-limited', retryAfter: '3' }, { path: '/api/teams' })
  // HostUp's Retry-After is honoured: the batch says when it goes on.
  await expect(page.getByText(/HostUp asked the app to wait: sending goes on at \d{2}:\d{2}/)).toBeVisible()
  await expect
    .poll(() => teamPosts(harness!), { timeout: 15_000, intervals: [20] })
    .toBeGreaterThanOrEqual(30)
  s.failNext({ kind: 'reset-after-request' }, { path: '/api/teams' })

  const bar = page.getByRole('progressbar', { name: 'Progress of Kund Femtio' })
  await expect(bar).toHaveAttribute('aria-valuenow', '50', { timeout: 20_000 })
  await expect(page.locator('.batch-progress__summary')).toHaveText('50 of 50 sent')
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
  await harness.dropFile(await peopleFile(dir, 'tolv.csv', 12))
  await makeBatch(harness.page, 'Omstart', 12)
  sandbox.setDelay(150)
  await harness.page.getByRole('button', { name: 'Send batch' }).click()
  await expect.poll(() => teamPosts(harness!)).toBeGreaterThanOrEqual(3)
  const dataDir = harness.dataDir
  // Closed once the one send it had begun has its outcome written: the next one reads the files after.
  await harness.close()
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
