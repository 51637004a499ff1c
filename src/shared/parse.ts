/**
 * Parsing untrusted data with a shared yup schema: the one place a yup error becomes
 * `AppError.fields`. Main parses every IPC payload with it, once, at the handler table.
 */
import { ValidationError, type Schema } from 'yup'
import type { MessageKey } from './i18n'
import { err, ok, type Result } from './result'

/**
 * Our schemas report catalogue keys; anything else is yup's own text, which may quote the value
 * (an API key, a password), so it is never passed on.
 */
const MESSAGE_KEY = /^[a-z][A-Za-z]*(\.[A-Za-z_]+)+$/

const FALLBACK: MessageKey = 'validation.invalid'

/** Field path → the first message key reported for it; the payload as a whole is `_form`. */
export function fieldsOf(error: ValidationError): Record<string, MessageKey> {
  const fields: Record<string, MessageKey> = {}
  for (const leaf of error.inner.length > 0 ? error.inner : [error]) {
    const field = leaf.path || '_form'
    const message = leaf.errors[0] ?? leaf.message
    fields[field] ??= MESSAGE_KEY.test(message) ? (message as MessageKey) : FALLBACK
  }
  return fields
}

/**
 * The value `schema` makes of a payload, or a `validation` error whose fields say what is wrong.
 * Never throws: a missing payload, a getter that throws or a proxy is "could not be read", like any
 * malformed payload.
 */
export function parseWith<T>(
  schema: Schema<T>,
  value: unknown,
  message: MessageKey = 'errors.app.invalidFields'
): Result<T> {
  if (value === undefined || value === null) {
    return err('validation', 'errors.app.unreadableRequest', { fields: { _form: 'validation.unknownField' } })
  }
  try {
    return ok(schema.validateSync(value, { abortEarly: false, stripUnknown: false }))
  } catch (error) {
    if (error instanceof ValidationError) return err('validation', message, { fields: fieldsOf(error) })
    return err('validation', 'errors.app.unreadableRequest', { fields: { _form: FALLBACK } })
  }
}

/** For channels that take no request: only "nothing" is accepted. */
export function parseNothing(payload: unknown): Result<void> {
  return payload === undefined || payload === null
    ? ok(undefined)
    : err('validation', 'errors.app.unreadableRequest', { fields: { _form: 'validation.unknownField' } })
}
