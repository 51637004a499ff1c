/**
 * Errors are values with codes: they cross IPC as data, never as thrown exceptions (Electron keeps
 * only the message of an error thrown from a handler). What the person reads is never written here:
 * `message` is a key of the catalogues in `./i18n`, with its parameters beside it.
 */
import type { MessageKey, MessageParams } from './i18n'

export const ERROR_CODES = [
  'validation',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'offline',
  'timeout',
  'network',
  'server',
  'bad_response',
  'rejected',
  'keychain_unavailable',
  'keychain_locked',
  'no_key',
  'storage',
  'not_found',
  'busy',
  'internal'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppError {
  code: ErrorCode
  /** What happened and what to do next: a catalogue key, shown with `params` in the person's language. */
  message: MessageKey
  params?: MessageParams
  /** Field name → a catalogue key (a schema's rule, or HostUp's refusal of that field). */
  fields?: Record<string, MessageKey>
  /** HostUp's own words about a field, shown beside `fields` and labelled as HostUp's. */
  fieldDetails?: Record<string, string>
  /** HostUp's own words about the whole request, shown behind "Details", labelled as HostUp's. */
  detail?: string
  /** The system's code for a failure (`ECONNREFUSED`, `ENOSPC`): for Details and support, not a sentence. */
  cause?: string
  /** What this error happened because of, when that is an error of its own (a disk full while recording). */
  because?: AppError
  /** HostUp's request ID when the server sent one: what HostUp support asks for. */
  requestId?: string
  /** When the server said how long to wait (429 / 503 `Retry-After`). */
  retryAfterMs?: number
  /** HTTP status when the error came from an HTTP answer. */
  status?: number
  /** The server's own error code (`invalid_country_code`, `UNAUTHORIZED`, …) when it sent one. */
  serverCode?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function err<T = never>(
  code: ErrorCode,
  message: MessageKey,
  extra: Omit<AppError, 'code' | 'message'> = {}
): Result<T> {
  return { ok: false, error: { code, message, ...extra } }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

/**
 * The one guard of a boundary (an IPC handler, a file's queue, the preload's bridge): whatever
 * `job` throws becomes `error`, so a caller is always answered with a `Result`.
 */
export async function guard<T>(job: () => Promise<Result<T>>, error: AppError): Promise<Result<T>> {
  try {
    return await job()
  } catch {
    return { ok: false, error }
  }
}
