// Every failure and every answer a write can meet, with the decision and the words it gets: the
// table the client's journeys (client.test.ts, against the sandbox) reach only in part.
import { describe, expect, it } from 'vitest'
import type { FailureReason } from './transport'
import type { Reading } from './reading'
import { answerVerdict, failureVerdict, type Action, type Context, type Verdict } from './verdict'

const CREATE: Action = {
  task: 'errors.hostup.task.create',
  scope: 'contacts',
  next: 'errors.hostup.next.create',
  advice: 'errors.hostup.advice.create'
}
const CTX: Context = { host: 'cloud.hostup.se', timeoutMs: 30_000, maxResponseBytes: 2 * 1024 * 1024 }

const reading = (status: number, more: Partial<Reading> = {}): Reading => ({
  status,
  body: 'json',
  json: {},
  fields: {},
  otherProblems: [],
  ...more
})

const decided = (v: Verdict) => [v.kind, v.error.code, v.error.message]

describe('a call that got no answer', () => {
  const table: [FailureReason, Verdict['kind'], string, string][] = [
    ['refused', 'retryable', 'network', 'errors.hostup.refused'],
    ['dns', 'retryable', 'offline', 'errors.hostup.dns'],
    ['unreachable', 'retryable', 'offline', 'errors.hostup.unreachable'],
    ['connect-timeout', 'retryable', 'offline', 'errors.hostup.connectTimeout'],
    ['tls', 'retryable', 'network', 'errors.hostup.tls'],
    ['blocked-port', 'rejected', 'validation', 'errors.hostup.blockedPort'],
    ['cancelled-before', 'retryable', 'network', 'errors.hostup.cancelledBefore'],
    ['timeout', 'unknown', 'timeout', 'errors.hostup.timeout'],
    ['cancelled', 'unknown', 'network', 'errors.hostup.cancelled'],
    ['reset', 'unknown', 'network', 'errors.hostup.reset'],
    ['other', 'unknown', 'network', 'errors.hostup.failed']
  ]
  it.each(table)('%s: %s, %s, %s', (reason, kind, code, message) => {
    const verdict = failureVerdict({ reached: kind === 'unknown', reason, cause: 'ECODE' }, CREATE, CTX)
    expect(decided(verdict)).toEqual([kind, code, message])
    expect(verdict.error.params).toEqual({
      host: 'cloud.hostup.se',
      next: { key: 'errors.hostup.next.create' },
      count: 30
    })
    expect(verdict.error.cause).toBe('ECODE')
  })

  it('words the timeout in whole seconds, never less than one, and names no cause it was not given', () => {
    const at = (timeoutMs: number) =>
      failureVerdict({ reached: true, reason: 'timeout' }, CREATE, { ...CTX, timeoutMs }).error
    expect(at(1_500).params?.count).toBe(2)
    expect(at(1).params?.count).toBe(1)
    expect(at(0).params?.count).toBe(1)
    expect(at(1_000).params?.count).toBe(1)
    expect('cause' in at(1_000)).toBe(false)
  })
})

describe('an answer that is not the success', () => {
  it('429 waits for Retry-After, else the rate limit reset, else says only that it was too many', () => {
    const waited = answerVerdict(reading(429, { retryAfterMs: 2_500 }), CREATE, CTX)
    expect(decided(waited)).toEqual(['retryable', 'rate_limited', 'errors.hostup.rateLimitedWait'])
    expect(waited.error.retryAfterMs).toBe(2_500)
    expect(waited.error.params).toEqual({ count: 3 })
    const reset = answerVerdict(reading(429, { rateLimitResetMs: 10_000 }), CREATE, CTX)
    expect(reset.error.retryAfterMs).toBe(10_000)
    const bare = answerVerdict(reading(429), CREATE, CTX)
    expect(decided(bare)).toEqual(['retryable', 'rate_limited', 'errors.hostup.rateLimited'])
    expect(bare.error.retryAfterMs).toBeUndefined()
  })

  it('503 with Retry-After is the one server error that is safe to resend; without it, unknown', () => {
    const told = answerVerdict(reading(503, { retryAfterMs: 60_000 }), CREATE, CTX)
    expect(decided(told)).toEqual(['retryable', 'server', 'errors.hostup.unavailable'])
    expect(told.error.params).toEqual({ count: 60 })
    expect(decided(answerVerdict(reading(503), CREATE, CTX))).toEqual([
      'unknown',
      'server',
      'errors.hostup.serverError'
    ])
  })

  it('401 and 403 are the key; 403 names the scope, or the verification HostUp wants', () => {
    expect(decided(answerVerdict(reading(401), CREATE, CTX))).toEqual([
      'rejected',
      'unauthorized',
      'errors.hostup.unauthorized'
    ])
    const scope = answerVerdict(reading(403), CREATE, CTX)
    expect(decided(scope)).toEqual(['rejected', 'forbidden', 'errors.hostup.missingScope'])
    expect(scope.error.params).toEqual({ task: { key: 'errors.hostup.task.create' }, scope: 'contacts' })
    const verify = answerVerdict(reading(403, { serverCode: 'verification_failed' }), CREATE, CTX)
    expect(decided(verify)).toEqual(['rejected', 'forbidden', 'errors.hostup.verificationRequired'])
    expect(verify.error.serverCode).toBe('verification_failed')
  })

  it('an inner failure below 500 is a refusal with HostUp’s words; at 500 it is a server error', () => {
    const inner = answerVerdict(reading(200, { innerError: 'Email already exists' }), CREATE, CTX)
    expect(decided(inner)).toEqual(['rejected', 'rejected', 'errors.hostup.innerFailure'])
    expect(inner.error.detail).toBe('Email already exists')
    expect(inner.error.params).toEqual({
      task: { key: 'errors.hostup.task.create' },
      advice: { key: 'errors.hostup.advice.create' }
    })
    expect(decided(answerVerdict(reading(499, { innerError: 'x' }), CREATE, CTX))[0]).toBe('rejected')
    expect(decided(answerVerdict(reading(500, { innerError: 'x' }), CREATE, CTX))).toEqual([
      'unknown',
      'server',
      'errors.hostup.serverError'
    ])
  })

  it('a 2xx that cannot be read is unknown, each with its own words', () => {
    const table: [Reading['body'], string][] = [
      ['too-large', 'errors.hostup.tooLarge'],
      ['cut-off', 'errors.hostup.cutOff'],
      ['empty', 'errors.hostup.empty'],
      ['not-json', 'errors.hostup.notJson'],
      ['cancelled', 'errors.hostup.answerCancelled'],
      ['json', 'errors.hostup.undocumented']
    ]
    for (const [body, message] of table) {
      const verdict = answerVerdict(reading(200, { body }), CREATE, CTX)
      expect(decided(verdict)).toEqual(['unknown', 'bad_response', message])
      expect(verdict.error.params).toEqual({ next: { key: 'errors.hostup.next.create' }, size: 2 })
    }
    const slow = answerVerdict(reading(204, { body: 'timeout' }), CREATE, { ...CTX, timeoutMs: 9_001 })
    expect(decided(slow)).toEqual(['unknown', 'timeout', 'errors.hostup.bodyTimeout'])
    expect(slow.error.params).toEqual({ next: { key: 'errors.hostup.next.create' }, count: 10 })
    expect(decided(answerVerdict(reading(299, { body: 'empty' }), CREATE, CTX))[0]).toBe('unknown')
  })

  it('redirects are unknown, 404 the wrong address, other 4xx refusals, 5xx unknown, the rest unexpected', () => {
    for (const status of [300, 303, 399])
      expect(decided(answerVerdict(reading(status), CREATE, CTX))).toEqual([
        'unknown',
        'bad_response',
        'errors.hostup.redirect'
      ])
    expect(decided(answerVerdict(reading(404), CREATE, CTX))).toEqual([
      'rejected',
      'not_found',
      'errors.hostup.noSuchAddress'
    ])
    for (const status of [400, 422, 499])
      expect(decided(answerVerdict(reading(status), CREATE, CTX))).toEqual([
        'rejected',
        'validation',
        'errors.hostup.refusedRequest'
      ])
    for (const status of [500, 502, 599])
      expect(decided(answerVerdict(reading(status), CREATE, CTX))).toEqual([
        'unknown',
        'server',
        'errors.hostup.serverError'
      ])
    for (const status of [100, 600])
      expect(decided(answerVerdict(reading(status), CREATE, CTX))).toEqual([
        'unknown',
        'bad_response',
        'errors.hostup.unexpectedStatus'
      ])
  })

  it('a refusal names its fields in the app’s words, keeps HostUp’s beside them, and joins the rest', () => {
    const verdict = answerVerdict(
      reading(422, {
        requestId: 'req-1',
        detail: 'Validation failed.',
        otherProblems: ['Unknown field "nickname".'],
        fields: {
          country: { detail: 'Country code is invalid', code: 'invalid_country_code' },
          password: { detail: 'Too weak', code: 'password_too_weak' },
          email: { detail: 'Already taken' }
        }
      }),
      CREATE,
      CTX
    )
    expect(decided(verdict)).toEqual(['rejected', 'validation', 'errors.hostup.refusedFields'])
    expect(verdict.error.fields).toEqual({
      country: 'contact.country.invalid',
      password: 'errors.hostup.field.passwordTooWeak',
      email: 'errors.hostup.field.refused'
    })
    expect(verdict.error.fieldDetails).toEqual({
      country: 'Country code is invalid',
      password: 'Too weak',
      email: 'Already taken'
    })
    expect(verdict.error.detail).toBe('Validation failed. Unknown field "nickname".')
    expect(verdict.error.requestId).toBe('req-1')
    expect(verdict.error.status).toBe(422)
    const quiet = answerVerdict(reading(400), CREATE, CTX).error
    expect('detail' in quiet || 'fields' in quiet || 'requestId' in quiet || 'serverCode' in quiet).toBe(
      false
    )
  })
})
