/**
 * The `app://hostup/` scheme that serves the built renderer. A custom standard scheme instead of
 * `file://` gives the page a real origin (so the IPC sender check and CSP mean something) and
 * confines it to one directory.
 */
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, resolve } from 'node:path'
import type { CustomScheme } from 'electron'
import { APP_HOST, APP_SCHEME } from './security'

/** Must be registered before `app` is ready, in a single call. */
export const APP_SCHEME_PRIVILEGES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
]

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8'
}

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

const URL_PATTERN = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i

/**
 * Maps `app://hostup/<path>` to a file under `rootDir`, or null when the request is not for the
 * app's host or tries to leave the directory. The raw path is checked segment by segment
 * before anything normalises it, so `..`, `%2e%2e`, encoded slashes and backslashes are
 * refused rather than quietly folded into some other file.
 */
export function resolveAppRequest(rootDir: string, url: string): string | null {
  const match = URL_PATTERN.exec(url)
  if (!match) return null
  const [, scheme = '', host = '', rawPath = ''] = match
  if (scheme.toLowerCase() !== APP_SCHEME || host.toLowerCase() !== APP_HOST) return null

  const segments: string[] = []
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return null
    }
    if (segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return null
    segments.push(segment)
  }
  if (segments.length === 0 || rawPath.endsWith('/')) segments.push('index.html')

  const root = resolve(rootDir)
  const file = join(root, ...segments)
  const inside = relative(root, file)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null
  return file
}

export interface AppProtocolOptions {
  /** The built renderer (`out/renderer`). */
  rootDir: string
  csp: string
  read?: (file: string) => Promise<Uint8Array<ArrayBuffer>>
}

/** The `protocol.handle('app', …)` handler: files from the renderer root, each with the CSP. */
export function createAppProtocolHandler(
  options: AppProtocolOptions
): (request: Request) => Promise<Response> {
  const read = options.read ?? ((file: string) => readFile(file))
  const baseHeaders = {
    'Content-Security-Policy': options.csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache'
  }
  const plain = (status: number, text: string): Response =>
    new Response(text, { status, headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' } })

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed')
    const file = resolveAppRequest(options.rootDir, request.url)
    if (file === null) return plain(404, 'Not found')
    let body: Uint8Array<ArrayBuffer>
    try {
      body = await read(file)
    } catch {
      // Missing, a directory, unreadable: the page gets the same answer for all of them.
      return plain(404, 'Not found')
    }
    const headers = { ...baseHeaders, 'Content-Type': mimeTypeOf(file) }
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers })
  }
}
