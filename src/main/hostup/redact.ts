/**
 * A last guard: whatever a server echoes back (a detail quoting the request, a header), the API key
 * and the password never leave the client inside an error.
 */
import type { AppError } from '../../shared/result'

// Shorter values would blank out ordinary words of a message; such keys and passwords do not pass validation anyway.
const MIN_SECRET_LENGTH = 4
const MASK = '[redacted]'

export function createRedactor(secrets: unknown[]): (error: AppError) => AppError {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
  const clean = (text: string): string => list.reduce((out, secret) => out.split(secret).join(MASK), text)
  return (error) => {
    const out: AppError = { ...error, message: clean(error.message) }
    if (error.fields) {
      out.fields = Object.fromEntries(
        Object.entries(error.fields).map(([field, message]) => [field, clean(message)])
      )
    }
    if (error.requestId !== undefined) out.requestId = clean(error.requestId)
    if (error.serverCode !== undefined) out.serverCode = clean(error.serverCode)
    return out
  }
}
