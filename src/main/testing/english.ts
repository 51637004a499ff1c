/** Test support: an error as the English catalogue says it, so a test can assert what a person reads. */
import { formatMessage, isMessageKey } from '../../shared/i18n/format'
import type { AppError } from '../../shared/result'

/** The sentence, then what it happened because of, as the renderer shows them. */
export function english(error: AppError): string {
  const own = formatMessage('en', error.message, error.params)
  return error.because ? `${own} ${english(error.because)}` : own
}

/**
 * Matches a message key whose English sentence matches `pattern`, inside `toMatchObject`:
 * `error: { message: saying(/already been created/) }`.
 */
export function saying(pattern: RegExp): { asymmetricMatch(actual: unknown): boolean; toString(): string } {
  return {
    asymmetricMatch: (actual) => isMessageKey(actual) && pattern.test(formatMessage('en', actual)),
    toString: () => `a message key saying ${String(pattern)}`
  }
}
