/**
 * Errors are values with codes: they cross IPC as data, never as thrown exceptions
 * (Electron keeps only the message of an error thrown from a handler).
 */
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
  /** Human-readable, in English; the renderer shows its own translation keyed by `code`. */
  message: string
  /** Field name → message (a translation key of `src/shared/messages.ts` or the server's own text). */
  fields?: Record<string, string>
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
  message: string,
  extra: Omit<AppError, 'code' | 'message'> = {}
): Result<T> {
  return { ok: false, error: { code, message, ...extra } }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}
