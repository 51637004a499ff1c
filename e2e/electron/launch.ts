import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve, sep } from 'node:path'
import { _electron, expect, type ElectronApplication, type Page } from '@playwright/test'
import keytar from 'keytar'
import { startSandbox, type Sandbox } from '../sandbox'
import { electronBinary } from './electron-binary'

const MAIN = resolve(__dirname, '../../out/main/index.js')
/** The app's keychain service name (src/main/index.ts): the real app writes there, so the specs clean up. */
export const APP_SECRET_SERVICE = 'HostUp Contacts'

export interface ElectronRun {
  app: ElectronApplication
  page: Page
  sandbox: Sandbox
  userData: string
  /** Where the stood-in save dialogs put files (see `saveDialogsInto`). */
  exportDir: string
  close(): Promise<void>
}

export interface LaunchOptions {
  /** Reuse a running sandbox; it is then left running on close. */
  sandbox?: Sandbox
}

/**
 * The keychain entries this run's app wrote: the accounts (`profile:<id>`, `draft:<id>`,
 * `login:<id>`) whose IDs appear in its data files. Nothing else under the service is touched.
 */
async function forgetKeychainEntries(userData: string): Promise<void> {
  const names = await readdir(userData).catch(() => [] as string[])
  const texts = await Promise.all(
    names.filter((n) => n.endsWith('.json')).map((n) => readFile(join(userData, n), 'utf8').catch(() => ''))
  )
  const files = texts.join('\n')
  for (const { account } of await keytar.findCredentials(APP_SECRET_SERVICE)) {
    const id = account.slice(account.indexOf(':') + 1)
    if (id && files.includes(id)) await keytar.deletePassword(APP_SECRET_SERVICE, account)
  }
}

/** The built app in real Electron, over a fresh user-data dir and its own sandbox. */
export async function launchElectron(options: LaunchOptions = {}): Promise<ElectronRun> {
  const binary = electronBinary()
  if (!binary) throw new Error('launchElectron: no Electron binary (the spec should have skipped)')
  const sandbox = options.sandbox ?? (await startSandbox({ port: 0 }))
  const userData = await mkdtemp(join(tmpdir(), 'hostup-electron-'))
  const exportDir = await mkdtemp(join(tmpdir(), 'hostup-electron-exports-'))
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value
  // The built app must load its own app:// pages, never a dev server or a Node-mode binary.
  delete env.ELECTRON_RENDERER_URL
  delete env.ELECTRON_RUN_AS_NODE
  // A journey never restarts the app for an update.
  env.HOSTUP_DISABLE_UPDATES = '1'
  const app = await _electron.launch({
    executablePath: binary,
    // Chromium refuses to start as root with its OS sandbox on (containers, CI); the app's own
    // webPreferences sandbox stays on either way.
    args: [MAIN, `--user-data-dir=${userData}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env
  })
  const page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
  return {
    app,
    page,
    sandbox,
    userData,
    exportDir,
    async close() {
      await app.close()
      if (!options.sandbox) await sandbox.close()
      await forgetKeychainEntries(userData)
      await rm(userData, { recursive: true, force: true })
      await rm(exportDir, { recursive: true, force: true })
    }
  }
}

/**
 * Makes a profile on the run's sandbox through Settings, as an admin does on first run, and saves
 * `key` (added to the sandbox) in the OS keychain.
 */
export async function setUpProfile(run: ElectronRun, key: string, name = 'Acme AB'): Promise<void> {
  const { page, sandbox } = run
  sandbox.addKey(key)
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('button', { name: 'Add profile' }).click()
  await page.getByRole('textbox', { name: 'Profile name' }).fill(name)
  await page.getByRole('textbox', { name: 'API base URL' }).fill(sandbox.url)
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByRole('main').getByText(name).first()).toBeVisible()
  const keyBox = page.getByLabel('API key', { exact: true })
  await keyBox.fill(key)
  await page.getByRole('button', { name: 'Save key' }).click()
  await expect(keyBox).toHaveValue('')
}

/**
 * The native save dialogs answer at once with a file of the suggested name in `run.exportDir`, as a
 * person pressing Save would: a thin stand-in for `dialog.showSaveDialog` in the app's main process.
 */
export async function saveDialogsInto(run: ElectronRun): Promise<void> {
  await run.app.evaluate(
    ({ dialog }, { dir, separator }) => {
      dialog.showSaveDialog = (async (...args: unknown[]) => {
        const options = args[args.length - 1] as { defaultPath?: string }
        const name =
          String(options.defaultPath ?? 'export')
            .split(/[\\/]/)
            .pop() ?? 'export'
        return { canceled: false, filePath: `${dir}${separator}${name}` }
      }) as typeof dialog.showSaveDialog
    },
    { dir: run.exportDir, separator: sep }
  )
}

/** The next native open dialogs answer with `path`, as a person picking that file would. */
export async function openDialogsAnswer(run: ElectronRun, path: string): Promise<void> {
  await run.app.evaluate(({ dialog }, filePath) => {
    dialog.showOpenDialog = (async () => ({
      canceled: false,
      filePaths: [filePath]
    })) as typeof dialog.showOpenDialog
  }, path)
}

/**
 * What the OS tells main about the network (`net.isOnline`, polled every 5 s by the bootstrap):
 * the one Electron API a test cannot change from outside, stood in for in the main process.
 */
export async function setOsOnline(run: ElectronRun, online: boolean): Promise<void> {
  const took = await run.app.evaluate(({ net }, value) => {
    net.isOnline = () => value
    return net.isOnline() === value
  }, online)
  if (!took) throw new Error('setOsOnline: this Electron does not let net.isOnline be replaced')
}
