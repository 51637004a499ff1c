/**
 * What an HTTP answer says, whatever its shape: the seed's envelope, the v1 error envelope,
 * RFC 7807 problem details, an HTML proxy page, or nothing readable at all.
 */
import { CONTACT_FIELDS } from '../../shared/contact'
import { isRecord } from '../../shared/guards'
import type { BodyRead, Exchange } from './transport'

export type BodyState = BodyRead['kind'] | 'empty' | 'not-json' | 'json'

export interface Reading {
  status: number
  body: BodyState
  /** The parsed body when it was complete JSON. */
  json: unknown
  requestId?: string
  /** problem `code` or the v1 envelope's `code`. */
  serverCode?: string
  /** The server's own explanation: problem detail/title, or the v1 message. */
  detail?: string
  /** Seed-style inner failure: `data.success === false` with `data.error`. */
  innerError?: string
  /** Form field → the server's words and code about it, from problem codes and `errors[].pointer`. */
  fields: Record<string, FieldProblem>
  /** Field problems whose pointer names no form field. */
  otherProblems: string[]
  /** From `Retry-After` (seconds or an HTTP date). */
  retryAfterMs?: number
  /** From `X-RateLimit-Reset` (an ISO time): a fallback for 429. */
  rateLimitResetMs?: number
}

export interface FieldProblem {
  detail: string
  code?: string
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // Otherwise an HTTP date, which names its day and month: "1.5" is no date (V8 would read 2001).
  if (!/[a-z]/i.test(trimmed)) return undefined
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

function parseResetTime(value: string | null, now: number): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  // Some gateways send epoch seconds instead of the ISO time HostUp documents.
  const at = /^\d{10}$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** '/email' and '/data/attributes/email' both name the email field. */
function fieldOf(pointer: unknown): string | undefined {
  if (typeof pointer !== 'string') return undefined
  const last = pointer.split('/').filter(Boolean).pop()
  return last !== undefined && (CONTACT_FIELDS as readonly string[]).includes(last) ? last : undefined
}

const FIELD_CODES: Record<string, string> = { invalid_country_code: 'country', password_too_weak: 'password' }

function parseJson(body: BodyRead): { state: BodyState; json: unknown } {
  if (body.kind !== 'text') return { state: body.kind, json: undefined }
  if (body.text.trim() === '') return { state: 'empty', json: undefined }
  try {
    return { state: 'json', json: JSON.parse(body.text) as unknown }
  } catch {
    return { state: 'not-json', json: undefined }
  }
}

export function readExchange(exchange: Exchange, now = Date.now()): Reading {
  const { state, json } = parseJson(exchange.body)
  const reading: Reading = {
    status: exchange.status,
    body: state,
    json,
    fields: {},
    otherProblems: [],
    retryAfterMs: parseRetryAfter(exchange.headers.get('retry-after'), now),
    rateLimitResetMs: parseResetTime(exchange.headers.get('x-ratelimit-reset'), now),
    requestId: text(exchange.headers.get('x-request-id'))
  }
  if (!isRecord(json)) return reading
  reading.requestId = text(json.requestId) ?? reading.requestId
  reading.serverCode = text(json.code)
  reading.detail = text(json.detail) ?? text(json.message) ?? text(json.title)
  const data = json.data
  if (isRecord(data) && data.success === false) {
    reading.innerError = text(data.error) ?? text(data.message) ?? 'no reason given'
  }
  const code = reading.serverCode
  const codeField = code && FIELD_CODES[code]
  if (code && codeField) reading.fields[codeField] = { detail: reading.detail ?? code, code }
  if (Array.isArray(json.errors)) {
    for (const item of json.errors) {
      if (!isRecord(item)) continue
      const detail = text(item.detail) ?? text(item.message) ?? text(item.code) ?? 'is not valid'
      const field = fieldOf(item.pointer)
      const itemCode = text(item.code)
      if (field) reading.fields[field] ??= { detail, ...(itemCode ? { code: itemCode } : {}) }
      else reading.otherProblems.push(detail)
    }
  }
  return reading
}

/** The envelope's `data` when a 2xx answer says success at the top level and its data does not say no. */
export function envelopeData(r: Reading): Record<string, unknown> | undefined {
  if (r.status < 200 || r.status >= 300 || !isRecord(r.json) || r.json.success !== true) return undefined
  return isRecord(r.json.data) && r.json.data.success !== false ? r.json.data : undefined
}

/** As `envelopeData`, but the data must say `success: true` too (creating and deleting a contact). */
export function successData(r: Reading): Record<string, unknown> | undefined {
  const data = envelopeData(r)
  return data?.success === true ? data : undefined
}
