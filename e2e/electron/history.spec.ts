// History search and export in real Electron: contacts created through the app, found as you type,
// and the current view saved as CSV through the save dialog (the harness version: e2e/history.spec.ts).
import { randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, fillContact, openNewContact } from '../support/app'
import { electronBinary, NO_ELECTRON_REASON } from './electron-binary'
import { launchElectron, saveDialogsInto, setUpProfile, type ElectronRun } from './launch'

test.skip(electronBinary() === null, NO_ELECTRON_REASON)

let run: ElectronRun | undefined

test.afterEach(async () => {
  await run?.close()
  run = undefined
})

const PEOPLE = [
  { firstname: 'Anna', lastname: 'Svensson', email: 'anna.svensson@example.com' },
  { firstname: 'Björn', lastname: 'Öberg', email: 'bjorn.oberg@example.se' },
  { firstname: 'Cecilia', lastname: 'Lind', email: 'cecilia.lind@example.se' }
]

test('search History as you type, and export what is shown as CSV: BOM, CRLF, no password', async () => {
  run = await launchElectron()
  const { page } = run
  await setUpProfile(run, `hk-${randomUUID()}`)
  await saveDialogsInto(run)
  const passwords: string[] = []
  await openNewContact(page)
  for (const person of PEOPLE) {
    const password = `Pw-${randomUUID()}`
    passwords.push(password)
    await fillContact(page, { ...person, password })
    await page.getByRole('button', { name: 'Create contact' }).click()
    await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
    await page.getByRole('button', { name: 'Add another' }).click()
  }

  await page.getByRole('button', { name: 'History' }).click()
  await expect(page.getByText(/^3 contacts/)).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByLabel('Search history').fill('öberg')
  await expect(page.getByText(/^1 contact\b/)).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'bjorn.oberg@example.se' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'anna.svensson@example.com' })).toHaveCount(0)

  await page.getByRole('button', { name: 'Export CSV' }).click()
  await expect(page.getByText(/Saved 1 contact/)).toBeVisible()
  const [file] = await readdir(run.exportDir)
  expect(file).toMatch(/\.csv$/)
  const bytes = await readFile(join(run.exportDir, file ?? ''))
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = bytes.toString('utf8')
  expect(text.trim().split('\r\n')).toHaveLength(2)
  expect(text).toContain('Björn')
  expect(text).toContain('Öberg')
  expect(text).not.toContain('Anna')
  for (const password of passwords) expect(text).not.toContain(password)
})
