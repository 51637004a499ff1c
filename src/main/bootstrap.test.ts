// The bootstrap (src/main/index.ts) and the preload (src/preload/index.ts), loaded as they are, over
// the real services in a temp dir and a real keychain, with only the `electron` module stood in for
// (src/main/testing/electron.ts): what would the real app do?
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, type HostupApi } from '../shared/ipc'
import { APP_ORIGIN, contentSecurityPolicy } from './electron/security'
import {
  APP_TOP_FRAME,
  createElectronStandIn,
  type ElectronStandIn,
  type StandInOptions
} from './testing/electron'

type Listener = (...args: unknown[]) => unknown

const strictCsp = contentSecurityPolicy({ dev: false })
let dir: string
let standIn: ElectronStandIn

const answer = <T>(install: Listener, ...args: unknown[]): T => {
  let result: T | undefined
  install(...args, (value: T) => {
    result = value
  })
  return result as T
}

const fakeEvent = (url = ''): { url: string; preventDefault: ReturnType<typeof vi.fn> } => ({
  url,
  preventDefault: vi.fn()
})

/** Loads src/main/index.ts afresh (it reads Electron's state when it is first evaluated). */
async function boot(
  options: Partial<StandInOptions> = {},
  waitForStart = options.lock !== false
): Promise<void> {
  standIn = createElectronStandIn({ userData: join(dir, 'data'), documents: dir, ...options })
  vi.resetModules()
  vi.doMock('electron', () => standIn.module)
  // The real services, with their start and stop written into the same record as Electron's calls.
  vi.doMock('./services', async (importOriginal) => {
    const real = await importOriginal<typeof import('./services')>()
    return {
      ...real,
      createServices: async (serviceOptions: Parameters<typeof real.createServices>[0]) => {
        standIn.calls.push({ api: 'createServices', args: [serviceOptions] })
        const services = await real.createServices({
          ...serviceOptions,
          // One keychain service per run, so the test never reads or leaves the app's own entries.
          secretService: `${serviceOptions.secretService} test ${randomUUID()}`
        })
        return {
          ...services,
          async start() {
            standIn.calls.push({ api: 'services.start', args: [] })
            await services.start()
            standIn.calls.push({ api: 'services.started', args: [] })
          },
          stop() {
            standIn.calls.push({ api: 'services.stop', args: [] })
            return services.stop()
          }
        }
      }
    }
  })
  await import('./index')
  if (waitForStart) await vi.waitFor(() => expect(standIn.names('services.started')).toHaveLength(1))
}

/** The preload, loaded over the same stand-in: `window.api` as the page would get it. */
async function preload(): Promise<HostupApi> {
  await import('../preload/index')
  return standIn.exposed.get('api') as HostupApi
}

const invoke = (
  channel: string,
  payload: unknown,
  senderFrame: unknown = APP_TOP_FRAME
): Promise<unknown> => {
  const handler = standIn.ipcMain.handlers.get(channel)
  if (!handler) throw new Error(`${channel} is not registered`)
  return Promise.resolve(handler({ senderFrame }, payload))
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-bootstrap-'))
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})

afterEach(async () => {
  standIn.app.emit('before-quit')
  vi.restoreAllMocks()
  vi.clearAllTimers()
  vi.useRealTimers()
  vi.doUnmock('electron')
  vi.doUnmock('./services')
  delete process.env['ELECTRON_RENDERER_URL']
  vi.unstubAllEnvs()
  await rm(dir, { recursive: true, force: true })
})

describe('src/main/index.ts, the bootstrap', () => {
  it('asks for the single-instance lock and quits without a window when another instance holds it', async () => {
    await boot({ lock: false })
    expect(standIn.names('app.')).toEqual(['app.requestSingleInstanceLock', 'app.quit'])
    await Promise.resolve()
    expect(standIn.windows).toHaveLength(0)
    expect(standIn.names('protocol.')).toEqual([])
  })

  it('brings the existing window forward when a second instance starts', async () => {
    await boot()
    standIn.app.emit('second-instance')
    expect(standIn.names('window.focus')).toHaveLength(1)
  })

  it('registers the privileged app scheme before the app is ready, in one call', async () => {
    await boot()
    const order = standIn.names()
    const registered = order.indexOf('protocol.registerSchemesAsPrivileged')
    expect(registered).toBeGreaterThan(order.indexOf('app.requestSingleInstanceLock'))
    expect(registered).toBeLessThan(order.indexOf('app.whenReady'))
    expect(standIn.names('protocol.registerSchemesAsPrivileged')).toHaveLength(1)
    expect(standIn.calls.find((c) => c.api === 'protocol.registerSchemesAsPrivileged')?.args).toEqual([
      [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]
    ])
  })

  it('creates one window with the secure webPreferences, loads the app scheme and shows it when ready', async () => {
    await boot()
    const [win] = standIn.windows
    expect(standIn.windows).toHaveLength(1)
    expect(win?.options.webPreferences).toMatchObject({
      preload: join(import.meta.dirname, '../preload/index.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false
    })
    expect(win?.options).toMatchObject({
      show: false,
      minWidth: 900,
      minHeight: 600,
      width: 1100,
      height: 760,
      title: 'HostUp Contacts',
      backgroundColor: '#f4f6f9'
    })
    expect(win?.loaded).toEqual(['app://hostup/index.html'])
    expect(win?.shown).toBe(false)
    win?.listeners.get('ready-to-show')?.()
    expect(win?.shown).toBe(true)
  })

  it('ignores ELECTRON_RENDERER_URL in a packaged app', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'https://evil.example/'
    await boot({ isPackaged: true })
    expect(standIn.windows[0]?.loaded).toEqual(['app://hostup/index.html'])
  })

  it('loads the dev server while developing, with DevTools', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173'
    await boot({ isPackaged: false })
    expect(standIn.windows[0]?.loaded).toEqual(['http://localhost:5173'])
    expect(standIn.windows[0]?.options.webPreferences['devTools']).toBe(true)
  })

  it('hardens the default session before the page can load: permissions, devices, downloads, requests', async () => {
    await boot()
    const order = standIn.names()
    for (const name of [
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
      'session.setDevicePermissionHandler',
      'session.onBeforeRequest',
      'session.onHeadersReceived'
    ])
      expect(order.indexOf(name), name).toBeLessThan(order.indexOf('window.loadURL'))
    expect(answer<boolean>(standIn.session.handler('setPermissionRequestHandler'), {}, 'media')).toBe(false)
    expect(standIn.session.handler('setPermissionCheckHandler')({}, 'media', APP_ORIGIN, {})).toBe(false)
    expect(standIn.session.handler('setDevicePermissionHandler')({ deviceType: 'usb' })).toBe(false)
    const download = fakeEvent()
    standIn.session.listener('will-download')(download, {}, {})
    expect(download.preventDefault).toHaveBeenCalled()
    const blocked = answer(standIn.session.handler('onBeforeRequest'), {
      url: 'https://evil.example/x.js',
      webContentsId: 1
    })
    expect(blocked).toEqual({ cancel: true })
  })

  it('puts the CSP on every app:// response: through webRequest and on every answer of the app protocol', async () => {
    await boot()
    const headers = answer<{ responseHeaders: Record<string, string[]> }>(
      standIn.session.handler('onHeadersReceived'),
      { url: 'app://hostup/index.html', responseHeaders: { 'content-security-policy': ['default-src *'] } }
    )
    expect(headers.responseHeaders).toEqual({ 'Content-Security-Policy': [strictCsp] })
    const serve = standIn.protocol.handlers.get('app')
    expect(serve).toBeDefined()
    const responses = (await Promise.all([
      serve?.(new Request('app://hostup/index.html')),
      serve?.(new Request('app://hostup/no-such-file.js')),
      serve?.(new Request('app://hostup/../../etc/passwd')),
      serve?.(new Request('app://hostup/index.html', { method: 'POST' }))
    ])) as Response[]
    expect(responses.map((r) => r.status)).toEqual([200, 404, 404, 405])
    for (const response of responses) expect(response.headers.get('content-security-policy')).toBe(strictCsp)
    // The page it serves is the renderer's own entry.
    expect(await responses[0]?.text()).toBe(
      await readFile(join(import.meta.dirname, '../renderer/index.html'), 'utf8')
    )
  })

  it('hardens every web contents: navigation away is prevented, new windows denied, only HostUp links opened', async () => {
    await boot()
    const listeners = new Map<string, Listener>()
    const contents = {
      on: (event: string, listener: Listener) => listeners.set(event, listener),
      setWindowOpenHandler: (handler: Listener) => listeners.set('windowOpen', handler)
    }
    standIn.app.emit('web-contents-created', {}, contents)

    const navigation = fakeEvent()
    listeners.get('will-navigate')?.(navigation, 'https://evil.example')
    expect(navigation.preventDefault).toHaveBeenCalled()
    const webview = fakeEvent()
    listeners.get('will-attach-webview')?.(webview, {}, {})
    expect(webview.preventDefault).toHaveBeenCalled()

    const open = listeners.get('windowOpen')
    expect(open?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(open?.({ url: 'https://developer.hostup.se/' })).toEqual({ action: 'deny' })
    expect(standIn.calls.filter((c) => c.api === 'shell.openExternal').map((c) => c.args)).toEqual([
      ['https://developer.hostup.se/']
    ])
  })

  it('registers every IPC channel of the contract, each behind the sender check', async () => {
    await boot()
    expect([...standIn.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    const foreign = [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://hostup/index.html', parent: APP_TOP_FRAME },
      { url: 'file:///etc/passwd', parent: null },
      null
    ]
    for (const channel of INVOKE_CHANNELS)
      for (const frame of foreign)
        await expect(invoke(channel, undefined, frame), channel).resolves.toMatchObject({
          ok: false,
          error: { code: 'forbidden', message: 'errors.app.foreignSender' }
        })
    await expect(invoke('app:info', undefined)).resolves.toMatchObject({
      ok: true,
      value: { name: 'HostUp Contacts', version: '0.1.0' }
    })
    expect(console.warn).toHaveBeenCalledWith(
      'ipc: refused app:info from an untrusted frame (https://evil.example)'
    )
  })

  it('creates the services over the userData directory, with IPC registered before the window exists', async () => {
    await boot()
    const options = standIn.calls.find((c) => c.api === 'createServices')?.args[0]
    expect(options).toMatchObject({
      dataDir: join(dir, 'data'),
      secretService: 'HostUp Contacts',
      version: '0.1.0',
      platform: process.platform
    })
    const order = standIn.names()
    expect(order.lastIndexOf('ipcMain.handle')).toBeLessThan(order.indexOf('BrowserWindow.new'))
  })

  it('looks for updates only in a packaged build with a feed, and runs on when electron-updater is missing', async () => {
    vi.stubEnv('HOSTUP_DISABLE_UPDATES', '')
    vi.stubEnv('MAIN_VITE_UPDATE_FEED_URL', '')
    await boot({ isPackaged: true })
    expect(standIn.calls.find((c) => c.api === 'createServices')?.args[0]).toMatchObject({
      updatePolicy: { enabled: false, reason: 'no-feed' },
      updater: null
    })
    expect(await invoke('updates:status', undefined)).toEqual({
      ok: true,
      value: { state: 'off', reason: 'no-feed' }
    })
    standIn.app.emit('before-quit')

    const feed = 'https://updates.example.se/hostup-contacts/'
    vi.stubEnv('MAIN_VITE_UPDATE_FEED_URL', feed)
    await boot({ isPackaged: true })
    const options = standIn.calls.find((c) => c.api === 'createServices')?.args[0]
    expect(options).toMatchObject({ updatePolicy: { enabled: true, feedUrl: feed } })
    let installed = true
    try {
      createRequire(__filename).resolve('electron-updater')
    } catch {
      installed = false
    }
    if (!installed) {
      expect((options as { updater: unknown }).updater).toBeNull()
      expect(console.warn).toHaveBeenCalledWith(
        'updates: off, electron-updater could not be loaded (MODULE_NOT_FOUND); install it to turn updates on'
      )
      expect(await invoke('updates:status', undefined)).toEqual({
        ok: true,
        value: { state: 'off', reason: 'no-updater' }
      })
    }
    standIn.app.emit('before-quit')
    vi.stubEnv('HOSTUP_DISABLE_UPDATES', '1')
    await boot({ isPackaged: true })
    expect(standIn.calls.find((c) => c.api === 'createServices')?.args[0]).toMatchObject({
      updatePolicy: { enabled: false, reason: 'env' }
    })
    vi.unstubAllEnvs()
  })

  it('starts the outbox only after the window exists, and stops it on quit', async () => {
    await boot()
    const order = standIn.names()
    expect(order.indexOf('BrowserWindow.new')).toBeGreaterThanOrEqual(0)
    expect(order.indexOf('services.start')).toBeGreaterThan(order.indexOf('BrowserWindow.new'))
    expect(order.indexOf('services.start')).toBeGreaterThan(order.indexOf('window.loadURL'))
    expect(standIn.names('services.stop')).toEqual([])
    standIn.app.emit('before-quit')
    expect(standIn.names('services.stop')).toEqual(['services.stop'])
  })

  it('builds the menu in the system language, then again in the one the person chooses', async () => {
    await boot({ locale: 'sv-SE' })
    const labels = (): unknown => (standIn.menu.current() as { label?: string }[]).map((item) => item.label)
    expect(labels()).toEqual(expect.arrayContaining(['Arkiv', 'Redigera', 'Hjälp']))
    await expect(invoke('app:setLocale', { locale: 'en' })).resolves.toMatchObject({ ok: true })
    expect(labels()).toEqual(expect.arrayContaining(['File', 'Edit', 'Help']))
  })

  it('sends a menu command to the page as the typed app:command event', async () => {
    await boot()
    type Item = { label?: string; accelerator?: string; click?: () => void; submenu?: Item[] }
    const items = (standIn.menu.current() as Item[]).flatMap((item) => item.submenu ?? [])
    items.find((item) => item.label === 'History')?.click?.()
    items.find((item) => item.label === 'Command Palette…')?.click?.()
    const sent = standIn.calls
      .filter((c) => c.api === 'webContents.send' && c.args[0] === 'app:command')
      .map((c) => c.args[1])
    expect(sent).toEqual([{ kind: 'show', view: 'history' }, { kind: 'palette' }])
  })

  it('tells the renderer when main goes offline and back, and only on a change', async () => {
    await boot()
    const sent = (): unknown[] =>
      standIn.calls
        .filter((c) => c.api === 'webContents.send' && c.args[0] === 'app:online')
        .map((c) => c.args)
    vi.advanceTimersByTime(5_000)
    expect(sent()).toEqual([])
    standIn.net.online = false
    vi.advanceTimersByTime(5_000)
    vi.advanceTimersByTime(5_000)
    standIn.net.online = true
    vi.advanceTimersByTime(5_000)
    expect(sent()).toEqual([
      ['app:online', { online: false }],
      ['app:online', { online: true }]
    ])
    // The outbox hears the same: the renderer's count of what waits says offline in between.
    await expect(invoke('app:info', undefined)).resolves.toMatchObject({ value: { online: true } })
  })

  it('offers the history export in a save dialog filtered to its format, in the documents folder', async () => {
    const target = join(dir, 'history.csv')
    await boot({ savePath: target })
    await expect(invoke('history:export', { query: {}, format: 'csv' })).resolves.toMatchObject({ ok: true })
    await expect(invoke('history:export', { query: {}, format: 'json' })).resolves.toMatchObject({ ok: true })
    const dialogs = standIn.calls.filter((c) => c.api === 'dialog.showSaveDialog')
    expect(dialogs.map((c) => c.args[0])).toEqual([standIn.windows[0], standIn.windows[0]])
    expect(dialogs.map((c) => c.args[1])).toEqual([
      {
        defaultPath: expect.stringMatching(new RegExp(`^${dir}/hostup-contacts-history-.*\\.csv$`)),
        filters: [{ name: 'CSV', extensions: ['csv'] }]
      },
      {
        defaultPath: expect.stringMatching(/\.json$/),
        filters: [{ name: 'JSON', extensions: ['json'] }]
      }
    ])
    // The second export went to the same path the dialog answered: the JSON document is there.
    expect(JSON.parse(await readFile(target, 'utf8'))).toMatchObject({ count: 0, entries: [] })
  })

  it('answers a cancelled save dialog with nothing written', async () => {
    await boot()
    await expect(invoke('history:export', { query: {}, format: 'csv' })).resolves.toEqual({
      ok: true,
      value: { count: 0, path: null }
    })
  })

  it('asks for a spreadsheet in an open dialog filtered to CSV and Excel', async () => {
    await boot()
    const profile = (await invoke('profiles:save', {
      name: 'Import',
      baseUrl: 'https://cloud.hostup.se/api'
    })) as { ok: true; value: { id: string } }
    expect(profile).toMatchObject({ ok: true })
    await expect(invoke('import:choose', { profileId: profile.value.id })).resolves.toMatchObject({
      ok: true,
      value: null
    })
    expect(standIn.calls.find((c) => c.api === 'dialog.showOpenDialog')?.args).toEqual([
      standIn.windows[0],
      { properties: ['openFile'], filters: [{ name: 'CSV, Excel', extensions: ['csv', 'xlsx', 'txt'] }] }
    ])
  })

  it('says it could not start, and exits with an error, when the data dir cannot be made', async () => {
    const blocked = join(dir, 'a-file')
    await writeFile(blocked, 'where the data dir should be')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    await boot({ userData: join(blocked, 'data') }, false)
    await vi.waitFor(() => expect(standIn.names('app.exit')).toHaveLength(1))
    expect(standIn.calls.find((c) => c.api === 'app.exit')?.args).toEqual([1])
    expect(errors).toHaveBeenCalledWith('HostUp Contacts could not start:', expect.any(Error))
    expect(standIn.windows).toHaveLength(0)
  })

  it('gives the window the rendered icon on Linux (macOS and Windows take theirs from the package)', async () => {
    await boot()
    const icon = standIn.windows[0]?.options['icon']
    if (process.platform === 'linux') expect(icon).toBe(join(import.meta.dirname, '../../resources/icon.png'))
    else expect(icon).toBeUndefined()
  })

  it('Help → Copy diagnostics says so in a dialog when the clipboard refuses them', async () => {
    await boot({ clipboardFails: true })
    const help = (
      standIn.menu.current() as { role?: string; submenu?: { label?: string; click?: () => void }[] }[]
    ).find((item) => item.role === 'help')
    help?.submenu?.find((item) => item.label === 'Copy diagnostics')?.click?.()
    await vi.waitFor(() => expect(standIn.names('dialog.showMessageBox')).toHaveLength(1))
    expect(standIn.calls.find((c) => c.api === 'dialog.showMessageBox')?.args).toEqual([
      standIn.windows[0],
      {
        type: 'error',
        message: 'The diagnostics could not be put together',
        detail: expect.stringMatching(/^Try again\./),
        buttons: ['OK']
      }
    ])
    expect(console.warn).toHaveBeenCalledWith('diagnostics: could not be put together (Error)')
  })

  it('quits when the last window closes, except on macOS, and makes a new window on activate', async () => {
    await boot()
    standIn.app.emit('window-all-closed')
    expect(standIn.names('app.quit')).toHaveLength(process.platform === 'darwin' ? 0 : 1)
    standIn.windows[0]?.listeners.get('closed')?.()
    standIn.windows.length = 0
    standIn.app.emit('activate')
    expect(standIn.windows).toHaveLength(1)
  })
})

describe('src/preload/index.ts, the wiring', () => {
  it('exposes only `api`, built from the contract, whose calls reach the real handlers from the app frame', async () => {
    await boot()
    const api = await preload()
    expect([...standIn.exposed.keys()]).toEqual(['api'])
    expect(Object.isFrozen(api)).toBe(true)
    await expect(api.app.info()).resolves.toMatchObject({ ok: true, value: { name: 'HostUp Contacts' } })
    expect(standIn.calls.filter((c) => c.api === 'ipcRenderer.invoke').map((c) => c.args)).toEqual([
      ['app:info', undefined]
    ])
  })

  it('delivers main events to subscribers until they unsubscribe', async () => {
    await boot()
    const api = await preload()
    const heard: unknown[] = []
    const off = api.on('app:online', (payload) => heard.push(payload))
    standIn.net.online = false
    vi.advanceTimersByTime(5_000)
    off()
    standIn.net.online = true
    vi.advanceTimersByTime(5_000)
    expect(heard).toEqual([{ online: false }])
    expect(standIn.names('ipcRenderer.')).toEqual(['ipcRenderer.on', 'ipcRenderer.removeListener'])
  })
})
