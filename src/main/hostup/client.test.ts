import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { english } from '../testing/english'
import { DEMO_KEY, startSandbox, type Fault, type Sandbox } from '../../../e2e/sandbox'
import type { ContactInput } from '../../shared/contact'
import type { SubmitOutcome } from '../../shared/outcome'
import { PERMISSION_FLAGS, type PermissionFlags, type PermissionsBody } from '../../shared/permissions'
import { createHostupClient, isAllowedBaseUrl, type HostupClientOptions } from './client'

// Long and random, so finding either in an outcome can only mean it leaked.
const CANARY_KEY = `canary-key-${randomBytes(24).toString('hex')}`
const PASSWORD = `Pw-canary-${randomBytes(12).toString('hex')}`

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
  sandbox.addKey(CANARY_KEY)
})
afterEach(() => sandbox.reset())
afterAll(async () => {
  await sandbox.close()
})

function contact(overrides: Partial<ContactInput> = {}): ContactInput {
  return {
    firstname: 'Anna',
    lastname: 'Svensson',
    email: 'anna.svensson@example.com',
    password: PASSWORD,
    phonenumber: '',
    address1: '',
    city: '',
    country: '',
    postcode: '',
    ...overrides
  }
}

function client(overrides: Partial<HostupClientOptions> = {}) {
  return createHostupClient({ baseUrl: sandbox.url, apiKey: CANARY_KEY, timeoutMs: 5_000, ...overrides })
}

async function send(fault?: Fault, input: Partial<ContactInput> = {}): Promise<SubmitOutcome> {
  if (fault) sandbox.failNext(fault)
  return client().createContact(contact(input))
}

function posts(): number {
  return sandbox.log.filter((r) => r.method === 'POST' && r.path === '/api/teams').length
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

describe('the request', () => {
  it('sends exactly the ten keys and the three headers', async () => {
    await send(undefined, { firstname: ' Anna ', country: 'se' })
    expect(sandbox.log).toHaveLength(1)
    const request = sandbox.log[0]
    expect(Object.keys(request?.body as object).sort()).toEqual(
      [
        'address1',
        'city',
        'country',
        'email',
        'firstname',
        'lastname',
        'password',
        'phonenumber',
        'postcode',
        'type'
      ].sort()
    )
    expect(request?.body).toMatchObject({
      type: 'contact',
      firstname: 'Anna',
      country: 'SE',
      password: PASSWORD
    })
    expect(request?.headers).toMatchObject({
      'x-api-key': '<redacted>',
      accept: 'application/json',
      'content-type': 'application/json'
    })
    expect(request?.keyMatched).toBe(true)
  })
})

describe('createContact outcomes', () => {
  it('created: a numeric contact_id, with the request ID and server time', async () => {
    const outcome = await send()
    expect(outcome).toEqual({
      kind: 'created',
      contactId: 14087,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      serverTime: expect.any(Number)
    })
  })

  it('created: a HostBill-style string contact_id becomes a number', async () => {
    expect(await send({ kind: 'contact-id-string' })).toMatchObject({ kind: 'created', contactId: 14087 })
  })

  it('unknown: success without a contact_id', async () => {
    const body = { success: true, requestId: 'req-no-id', data: { success: true, call: 'addClientContact' } }
    const outcome = await send({ kind: 'raw', status: 200, body })
    expect(outcome).toMatchObject({
      kind: 'unknown',
      error: { code: 'bad_response', requestId: 'req-no-id' }
    })
  })

  it('unknown: success with a contact_id that is not a positive integer', async () => {
    const body = { success: true, data: { success: true, contact_id: 'abc' } }
    expect(await send({ kind: 'raw', status: 200, body })).toMatchObject({
      kind: 'unknown',
      error: { code: 'bad_response' }
    })
  })

  it('rejected: the seed inner failure, with the server message and request ID', async () => {
    await send()
    const outcome = await send()
    expect(outcome).toMatchObject({ kind: 'rejected', error: { code: 'rejected', status: 200 } })
    if (outcome.kind !== 'rejected') return
    // HostUp's own words travel beside the sentence, labelled as HostUp's; the request ID as data.
    expect(outcome.error.detail).toContain('Failed to add contact')
    expect(outcome.error.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(english(outcome.error)).toMatch(/^HostUp could not add the contact\. Nothing was created/)
  })

  it('rejected: an inner failure on a 4xx status', async () => {
    expect(await send({ kind: 'inner-failure', status: 422 })).toMatchObject({
      kind: 'rejected',
      error: { code: 'rejected', status: 422 }
    })
  })

  it('rejected: 401 in the v1 envelope', async () => {
    const outcome = await send({ kind: 'v1-unauthorized' })
    expect(outcome).toMatchObject({
      kind: 'rejected',
      error: { code: 'unauthorized', status: 401, serverCode: 'UNAUTHORIZED' }
    })
  })

  it('rejected: 401 problem for a key the server does not know', async () => {
    const outcome = await client({ apiKey: `${CANARY_KEY}-wrong` }).createContact(contact())
    expect(outcome).toMatchObject({
      kind: 'rejected',
      error: { code: 'unauthorized', serverCode: 'unauthorized' }
    })
    if (outcome.kind === 'rejected') expect(english(outcome.error)).toMatch(/API key was not accepted/)
  })

  it('rejected: 403 for a key without the contacts scope, naming the scope', async () => {
    sandbox.addKey('account-only-key-0001', { scopes: ['account'] })
    const outcome = await client({ apiKey: 'account-only-key-0001' }).createContact(contact())
    expect(outcome).toMatchObject({
      kind: 'rejected',
      error: { code: 'forbidden', status: 403, serverCode: 'forbidden' }
    })
    if (outcome.kind === 'rejected')
      expect(english(outcome.error)).toMatch(/"contacts" scope|“contacts” scope/)
  })

  it('rejected: 400 invalid_country_code lands on the country field', async () => {
    const outcome = await send(undefined, { country: 'xx' })
    expect(outcome).toMatchObject({
      kind: 'rejected',
      error: {
        code: 'validation',
        status: 400,
        serverCode: 'invalid_country_code',
        fields: { country: 'contact.country.invalid' },
        fieldDetails: { country: 'Country code must be a 2-letter ISO country code.' }
      }
    })
  })

  it('rejected: errors[].pointer names the field', async () => {
    const outcome = await send(undefined, { email: 'not-an-email' })
    expect(outcome).toMatchObject({
      kind: 'rejected',
      error: {
        code: 'validation',
        serverCode: 'invalid_request',
        fields: { email: 'errors.hostup.field.refused' },
        fieldDetails: { email: 'The e-mail address is not valid.' }
      }
    })
  })

  it('rejected: a JSON:API style pointer names the field by its last segment', async () => {
    const errors = [{ pointer: '/data/attributes/firstname', detail: 'Too long.' }]
    const outcome = await send({ kind: 'problem', code: 'invalid_request', errors })
    expect(outcome).toMatchObject({
      kind: 'rejected',
      error: {
        fields: { firstname: 'errors.hostup.field.refused' },
        fieldDetails: { firstname: 'Too long.' }
      }
    })
  })

  it('rejected: password_too_weak lands on the password field', async () => {
    const outcome = await send({ kind: 'problem', code: 'password_too_weak' })
    expect(outcome).toMatchObject({
      kind: 'rejected',
      error: {
        code: 'validation',
        serverCode: 'password_too_weak',
        fields: { password: 'errors.hostup.field.passwordTooWeak' },
        fieldDetails: { password: 'The password is too weak.' }
      }
    })
  })

  it('retryable: 429 with Retry-After in seconds', async () => {
    const outcome = await send({ kind: 'rate-limited', retryAfter: '30' })
    expect(outcome).toMatchObject({
      kind: 'retryable',
      error: { code: 'rate_limited', status: 429, retryAfterMs: 30_000 }
    })
  })

  it('retryable: 429 with Retry-After as an HTTP date', async () => {
    const outcome = await send({
      kind: 'rate-limited',
      retryAfter: new Date(Date.now() + 30_000).toUTCString()
    })
    expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'rate_limited' } })
    if (outcome.kind !== 'retryable') return
    expect(outcome.error.retryAfterMs).toBeGreaterThan(25_000)
    expect(outcome.error.retryAfterMs).toBeLessThanOrEqual(30_000)
  })

  it('retryable: 429 without Retry-After falls back to X-RateLimit-Reset', async () => {
    const outcome = await send({ kind: 'rate-limited', retryAfter: null })
    expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'rate_limited' } })
    if (outcome.kind !== 'retryable') return
    expect(outcome.error.retryAfterMs).toBeGreaterThan(500)
    expect(outcome.error.retryAfterMs).toBeLessThanOrEqual(2_000)
  })

  it('retryable: 503 with Retry-After', async () => {
    const outcome = await send({ kind: 'unavailable', retryAfter: '5' })
    expect(outcome).toMatchObject({
      kind: 'retryable',
      error: { code: 'server', status: 503, retryAfterMs: 5_000 }
    })
  })

  it('unknown: 503 without Retry-After', async () => {
    expect(await send({ kind: 'unavailable' })).toMatchObject({
      kind: 'unknown',
      error: { code: 'server', status: 503 }
    })
  })

  it('unknown: 500 internal_error', async () => {
    expect(await send({ kind: 'server-error' })).toMatchObject({
      kind: 'unknown',
      error: { code: 'server', status: 500, serverCode: 'internal_error' }
    })
  })

  it.each([502, 504] as const)('unknown: an HTML %i from a proxy', async (status) => {
    const outcome = await send({ kind: 'proxy-html', status })
    expect(outcome).toMatchObject({ kind: 'unknown', error: { code: 'server', status } })
  })

  it('unknown: a redirect is never followed', async () => {
    const outcome = await send({
      kind: 'raw',
      status: 307,
      body: '',
      headers: { Location: `${sandbox.url}/teams` }
    })
    expect(outcome).toMatchObject({ kind: 'unknown', error: { code: 'bad_response', status: 307 } })
    expect(posts()).toBe(1)
  })

  it('retryable: a refused connection (sandbox offline)', async () => {
    await sandbox.goOffline()
    try {
      const outcome = await send()
      expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'network' } })
      if (outcome.kind === 'retryable') expect(outcome.error.cause).toBe('ECONNREFUSED')
    } finally {
      await sandbox.goOnline()
    }
    expect(posts()).toBe(0)
  })

  it('retryable: a port nothing listens on', async () => {
    const outcome = await client({ baseUrl: `http://127.0.0.1:${await freePort()}/api` }).createContact(
      contact()
    )
    expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'network' } })
  })

  it('retryable: a name that does not resolve', async () => {
    const outcome = await client({ baseUrl: 'https://hostup-sandbox.invalid/api' }).createContact(contact())
    expect(outcome).toMatchObject({ kind: 'retryable', error: { code: 'offline' } })
  })

  it('unknown: the connection reset after the server read (and acted on) the request', async () => {
    const outcome = await send({ kind: 'reset-after-request' })
    expect(outcome).toMatchObject({ kind: 'unknown', error: { code: 'network' } })
    expect(posts()).toBe(1)
    expect(sandbox.contacts).toHaveLength(1)
  })

  it('unknown: a server that never answers ends at the timeout', async () => {
    sandbox.failNext({ kind: 'hang' })
    const started = Date.now()
    const outcome = await client({ timeoutMs: 300 }).createContact(contact())
    expect(outcome).toMatchObject({ kind: 'unknown', error: { code: 'timeout' } })
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('unknown: a slow answer counts as a timeout too', async () => {
    sandbox.setDelay(1_000)
    const outcome = await client({ timeoutMs: 300 }).createContact(contact())
    expect(outcome).toMatchObject({ kind: 'unknown', error: { code: 'timeout' } })
  })

  it('unknown: a body over the 1 MiB cap is not read', async () => {
    const tooLarge = {
      kind: 'unknown',
      error: { code: 'bad_response', status: 200, message: 'errors.hostup.tooLarge' }
    }
    expect(await send({ kind: 'huge-body' })).toMatchObject(tooLarge)
    // The cap is 1 MiB when none is given: just over it is refused, just under it is read.
    expect(await send({ kind: 'huge-body', bytes: 1024 * 1024 + 64 })).toMatchObject(tooLarge)
    expect(await send({ kind: 'huge-body', bytes: 1024 * 1024 - 64 })).not.toMatchObject(tooLarge)
  })

  it('unknown: an empty 200 body', async () => {
    expect(await send({ kind: 'empty-body' })).toMatchObject({
      kind: 'unknown',
      error: { code: 'bad_response' }
    })
  })

  it('unknown: truncated JSON on 200', async () => {
    expect(await send({ kind: 'truncated-json' })).toMatchObject({
      kind: 'unknown',
      error: { code: 'bad_response' }
    })
  })

  it('unknown: a 200 body cut off by a dropped connection', async () => {
    const outcome = await send({ kind: 'truncated-json', dropConnection: true })
    expect(outcome).toMatchObject({ kind: 'unknown', error: { code: 'bad_response', status: 200 } })
  })

  it('unknown: cancelled by the caller while waiting', async () => {
    sandbox.failNext({ kind: 'hang' })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const outcome = await client().createContact(contact(), { signal: controller.signal })
    expect(outcome).toMatchObject({ kind: 'unknown', error: { code: 'network' } })
  })

  it('retryable: cancelled before it was sent', async () => {
    const outcome = await client().createContact(contact(), { signal: AbortSignal.abort() })
    expect(outcome).toMatchObject({ kind: 'retryable' })
    expect(sandbox.log).toHaveLength(0)
  })
})

describe('refusing before any network', () => {
  it('refuses plain http to a host that is not loopback, making no request', async () => {
    let calls = 0
    const counting: typeof fetch = (input, init) => {
      calls += 1
      return fetch(input, init)
    }
    const refused = createHostupClient({
      baseUrl: 'http://example.com/api',
      apiKey: CANARY_KEY,
      fetch: counting
    })
    const outcome = await refused.createContact(contact())
    expect(outcome).toMatchObject({ kind: 'rejected', error: { code: 'validation' } })
    if (outcome.kind === 'rejected') expect(english(outcome.error)).toMatch(/https/)
    expect(await refused.verifyKey()).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(calls).toBe(0)
  })

  it('refuses an empty API key with no_key', async () => {
    expect(await client({ apiKey: '' }).createContact(contact())).toMatchObject({
      kind: 'rejected',
      error: { code: 'no_key' }
    })
    expect(await client({ apiKey: '  ' }).verifyKey()).toMatchObject({ ok: false, error: { code: 'no_key' } })
    expect(sandbox.log).toHaveLength(0)
  })

  it('refuses a key with characters a header cannot carry', async () => {
    const outcome = await client({ apiKey: `${CANARY_KEY}\n` }).createContact(contact())
    expect(outcome).toMatchObject({ kind: 'rejected', error: { code: 'validation' } })
    expect(sandbox.log).toHaveLength(0)
  })

  it.each([
    ['https://cloud.hostup.se/api', true],
    ['http://127.0.0.1:4010/api', true],
    ['http://127.8.9.10/api', true],
    ['http://localhost:4010/api', true],
    ['http://[::1]:4010/api', true],
    ['http://example.com/api', false],
    ['http://10.0.0.1/api', false],
    ['ftp://cloud.hostup.se/api', false],
    ['https://user:pw@cloud.hostup.se/api', false],
    ['not a url', false]
  ])('isAllowedBaseUrl(%s) is %s', (url, allowed) => {
    expect(isAllowedBaseUrl(url)).toBe(allowed)
  })
})

describe('secrets never leave in an outcome', () => {
  const faults: Fault[] = [
    { kind: 'inner-failure' },
    { kind: 'v1-unauthorized' },
    { kind: 'problem', code: 'unauthorized' },
    { kind: 'problem', code: 'forbidden' },
    { kind: 'problem', code: 'verification_failed' },
    { kind: 'problem', code: 'invalid_country_code' },
    { kind: 'problem', code: 'password_too_weak' },
    { kind: 'problem', code: 'internal_error' },
    { kind: 'problem', code: 'invalid_request', errors: [{ pointer: '/email', detail: 'Taken.' }] },
    { kind: 'rate-limited' },
    { kind: 'unavailable', retryAfter: '1' },
    { kind: 'unavailable' },
    { kind: 'server-error' },
    { kind: 'proxy-html' },
    { kind: 'empty-body' },
    { kind: 'truncated-json' },
    { kind: 'truncated-json', dropConnection: true },
    { kind: 'huge-body' },
    { kind: 'contact-id-string' },
    { kind: 'reset-after-request' },
    { kind: 'hang' }
  ]

  it.each(faults.map((fault) => [JSON.stringify(fault), fault] as const))('%s', async (_name, fault) => {
    sandbox.failNext(fault)
    const outcome = await client({ timeoutMs: 300 }).createContact(contact())
    const serialized = JSON.stringify(outcome)
    expect(serialized).not.toContain(CANARY_KEY)
    expect(serialized).not.toContain(PASSWORD)
    if (outcome.kind !== 'created') {
      // A whole sentence in the catalogue, every parameter filled in.
      expect(english(outcome.error)).toMatch(/^[A-Z].*\.$/s)
      expect(english(outcome.error)).not.toMatch(/\{\w+\}/)
    }
  })

  it('masks a key and password the server echoes back', async () => {
    const errors = [{ pointer: '/password', detail: `"${PASSWORD}" was seen with key ${CANARY_KEY}` }]
    const outcome = await send({ kind: 'problem', code: 'invalid_request', errors })
    expect(outcome).toMatchObject({
      kind: 'rejected',
      error: { fieldDetails: { password: expect.stringContaining('[redacted]') } }
    })
    expect(JSON.stringify(outcome)).not.toContain(CANARY_KEY)
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD)
  })

  it('when offline, too', async () => {
    await sandbox.goOffline()
    try {
      const outcome = await send()
      const verified = await client().verifyKey()
      expect(JSON.stringify([outcome, verified])).not.toContain(CANARY_KEY)
    } finally {
      await sandbox.goOnline()
    }
  })
})

describe('verifyKey', () => {
  it('shows whose account a valid key opens, without the sensitive fields', async () => {
    const result = await client({ apiKey: DEMO_KEY }).verifyKey()
    expect(result).toEqual({
      ok: true,
      value: {
        account: {
          id: '9257',
          firstname: 'Anna',
          lastname: 'Svensson',
          companyname: '',
          email: 'anna@example.com'
        },
        isContact: false
      }
    })
    expect(JSON.stringify(result)).not.toMatch(/reset_token|SENSITIVE/)
    expect(sandbox.log.map((r) => r.path)).toEqual(['/api/session-info', '/api/account/details'])
  })

  it('reports a wrong key as unauthorized', async () => {
    const result = await client({ apiKey: 'wrong-key-0001' }).verifyKey()
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized', status: 401 } })
    if (!result.ok) expect(english(result.error)).toMatch(/^The API key was not accepted/)
  })

  it('reports a valid key without the account scope as account null', async () => {
    sandbox.addKey('contacts-only-key-0001', { scopes: ['contacts'] })
    expect(await client({ apiKey: 'contacts-only-key-0001' }).verifyKey()).toEqual({
      ok: true,
      value: { account: null, isContact: false }
    })
  })

  it('goes straight to the account when the session route is missing', async () => {
    sandbox.failNext({ kind: 'raw', status: 404, body: { code: 'not_found' } }, { path: '/api/session-info' })
    const result = await client().verifyKey()
    expect(result).toMatchObject({ ok: true, value: { account: { firstname: 'Anna' } } })
  })

  it('reports an offline sandbox as a network problem', async () => {
    await sandbox.goOffline()
    try {
      const result = await client().verifyKey()
      expect(result.ok).toBe(false)
      if (!result.ok) expect(['offline', 'network']).toContain(result.error.code)
    } finally {
      await sandbox.goOnline()
    }
  })

  it('reports a hung server as a timeout', async () => {
    sandbox.failNext({ kind: 'hang' })
    expect(await client({ timeoutMs: 300 }).verifyKey()).toMatchObject({
      ok: false,
      error: { code: 'timeout' }
    })
  })

  it('reports a rate limit with its wait', async () => {
    sandbox.failNext({ kind: 'rate-limited', retryAfter: '3' })
    expect(await client().verifyKey()).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAfterMs: 3_000 }
    })
  })
  describe('reading what each of the two answers says', () => {
    const SESSION = '/api/session-info'
    const DETAILS = '/api/account/details'
    const raw = (path: string, status: number, body: string | object): void =>
      sandbox.failNext({ kind: 'raw', status, body }, { path })
    const envelope = (data: unknown, success: unknown = true) => ({
      success,
      requestId: 'req-verify-1',
      data
    })
    const paths = () => sandbox.log.map((r) => r.path)
    const anna = {
      id: '9257',
      firstname: 'Anna',
      lastname: 'Svensson',
      companyname: '',
      email: 'anna@example.com'
    }

    it('goes on to the account after a 403 from the session route: the key exists', async () => {
      raw(SESSION, 403, { code: 'forbidden' })
      expect(await client().verifyKey()).toEqual({ ok: true, value: { account: anna } })
      expect(paths()).toEqual([SESSION, DETAILS])
    })

    it.each<[string, number, object]>([
      ['a server error', 500, { code: 'internal_error' }],
      ['a 300, which is not a success', 300, envelope({ isContact: false })],
      ['a success without its envelope', 200, { isContact: false }],
      ['an envelope that says no', 200, envelope({ isContact: false }, false)],
      ['an envelope whose success is not true', 200, envelope({ isContact: false }, 'yes')],
      ['data that says no', 200, envelope({ success: false, isContact: false })],
      ['data that is not an object', 200, envelope('ok')]
    ])('stops at the session route on %s, and never asks for the account', async (_name, status, body) => {
      raw(SESSION, status, body)
      const result = await client().verifyKey()
      expect(result.ok).toBe(false)
      expect(paths()).toEqual([SESSION])
    })

    it('takes any 2xx with a success envelope as a session, and carries isContact only when it is a boolean', async () => {
      raw(SESSION, 201, envelope({ isContact: true }))
      expect(await client().verifyKey()).toEqual({ ok: true, value: { account: anna, isContact: true } })
      raw(SESSION, 200, envelope({ isContact: 'no' }))
      expect(await client().verifyKey()).toEqual({ ok: true, value: { account: anna } })
    })

    it('reads the account fields as text: a numeric ID becomes text, a missing or odd field is empty', async () => {
      raw(DETAILS, 200, envelope({ client: { id: 9257, firstname: 'Anna', lastname: null, email: ['x'] } }))
      expect(await client().verifyKey()).toEqual({
        ok: true,
        value: {
          account: { id: '9257', firstname: 'Anna', lastname: '', companyname: '', email: '' },
          isContact: false
        }
      })
    })

    it.each<[string, object]>([
      ['no client', envelope({})],
      ['a client without an ID', envelope({ client: { firstname: 'Anna' } })],
      ['a client whose ID is empty', envelope({ client: { id: '', firstname: 'Anna' } })],
      ['a client that is not an object', envelope({ client: 'Anna' })]
    ])('says the account details are missing for %s, with the status and request ID', async (_name, body) => {
      raw(DETAILS, 200, body)
      const result = await client().verifyKey()
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'bad_response',
          message: 'errors.hostup.noAccountDetails',
          status: 200,
          requestId: 'req-verify-1'
        }
      })
      if (!result.ok) expect(english(result.error)).not.toMatch(/errors\./)
    })

    it('takes a 403 without verification_failed as a key without the account scope, and refuses one with it', async () => {
      raw(DETAILS, 403, { code: 'forbidden' })
      expect(await client().verifyKey()).toEqual({ ok: true, value: { account: null, isContact: false } })
      raw(DETAILS, 403, { code: 'verification_failed' })
      expect(await client().verifyKey()).toMatchObject({ ok: false })
    })

    it('takes a missing account route as account null only when the session route answered', async () => {
      raw(DETAILS, 404, { code: 'not_found' })
      expect(await client().verifyKey()).toEqual({ ok: true, value: { account: null, isContact: false } })
      raw(SESSION, 404, { code: 'not_found' })
      raw(DETAILS, 404, { code: 'not_found' })
      expect(await client().verifyKey()).toMatchObject({ ok: false })
    })

    it('reports the account route failing as the failure it is', async () => {
      raw(DETAILS, 500, { code: 'internal_error' })
      expect(await client().verifyKey()).toMatchObject({ ok: false, error: { status: 500 } })
      sandbox.failNext({ kind: 'reset-after-request' }, { path: DETAILS })
      const reset = await client().verifyKey()
      expect(reset).toMatchObject({ ok: false, error: { code: 'network' } })
    })
  })
})

describe('deleteContact', () => {
  it('deletes a contact it created', async () => {
    const outcome = await send()
    if (outcome.kind !== 'created') throw new Error(`expected created, got ${outcome.kind}`)
    const result = await client().deleteContact(outcome.contactId)
    expect(result).toEqual({ ok: true, value: { requestId: expect.any(String) } })
    expect(sandbox.log.at(-1)).toMatchObject({ method: 'DELETE', query: { id: '14087', type: 'contact' } })
    expect(sandbox.contacts[0]?.deleted).toBe(true)
  })

  it('reports an unknown contact as not_found', async () => {
    expect(await client().deleteContact(99_999)).toMatchObject({
      ok: false,
      error: { code: 'not_found', status: 404 }
    })
  })

  it('refuses an ID that is not a positive integer without sending', async () => {
    expect(await client().deleteContact(-1)).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await client().deleteContact(1.5)).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(sandbox.log).toHaveLength(0)
  })

  it('reports a server error as server', async () => {
    sandbox.failNext({ kind: 'server-error' })
    expect(await client().deleteContact(14087)).toMatchObject({ ok: false, error: { code: 'server' } })
  })
})

describe('the client at its edges', () => {
  /** A permissions body that grants nothing. */
  const NOTHING: PermissionsBody = {
    ...(Object.fromEntries(PERMISSION_FLAGS.map((flag) => [flag, false])) as PermissionFlags),
    services: [],
    domains: [],
    dnsZones: []
  }
  const TEAMS = '/api/teams'
  const envelope = (data: object, success: unknown = true) => ({ success, requestId: 'req-edge-1', data })
  const answer = (status: number, body: string | object, path: string | RegExp = TEAMS): void =>
    sandbox.failNext({ kind: 'raw', status, body }, { path })

  it.each<[string, unknown, number | undefined]>([
    ['a number', 14087, 14087],
    ['a string of digits', '14087', 14087],
    ['zero', 0, undefined],
    ['zero as text', '0', undefined],
    ['a negative number', -5, undefined],
    ['a negative number as text', '-5', undefined],
    ['digits then letters', '12a', undefined],
    ['letters then digits', 'a12', undefined],
    ['a fraction', 1.5, undefined],
    ['past the safe integers', 2 ** 53, undefined],
    ['empty text', '', undefined],
    // Number() reads all of these as a number; none is HostBill's string of digits.
    ['digits after a space', ' 12', undefined],
    ['digits before a space', '12 ', undefined],
    ['digits with a sign', '+12', undefined],
    ['an exponent', '1e3', undefined],
    ['true', true, undefined],
    ['a list of one number', [5], undefined],
    ['null', null, undefined]
  ])('reads a contact ID given as %s', async (_name, id, expected) => {
    answer(200, envelope({ success: true, contact_id: id }))
    const outcome = await client().createContact(contact())
    if (expected === undefined)
      expect(outcome).toEqual({
        kind: 'unknown',
        error: {
          code: 'bad_response',
          message: 'errors.hostup.noContactId',
          status: 200,
          requestId: 'req-edge-1'
        }
      })
    else expect(outcome).toEqual({ kind: 'created', contactId: expected, requestId: 'req-edge-1' })
  })

  it('takes a creation only from a 2xx whose envelope and data both say success', async () => {
    answer(201, envelope({ success: true, contact_id: 7, server_time: 1_700_000_000 }))
    expect(await client().createContact(contact())).toEqual({
      kind: 'created',
      contactId: 7,
      requestId: 'req-edge-1',
      serverTime: 1_700_000_000
    })
    // A server time that is not a number is left out.
    answer(200, envelope({ success: true, contact_id: 8, server_time: 'now' }))
    expect(await client().createContact(contact())).toEqual({
      kind: 'created',
      contactId: 8,
      requestId: 'req-edge-1'
    })
    for (const [status, body] of [
      [300, envelope({ success: true, contact_id: 9 })],
      [200, envelope({ contact_id: 9 })],
      [200, envelope({ success: 'yes', contact_id: 9 })],
      [200, envelope({ success: true, contact_id: 9 }, 'yes')]
    ] as const) {
      answer(status, body)
      expect(await client().createContact(contact())).not.toMatchObject({ kind: 'created' })
    }
  })

  it('tells whoever keeps the profile that the key was refused, and only then', async () => {
    let refused = 0
    const watched = client({ onKeyRefused: () => (refused += 1) })
    sandbox.failNext({ kind: 'server-error' })
    await watched.createContact(contact())
    sandbox.failNext({ kind: 'problem', code: 'forbidden' })
    await watched.deleteContact(5)
    expect(refused).toBe(0)
    sandbox.failNext({ kind: 'problem', code: 'unauthorized' })
    await watched.deleteContact(5)
    expect(refused).toBe(1)
  })

  it('masks a key the server echoes back when deleting and setting permissions', async () => {
    const echo = { code: 'invalid_request', detail: `Bad key ${CANARY_KEY}`, title: 'Invalid' }
    answer(400, echo)
    const deleted = await client().deleteContact(5)
    expect(deleted.ok).toBe(false)
    answer(400, echo, /permissions$/)
    const set = await client().setPermissions(5, NOTHING)
    expect(set.kind).not.toBe('done')
    expect(JSON.stringify([deleted, set])).not.toContain(CANARY_KEY)
  })

  it('refuses a contact ID that is not a positive integer, and a missing key, before any request', async () => {
    for (const id of [0, -1, 1.5, Number.NaN]) {
      expect(await client().deleteContact(id)).toEqual({
        ok: false,
        error: { code: 'validation', message: 'errors.hostup.badContactId' }
      })
      for (const attempt of [await client().getPermissions(id), await client().setPermissions(id, NOTHING)])
        expect(attempt).toEqual({
          kind: 'rejected',
          error: { code: 'validation', message: 'errors.hostup.badContactId' }
        })
    }
    const keyless = client({ apiKey: ' ' })
    expect(await keyless.getPermissions(5)).toEqual({
      kind: 'rejected',
      error: { code: 'no_key', message: 'errors.hostup.noKey' }
    })
    expect(await keyless.deleteContact(5)).toEqual({
      ok: false,
      error: { code: 'no_key', message: 'errors.hostup.noKey' }
    })
    expect(await client({ apiKey: 'two words' }).createContact(contact())).toEqual({
      kind: 'rejected',
      error: { code: 'validation', message: 'errors.hostup.badKeyCharacters' }
    })
    expect(sandbox.log).toHaveLength(0)
  })

  it('says which contact was not found, with the request ID', async () => {
    const result = await client().deleteContact(99_999)
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: 'errors.hostup.noSuchContact',
        params: { id: 99_999 },
        status: 404,
        requestId: expect.any(String)
      }
    })
    if (!result.ok) expect(english(result.error)).toContain('99999')
  })

  it("carries HostUp's words on a permissions change only when they are text", async () => {
    const sandboxContact = await client().createContact(contact())
    if (sandboxContact.kind !== 'created') throw new Error('not created')
    const path = `/api/contacts/${sandboxContact.contactId}/permissions`
    answer(200, envelope({ message: 'Permissions updated.' }), path)
    expect(await client().setPermissions(sandboxContact.contactId, NOTHING)).toMatchObject({
      kind: 'done',
      value: { message: 'Permissions updated.' }
    })
    answer(200, envelope({ message: 42 }), path)
    expect(await client().setPermissions(sandboxContact.contactId, NOTHING)).toMatchObject({
      kind: 'done',
      value: {}
    })
  })

  it('treats anything that breaks after the request may have gone out as sent, never as a throw', async () => {
    // A fetch that answers with something that is not a Response: reading it fails past the point of sending.
    const broken = client({ fetch: (async () => ({})) as unknown as typeof fetch })
    expect(await broken.createContact(contact())).toEqual({
      kind: 'unknown',
      error: { code: 'network', message: 'errors.hostup.sendCrashed' }
    })
    expect(await broken.verifyKey()).toEqual({
      ok: false,
      error: { code: 'network', message: 'errors.hostup.verifyCrashed' }
    })
    expect(await broken.deleteContact(5)).toEqual({
      ok: false,
      error: { code: 'network', message: 'errors.hostup.deleteCrashed' }
    })
    expect(await broken.getPermissions(5)).toEqual({
      kind: 'unknown',
      error: { code: 'network', message: 'errors.hostup.permissionsCrashed' }
    })
  })

  it('refuses, unsent, a contact that cannot be made into a request', async () => {
    const odd = { ...contact(), firstname: 10n } as unknown as ContactInput
    expect(await client().createContact(odd)).toEqual({
      kind: 'rejected',
      error: { code: 'validation', message: 'errors.hostup.notPrepared' }
    })
    expect(sandbox.log).toHaveLength(0)
  })
})
