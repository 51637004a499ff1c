import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron, type ElectronApplication, type Page } from '@playwright/test'
import { startSandbox, type Sandbox } from '../sandbox'
import { electronBinary } from './electron-binary'

const MAIN = resolve(__dirname, '../../out/main/index.js')

export interface ElectronRun {
  app: ElectronApplication
  page: Page
  sandbox: Sandbox
  userData: string
  close(): Promise<void>
}

/** The built app in real Electron, over a fresh user-data dir and its own sandbox. */
export async function launchElectron(): Promise<ElectronRun> {
  const binary = electronBinary()
  if (!binary) throw new Error('launchElectron: no Electron binary (the spec should have skipped)')
  const sandbox = await startSandbox({ port: 0 })
  const userData = await mkdtemp(join(tmpdir(), 'hostup-electron-'))
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value
  // The built app must load its own app:// pages, never a dev server or a Node-mode binary.
  delete env.ELECTRON_RENDERER_URL
  delete env.ELECTRON_RUN_AS_NODE
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
    async close() {
      await app.close()
      await sandbox.close()
      await rm(userData, { recursive: true, force: true })
    }
  }
}
