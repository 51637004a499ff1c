// The Electron bootstrap: lifecycle, the window and wiring. Every decision lives in a module that
// takes Electron's pieces as arguments (security, app-protocol, menu, ipc, services).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { arch, release } from 'node:os'
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  net,
  protocol,
  session,
  shell
} from 'electron'
import type { ExportFormat } from '../shared/history'
import type { Locale } from '../shared/i18n'
import { formatMessage } from '../shared/i18n/format'
import type { EventChannel, EventPayload, Handlers, InvokeChannel } from '../shared/ipc'
import type { OutboxEvent } from '../shared/outbox'
import { createHandlers, registerIpc } from './ipc'
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  buildMenuTemplate,
  createAppProtocolHandler,
  appOrigins,
  contentSecurityPolicy,
  hardenContents,
  hardenSession,
  isAllowedExternal,
  makeSenderCheck,
  secureWebPreferences
} from './electron'
import type { Services } from './ipc'
import { createAppLog, type AppLog } from './log'
import { diagnosticsText } from './log/diagnostics'
// Built into out/main/chunks/ by electron-vite, its dependencies left in node_modules (in app.asar,
// which Electron's worker threads read like main does).
import importWorker from './import/read.worker?modulePath'
import { createServices } from './services'
import {
  loadUpdater,
  managedPolicyPath,
  readManagedSetting,
  updatePolicy,
  UPDATER_MODULE,
  type UpdatePolicy
} from './updates'

const ONLINE_EVENT = 'app:online' satisfies EventChannel
const ONLINE_POLL_MS = 5_000
// A packaged app never takes its page from the environment: that would hand it to whoever sets it.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
const allowedOrigins = appOrigins(devServerUrl)
const csp = contentSecurityPolicy({ dev: devServerUrl !== undefined, devServerUrl })
// The file log lives in the data dir; it exists only once this instance holds the lock.
let appLog: AppLog | null = null
const log = (line: string): void => {
  console.warn(line)
  appLog?.warn(line)
}
// Only raster icons work for a window; macOS and Windows take theirs from the packaged app.
const linuxIcon = join(__dirname, '../../resources/icon.png')

let mainWindow: BrowserWindow | null = null
let services: Services | null = null
let menuLocale: Locale = 'en'

function openExternal(url: string): void {
  if (!isAllowedExternal(url)) return
  shell.openExternal(url).catch(() => log('shell: the browser could not be opened'))
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'HostUp Contacts',
    // The page's --bg in each scheme (src/renderer/src/assets/tokens.css), so no flash before it paints.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#11151b' : '#f4f6f9',
    ...(process.platform === 'linux' && existsSync(linuxIcon) ? { icon: linuxIcon } : {}),
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'), {
      isPackaged: app.isPackaged
    })
  })
  mainWindow = win
  win.once('ready-to-show', () => win.show())
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  win
    .loadURL(devServerUrl ?? APP_ENTRY_URL)
    .catch((error: unknown) => log(`window: the page did not load (${String(error)})`))
}

/** The outbox's changes in the log: counts and ids only, never a name, an address or a password. */
function logOutbox(event: OutboxEvent): void {
  const counts = Object.entries(event.counts)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([state, count]) => `${state}=${count}`)
    .join(' ')
  const sent = (event.sent ?? []).map((s) => ` sent ${s.id} as contact ${s.contactId};`).join('')
  const permissions = (event.permissions ?? [])
    .map((p) => ` permissions ${p.state} for contact ${p.contactId}${p.error ? ` (${p.error.code})` : ''};`)
    .join('')
  appLog?.info(`outbox: ${counts};${sent}${permissions}`)
}

function emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
  if (event === 'outbox:changed') logOutbox(payload as OutboxEvent)
  for (const win of BrowserWindow.getAllWindows()) win.webContents.send(event, payload)
}

async function chooseSavePath(defaultName: string, format: ExportFormat): Promise<string | null> {
  const filters =
    format === 'csv' ? [{ name: 'CSV', extensions: ['csv'] }] : [{ name: 'JSON', extensions: ['json'] }]
  const options = { defaultPath: join(app.getPath('documents'), defaultName), filters }
  const answer = mainWindow
    ? await dialog.showSaveDialog(mainWindow, options)
    : await dialog.showSaveDialog(options)
  return answer.canceled || !answer.filePath ? null : answer.filePath
}

/** The spreadsheet to import: the person picks it; the page never sees the path's bytes. */
async function chooseOpenPath(): Promise<string | null> {
  const options = {
    properties: ['openFile' as const],
    filters: [{ name: 'CSV, Excel', extensions: ['csv', 'xlsx', 'txt'] }]
  }
  const answer = mainWindow
    ? await dialog.showOpenDialog(mainWindow, options)
    : await dialog.showOpenDialog(options)
  return answer.canceled ? null : (answer.filePaths[0] ?? null)
}

/** Main polls and tells the renderer only about changes: `navigator.onLine` sees the page, not main's HTTP. */
function watchOnline(services: Services): void {
  let online = net.isOnline()
  setInterval(() => {
    const now = net.isOnline()
    if (now === online) return
    online = now
    emit(ONLINE_EVENT, { online })
    services.onlineChanged(online)
  }, ONLINE_POLL_MS).unref()
}

/** Help → Copy diagnostics: versions, the profile's base URL, request IDs and the log's tail, on the clipboard. */
async function copyDiagnostics(): Promise<void> {
  const locale = menuLocale
  const t = (key: Parameters<typeof formatMessage>[1]): string =>
    formatMessage(locale, key, { app: app.getName() })
  const tell = async (type: 'info' | 'error', message: string, detail: string): Promise<void> => {
    const options = { type, message, detail, buttons: [t('diagnostics.ok')] }
    if (mainWindow) await dialog.showMessageBox(mainWindow, options)
    else await dialog.showMessageBox(options)
  }
  try {
    const state = services ? await services.profiles.list() : null
    const selected = state?.ok ? state.value.profiles.find((p) => p.id === state.value.selectedId) : undefined
    if (!appLog) throw new Error('no log')
    const text = diagnosticsText(
      {
        appName: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        osRelease: release(),
        arch: arch(),
        versions: {
          electron: process.versions.electron,
          chrome: process.versions.chrome,
          node: process.versions.node
        },
        locale,
        baseUrl: selected?.baseUrl ?? null
      },
      appLog
    )
    clipboard.writeText(text)
    appLog.info('diagnostics: copied to the clipboard')
    await tell('info', t('diagnostics.copied'), t('diagnostics.copiedDetail'))
  } catch (error) {
    log(`diagnostics: could not be put together (${error instanceof Error ? error.name : 'unknown'})`)
    await tell('error', t('diagnostics.failed'), t('diagnostics.failedDetail')).catch(() => undefined)
  }
}

/** Every failed call in the log, by its code and catalogue key only (never its parameters or HostUp's words). */
function loggedHandlers(handlers: Handlers): Handlers {
  const wrapped: Partial<Record<InvokeChannel, unknown>> = {}
  for (const [channel, handler] of Object.entries(handlers) as [
    InvokeChannel,
    (p: unknown) => Promise<unknown>
  ][])
    wrapped[channel] = async (payload: unknown) => {
      const result = (await handler(payload)) as { ok: boolean; error?: { code: string; message: string } }
      if (!result.ok && result.error)
        appLog?.warn(`ipc: ${channel} failed: ${result.error.code} ${result.error.message}`)
      return result
    }
  return wrapped as Handlers
}

function setMenu(locale: Locale): void {
  menuLocale = locale
  const template = buildMenuTemplate({
    isMac: process.platform === 'darwin',
    isPackaged: app.isPackaged,
    appName: app.getName(),
    locale,
    openExternal,
    copyDiagnostics: () => void copyDiagnostics(),
    command: (command) => emit('app:command', command)
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

/**
 * Whether this run looks for updates: the feed baked into the build (MAIN_VITE_UPDATE_FEED_URL at
 * `electron-vite build`), unless HOSTUP_DISABLE_UPDATES or the admin's policy file says no.
 */
function updatesPolicy(): UpdatePolicy {
  return updatePolicy({
    feedUrl: import.meta.env.MAIN_VITE_UPDATE_FEED_URL,
    env: process.env,
    managed: readManagedSetting(managedPolicyPath(process.platform, process.env)),
    isPackaged: app.isPackaged
  })
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, { allowedOrigins, csp, allowDevTools: !app.isPackaged, log })
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: join(__dirname, '../renderer'), csp }))
  appLog?.info(
    `app: ${app.getName()} ${app.getVersion()} starting on ${process.platform} ${release()} (${arch()}), ` +
      `Electron ${process.versions.electron ?? '-'}, Chromium ${process.versions.chrome ?? '-'}`
  )
  const policy = updatesPolicy()
  // electron-updater is loaded only when updates are on; without the package the app runs on without them.
  const updater = policy.enabled
    ? await loadUpdater(async () => createRequire(__filename)(UPDATER_MODULE) as unknown, log)
    : null
  const ready = await createServices({
    dataDir: app.getPath('userData'),
    secretService: 'HostUp Contacts',
    isOnline: () => net.isOnline(),
    version: app.getVersion(),
    platform: process.platform,
    emit,
    chooseSavePath,
    chooseOpenPath,
    importWorker,
    showItemInFolder: (path) => shell.showItemInFolder(path),
    localeChanged: setMenu,
    updatePolicy: policy,
    updater,
    ...(appLog ? { log: appLog } : {})
  })
  services = ready
  registerIpc(ipcMain, loggedHandlers(createHandlers(ready)), makeSenderCheck(allowedOrigins), log)
  // The system's language until the page says which one the person chose.
  setMenu(app.getLocale().toLowerCase().startsWith('sv') ? 'sv' : 'en')
  createWindow()
  watchOnline(ready)
  // Only now may the outbox send by itself: what the last run left mid-send becomes `unknown` first.
  await ready.start()
  appLog?.info('app: ready')
  app.on('before-quit', () => {
    appLog?.info('app: quitting')
    ready.stop().catch((error: unknown) => {
      appLog?.warn(`app: stopping failed (${error instanceof Error ? error.name : 'unknown'})`)
    })
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES)
  appLog = createAppLog({ dir: join(app.getPath('userData'), 'logs') })
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  // Every web contents, including any the app never meant to create, gets the same rules.
  app.on('web-contents-created', (_event, contents) =>
    hardenContents(contents, { allowedOrigins, openExternal, log })
  )
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('HostUp Contacts could not start:', error)
      appLog?.error(`app: could not start (${error instanceof Error ? error.name : 'unknown'})`)
      app.exit(1)
    })
}
