import { randomUUID } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import type { Sandbox } from '../sandbox'
import { electronBinary, NO_ELECTRON_REASON } from './electron-binary'
import { launchElectron, type ElectronRun } from './launch'

const binary = electronBinary()

test.skip(binary === null, NO_ELECTRON_REASON)

let run: ElectronRun | undefined
let sandbox: Sandbox | undefined

async function launch(): Promise<Page> {
  run = await launchElectron()
  sandbox = run.sandbox
  return run.page
}

test.afterEach(async () => {
  await run?.close()
  run = sandbox = undefined
})

test('create a profile, set a key, verify it and see whose account it opens', async () => {
  const page = await launch()
  const key = `hk-${randomUUID()}`
  sandbox?.addKey(key)

  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('button', { name: 'Add profile' }).click()
  await page.getByRole('textbox', { name: 'Profile name' }).fill('Acme AB')
  await page.getByRole('textbox', { name: 'API base URL' }).fill(sandbox?.url ?? '')
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByRole('main').getByText('Acme AB').first()).toBeVisible()

  const keyBox = page.getByLabel('API key', { exact: true })
  await keyBox.fill(key)
  await page.getByRole('button', { name: 'Save key' }).click()
  await expect(keyBox).toHaveValue('')

  await page.getByRole('button', { name: 'Verify key' }).click()
  await expect(page.getByRole('main').getByText('Anna Svensson')).toBeVisible()
  await expect(page.getByText('SENSITIVE_DO_NOT_SHOW')).toHaveCount(0)

  // The key lives in the real OS keychain under the app's service name: leave nothing behind.
  await page.getByRole('button', { name: 'Clear key' }).click()
  const confirm = page.getByRole('dialog')
  if (await confirm.isVisible()) await confirm.getByRole('button', { name: /clear/i }).click()
  await expect(page.getByText(/no key set/i).first()).toBeVisible()
})

// webPreferences themselves are pinned by src/main/security.test.ts; here is what they add up to.
test('the window is locked down: app origin, no Node, no new windows, no navigation away', async () => {
  const page = await launch()
  expect(page.url()).toBe('app://hostup/index.html')

  const inPage = await page.evaluate(() => ({
    node:
      typeof (globalThis as Record<string, unknown>).require +
      typeof (globalThis as Record<string, unknown>).process,
    opened: window.open('https://evil.example/') === null
  }))
  expect(inPage).toEqual({ node: 'undefinedundefined', opened: true })
  expect(run?.app.windows()).toHaveLength(1)

  // CSP connect-src 'none' and the session's request filter both stop the page's own fetches.
  const fetched = await page.evaluate(() =>
    fetch('https://example.com/').then(
      () => 'fetched',
      () => 'refused'
    )
  )
  expect(fetched).toBe('refused')

  await page.evaluate(() => {
    window.location.href = 'https://evil.example/'
  })
  await page.waitForTimeout(500)
  expect(page.url()).toBe('app://hostup/index.html')
})
