/**
 * Electron's security checklist as plain functions. Each takes the pieces of Electron it touches
 * as arguments, so Vitest checks them against thin fakes and the bootstrap only wires them up.
 */
import type { HandlerDetails, Session, WebContents, WebFrameMain, WebPreferences } from 'electron'
import { HOSTUP_DASHBOARD_URL } from '../../shared/base-url'

export const APP_SCHEME = 'app'
export const APP_HOST = 'hostup'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Where "Help" and links in the UI may send the person: HostUp's own https sites, nothing else. */
export const EXTERNAL_ALLOW_LIST = [
  HOSTUP_DASHBOARD_URL,
  'https://hostup.se/',
  'https://developer.hostup.se/'
]

export function secureWebPreferences(preloadPath: string, options: { isPackaged: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: true,
    safeDialogs: true,
    navigateOnDragDrop: false,
    // New windows are denied anyway; this also stops a middle click from trying to open one.
    disableBlinkFeatures: 'Auxclick',
    devTools: !options.isPackaged
  }
}

/**
 * The origin of a URL, including custom standard schemes (Node's URL reports `null` as the
 * origin of `app://…`, Chromium does not). Null when the URL has no host to be an origin of.
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.host === '') return null
  return `${parsed.protocol}//${parsed.host}`.toLowerCase()
}

/** The app's own origins: `app://hostup`, plus the Vite dev server while developing. */
export function appOrigins(devServerUrl?: string): string[] {
  const dev = devServerUrl ? originOf(devServerUrl) : null
  return dev ? [APP_ORIGIN, dev] : [APP_ORIGIN]
}

export function isAppUrl(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url)
  return origin !== null && allowedOrigins.includes(origin)
}

type FrameLike = Pick<WebFrameMain, 'url' | 'parent'>

/**
 * Only the top-level frame of a page of the app may call IPC: a subframe (even an app one) or any
 * page that got loaded from elsewhere is refused.
 */
export function makeSenderCheck(
  allowedOrigins: readonly string[]
): (frame: FrameLike | null | undefined) => boolean {
  return (frame) => frame != null && frame.parent === null && isAppUrl(frame.url, allowedOrigins)
}

export interface CspOptions {
  dev: boolean
  devServerUrl?: string
}

/**
 * The renderer's Content-Security-Policy. Vue sets dynamic styles through the CSSOM, which CSP
 * does not govern, and the build emits CSS as files, so production needs no 'unsafe-inline'.
 */
export function contentSecurityPolicy({ dev, devServerUrl }: CspOptions): string {
  const devOrigin = dev && devServerUrl ? originOf(devServerUrl) : null
  const devSocket = devOrigin ? devOrigin.replace(/^http/, 'ws') : null
  const extra = (...sources: (string | null)[]): string =>
    sources.filter((s): s is string => s !== null).join(' ')
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', extra("'self'", devOrigin)],
    // Vite's dev server injects component styles as <style> elements; the build does not.
    ['style-src', extra("'self'", dev ? "'unsafe-inline'" : null, devOrigin)],
    ['img-src', extra("'self'", 'data:', devOrigin)],
    ['font-src', extra("'self'", devOrigin)],
    // The renderer never talks to the network itself: main makes every HTTP call.
    ['connect-src', devOrigin ? extra(devOrigin, devSocket) : "'none'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"]
  ]
  return directives.map(([name, value]) => `${name} ${value}`).join('; ')
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'on'> &
  Partial<Pick<Session, 'setDevicePermissionHandler'>> & {
    webRequest: Pick<Session['webRequest'], 'onBeforeRequest' | 'onHeadersReceived'>
  }

export interface SessionOptions {
  /** Origins whose documents are the app (see `appOrigins`). */
  allowedOrigins: readonly string[]
  csp: string
  /** Lets DevTools' own pages load while developing; never in a packaged app. */
  allowDevTools: boolean
  log?: (line: string) => void
}

/** Schemes a page of the app legitimately requests besides its own origin. */
const INERT_SCHEMES = ['data:']

export function isAllowedRequest(
  url: string,
  options: Pick<SessionOptions, 'allowedOrigins' | 'allowDevTools'>
): boolean {
  if (isAppUrl(url, options.allowedOrigins)) return true
  // The dev server's HMR socket shares its host but not its scheme.
  const wsAsHttp = url.replace(/^ws(s?):/, 'http$1:')
  if (wsAsHttp !== url && isAppUrl(wsAsHttp, options.allowedOrigins)) return true
  if (INERT_SCHEMES.some((scheme) => url.startsWith(scheme))) return true
  return options.allowDevTools && (url.startsWith('devtools:') || url.startsWith('chrome-extension:'))
}

/**
 * Denies every permission and device, and keeps remote content out: a request from a page to
 * anything but the app itself is cancelled, and every app response carries the CSP header.
 */
export function hardenSession(session: SessionLike, options: SessionOptions): void {
  const log = options.log ?? (() => undefined)
  // The one permission the app uses: writing text to the clipboard ("Copy contact ID", "Copy
  // password"), from its own pages only. Reading the clipboard stays denied.
  const allowed = (permission: string, url: string | undefined): boolean =>
    permission === 'clipboard-sanitized-write' && url !== undefined && isAppUrl(url, options.allowedOrigins)
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    if (allowed(permission, details?.requestingUrl)) {
      callback(true)
      return
    }
    log(`security: denied permission request '${permission}'`)
    callback(false)
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowed(permission, requestingOrigin)
  )
  session.setDevicePermissionHandler?.(() => false)
  // Exports are written by main, through a save dialog; the page has no business downloading.
  session.on('will-download', (event) => event.preventDefault())

  session.webRequest.onBeforeRequest((details, callback) => {
    // Requests main makes itself (no web contents) are not page content; everything else must be ours.
    if (details.webContentsId === undefined || isAllowedRequest(details.url, options)) {
      callback({})
      return
    }
    log(`security: blocked a request to ${originOf(details.url) ?? 'a non-origin URL'}`)
    callback({ cancel: true })
  })

  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, options.allowedOrigins)) {
      callback({})
      return
    }
    const headers: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [options.csp]
    callback({ responseHeaders: headers })
  })
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

export interface ContentsOptions {
  allowedOrigins: readonly string[]
  openExternal: (url: string) => Promise<void> | void
  allowedExternal?: (url: string) => boolean
  log?: (line: string) => void
}

/** True for https URLs under one of HostUp's own sites; everything else stays unopened. */
export function isAllowedExternal(url: string, allowList: readonly string[] = EXTERNAL_ALLOW_LIST): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  // Compare the parsed form: `https://hostup.se.evil.example/` and userinfo tricks fail here.
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false
  return allowList.some((prefix) => parsed.href.startsWith(prefix))
}

/**
 * The app is one window showing one origin: navigation elsewhere is cancelled, new windows are
 * refused (an allow-listed HostUp link opens in the person's browser instead) and <webview>
 * cannot be attached.
 */
export function hardenContents(contents: ContentsLike, options: ContentsOptions): void {
  const log = options.log ?? (() => undefined)
  const allowedExternal = options.allowedExternal ?? ((url: string) => isAllowedExternal(url))
  const refuseForeign = (event: { preventDefault(): void }, url: string, what: string): void => {
    if (isAppUrl(url, options.allowedOrigins)) return
    event.preventDefault()
    log(`security: prevented ${what} to ${originOf(url) ?? 'a non-origin URL'}`)
  }

  contents.on('will-navigate', (event, url) => refuseForeign(event, url, 'navigation'))
  contents.on('will-frame-navigate', (event) => refuseForeign(event, event.url, 'frame navigation'))
  contents.on('will-redirect', (event, url) => refuseForeign(event, url, 'a redirect'))
  contents.on('will-attach-webview', (event) => event.preventDefault())

  contents.setWindowOpenHandler(({ url }: HandlerDetails) => {
    if (allowedExternal(url)) {
      void Promise.resolve(options.openExternal(url)).catch(() =>
        log('security: the browser could not be opened')
      )
    } else {
      log(`security: refused to open ${originOf(url) ?? 'a non-origin URL'}`)
    }
    return { action: 'deny' }
  })
}
