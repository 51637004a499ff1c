/**
 * Test support only: a thin stand-in for the `electron` module, just the pieces the bootstrap
 * (src/main/index.ts) and the preload (src/preload/index.ts) touch. It decides nothing: every call
 * is recorded in order, handlers are kept so a test can call them as Electron would, and the
 * renderer side (`ipcRenderer`) is wired to the main side (`ipcMain`) through the app's top frame,
 * so a test can go from `window.api` through the real handlers and back.
 */

type Listener = (...args: unknown[]) => unknown

export interface Call {
  api: string
  args: unknown[]
}

export interface StandInOptions {
  isPackaged?: boolean
  /** What `requestSingleInstanceLock` answers (another instance holds it: false). */
  lock?: boolean
  userData: string
  documents?: string
  locale?: string
  platform?: NodeJS.Platform
  /** What the save and open dialogs answer: a path, or undefined for "cancelled". */
  savePath?: string
  openPath?: string
  /** The clipboard refuses the text (as a locked-down desktop session can). */
  clipboardFails?: boolean
}

export interface StandInWindow {
  options: { webPreferences: Record<string, unknown> } & Record<string, unknown>
  loaded: string[]
  shown: boolean
  listeners: Map<string, Listener>
  webContents: { send: (channel: string, payload: unknown) => void }
}

/** The frame a page of the app runs in: what the IPC sender check sees for a real call. */
export const APP_TOP_FRAME = { url: 'app://hostup/index.html', parent: null }

export interface ElectronStandIn {
  /** What `vi.doMock('electron', () => standIn.module)` hands to the code under test. */
  module: Record<string, unknown>
  /** Every call into the stand-in, in order (`app.on`, `BrowserWindow`, `ipcMain.handle`, …). */
  calls: Call[]
  /** The names of the calls, in order; `filter` keeps those starting with it. */
  names(filter?: string): string[]
  app: { listener(event: string): Listener; emit(event: string, ...args: unknown[]): unknown }
  windows: StandInWindow[]
  ipcMain: { handlers: Map<string, Listener> }
  protocol: { handlers: Map<string, Listener> }
  session: { handler(name: string): Listener; listener(event: string): Listener }
  menu: { current(): unknown }
  net: { online: boolean }
  clipboard: { text: string }
  /** What the preload exposed with `contextBridge.exposeInMainWorld`. */
  exposed: Map<string, unknown>
  /** Messages main sent to windows that the preload's listeners received. */
  rendererListeners: Map<string, Set<Listener>>
}

export function createElectronStandIn(options: StandInOptions): ElectronStandIn {
  const calls: Call[] = []
  const record = (api: string, ...args: unknown[]): void => {
    calls.push({ api, args })
  }
  const fn =
    <R>(api: string, body: (...args: never[]) => R = () => undefined as R) =>
    (...args: unknown[]): R => {
      record(api, ...args)
      return (body as (...a: unknown[]) => R)(...args)
    }
  const need = (map: Map<string, Listener>, name: string, what: string): Listener => {
    const found = map.get(name)
    if (!found) throw new Error(`${what} ${name} was never installed`)
    return found
  }

  const appListeners = new Map<string, Listener>()
  const app = {
    isPackaged: options.isPackaged ?? true,
    requestSingleInstanceLock: fn('app.requestSingleInstanceLock', () => options.lock ?? true),
    quit: fn('app.quit'),
    exit: fn('app.exit'),
    on: fn('app.on', (event: string, listener: Listener): void => {
      appListeners.set(event, listener)
    }),
    whenReady: fn('app.whenReady', () => Promise.resolve()),
    getPath: fn('app.getPath', (name: string) =>
      name === 'userData' ? options.userData : (options.documents ?? options.userData)
    ),
    getVersion: fn('app.getVersion', () => '0.1.0'),
    getName: fn('app.getName', () => 'HostUp Contacts'),
    getLocale: fn('app.getLocale', () => options.locale ?? 'en-US')
  }

  const rendererListeners = new Map<string, Set<Listener>>()
  const windows: StandInWindow[] = []
  class BrowserWindow implements StandInWindow {
    static getAllWindows = fn('BrowserWindow.getAllWindows', () => [...windows])
    loaded: string[] = []
    shown = false
    listeners = new Map<string, Listener>()
    webContents = {
      send: (channel: string, payload: unknown): void => {
        record('webContents.send', channel, payload)
        for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: null }, payload)
      }
    }
    constructor(public options: StandInWindow['options']) {
      record('BrowserWindow.new', options)
      windows.push(this)
    }
    once(event: string, listener: Listener): void {
      record('window.once', event)
      this.listeners.set(event, listener)
    }
    on(event: string, listener: Listener): void {
      record('window.on', event)
      this.listeners.set(event, listener)
    }
    show(): void {
      record('window.show')
      this.shown = true
    }
    isMinimized(): boolean {
      return false
    }
    restore(): void {
      record('window.restore')
    }
    focus(): void {
      record('window.focus')
    }
    loadURL(url: string): Promise<void> {
      record('window.loadURL', url)
      this.loaded.push(url)
      return Promise.resolve()
    }
  }

  const ipcHandlers = new Map<string, Listener>()
  const ipcMain = {
    handle: fn('ipcMain.handle', (channel: string, handler: Listener) => ipcHandlers.set(channel, handler)),
    removeHandler: fn('ipcMain.removeHandler', (channel: string) => ipcHandlers.delete(channel))
  }

  const protocolHandlers = new Map<string, Listener>()
  const protocol = {
    registerSchemesAsPrivileged: fn('protocol.registerSchemesAsPrivileged'),
    handle: fn('protocol.handle', (scheme: string, handler: Listener) =>
      protocolHandlers.set(scheme, handler)
    )
  }

  const sessionHandlers = new Map<string, Listener>()
  const sessionListeners = new Map<string, Listener>()
  const setter = (name: string) =>
    fn(`session.${name}`, (handler: Listener) => {
      sessionHandlers.set(name, handler)
    })
  const defaultSession = {
    setPermissionRequestHandler: setter('setPermissionRequestHandler'),
    setPermissionCheckHandler: setter('setPermissionCheckHandler'),
    setDevicePermissionHandler: setter('setDevicePermissionHandler'),
    on: fn('session.on', (event: string, listener: Listener) => sessionListeners.set(event, listener)),
    webRequest: {
      onBeforeRequest: setter('onBeforeRequest'),
      onHeadersReceived: setter('onHeadersReceived')
    }
  }

  let currentMenu: unknown = null
  const Menu = {
    buildFromTemplate: fn('Menu.buildFromTemplate', (template: unknown) => template),
    setApplicationMenu: fn('Menu.setApplicationMenu', (menu: unknown) => {
      currentMenu = menu
    })
  }

  const dialog = {
    showSaveDialog: fn('dialog.showSaveDialog', () =>
      Promise.resolve({ canceled: options.savePath === undefined, filePath: options.savePath ?? '' })
    ),
    showMessageBox: fn('dialog.showMessageBox', () =>
      Promise.resolve({ response: 0, checkboxChecked: false })
    ),
    showOpenDialog: fn('dialog.showOpenDialog', () =>
      Promise.resolve({
        canceled: options.openPath === undefined,
        filePaths: options.openPath === undefined ? [] : [options.openPath]
      })
    )
  }

  const netState = { online: true }
  const clipboardState = { text: '' }
  const exposed = new Map<string, unknown>()

  const ipcRenderer = {
    // The renderer's call reaches main's handler as Electron would deliver it: from the app's top frame.
    invoke: fn('ipcRenderer.invoke', async (channel: string, payload: unknown) =>
      need(ipcHandlers, channel, 'IPC channel')({ senderFrame: APP_TOP_FRAME }, payload)
    ),
    on: fn('ipcRenderer.on', (channel: string, listener: Listener) => {
      const set = rendererListeners.get(channel) ?? new Set<Listener>()
      set.add(listener)
      rendererListeners.set(channel, set)
    }),
    removeListener: fn('ipcRenderer.removeListener', (channel: string, listener: Listener) => {
      rendererListeners.get(channel)?.delete(listener)
    })
  }

  const module: Record<string, unknown> = {
    app,
    BrowserWindow,
    dialog,
    ipcMain,
    Menu,
    nativeTheme: { shouldUseDarkColors: false },
    net: { isOnline: fn('net.isOnline', () => netState.online) },
    protocol,
    session: { defaultSession },
    shell: {
      openExternal: fn('shell.openExternal', () => Promise.resolve()),
      showItemInFolder: fn('shell.showItemInFolder', () => undefined)
    },
    clipboard: {
      writeText: fn('clipboard.writeText', (text: string) => {
        if (options.clipboardFails) throw new Error('clipboard unavailable')
        clipboardState.text = text
      })
    },
    contextBridge: {
      exposeInMainWorld: fn('contextBridge.exposeInMainWorld', (key: string, value: unknown) =>
        exposed.set(key, value)
      )
    },
    ipcRenderer
  }

  return {
    module,
    calls,
    names: (filter = '') => calls.map((c) => c.api).filter((name) => name.startsWith(filter)),
    app: {
      listener: (event) => need(appListeners, event, 'app listener'),
      emit: (event, ...args) => appListeners.get(event)?.(...args)
    },
    windows,
    ipcMain: { handlers: ipcHandlers },
    protocol: { handlers: protocolHandlers },
    session: {
      handler: (name) => need(sessionHandlers, name, 'session handler'),
      listener: (event) => need(sessionListeners, event, 'session listener')
    },
    menu: { current: () => currentMenu },
    net: netState,
    clipboard: clipboardState,
    exposed,
    rendererListeners
  }
}
