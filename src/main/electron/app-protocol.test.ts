import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  mimeTypeOf,
  resolveAppRequest
} from './app-protocol'

const root = resolve('/srv/renderer')

describe('resolveAppRequest', () => {
  it('maps app://hostup/<path> to the file under the renderer root', () => {
    expect(resolveAppRequest(root, 'app://hostup/index.html')).toBe(join(root, 'index.html'))
    expect(resolveAppRequest(root, 'app://hostup/assets/index-BQ2x.js')).toBe(
      join(root, 'assets', 'index-BQ2x.js')
    )
  })

  it('serves index.html for the bare origin and for directories', () => {
    expect(resolveAppRequest(root, 'app://hostup')).toBe(join(root, 'index.html'))
    expect(resolveAppRequest(root, 'app://hostup/')).toBe(join(root, 'index.html'))
    expect(resolveAppRequest(root, 'app://hostup/assets/')).toBe(join(root, 'assets', 'index.html'))
  })

  it('ignores the query string and the fragment', () => {
    expect(resolveAppRequest(root, 'app://hostup/index.html?v=3#/settings')).toBe(join(root, 'index.html'))
    expect(resolveAppRequest(root, 'app://hostup/icon.svg#x')).toBe(join(root, 'icon.svg'))
  })

  it('decodes percent-encoded names that stay inside the root', () => {
    expect(resolveAppRequest(root, 'app://hostup/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'))
  })

  it.each([
    ['plain dot-dot', 'app://hostup/../../etc/passwd'],
    ['dot-dot after a folder', 'app://hostup/assets/../../../etc/passwd'],
    ['encoded dot-dot', 'app://hostup/%2e%2e/%2e%2e/etc/passwd'],
    ['mixed-case encoded dot-dot', 'app://hostup/%2E%2e/etc/passwd'],
    ['half-encoded dot-dot', 'app://hostup/.%2e/etc/passwd'],
    ['encoded slash', 'app://hostup/..%2f..%2fetc%2fpasswd'],
    ['encoded slash inside a name', 'app://hostup/assets%2findex.js'],
    ['backslash', 'app://hostup/..\\..\\etc\\passwd'],
    ['encoded backslash', 'app://hostup/..%5c..%5cetc%5cpasswd'],
    ['a single dot segment', 'app://hostup/./index.html'],
    ['NUL byte', 'app://hostup/index.html%00.png'],
    ['Windows drive', 'app://hostup/C:/Windows/win.ini'],
    ['malformed escape', 'app://hostup/%E0%A4%A'],
    ['dot-dot before a query string', 'app://hostup/../x?a=1']
  ])('refuses a request that tries to leave the root: %s', (_name, url) => {
    expect(resolveAppRequest(root, url)).toBeNull()
  })

  it.each([
    ['another host', 'app://evil/index.html'],
    ['no host', 'app:///index.html'],
    ['a host with a port', 'app://hostup:8080/index.html'],
    ['user info', 'app://user@hostup/index.html'],
    ['another scheme', 'file:///srv/renderer/index.html'],
    ['https', 'https://hostup/index.html'],
    ['not a URL', 'index.html']
  ])('refuses %s', (_name, url) => {
    expect(resolveAppRequest(root, url)).toBeNull()
  })
})

describe('mimeTypeOf', () => {
  it('gives module scripts a JavaScript type, which Chromium requires', () => {
    expect(mimeTypeOf('a/index-1.js')).toBe('text/javascript; charset=utf-8')
    expect(mimeTypeOf('index.HTML')).toBe('text/html; charset=utf-8')
    expect(mimeTypeOf('x.css')).toBe('text/css; charset=utf-8')
    expect(mimeTypeOf('icon.svg')).toBe('image/svg+xml')
    expect(mimeTypeOf('font.woff2')).toBe('font/woff2')
    expect(mimeTypeOf('mystery.bin')).toBe('application/octet-stream')
  })
})

describe('the app scheme privileges', () => {
  it('registers app: as a standard, secure scheme and grants nothing that bypasses CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }
    ])
  })
})

describe('createAppProtocolHandler over real files', () => {
  let dir: string
  let outside: string
  const csp = "default-src 'none'"

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostup-app-protocol-'))
    await mkdir(join(dir, 'renderer', 'assets'), { recursive: true })
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>ok</title>')
    await writeFile(join(dir, 'renderer', 'assets', 'index.js'), 'export {}')
    outside = join(dir, 'secret.txt')
    await writeFile(outside, 'do not serve')
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const handler = (): ((request: Request) => Promise<Response>) =>
    createAppProtocolHandler({ rootDir: join(dir, 'renderer'), csp })

  it('serves a file with its MIME type, the CSP and nosniff', async () => {
    const response = await handler()(new Request('app://hostup/assets/index.js'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(csp)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe('export {}')
  })

  it('serves index.html at the root, with the CSP', async () => {
    const response = await handler()(new Request('app://hostup/'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(csp)
  })

  it('answers 404 for a file outside the root, even one that exists', async () => {
    const response = await handler()(new Request('app://hostup/..%2fsecret.txt'))
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('do not serve')
  })

  it('answers 404 for a missing file and for a directory', async () => {
    expect((await handler()(new Request('app://hostup/nope.js'))).status).toBe(404)
    expect((await handler()(new Request('app://hostup/assets'))).status).toBe(404)
  })

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handler()(new Request('app://hostup/index.html', { method: 'POST', body: 'x' }))
    expect(response.status).toBe(405)
  })
})
