/** What each fault does to an answer. Most replace the route; a few let it act and then spoil the answer. */
import { FIRST_CONTACT_ID, nginxPage } from './fixtures'
import { envelope, innerFailure, problem, serverTime, v1Unauthorized, type Reply } from './reply'
import type { FailNextOptions, Fault, ProblemCode } from './types'

/** How to answer: a reply, or one of the ways a broken server or proxy fails to give one. */
export type Answer =
  | { kind: 'reply'; reply: Reply }
  /** A JSON-looking body of `bytes` bytes, streamed without a Content-Length. */
  | { kind: 'stream'; bytes: number }
  /** Headers promise `declaredLength` bytes; `text` is sent and then the socket is destroyed. */
  | { kind: 'cut'; status: number; text: string; declaredLength: number }
  | { kind: 'destroy' }
  | { kind: 'hang' }

const PROBLEMS: Record<ProblemCode, { status: number; detail: string }> = {
  unauthorized: { status: 401, detail: 'Authentication required.' },
  forbidden: { status: 403, detail: 'This API key does not have the scope required for this action.' },
  verification_failed: { status: 403, detail: 'Additional verification is required for this action.' },
  invalid_country_code: { status: 400, detail: 'Country code must be a 2-letter ISO country code.' },
  password_too_weak: { status: 400, detail: 'The password is too weak.' },
  internal_error: { status: 500, detail: 'An unexpected error occurred.' },
  invalid_request: { status: 400, detail: 'The request is invalid.' }
}

const DEFAULT_HUGE_BYTES = 5 * 1024 * 1024

function rateLimitHeaders(retryAfter: string | null): Record<string, string> {
  const value = retryAfter ?? '2'
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN
  const resetAt = Number.isNaN(seconds) ? new Date(value) : new Date(Date.now() + seconds * 1000)
  const reset = Number.isNaN(resetAt.getTime()) ? new Date(Date.now() + 2000) : resetAt
  return {
    ...(retryAfter === null ? {} : { 'Retry-After': retryAfter }),
    'X-RateLimit-Limit': '60',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': reset.toISOString()
  }
}

function sampleSuccessText(): string {
  const data = {
    success: true,
    contact_id: FIRST_CONTACT_ID,
    call: 'addClientContact',
    server_time: serverTime()
  }
  return JSON.stringify(envelope(data))
}

function withStringContactId(reply: Reply): Reply {
  const body = reply.body
  if (typeof body !== 'object' || !('data' in body)) return reply
  const data = (body as { data: unknown }).data
  if (typeof data !== 'object' || data === null || !('contact_id' in data)) return reply
  return { ...reply, body: { ...body, data: { ...data, contact_id: String(data.contact_id) } } }
}

/** Decides the answer to one request; `route` runs the real route (and its side effects). */
export function answer(fault: Fault | undefined, path: string, route: () => Reply): Answer {
  const reply = (r: Reply): Answer => ({ kind: 'reply', reply: r })
  if (!fault) return reply(route())
  switch (fault.kind) {
    case 'inner-failure':
      return reply(innerFailure(fault.status ?? 200))
    case 'v1-unauthorized':
      return reply(v1Unauthorized())
    case 'problem': {
      const known = PROBLEMS[fault.code]
      return reply(
        problem(fault.status ?? known.status, fault.code, known.detail, path, { errors: fault.errors })
      )
    }
    case 'rate-limited': {
      const headers = rateLimitHeaders(fault.retryAfter === undefined ? '2' : fault.retryAfter)
      return reply(
        problem(429, 'rate_limited', 'Rate limit exceeded. Please try again later.', path, { headers })
      )
    }
    case 'unavailable': {
      const headers = fault.retryAfter === undefined ? undefined : { 'Retry-After': fault.retryAfter }
      return reply(
        problem(503, 'service_unavailable', 'The service is temporarily unavailable.', path, { headers })
      )
    }
    case 'server-error':
      return reply(problem(500, 'internal_error', PROBLEMS.internal_error.detail, path))
    case 'proxy-html': {
      const status = fault.status ?? 502
      return reply({ status, contentType: 'text/html', body: nginxPage(status) })
    }
    case 'empty-body':
      return reply({ status: fault.status ?? 200, contentType: 'application/json', body: '' })
    case 'truncated-json': {
      const full = sampleSuccessText()
      const text = full.slice(0, Math.floor(full.length / 2))
      if (fault.dropConnection)
        return { kind: 'cut', status: 200, text, declaredLength: Buffer.byteLength(full) }
      return reply({ status: 200, contentType: 'application/json', body: text })
    }
    case 'huge-body':
      return { kind: 'stream', bytes: fault.bytes ?? DEFAULT_HUGE_BYTES }
    case 'contact-id-string':
      return reply(withStringContactId(route()))
    case 'reset-after-request':
      route()
      return { kind: 'destroy' }
    case 'hang':
      return { kind: 'hang' }
    case 'raw':
      return reply({
        status: fault.status,
        body: fault.body,
        headers: fault.headers,
        contentType: fault.contentType
      })
  }
}

interface Queued {
  fault: Fault
  remaining: number
  path?: string | RegExp
  method?: string
}

function matches(q: Queued, path: string, method: string): boolean {
  const pathOk = q.path === undefined || (typeof q.path === 'string' ? q.path === path : q.path.test(path))
  return pathOk && (q.method === undefined || q.method.toUpperCase() === method)
}

/** Queued one-shot faults first, then the persistent one. */
export function createFaults() {
  const queue: Queued[] = []
  let persistent: Fault | null = null
  return {
    failNext(fault: Fault, opts: FailNextOptions = {}): void {
      const times = opts.times ?? 1
      if (times > 0) queue.push({ fault, remaining: times, path: opts.path, method: opts.method })
    },
    set(fault: Fault | null): void {
      persistent = fault
    },
    take(path: string, method: string): Fault | undefined {
      const index = queue.findIndex((q) => matches(q, path, method))
      const queued = queue[index]
      if (!queued) return persistent ?? undefined
      queued.remaining -= 1
      if (queued.remaining <= 0) queue.splice(index, 1)
      return queued.fault
    },
    clear(): void {
      queue.length = 0
      persistent = null
    }
  }
}
