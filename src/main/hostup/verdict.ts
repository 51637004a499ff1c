/**
 * Turns a failed exchange into an error the person can act on, and into the one decision that
 * matters for a call that is not idempotent: rejected (safe to edit and resend), retryable (the
 * server cannot have acted) or unknown (it may have acted; never resend on its own).
 */
import type { AppError } from '../../shared/result'
import type { Reading } from './reading'
import type { Failure } from './transport'

export interface Verdict {
  kind: 'rejected' | 'retryable' | 'unknown'
  error: AppError
}

/** What the call was for, to word its messages. */
export interface Action {
  /** 'add the contact' */
  task: string
  /** The scope a key needs for it, named in the 403 message. */
  scope: string
  /** For calls that change something: 'the contact was created'. Absent for reads, where a lost answer costs nothing. */
  effect?: string
  /** What to do after an inner failure. */
  innerAdvice: string
}

export interface Context {
  host: string
  timeoutMs: number
  maxResponseBytes: number
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

function ref(status?: number, requestId?: string): string {
  const parts = [status === undefined ? undefined : `HTTP ${status}`, requestId && `request ID ${requestId}`]
  const shown = parts.filter(Boolean)
  return shown.length ? ` (${shown.join(', ')})` : ''
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000))
  return s === 1 ? '1 second' : `${s} seconds`
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : seconds(ms)
}

function size(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  return Number.isInteger(mib) ? `${mib} MiB` : `${Math.round(bytes / 1024)} KiB`
}

/** The end of a message whose outcome is in doubt: for a call that changes something, say so. */
function doubt(action: Action, alsoCheck?: string): string {
  if (!action.effect) return alsoCheck ? `. Check ${alsoCheck}.` : '. Try again in a moment.'
  const check = alsoCheck
    ? `${alsoCheck} and the account in the HostUp dashboard`
    : 'the account in the HostUp dashboard'
  return `, so it is unknown whether ${action.effect}. Check ${check} before trying again.`
}

export function failureVerdict(failure: Failure, action: Action, ctx: Context): Verdict {
  const cause = failure.cause ? ` (${failure.cause})` : ''
  const safe = ' Nothing was sent, so it is safe to try again'
  const make = (kind: Verdict['kind'], code: AppError['code'], message: string): Verdict => ({
    kind,
    error: { code, message }
  })
  switch (failure.reason) {
    case 'refused':
      return make(
        'retryable',
        'network',
        `The connection to ${ctx.host} was refused${cause}.${safe} once it is reachable.`
      )
    case 'dns':
      return make(
        'retryable',
        'offline',
        `The name ${ctx.host} could not be looked up${cause}: this computer may be offline, or the base URL may be misspelt.${safe} once it is connected.`
      )
    case 'unreachable':
      return make(
        'retryable',
        'offline',
        `The network to ${ctx.host} is unreachable${cause}.${safe} once it is connected.`
      )
    case 'connect-timeout':
      return make(
        'retryable',
        'offline',
        `Could not connect to ${ctx.host} in time${cause}.${safe} once it is reachable.`
      )
    case 'tls':
      return make(
        'retryable',
        'network',
        `The secure connection to ${ctx.host} failed${cause}; its certificate was not accepted.${safe} once the network or the server's certificate is fixed.`
      )
    case 'blocked-port':
      return make(
        'rejected',
        'validation',
        `The base URL uses a port that web requests may not use. Nothing was sent; correct the base URL in the profile.`
      )
    case 'cancelled-before':
      return make('retryable', 'network', `The request was cancelled before it was sent.${safe}.`)
    case 'timeout':
      return make(
        'unknown',
        'timeout',
        `No complete answer came from ${ctx.host} within ${duration(ctx.timeoutMs)}${doubt(action)}`
      )
    case 'cancelled':
      return make(
        'unknown',
        'network',
        `The request was cancelled while waiting for ${ctx.host} to answer${doubt(action)}`
      )
    case 'reset':
      return make(
        'unknown',
        'network',
        `The connection to ${ctx.host} broke before a complete answer arrived${cause}${doubt(action)}`
      )
    case 'other':
      return make('unknown', 'network', `The request to ${ctx.host} failed${cause}${doubt(action)}`)
  }
}

function unreadable(r: Reading, ctx: Context): string {
  switch (r.body) {
    case 'too-large':
      return `the answer was larger than ${size(ctx.maxResponseBytes)}`
    case 'cut-off':
      return 'the answer was cut off'
    case 'empty':
      return 'the answer was empty'
    case 'not-json':
      return 'the answer was not valid JSON'
    case 'cancelled':
      return 'the request was cancelled before the answer was complete'
    default:
      return 'the answer was not a result HostUp documents'
  }
}

/** Any answer that is not the call's success. */
export function answerVerdict(r: Reading, action: Action, ctx: Context): Verdict {
  const { status, requestId, serverCode } = r
  const where = ref(status, requestId)
  const make = (
    kind: Verdict['kind'],
    code: AppError['code'],
    message: string,
    extra: Partial<AppError> = {}
  ): Verdict => ({
    kind,
    error: {
      code,
      message,
      status,
      ...(requestId ? { requestId } : {}),
      ...(serverCode ? { serverCode } : {}),
      ...extra
    }
  })
  const told = r.detail ? `: ${sentence(r.detail)}` : '.'

  // 429 and 503-with-Retry-After both say the call was not processed: the one safe resend after an answer.
  if (status === 429) {
    const wait = r.retryAfterMs ?? r.rateLimitResetMs
    const when = wait === undefined ? 'in a moment' : `in ${seconds(wait)}`
    return make(
      'retryable',
      'rate_limited',
      `HostUp is limiting requests${where}. Nothing was changed; it is safe to try again ${when}.`,
      wait === undefined ? {} : { retryAfterMs: wait }
    )
  }
  if (status === 503 && r.retryAfterMs !== undefined) {
    return make(
      'retryable',
      'server',
      `HostUp is temporarily unavailable${where}. Nothing was changed; it is safe to try again in ${seconds(r.retryAfterMs)}.`,
      { retryAfterMs: r.retryAfterMs }
    )
  }
  if (status === 401) {
    return make(
      'rejected',
      'unauthorized',
      `The API key was not accepted by HostUp${where}. Check the key in the profile, or create a new one in the HostUp dashboard.`
    )
  }
  if (status === 403) {
    const message =
      serverCode === 'verification_failed'
        ? `HostUp asks for extra verification before it will ${action.task}${where}${told} Complete it in the HostUp dashboard, then try again.`
        : `The API key works but lacks the "${action.scope}" scope needed to ${action.task}${where}. Give the key that scope in the HostUp dashboard, or use another key.`
    return make('rejected', 'forbidden', message)
  }
  if (r.innerError !== undefined && status < 500) {
    return make(
      'rejected',
      'rejected',
      `HostUp could not ${action.task}${where}: ${sentence(r.innerError)} ${action.innerAdvice}`
    )
  }
  if (status >= 200 && status < 300) {
    if (r.body === 'timeout') {
      return make(
        'unknown',
        'timeout',
        `HostUp began to answer${where} but did not finish within ${duration(ctx.timeoutMs)}${doubt(action)}`
      )
    }
    return make(
      'unknown',
      'bad_response',
      `HostUp answered${where} but ${unreadable(r, ctx)}${doubt(action)}`
    )
  }
  if (status >= 300 && status < 400) {
    // A 303 after a POST means "done, look over there": a redirect cannot be read as "nothing happened".
    return make(
      'unknown',
      'bad_response',
      `HostUp answered with a redirect${where} instead of a result${doubt(action, 'the base URL in the profile')}`
    )
  }
  if (status === 404) {
    return make(
      'rejected',
      'not_found',
      `HostUp has no such address${where}. Check the base URL in the profile.`
    )
  }
  if (status >= 400 && status < 500) {
    const fields = Object.keys(r.fields).length ? { fields: r.fields } : {}
    const others = r.otherProblems.length ? ` ${r.otherProblems.map(sentence).join(' ')}` : ''
    const next = Object.keys(r.fields).length
      ? 'Correct the marked fields and try again.'
      : 'Correct it and try again.'
    return make(
      'rejected',
      'validation',
      `HostUp refused to ${action.task}${where}${told}${others} ${next}`,
      fields
    )
  }
  if (status >= 500 && status < 600) {
    return make('unknown', 'server', `HostUp answered with a server error${where}${doubt(action)}`)
  }
  return make('unknown', 'bad_response', `HostUp answered with an unexpected status${where}${doubt(action)}`)
}
