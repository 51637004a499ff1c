/**
 * Turns a failed exchange into an error the person can act on, and into the one decision that
 * matters for a call that is not idempotent: rejected (safe to edit and resend), retryable (the
 * server cannot have acted) or unknown (it may have acted; never resend on its own). Messages are
 * catalogue keys; the server's own words travel beside them as `detail`, never inside a sentence.
 */
import type { MessageKey } from '../../shared/i18n'
import type { AppError } from '../../shared/result'
import type { FieldProblem, Reading } from './reading'
import type { Failure } from './transport'

export interface Verdict {
  kind: 'rejected' | 'retryable' | 'unknown'
  error: AppError
}

/** What the call was for, to word its messages. */
export interface Action {
  /** 'add the contact': the phrase in "HostUp could not {task}". */
  task: MessageKey
  /** The scope a key needs for it, named in the 403 message. */
  scope: string
  /** What the person should do when the outcome is in doubt: for a write, "it is unknown whether…". */
  next: MessageKey
  /** What to do after an inner failure. */
  advice: MessageKey
}

export interface Context {
  host: string
  timeoutMs: number
  maxResponseBytes: number
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000))
}

export function failureVerdict(failure: Failure, action: Action, ctx: Context): Verdict {
  const make = (kind: Verdict['kind'], code: AppError['code'], message: MessageKey): Verdict => ({
    kind,
    error: {
      code,
      message,
      params: { host: ctx.host, next: { key: action.next }, count: seconds(ctx.timeoutMs) },
      ...(failure.cause ? { cause: failure.cause } : {})
    }
  })
  switch (failure.reason) {
    case 'refused':
      return make('retryable', 'network', 'errors.hostup.refused')
    case 'dns':
      return make('retryable', 'offline', 'errors.hostup.dns')
    case 'unreachable':
      return make('retryable', 'offline', 'errors.hostup.unreachable')
    case 'connect-timeout':
      return make('retryable', 'offline', 'errors.hostup.connectTimeout')
    case 'tls':
      return make('retryable', 'network', 'errors.hostup.tls')
    case 'blocked-port':
      return make('rejected', 'validation', 'errors.hostup.blockedPort')
    case 'cancelled-before':
      return make('retryable', 'network', 'errors.hostup.cancelledBefore')
    case 'timeout':
      return make('unknown', 'timeout', 'errors.hostup.timeout')
    case 'cancelled':
      return make('unknown', 'network', 'errors.hostup.cancelled')
    case 'reset':
      return make('unknown', 'network', 'errors.hostup.reset')
    case 'other':
      return make('unknown', 'network', 'errors.hostup.failed')
  }
}

const UNREADABLE: Partial<Record<Reading['body'], MessageKey>> = {
  'too-large': 'errors.hostup.tooLarge',
  'cut-off': 'errors.hostup.cutOff',
  empty: 'errors.hostup.empty',
  'not-json': 'errors.hostup.notJson',
  cancelled: 'errors.hostup.answerCancelled'
}

/** HostUp's error codes for one field, said in the app's words; any other refusal of a field is generic. */
const FIELD_KEYS: Record<string, MessageKey> = {
  invalid_country_code: 'contact.country.invalid',
  password_too_weak: 'errors.hostup.field.passwordTooWeak'
}

function fieldErrors(problems: Record<string, FieldProblem>): Pick<AppError, 'fields' | 'fieldDetails'> {
  const entries = Object.entries(problems)
  if (entries.length === 0) return {}
  const fields: Record<string, MessageKey> = {}
  const fieldDetails: Record<string, string> = {}
  for (const [field, problem] of entries) {
    fields[field] = (problem.code && FIELD_KEYS[problem.code]) || 'errors.hostup.field.refused'
    fieldDetails[field] = problem.detail
  }
  return { fields, fieldDetails }
}

/** Any answer that is not the call's success. */
export function answerVerdict(r: Reading, action: Action, ctx: Context): Verdict {
  const { status, requestId, serverCode } = r
  const make = (
    kind: Verdict['kind'],
    code: AppError['code'],
    message: MessageKey,
    extra: Partial<AppError> = {}
  ): Verdict => ({
    kind,
    error: {
      code,
      message,
      params: { task: { key: action.task }, next: { key: action.next } },
      status,
      ...(requestId ? { requestId } : {}),
      ...(serverCode ? { serverCode } : {}),
      ...(r.detail ? { detail: r.detail } : {}),
      ...extra
    }
  })
  const waitFor = (ms: number): Partial<AppError> => ({
    retryAfterMs: ms,
    params: { count: seconds(ms) }
  })

  // 429 and 503-with-Retry-After both say the call was not processed: the one safe resend after an answer.
  if (status === 429) {
    const wait = r.retryAfterMs ?? r.rateLimitResetMs
    return wait === undefined
      ? make('retryable', 'rate_limited', 'errors.hostup.rateLimited')
      : make('retryable', 'rate_limited', 'errors.hostup.rateLimitedWait', waitFor(wait))
  }
  if (status === 503 && r.retryAfterMs !== undefined) {
    return make('retryable', 'server', 'errors.hostup.unavailable', waitFor(r.retryAfterMs))
  }
  if (status === 401) return make('rejected', 'unauthorized', 'errors.hostup.unauthorized')
  if (status === 403) {
    if (serverCode === 'verification_failed')
      return make('rejected', 'forbidden', 'errors.hostup.verificationRequired')
    return make('rejected', 'forbidden', 'errors.hostup.missingScope', {
      params: { task: { key: action.task }, scope: action.scope }
    })
  }
  if (r.innerError !== undefined && status < 500) {
    return make('rejected', 'rejected', 'errors.hostup.innerFailure', {
      params: { task: { key: action.task }, advice: { key: action.advice } },
      detail: r.innerError
    })
  }
  if (status >= 200 && status < 300) {
    if (r.body === 'timeout') {
      return make('unknown', 'timeout', 'errors.hostup.bodyTimeout', {
        params: { next: { key: action.next }, count: seconds(ctx.timeoutMs) }
      })
    }
    return make('unknown', 'bad_response', UNREADABLE[r.body] ?? 'errors.hostup.undocumented', {
      params: { next: { key: action.next }, size: Math.round(ctx.maxResponseBytes / (1024 * 1024)) }
    })
  }
  // A 303 after a POST means "done, look over there": a redirect cannot be read as "nothing happened".
  if (status >= 300 && status < 400) return make('unknown', 'bad_response', 'errors.hostup.redirect')
  if (status === 404) return make('rejected', 'not_found', 'errors.hostup.noSuchAddress')
  if (status >= 400 && status < 500) {
    const fields = fieldErrors(r.fields)
    const told = [r.detail, ...r.otherProblems].filter((t): t is string => t !== undefined)
    return make(
      'rejected',
      'validation',
      fields.fields ? 'errors.hostup.refusedFields' : 'errors.hostup.refusedRequest',
      { ...fields, ...(told.length > 0 ? { detail: told.join(' ') } : {}) }
    )
  }
  if (status >= 500 && status < 600) return make('unknown', 'server', 'errors.hostup.serverError')
  return make('unknown', 'bad_response', 'errors.hostup.unexpectedStatus')
}
