// Create with permissions in real Electron: a preset chosen in the form, set by HostUp after the
// create, shown on the Created card and in History (the harness version: e2e/permissions.spec.ts).
import { randomUUID } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations, fillContact, openNewContact } from '../support/app'
import { electronBinary, NO_ELECTRON_REASON } from './electron-binary'
import { launchElectron, setUpProfile, type ElectronRun } from './launch'

test.skip(electronBinary() === null, NO_ELECTRON_REASON)

let run: ElectronRun | undefined

test.afterEach(async () => {
  await run?.close()
  run = undefined
})

const PERMISSIONS = /^\/api\/contacts\/\d+\/permissions$/

test('choose the Support preset, create, and see the permissions set, on the card and in History', async () => {
  run = await launchElectron()
  const { page, sandbox } = run
  await setUpProfile(run, `hk-${randomUUID()}`)

  await openNewContact(page)
  const section = page.locator('details.perm-section')
  await expect(section.locator('summary')).toContainText('Permissions: None.')
  await section.locator('summary').click()
  await page.getByRole('radio', { name: 'Support', exact: true }).check()
  await expectNoAxeViolations(page)

  await fillContact(page, {
    firstname: 'Anna',
    lastname: 'Svensson',
    email: 'anna.svensson@example.com',
    password: 'Sommar-Regn-2026!'
  })
  await page.getByRole('button', { name: 'Create contact' }).click()
  await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
  await expect(page.locator('.outcome__id-value')).toHaveText('14087')
  await expect(page.getByText('Permissions set: Support.')).toBeVisible()
  const posts = sandbox.log.filter((r) => r.method === 'POST' && PERMISSIONS.test(r.path))
  expect(posts).toHaveLength(1)
  expect(sandbox.log.filter((r) => r.method === 'POST' && r.path === '/api/teams')).toHaveLength(1)

  await page.getByRole('button', { name: 'History' }).click()
  const row = page.getByRole('row').filter({ hasText: 'Anna Svensson' })
  await expect(row.getByText('Support', { exact: true })).toBeVisible()
  await expectNoAxeViolations(page)
})
