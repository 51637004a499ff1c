import { randomUUID } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { electronBinary, NO_ELECTRON_REASON } from './electron-binary'
import { launchElectron, type ElectronRun } from './launch'

test.skip(electronBinary() === null, NO_ELECTRON_REASON)

let run: ElectronRun | undefined

test.afterEach(async () => {
  await run?.close()
  run = undefined
})

test("the seed's example contact is created in real Electron and its ID shown", async () => {
  run = await launchElectron()
  const { page, sandbox } = run
  const key = `hk-${randomUUID()}`
  sandbox.addKey(key)

  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('button', { name: 'Add profile' }).click()
  await page.getByRole('textbox', { name: 'Profile name' }).fill('Acme AB')
  await page.getByRole('textbox', { name: 'API base URL' }).fill(sandbox.url)
  await page.getByRole('button', { name: 'Save profile' }).click()
  await page.getByLabel('API key', { exact: true }).fill(key)
  await page.getByRole('button', { name: 'Save key' }).click()

  await page.getByRole('button', { name: 'New contact' }).click()
  await page.getByLabel('First name').fill('Anna')
  await page.getByLabel('Last name').fill('Svensson')
  await page.getByLabel('E-mail').fill('anna.svensson@example.com')
  await page.getByLabel('Password', { exact: true }).fill('YOUR_PASSWORD')
  await page.getByRole('button', { name: 'Create contact' }).click()
  await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
  await expect(page.getByText('14087').first()).toBeVisible()
  expect(sandbox.contacts).toHaveLength(1)

  // Leave nothing in the real keychain.
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('button', { name: 'Clear key' }).click()
  const confirm = page.getByRole('dialog')
  if (await confirm.isVisible()) await confirm.getByRole('button', { name: /clear/i }).click()
})
