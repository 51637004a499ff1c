/**
 * A last guard: whatever a server echoes back (a detail quoting the request, a header), the API key
 * and the password never leave the client inside an error.
 */
import type { AppError } from '../../shared/result'

// Shorter values would blank out ordinary words of a message; such keys and passwords do not pass validation anyway.
const MIN_SECRET_LENGTH = 4
const MASK = '[redacted]'

/** Every occurrence of every secret (of at least MIN_SECRET_LENGTH characters) in `text` masked. */
export function maskSecrets(text: string, secrets: Iterable<unknown>): string {
  let out = text
  for (const secret of secrets)
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(MASK)
  return out
}

export function createRedactor(secrets: unknown[]): (error: AppError) => AppError {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
  const clean = (text: string): string => maskSecrets(text, list)
  const cleanAll = <T extends Record<string, unknown>>(record: T): T =>
    Object.fromEntries(
      Object.entries(record).map(([name, value]) => [name, typeof value === 'string' ? clean(value) : value])
    ) as T
  // The message is a catalogue key and holds no text; everything a server could have echoed is cleaned.
  const redact = (error: AppError): AppError => {
    const out: AppError = { ...error }
    if (error.params) out.params = cleanAll(error.params)
    if (error.fieldDetails) out.fieldDetails = cleanAll(error.fieldDetails)
    for (const key of ['detail', 'cause', 'requestId', 'serverCode'] as const) {
      const text = error[key]
      if (text !== undefined) out[key] = clean(text)
    }
    if (error.because) out.because = redact(error.because)
    return out
  }
  return redact
}
