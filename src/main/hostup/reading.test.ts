// What the client reads out of an answer, header by header and shape by shape (the fixtures'
// shapes are met end to end in client.test.ts; these are the edges between them).
import { describe, expect, it } from 'vitest'
import { parseRetryAfter, readExchange } from './reading'
import type { BodyRead } from './transport'

const NOW = Date.parse('2026-12-02T12:00:00Z')

const exchange = (status: number, body: BodyRead, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  body
})
const json = (value: unknown): BodyRead => ({ kind: 'text', text: JSON.stringify(value) })

describe('Retry-After', () => {
  it('reads whole seconds, spaces around them allowed, and an HTTP date from now', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined()
    expect(parseRetryAfter('120', NOW)).toBe(120_000)
    expect(parseRetryAfter(' 7 ', NOW)).toBe(7_000)
    expect(parseRetryAfter('0', NOW)).toBe(0)
    expect(parseRetryAfter('Wed, 02 Dec 2026 12:00:30 GMT', NOW)).toBe(30_000)
    // A date already past waits for nothing, never a negative time.
    expect(parseRetryAfter('Wed, 02 Dec 2026 11:00:00 GMT', NOW)).toBe(0)
  })

  it('takes nothing from what is neither: digits with words, a fraction, words', () => {
    for (const value of ['12abc', 'abc12', '1.5', 'soon', ''])
      expect(parseRetryAfter(value, NOW)).toBeUndefined()
  })
})

describe('X-RateLimit-Reset', () => {
  it('reads HostUp’s ISO time and a gateway’s epoch seconds, and nothing else', () => {
    const reset = (value: string) =>
      readExchange(exchange(429, { kind: 'text', text: '' }, { 'x-ratelimit-reset': value }), NOW)
        .rateLimitResetMs
    expect(reset('2026-12-02T12:01:00Z')).toBe(60_000)
    expect(reset(String(NOW / 1000 + 90))).toBe(90_000)
    expect(reset(` ${String(NOW / 1000 + 5)} `)).toBe(5_000)
    expect(reset('2026-12-02T11:00:00Z')).toBe(0)
    expect(reset('later')).toBeUndefined()
  })
})

describe('the body', () => {
  it('says what kind of body it was: empty, not JSON, or not read whole', () => {
    expect(readExchange(exchange(200, { kind: 'text', text: '  \n' }), NOW).body).toBe('empty')
    expect(readExchange(exchange(200, { kind: 'text', text: '<html>' }), NOW).body).toBe('not-json')
    expect(readExchange(exchange(200, { kind: 'too-large' }), NOW).body).toBe('too-large')
    expect(readExchange(exchange(200, { kind: 'timeout' }), NOW).body).toBe('timeout')
    const read = readExchange(exchange(200, json({ ok: 1 })), NOW)
    expect(read.body).toBe('json')
    expect(read.json).toEqual({ ok: 1 })
  })

  it('takes the request ID from the body before the header, trimmed, and no blank one', () => {
    const headers = { 'x-request-id': ' hdr-1 ' }
    expect(readExchange(exchange(500, { kind: 'text', text: '' }, headers), NOW).requestId).toBe('hdr-1')
    expect(readExchange(exchange(500, json({ requestId: 'body-1' }), headers), NOW).requestId).toBe('body-1')
    expect(readExchange(exchange(500, json({ requestId: '  ' }), headers), NOW).requestId).toBe('hdr-1')
    expect(readExchange(exchange(500, json({}), { 'x-request-id': ' ' }), NOW).requestId).toBeUndefined()
  })

  it('reads the detail from detail, else message, else title', () => {
    const detail = (body: unknown) => readExchange(exchange(400, json(body)), NOW).detail
    expect(detail({ detail: 'D', message: 'M', title: 'T' })).toBe('D')
    expect(detail({ message: 'M', title: 'T' })).toBe('M')
    expect(detail({ title: ' T ' })).toBe('T')
    expect(detail({})).toBeUndefined()
  })

  it('an inner failure says its error, else its message, else that none was given; success is none', () => {
    const inner = (data: unknown) => readExchange(exchange(200, json({ data })), NOW).innerError
    expect(inner({ success: false, error: 'E', message: 'M' })).toBe('E')
    expect(inner({ success: false, message: 'M' })).toBe('M')
    expect(inner({ success: false })).toBe('no reason given')
    expect(inner({ success: true, error: 'E' })).toBeUndefined()
  })

  it('a field’s code names its field; an unknown code names none', () => {
    const country = readExchange(
      exchange(422, json({ code: 'invalid_country_code', detail: 'Bad country' })),
      NOW
    )
    expect(country.fields).toEqual({ country: { detail: 'Bad country', code: 'invalid_country_code' } })
    const weak = readExchange(exchange(422, json({ code: 'password_too_weak' })), NOW)
    expect(weak.fields).toEqual({ password: { detail: 'password_too_weak', code: 'password_too_weak' } })
    expect(readExchange(exchange(422, json({ code: 'something_else' })), NOW).fields).toEqual({})
  })

  it('errors[] by pointer: a form field (last segment), or a problem beside them; the first word per field kept', () => {
    const read = readExchange(
      exchange(
        422,
        json({
          errors: [
            { pointer: '/data/attributes/email', detail: 'Taken', code: 'taken' },
            { pointer: '/email', detail: 'Second word on e-mail' },
            { pointer: '/city', message: 'City?' },
            { pointer: '/nickname', detail: 'Unknown field' },
            { pointer: 42, code: 'odd' },
            { pointer: '/' },
            'not an object'
          ]
        })
      ),
      NOW
    )
    expect(read.fields).toEqual({ email: { detail: 'Taken', code: 'taken' }, city: { detail: 'City?' } })
    expect(read.otherProblems).toEqual(['Unknown field', 'odd', 'is not valid'])
  })
})
