import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { startSandbox, type Sandbox } from '../sandbox'
import { electronBinary, NO_ELECTRON_REASON } from './electron-binary'

const MAIN = resolve(__dirname, '../../out/main/index.js')
const binary = electronBinary()

test.skip(binary === null, NO_ELECTRON_REASON)

let app: ElectronApplication | undefined
let sandbox: Sandbox | undefined
let userData: string | undefined

async function launch(): Promise<Page> {
  sandbox = await startSandbox({ port: 0 })
  userData = await mkdtemp(join(tmpdir(), 'hostup-electron-'))
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value
  // The built app must load its own app:// pages, never a dev server or a Node-mode binary.
  delete env.ELECTRON_RENDERER_URL
  delete env.ELECTRON_RUN_AS_NODE
  app = await _electron.launch({
    executablePath: binary ?? undefined,
    // Chromium refuses to start as root with its OS sandbox on (containers, CI); the app's own
    // webPreferences sandbox stays on either way.
    args: [MAIN, `--user-data-dir=${userData}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env
  })
  const page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
  return page
}

test.afterEach(async () => {
  await app?.close()
  await sandbox?.close()
  if (userData) await rm(userData, { recursive: true, force: true })
  app = sandbox = userData = undefined
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
  await expect(page.getByText('Anna Svensson')).toBeVisible()
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
  expect(app?.windows()).toHaveLength(1)

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
