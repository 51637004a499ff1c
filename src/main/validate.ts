import { ValidationError, type Schema } from 'yup'
import { err, ok, type Result } from '../shared/result'

/**
 * Parses an untrusted IPC payload with a shared yup schema. Field errors come back as message
 * keys (`fields.name = 'profile.name.required'`) so the renderer shows them in its language.
 */
export async function parsePayload<T>(schema: Schema<T>, payload: unknown): Promise<Result<T>> {
  try {
    const value = await schema.validate(payload, { abortEarly: false, stripUnknown: false })
    return ok(value)
  } catch (error) {
    if (!(error instanceof ValidationError)) return err('validation', 'The request could not be read.')
    const fields: Record<string, string> = {}
    for (const issue of error.inner.length ? error.inner : [error]) {
      const key = issue.path || '_form'
      fields[key] ??= issue.errors[0] ?? 'validation.invalid'
    }
    return err('validation', 'Some fields are not valid. Correct them and try again.', { fields })
  }
}

/** Channels that take no request accept only "nothing". */
export function parseNothing(payload: unknown): Result<void> {
  return payload === undefined || payload === null
    ? ok(undefined)
    : err('validation', 'This request takes no data.')
}
