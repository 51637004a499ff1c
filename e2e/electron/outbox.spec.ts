// Offline and the outbox in real Electron: contacts wait while main is offline and go out once each
// when it is back; a lost answer is "unknown" until the person says what HostUp shows (the harness
// versions: e2e/drafts-outbox.spec.ts and e2e/contact-form.spec.ts).
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, fillContact, openNewContact, seedContact } from '../support/app'
import { electronBinary, NO_ELECTRON_REASON } from './electron-binary'
import { launchElectron, setOsOnline, setUpProfile, type ElectronRun } from './launch'

test.skip(electronBinary() === null, NO_ELECTRON_REASON)

let run: ElectronRun | undefined

test.afterEach(async () => {
  await run?.close()
  run = undefined
})

const teamPosts = (r: ElectronRun): number =>
  r.sandbox.log.filter((x) => x.method === 'POST' && x.path === '/api/teams').length

test('offline: two contacts wait in the outbox, and each is created exactly once when the network is back', async () => {
  run = await launchElectron()
  const { page, sandbox } = run
  const key = `hk-${randomUUID()}`
  await setUpProfile(run, key)
  await openNewContact(page)

  await sandbox.goOffline()
  await setOsOnline(run, false)
  // The bootstrap polls the OS every 5 s and tells the page on a change.
  await expect(page.getByText('Offline').first()).toBeVisible({ timeout: 15_000 })
  const people = ['Ada', 'Bo'].map((name, i) => ({
    firstname: name,
    lastname: 'Offline',
    email: `${name.toLowerCase()}.${i}@example.com`,
    password: `Secret-pass-${i}-${randomUUID()}`
  }))
  for (const person of people) {
    await fillContact(page, person)
    await page.getByRole('button', { name: 'Create contact' }).click()
    await expect(page.getByRole('heading', { name: /outbox/i })).toBeVisible()
    await page.getByRole('button', { name: 'Add another' }).click()
  }
  await page.getByRole('button', { name: 'Outbox' }).click()
  await expect(page.locator('.outbox-item')).toHaveCount(2)
  await expectNoAxeViolations(page)
  expect(teamPosts(run)).toBe(0)

  await sandbox.goOnline()
  await setOsOnline(run, true)
  await expect
    .poll(() => sandbox.contacts.map((c) => c.firstname).sort(), { timeout: 30_000 })
    .toEqual(['Ada', 'Bo'])
  await expect(page.locator('.outbox-item')).toHaveCount(0, { timeout: 15_000 })
  expect(teamPosts(run)).toBe(2)

  // The app's own files in the data dir hold no password and no API key (those are in the keychain).
  for (const name of ['outbox.jsonl', 'drafts.json', 'profiles.json', 'history.jsonl']) {
    const text = await readFile(join(run.userData, name), 'utf8').catch(() => '')
    for (const person of people) expect(text).not.toContain(person.password)
    expect(text).not.toContain(key)
  }
})

test('a lost answer is "unknown": nothing is resent, and "I checked: it exists" records the ID HostUp shows', async () => {
  run = await launchElectron()
  const { page, sandbox } = run
  await setUpProfile(run, `hk-${randomUUID()}`)
  await openNewContact(page)

  // HostUp creates the contact, then the connection breaks before its answer arrives.
  sandbox.failNext({ kind: 'reset-after-request' }, { path: '/api/teams' })
  await fillContact(page, seedContact())
  await page.getByRole('button', { name: 'Create contact' }).click()
  await expect(page.getByRole('heading', { name: 'Outcome unknown' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0)
  await expectNoAxeViolations(page)
  await page.waitForTimeout(1500)
  expect(teamPosts(run)).toBe(1)

  // The Outbox keeps it as needing a decision; the person looks in the HostUp dashboard and finds it.
  await page.getByRole('button', { name: 'Outbox' }).click()
  const card = page.locator('.outbox-item').filter({ hasText: 'anna.svensson@example.com' })
  await expect(card).toBeVisible()
  await expectNoAxeViolations(page)
  const id = String(sandbox.contacts[0]?.id ?? '')
  await card.getByRole('button', { name: 'I checked: it exists' }).click()
  await card.getByLabel('Contact ID').fill(id)
  await card.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(
    page.getByText(`Anna Svensson is marked as created (ID ${id}) and added to the history.`)
  ).toBeVisible()
  await expect(card).toHaveCount(0)
  expect(teamPosts(run)).toBe(1)
  expect(sandbox.contacts).toHaveLength(1)

  await page.getByRole('button', { name: 'History' }).click()
  await expect(page.getByRole('row').filter({ hasText: 'anna.svensson@example.com' })).toContainText(id)
})
