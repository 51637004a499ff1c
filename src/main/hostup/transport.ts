/**
 * One HTTP exchange with HostUp: a total deadline over headers and body, a capped body read, and
 * a transport failure described by the one thing that matters for a retry: could it have reached
 * the server?
 */

export interface TransportOptions {
  fetch: typeof fetch
  apiKey: string
  timeoutMs: number
  maxResponseBytes: number
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  body?: string
  signal?: AbortSignal
}

export type BodyRead =
  | { kind: 'text'; text: string }
  | { kind: 'too-large' }
  | { kind: 'cut-off'; cause?: string }
  | { kind: 'timeout' }
  | { kind: 'cancelled' }

export interface Exchange {
  status: number
  headers: Headers
  body: BodyRead
}

export type FailureReason =
  | 'refused'
  | 'dns'
  | 'unreachable'
  | 'connect-timeout'
  | 'tls'
  | 'blocked-port'
  | 'cancelled-before'
  | 'timeout'
  | 'reset'
  | 'cancelled'
  | 'other'

export interface Failure {
  /** False only when the request cannot have reached the server: the one case a resend is safe. */
  reached: boolean
  reason: FailureReason
  /** The system or undici error code, for the message (never the error's own text). */
  cause?: string
}

export type Sent = { ok: true; exchange: Exchange } | { ok: false; failure: Failure }

interface ErrorFacts {
  codes: string[]
  syscalls: string[]
  messages: string[]
}

// undici wraps the real error: TypeError('fetch failed') -> cause (Error with code, or an
// AggregateError from happy-eyeballs with .errors); walk all of it.
function facts(error: unknown): ErrorFacts {
  const found: ErrorFacts = { codes: [], syscalls: [], messages: [] }
  const seen = new Set<unknown>()
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || seen.has(value) || depth > 5) return
    seen.add(value)
    const record = value as {
      code?: unknown
      syscall?: unknown
      message?: unknown
      cause?: unknown
      errors?: unknown
    }
    if (typeof record.code === 'string') found.codes.push(record.code)
    if (typeof record.syscall === 'string') found.syscalls.push(record.syscall)
    if (typeof record.message === 'string') found.messages.push(record.message)
    visit(record.cause, depth + 1)
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner, depth + 1)
  }
  visit(error, 0)
  return found
}

const DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME', 'EAI_FAIL']
const UNREACHABLE_CODES = ['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']
const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_)/

/** Classifies an error thrown by fetch itself (before any response). */
export function describeFetchError(error: unknown): Failure {
  const { codes, syscalls, messages } = facts(error)
  const has = (list: string[]): string | undefined => codes.find((code) => list.includes(code))
  const refused = has(['ECONNREFUSED'])
  if (refused) return { reached: false, reason: 'refused', cause: refused }
  const dns = has(DNS_CODES)
  if (dns) return { reached: false, reason: 'dns', cause: dns }
  const unreachable = has(UNREACHABLE_CODES)
  if (unreachable) return { reached: false, reason: 'unreachable', cause: unreachable }
  // A connect that timed out never carried a byte of the request.
  if (
    codes.includes('UND_ERR_CONNECT_TIMEOUT') ||
    (codes.includes('ETIMEDOUT') && syscalls.includes('connect'))
  ) {
    const cause = codes.find((c) => c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'ETIMEDOUT')
    return { reached: false, reason: 'connect-timeout', cause }
  }
  // The TLS handshake comes before the request is written, so a failed one sent nothing.
  const tls = codes.find((code) => TLS_CODE.test(code))
  if (tls) return { reached: false, reason: 'tls', cause: tls }
  // fetch refuses "bad ports" (6000, 6667, …) itself, before connecting.
  if (messages.includes('bad port')) return { reached: false, reason: 'blocked-port' }
  const reset = codes.find((code) =>
    ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED'].includes(code)
  )
  if (reset) return { reached: true, reason: 'reset', cause: reset }
  return { reached: true, reason: 'other', cause: codes[0] }
}

async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<BodyRead> {
  if (!body) return { kind: 'text', text: '' }
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      // Stop the download now rather than pull megabytes we will not look at.
      reader.cancel().catch(() => undefined)
      return { kind: 'too-large' }
    }
    chunks.push(value)
  }
  return { kind: 'text', text: new TextDecoder().decode(Buffer.concat(chunks)) }
}

export async function send(opts: TransportOptions, spec: RequestSpec): Promise<Sent> {
  if (spec.signal?.aborted) return { ok: false, failure: { reached: false, reason: 'cancelled-before' } }
  const controller = new AbortController()
  let timedOut = false
  let cancelled = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, opts.timeoutMs)
  const onCancel = (): void => {
    cancelled = true
    controller.abort()
  }
  spec.signal?.addEventListener('abort', onCancel, { once: true })
  const interrupted = (): Failure | undefined =>
    timedOut
      ? { reached: true, reason: 'timeout' }
      : cancelled
        ? { reached: true, reason: 'cancelled' }
        : undefined
  try {
    let response: Response
    try {
      const doFetch = opts.fetch
      response = await doFetch(spec.url, {
        method: spec.method,
        headers: { 'X-API-Key': opts.apiKey, Accept: 'application/json', 'Content-Type': 'application/json' },
        body: spec.body,
        signal: controller.signal,
        // Never follow a redirect: fetch would carry X-API-Key to wherever it points.
        redirect: 'manual'
      })
    } catch (error) {
      return { ok: false, failure: interrupted() ?? describeFetchError(error) }
    }
    let body: BodyRead
    try {
      body = await readCapped(response.body, opts.maxResponseBytes)
    } catch (error) {
      const stopped = interrupted()
      body = stopped
        ? { kind: stopped.reason === 'timeout' ? 'timeout' : 'cancelled' }
        : { kind: 'cut-off', cause: describeFetchError(error).cause }
    }
    return { ok: true, exchange: { status: response.status, headers: response.headers, body } }
  } finally {
    clearTimeout(timer)
    spec.signal?.removeEventListener('abort', onCancel)
  }
}
