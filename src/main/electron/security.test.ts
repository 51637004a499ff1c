import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest'
import {
  APP_ORIGIN,
  appOrigins,
  contentSecurityPolicy,
  hardenContents,
  hardenSession,
  isAllowedExternal,
  isAllowedRequest,
  makeSenderCheck,
  originOf,
  secureWebPreferences
} from './security'

type Fn = (...args: unknown[]) => unknown

/** The thinnest stand-in for an Electron emitter/setter: remembers what was installed, by name. */
function recorder(): {
  record: (name: string) => (handler: Fn) => void
  on: (event: string, listener: Fn) => void
  get: (name: string) => Fn
} {
  const seen = new Map<string, Fn>()
  return {
    record: (name) => (handler) => {
      seen.set(name, handler)
    },
    on: (event, listener) => {
      seen.set(`on:${event}`, listener)
    },
    get: (name) => {
      const handler = seen.get(name)
      if (!handler) throw new Error(`${name} was never installed`)
      return handler
    }
  }
}

function fakeSession(): { session: Parameters<typeof hardenSession>[0]; get: (name: string) => Fn } {
  const r = recorder()
  const session = {
    setPermissionRequestHandler: r.record('permissionRequest'),
    setPermissionCheckHandler: r.record('permissionCheck'),
    setDevicePermissionHandler: r.record('devicePermission'),
    on: r.on,
    webRequest: {
      onBeforeRequest: r.record('onBeforeRequest'),
      onHeadersReceived: r.record('onHeadersReceived')
    }
  }
  return { session: session as unknown as Parameters<typeof hardenSession>[0], get: r.get }
}

function fakeContents(): { contents: Parameters<typeof hardenContents>[0]; get: (name: string) => Fn } {
  const r = recorder()
  const contents = { on: r.on, setWindowOpenHandler: r.record('windowOpen') }
  return { contents: contents as unknown as Parameters<typeof hardenContents>[0], get: r.get }
}

function fakeEvent(url = ''): { url: string; preventDefault: ReturnType<typeof vi.fn> } {
  return { url, preventDefault: vi.fn() }
}

const answer = <T>(install: Fn, ...args: unknown[]): T => {
  let result: T | undefined
  install(...args, (value: T) => {
    result = value
  })
  return result as T
}

describe('secureWebPreferences', () => {
  it('isolates, sandboxes and keeps Node out of every kind of frame', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js', { isPackaged: true })
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
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
      disableBlinkFeatures: 'Auxclick'
    })
  })

  it('offers DevTools only in a development build', () => {
    expect(secureWebPreferences('p', { isPackaged: true }).devTools).toBe(false)
    expect(secureWebPreferences('p', { isPackaged: false }).devTools).toBe(true)
  })
})

describe('origins', () => {
  it('computes an origin for the app scheme, which Node itself reports as null', () => {
    expect(new URL('app://hostup/index.html').origin).toBe('null')
    expect(originOf('app://hostup/index.html')).toBe(APP_ORIGIN)
    expect(originOf('http://localhost:5173/src/main.ts')).toBe('http://localhost:5173')
    expect(originOf('about:blank')).toBeNull()
    expect(originOf('not a url')).toBeNull()
  })

  it('adds the dev server origin only when one is given', () => {
    expect(appOrigins()).toEqual([APP_ORIGIN])
    expect(appOrigins('http://localhost:5173/')).toEqual([APP_ORIGIN, 'http://localhost:5173'])
  })
})

describe('makeSenderCheck', () => {
  const check = makeSenderCheck([APP_ORIGIN])
  const top = { url: 'app://hostup/index.html', parent: null }

  it('trusts the top-level frame of the app', () => {
    expect(check(top)).toBe(true)
    expect(check({ url: 'app://hostup/index.html#/settings', parent: null })).toBe(true)
  })

  it.each([
    ['a foreign origin', { url: 'https://evil.example/', parent: null }],
    ['a look-alike host', { url: 'app://hostup.evil/index.html', parent: null }],
    ['another scheme on the same host', { url: 'https://hostup/index.html', parent: null }],
    ['file://', { url: 'file:///app/out/renderer/index.html', parent: null }],
    ['about:blank', { url: 'about:blank', parent: null }],
    ['a subframe of the app', { url: 'app://hostup/index.html', parent: top }]
  ])('refuses %s', (_name, frame) => {
    expect(check(frame as Parameters<typeof check>[0])).toBe(false)
  })

  it('refuses a missing frame (navigated away or destroyed)', () => {
    expect(check(null)).toBe(false)
    expect(check(undefined)).toBe(false)
  })

  it('trusts the dev server only when it is one of the allowed origins', () => {
    const dev = { url: 'http://localhost:5173/', parent: null }
    expect(check(dev)).toBe(false)
    expect(makeSenderCheck(appOrigins('http://localhost:5173'))(dev)).toBe(true)
  })
})

describe('contentSecurityPolicy', () => {
  it('is strict in production: nothing inline, nothing remote, no network from the page', () => {
    const csp = contentSecurityPolicy({ dev: false })
    expect(csp).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    expect(csp).not.toContain('unsafe')
  })

  it('lets the dev server and its HMR socket in while developing, and nothing else', () => {
    const csp = contentSecurityPolicy({ dev: true, devServerUrl: 'http://localhost:5173/' })
    expect(csp).toContain("script-src 'self' http://localhost:5173;")
    expect(csp).toContain('connect-src http://localhost:5173 ws://localhost:5173;')
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'")
    expect(csp).not.toContain('unsafe-eval')
  })
})

describe('hardenSession', () => {
  const csp = contentSecurityPolicy({ dev: false })
  let fake: ReturnType<typeof fakeSession>
  let lines: string[]

  beforeEach(() => {
    fake = fakeSession()
    lines = []
    hardenSession(fake.session, {
      allowedOrigins: [APP_ORIGIN],
      csp,
      allowDevTools: false,
      log: (l) => lines.push(l)
    })
  })

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen'])(
    'denies the permission request %s',
    (permission) => {
      expect(answer<boolean>(fake.get('permissionRequest'), {}, permission)).toBe(false)
    }
  )

  it('allows clipboard writes from the app only, and never clipboard reads', () => {
    // Electron's order: (webContents, permission, callback, details).
    const request = (permission: string, requestingUrl: string): boolean | undefined => {
      let granted: boolean | undefined
      fake.get('permissionRequest')({}, permission, (value: boolean) => (granted = value), { requestingUrl })
      return granted
    }
    expect(request('clipboard-sanitized-write', `${APP_ORIGIN}/index.html`)).toBe(true)
    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false)
    expect(request('clipboard-read', `${APP_ORIGIN}/index.html`)).toBe(false)
    expect(fake.get('permissionCheck')({}, 'clipboard-sanitized-write', APP_ORIGIN, {})).toBe(true)
    expect(fake.get('permissionCheck')({}, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(
      false
    )
  })

  it('answers every other permission check and device request with no', () => {
    expect(fake.get('permissionCheck')({}, 'media', APP_ORIGIN, {})).toBe(false)
    expect(fake.get('devicePermission')({ deviceType: 'usb', origin: APP_ORIGIN })).toBe(false)
  })

  it('cancels downloads started by the page', () => {
    const event = fakeEvent()
    fake.get('on:will-download')(event, {}, {})
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('cancels page requests to anything but the app', () => {
    const decide = (url: string): unknown => answer(fake.get('onBeforeRequest'), { url, webContentsId: 1 })
    expect(decide('app://hostup/assets/index.js')).toEqual({})
    expect(decide('data:image/png;base64,AAAA')).toEqual({})
    expect(decide('https://evil.example/x.js')).toEqual({ cancel: true })
    expect(decide('http://localhost:5173/@vite/client')).toEqual({ cancel: true })
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true })
    expect(decide('devtools://devtools/bundled/inspector.html')).toEqual({ cancel: true })
    expect(lines).toContain('security: blocked a request to https://evil.example')
  })

  it('leaves requests main makes itself alone (they belong to no web contents)', () => {
    expect(answer(fake.get('onBeforeRequest'), { url: 'https://cloud.hostup.se/api/teams' })).toEqual({})
  })

  it('puts the CSP on app responses, replacing any other policy', () => {
    const result = answer<{ responseHeaders: Record<string, string[]> }>(fake.get('onHeadersReceived'), {
      url: 'app://hostup/index.html',
      responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }
    })
    expect(result.responseHeaders).toEqual({
      'Content-Security-Policy': [csp],
      'Content-Type': ['text/html']
    })
  })

  it('does not touch the headers of anything else', () => {
    expect(
      answer(fake.get('onHeadersReceived'), { url: 'devtools://devtools/x', responseHeaders: {} })
    ).toEqual({})
  })
})

describe('isAllowedRequest in development', () => {
  const dev = { allowedOrigins: appOrigins('http://localhost:5173'), allowDevTools: true }

  it('allows the dev server, its HMR socket and DevTools, and still nothing remote', () => {
    expect(isAllowedRequest('http://localhost:5173/src/main.ts', dev)).toBe(true)
    expect(isAllowedRequest('ws://localhost:5173/?token=x', dev)).toBe(true)
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', dev)).toBe(true)
    expect(isAllowedRequest('ws://localhost:5174/', dev)).toBe(false)
    expect(isAllowedRequest('https://unpkg.com/vue', dev)).toBe(false)
  })
})

describe('isAllowedExternal', () => {
  it.each([
    'https://developer.hostup.se/',
    'https://developer.hostup.se/errors/unauthorized',
    'https://cloud.hostup.se/clientarea',
    'https://hostup.se/'
  ])('allows %s', (url) => {
    expect(isAllowedExternal(url)).toBe(true)
  })

  it.each([
    'http://developer.hostup.se/',
    'https://hostup.se.evil.example/',
    'https://evil.example/?https://hostup.se/',
    'https://hostup.se@evil.example/',
    'https://user:pw@hostup.se/',
    'https://www.hostup.se/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://hostup.se/share',
    'not a url'
  ])('refuses %s', (url) => {
    expect(isAllowedExternal(url)).toBe(false)
  })
})

describe('hardenContents', () => {
  let fake: ReturnType<typeof fakeContents>
  let openExternal: Mock<(url: string) => void>

  beforeEach(() => {
    fake = fakeContents()
    openExternal = vi.fn<(url: string) => void>()
    hardenContents(fake.contents, { allowedOrigins: [APP_ORIGIN], openExternal })
  })

  it('prevents navigation away from the app', () => {
    const event = fakeEvent()
    fake.get('on:will-navigate')(event, 'https://evil.example/')
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('lets the app navigate within itself', () => {
    const event = fakeEvent()
    fake.get('on:will-navigate')(event, 'app://hostup/index.html#/history')
    expect(event.preventDefault).not.toHaveBeenCalled()
  })

  it('prevents frame navigations and redirects to elsewhere', () => {
    const frame = fakeEvent('https://evil.example/')
    fake.get('on:will-frame-navigate')(frame)
    expect(frame.preventDefault).toHaveBeenCalled()
    const redirect = fakeEvent()
    fake.get('on:will-redirect')(redirect, 'file:///etc/passwd')
    expect(redirect.preventDefault).toHaveBeenCalled()
  })

  it('refuses to attach a <webview>', () => {
    const event = fakeEvent()
    fake.get('on:will-attach-webview')(event, {}, {})
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('denies every new window and opens only allow-listed HostUp https links in the browser', () => {
    const open = fake.get('windowOpen')
    expect(open({ url: 'https://developer.hostup.se/errors/unauthorized' })).toEqual({ action: 'deny' })
    expect(open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(open({ url: 'http://hostup.se/' })).toEqual({ action: 'deny' })
    expect(open({ url: 'app://hostup/index.html' })).toEqual({ action: 'deny' })
    expect(openExternal.mock.calls).toEqual([['https://developer.hostup.se/errors/unauthorized']])
  })
})
