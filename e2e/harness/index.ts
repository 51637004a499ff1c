import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from '@playwright/test'
import { createHandlers, type Services } from '../../src/main/ipc'
import { contentSecurityPolicy } from '../../src/main/electron/security'
import { createServices } from '../../src/main/services'
import type { UpdatePolicy, Updater } from '../../src/main/updates'
import type { StoreNotice } from '../../src/shared/notice'
import { isInvokeChannel, type EventChannel, type EventPayload } from '../../src/shared/ipc'
import { err } from '../../src/shared/result'
import { startSandbox, type Sandbox } from '../sandbox'
import { chromiumLaunchOptions } from '../support/chromium'
import { serveDirectory, type StaticServer } from '../support/static-server'

const ROOT = resolve(__dirname, '../..')
const RENDERER_DIR = join(ROOT, 'out/renderer')
export const SCREENSHOT_DIR = process.env.HOSTUP_SCREENSHOT_DIR ?? join(ROOT, '.screenshots')

/**
 * Resolves once the app shows a view (its language is in, its profiles known): a key pressed or a
 * shot taken earlier would meet the loading line. After a `page.reload()`, call it again.
 */
export async function appShown(page: Page): Promise<void> {
  await page.locator('main .view').first().waitFor({ state: 'visible' })
}

export interface HarnessOptions {
  /** Reuse a data directory: a second launch over the same one is an app restart. */
  dataDir?: string
  locale?: 'en-US' | 'sv-SE'
  colorScheme?: 'light' | 'dark'
  viewport?: { width: number; height: number }
  /** Reuse a running sandbox (e.g. across a "restart"); the harness then leaves it running on close. */
  sandbox?: Sandbox
  /** Backoff between automatic resends (the app's default: 2 s doubling to 60 s). */
  outboxBackoff?: (attempt: number) => number
  /** A visible browser window (default: headless, as the tests run). */
  headed?: boolean
  /** Updates on, with a stand-in for electron-updater (src/main/testing/updater.ts); default off. */
  updates?: { policy: UpdatePolicy; updater: Updater }
}

export interface Harness {
  page: Page
  sandbox: Sandbox
  dataDir: string
  /** The keychain service name: derived from the data dir, so a restart finds the same keys. */
  secretService: string
  services: Services
  /** Every console line and page error the app produced. */
  consoleLines: string[]
  /** What the stores reported (quarantined files, …). */
  notices: StoreNotice[]
  /** Where "saved" exports land (the save dialog's stand-in picks the default name in here). */
  exportDir: string
  /** The next save dialog is cancelled by the person. */
  cancelNextSave(): void
  /** The files "Show in folder" revealed (the file manager's stand-in), in order. */
  shownInFolder: string[]
  /** What the next open dialog (Choose file…) answers: a path the person picked, or null (cancelled, the default). */
  nextOpenPath(path: string | null): void
  /**
   * Drops the file at `path` on the window as a person drags one from the file manager: dragenter,
   * dragover and drop with a File of that name, whose path `window.api.pathOf` then tells.
   */
  dropFile(path: string): Promise<void>
  /** The network as main sees it: flips `app:info`'s online flag, emits `app:online`, tells the outbox. */
  setOnline(online: boolean): Promise<void>
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): Promise<void>
  /**
   * Saves `<name>.png` under SCREENSHOT_DIR: the window as the person sees it, or with `wholeView`
   * the whole of the view, also what is scrolled out of sight inside the main area.
   */
  screenshot(name: string, options?: { wholeView?: boolean }): Promise<string>
  /** Closes the browser and servers; keeps the data dir and keychain entries (for a restart). */
  close(): Promise<void>
  /** close() and also delete this data dir's keychain entries and the dir itself. */
  forget(): Promise<void>
}

let bridgeBundle: Promise<string> | undefined

/** The page's stand-in for the preload, built from the same src/preload/api.ts. */
function pageBridge(): Promise<string> {
  bridgeBundle ??= build({
    entryPoints: [join(__dirname, 'page-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent'
  }).then((out) => out.outputFiles[0]?.text ?? '')
  return bridgeBundle
}

/**
 * Runs the built renderer in Debian's Chromium with `window.api` made by the real createApi and
 * answered by the real createHandlers, over real files, the real keychain and a sandbox. Only
 * ipcRenderer/ipcMain are stood in for (a Playwright binding and page.evaluate).
 */
export async function launchHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No built renderer at ${RENDERER_DIR}: run 'npm run build' first (npm run harness does).`)
  }
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'hostup-harness-')))
  const secretService = `hostup-contacts-harness-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`
  const ownSandbox = !options.sandbox
  const sandbox = options.sandbox ?? (await startSandbox({ port: 0 }))
  const notices: StoreNotice[] = []
  let online = true
  // Main's events reach the page once it exists (the app's window likewise hears nothing before).
  let deliver: (<E extends EventChannel>(event: E, payload: EventPayload<E>) => Promise<void>) | undefined
  // The save dialog's stand-in: a file in this run's exports folder, or "cancelled" when asked.
  const exportDir = await mkdtemp(join(tmpdir(), 'hostup-exports-'))
  let cancelNextSave = false
  let openPath: string | null = null
  const shownInFolder: string[] = []
  const services = await createServices({
    dataDir,
    secretService,
    isOnline: () => online,
    version: '0.0.0-harness',
    platform: process.platform,
    timeoutMs: 5_000,
    outboxBackoff: options.outboxBackoff,
    emit: (event, payload) => void deliver?.(event, payload).catch(() => undefined),
    chooseSavePath: async (defaultName) => {
      if (cancelNextSave) {
        cancelNextSave = false
        return null
      }
      return join(exportDir, defaultName)
    },
    showItemInFolder: (path) => void shownInFolder.push(path),
    chooseOpenPath: async () => {
      const chosen = openPath
      openPath = null
      return chosen
    },
    notices: (notice) => notices.push(notice),
    ...(options.updates ? { updatePolicy: options.updates.policy, updater: options.updates.updater } : {})
  })
  const handlers = createHandlers(services)

  let server: StaticServer | undefined
  let browser: Browser | undefined
  try {
    // The production policy main sends with every app:// response, so journeys run under it.
    server = await serveDirectory(RENDERER_DIR, {
      'Content-Security-Policy': contentSecurityPolicy({ dev: false })
    })
    const origin = new URL(server.url).origin
    // The harness closes the browser itself (`close`): Playwright's own Ctrl+C handler would kill it
    // and exit the process (130) in the middle of the cleanup.
    browser = await chromium.launch({
      ...chromiumLaunchOptions(),
      headless: !options.headed,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false
    })
    // Electron keeps the page's localStorage in userData; so does the harness, across "restarts".
    const statePath = join(dataDir, BROWSER_STATE_FILE)
    const context = await browser.newContext({
      locale: options.locale ?? 'en-US',
      colorScheme: options.colorScheme ?? 'light',
      viewport: options.viewport ?? { width: 1100, height: 760 },
      storageState: await restoredState(statePath, origin)
    })
    // As in the app (hardenSession): clipboard writes from the app's origin, nothing else.
    await context.grantPermissions(['clipboard-write'], { origin })
    // The same rule as main's sender check: only the app's own top frame may call.
    await context.exposeBinding('__hostupInvoke', async (source, channel: unknown, payload: unknown) => {
      const frameOrigin = safeOrigin(source.frame.url())
      if (source.frame !== source.page.mainFrame() || frameOrigin !== origin) {
        return err('forbidden', 'errors.app.foreignSender')
      }
      if (!isInvokeChannel(channel)) return err('validation', 'errors.app.unreadableRequest')
      return handlers[channel](payload)
    })
    await context.addInitScript({ content: await pageBridge() })
    const page = await context.newPage()
    const consoleLines: string[] = []
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`))
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`))
    await page.goto(server.url)
    await appShown(page)

    const emit = async <E extends EventChannel>(event: E, payload: EventPayload<E>): Promise<void> => {
      await page.evaluate(
        ([name, data]) =>
          (window as unknown as { __hostupDispatch(e: string, p: unknown): void }).__hostupDispatch(
            name,
            data
          ),
        [event, payload] as const
      )
    }
    deliver = emit
    await services.start()
    const openServer = server
    const openBrowser = browser
    const close = async (): Promise<void> => {
      deliver = undefined
      await services.stop()
      try {
        await context.storageState({ path: statePath })
      } catch (error) {
        // A Ctrl+C in a terminal reaches Chromium too: a browser already closing has nothing to save
        // (Playwright says so as "has been closed", or as a tab it could no longer open).
        if (!/has been closed|Target\.createTarget|Failed to open a new tab/.test(String(error))) throw error
      }
      await openBrowser.close()
      await openServer.close()
      if (ownSandbox) await sandbox.close()
    }
    return {
      page,
      sandbox,
      dataDir,
      secretService,
      services,
      consoleLines,
      notices,
      async setOnline(value) {
        online = value
        await emit('app:online', { online: value })
        services.onlineChanged(value)
      },
      exportDir,
      shownInFolder,
      cancelNextSave() {
        cancelNextSave = true
      },
      nextOpenPath(path) {
        openPath = path
      },
      async dropFile(path) {
        await page.evaluate(
          ({ path: filePath, name }) => {
            const file = new File([''], name)
            ;(
              window as unknown as { __hostupDroppedPath(file: File, path: string): void }
            ).__hostupDroppedPath(file, filePath)
            const data = new DataTransfer()
            data.items.add(file)
            const target = document.querySelector('main') ?? document.body
            for (const type of ['dragenter', 'dragover', 'drop'])
              target.dispatchEvent(
                new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true })
              )
          },
          { path, name: basename(path) }
        )
      },
      emit,
      async screenshot(name, shot = {}) {
        const path = join(SCREENSHOT_DIR, `${name}.png`)
        await mkdir(dirname(path), { recursive: true })
        // The app scrolls inside its main area, so a full-page shot is only the window: for the
        // whole view, the window grows by what is out of sight, and is put back after.
        await appShown(page)
        const window = page.viewportSize()
        const hidden = shot.wholeView
          ? await page.evaluate(() => {
              const main = document.querySelector('main')
              return main ? Math.max(0, main.scrollHeight - main.clientHeight) : 0
            })
          : 0
        if (window && hidden > 0) await page.setViewportSize({ ...window, height: window.height + hidden })
        try {
          await page.screenshot({ path })
        } finally {
          if (window && hidden > 0) await page.setViewportSize(window)
        }
        return path
      },
      close,
      async forget() {
        await close()
        const state = await services.profiles.list()
        if (state.ok) for (const profile of state.value.profiles) await services.profiles.clearKey(profile.id)
        await rm(dataDir, { recursive: true, force: true })
        await rm(exportDir, { recursive: true, force: true })
      }
    }
  } catch (error) {
    await browser?.close()
    await server?.close()
    if (ownSandbox) await sandbox.close()
    throw error
  }
}

const BROWSER_STATE_FILE = 'harness-browser-state.json'
type StorageState = Exclude<
  NonNullable<Parameters<Browser['newContext']>[0]>['storageState'],
  string | undefined
>

/** The last launch's page storage, moved to this launch's origin (the server's port changes). */
async function restoredState(path: string, origin: string): Promise<StorageState | undefined> {
  if (!existsSync(path)) return undefined
  const state = JSON.parse(await readFile(path, 'utf8')) as StorageState
  return { cookies: [], origins: state.origins.map((entry) => ({ ...entry, origin })) }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return ''
  }
}
