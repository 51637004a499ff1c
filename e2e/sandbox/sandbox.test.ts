import { createServer } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DEMO_KEY, startSandbox, type Sandbox } from './index'

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
})
afterEach(() => sandbox.reset())
afterAll(async () => {
  await sandbox.close()
})

interface Answer {
  status: number
  headers: Headers
  text: string
  json: unknown
}

async function call(
  method: string,
  path: string,
  opts: { key?: string | null; body?: unknown; raw?: string } = {}
): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' }
  if (opts.key !== null) headers['X-API-Key'] = opts.key ?? DEMO_KEY
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body))
  const res = await fetch(`${sandbox.url}${path}`, { method, headers, body })
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

function contact(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'contact',
    firstname: 'Anna',
    lastname: 'Svensson',
    email: 'anna.svensson@example.com',
    password: 'YOUR_PASSWORD',
    phonenumber: '',
    address1: '',
    city: '',
    country: '',
    postcode: '',
    ...overrides
  }
}

const createContact = (overrides: Record<string, unknown> = {}, key?: string): Promise<Answer> =>
  call('POST', '/teams', { body: contact(overrides), key })

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('POST /api/teams', () => {
  it('answers the seed success shape with sequential contact IDs from 14087', async () => {
    const first = await createContact()
    const second = await createContact({ email: 'erik@example.com' })
    expect(first.status).toBe(200)
    expect(first.json).toEqual({
      success: true,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestId: expect.stringMatching(UUID),
      data: { success: true, contact_id: 14087, call: 'addClientContact', server_time: expect.any(Number) }
    })
    expect(second.json).toMatchObject({ data: { contact_id: 14088 } })
  })

  it('keeps created contacts without their password', async () => {
    await createContact({ city: 'Stockholm', country: 'SE' })
    expect(sandbox.contacts).toHaveLength(1)
    expect(sandbox.contacts[0]).toMatchObject({
      id: 14087,
      email: 'anna.svensson@example.com',
      country: 'SE'
    })
    expect(JSON.stringify(sandbox.contacts)).not.toContain('YOUR_PASSWORD')
  })

  it('logs every request with the key redacted and whether it matched', async () => {
    await createContact()
    await createContact({}, 'not-a-key')
    expect(sandbox.log).toHaveLength(2)
    const [good, bad] = sandbox.log
    expect(good).toMatchObject({ method: 'POST', path: '/api/teams', keyMatched: true, body: contact() })
    expect(good?.headers['x-api-key']).toBe('<redacted>')
    expect(good?.receivedAt).toBeInstanceOf(Date)
    expect(bad?.keyMatched).toBe(false)
    expect(JSON.stringify(sandbox.log)).not.toContain(DEMO_KEY)
  })

  it('rejects a missing key with a problem document', async () => {
    const res = await call('POST', '/teams', { body: contact(), key: null })
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.json).toMatchObject({ code: 'unauthorized', status: 401, instance: '/api/teams' })
    expect(sandbox.contacts).toHaveLength(0)
  })

  it('refuses a key without the contacts scope', async () => {
    sandbox.addKey('account-only-key', { scopes: ['account'] })
    const res = await createContact({}, 'account-only-key')
    expect(res.status).toBe(403)
    expect(res.json).toMatchObject({ code: 'forbidden' })
  })

  it.each([
    ['a missing key', { postcode: undefined }, '/postcode', 'required'],
    ['an extra key', { nickname: 'A' }, '/nickname', 'unknown_field'],
    ['a value that is not a string', { phonenumber: 46 }, '/phonenumber', 'invalid_type'],
    ['a type other than contact', { type: 'client' }, '/type', 'invalid_value'],
    ['a blank first name', { firstname: '  ' }, '/firstname', 'required'],
    ['a blank password', { password: '' }, '/password', 'required'],
    ['an e-mail without a domain', { email: 'anna@' }, '/email', 'invalid_email']
  ])('rejects %s as invalid_request with a pointer', async (_name, overrides, pointer, code) => {
    const res = await createContact(overrides)
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({
      code: 'invalid_request',
      errors: [{ pointer, code, detail: expect.any(String) }]
    })
    expect(sandbox.contacts).toHaveLength(0)
  })

  it('rejects a body that is not JSON', async () => {
    const res = await call('POST', '/teams', { raw: 'type=contact' })
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({ code: 'invalid_request' })
    expect(sandbox.log[0]?.body).toBe('type=contact')
  })

  it.each(['se', 'SWE', 'XX', 'S1'])('rejects the country %s like the fixture', async (country) => {
    const res = await createContact({ country })
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({
      type: 'https://developer.hostup.se/errors/invalid_country_code',
      title: 'Validation failed',
      status: 400,
      detail: 'Country code must be a 2-letter ISO country code.',
      code: 'invalid_country_code',
      instance: '/api/teams'
    })
  })

  it.each(['', 'SE', 'NO', 'GB'])('accepts the country "%s"', async (country) => {
    expect((await createContact({ country })).status).toBe(200)
  })

  it('answers a duplicate e-mail (any case) with the seed inner failure', async () => {
    await createContact()
    const res = await createContact({ email: 'Anna.Svensson@EXAMPLE.com' })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      success: false,
      requestId: expect.stringMatching(UUID),
      data: { success: false, error: 'Failed to add contact', call: 'addClientContact' }
    })
    expect(sandbox.contacts).toHaveLength(1)
  })

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await createContact({ address1: 'x'.repeat(1024 * 1024 + 10) })
    expect(res.status).toBe(413)
    expect(sandbox.contacts).toHaveLength(0)
  })
})

describe('GET /api/session-info', () => {
  it('describes an API key session', async () => {
    const res = await call('GET', '/session-info')
    expect(res.json).toMatchObject({
      success: true,
      requestId: expect.stringMatching(UUID),
      data: { isContact: false, authenticated: true, authType: 'api_key', canAccessCdn: false }
    })
  })

  it('answers an unknown key in the v1 envelope', async () => {
    const res = await call('GET', '/session-info', { key: 'wrong' })
    expect(res.status).toBe(401)
    expect(res.json).toMatchObject({ success: false, code: 'UNAUTHORIZED', error: 'Unauthorized' })
  })
})

describe('GET /api/account/details', () => {
  it("returns the demo key's account, sensitive fields included", async () => {
    const res = await call('GET', '/account/details')
    expect(res.json).toMatchObject({
      success: true,
      data: {
        success: true,
        client: { id: '9257', firstname: 'Anna', lastname: 'Svensson', reset_token: 'SENSITIVE_DO_NOT_SHOW' }
      }
    })
  })

  it('returns the account given to a key', async () => {
    sandbox.addKey('erik-key', { account: { id: '9300', firstname: 'Erik', companyname: 'Erik AB' } })
    const res = await call('GET', '/account/details', { key: 'erik-key' })
    expect(res.json).toMatchObject({
      data: { client: { id: '9300', firstname: 'Erik', companyname: 'Erik AB' } }
    })
  })

  it('answers 401 to a key once it is revoked', async () => {
    sandbox.addKey('soon-revoked-key')
    expect((await call('GET', '/session-info', { key: 'soon-revoked-key' })).status).toBe(200)
    sandbox.revokeKey('soon-revoked-key')
    expect((await call('GET', '/session-info', { key: 'soon-revoked-key' })).status).toBe(401)
  })

  it('forbids a key without the account scope', async () => {
    sandbox.addKey('contacts-only-key', { scopes: ['contacts'] })
    const res = await call('GET', '/account/details', { key: 'contacts-only-key' })
    expect(res.status).toBe(403)
    expect(res.json).toMatchObject({ code: 'forbidden' })
  })

  it('answers an unknown key with a problem document', async () => {
    const res = await call('GET', '/account/details', { key: 'wrong' })
    expect(res.status).toBe(401)
    expect(res.json).toMatchObject({ code: 'unauthorized' })
  })
})

describe('contact permissions', () => {
  const fullSet = {
    services: [
      { id: 5101, name: 'VPS sto-2', hasAccess: true },
      { id: 5102, name: 'Webbhotell Bas', hasAccess: false },
      { id: 5103, name: 'example.se', hasAccess: false }
    ],
    domains: [
      { id: 7201, name: 'example.se', hasAccess: true },
      { id: '7202', name: 'exempel.nu', hasAccess: false }
    ],
    dnsZones: [],
    canViewInvoices: true,
    canReceiveInvoices: false,
    canOpenTickets: true,
    canViewTickets: true,
    canReceiveTicketEmails: false,
    canCloseTickets: false,
    canPlaceOrders: false,
    accessAllVps: false,
    accessAllHosting: false,
    accessAllDomains: false
  }

  it('starts a new contact with no access to anything', async () => {
    await createContact()
    const res = await call('GET', '/contacts/14087/permissions')
    expect(res.json).toMatchObject({
      success: true,
      data: {
        services: expect.arrayContaining([
          { id: '5101', name: 'VPS sto-2', type: 'vps', category: 'VPS', hasAccess: false }
        ]),
        canViewInvoices: false,
        accessAllDomains: false
      }
    })
  })

  it('stores the full set and shows it back', async () => {
    await createContact()
    const set = await call('POST', '/contacts/14087/permissions', { body: fullSet })
    expect(set.status).toBe(200)
    expect(set.json).toMatchObject({ data: { message: expect.any(String) } })
    const res = await call('GET', '/contacts/14087/permissions')
    expect(res.json).toMatchObject({
      data: {
        canViewInvoices: true,
        canOpenTickets: true,
        services: expect.arrayContaining([expect.objectContaining({ id: '5101', hasAccess: true })])
      }
    })
  })

  it('requires every field', async () => {
    await createContact()
    const { canPlaceOrders: _omitted, ...partial } = fullSet
    const res = await call('POST', '/contacts/14087/permissions', { body: partial })
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({ code: 'invalid_request', errors: [{ pointer: '/canPlaceOrders' }] })
  })

  it('answers IDs as strings and takes numbers or strings', async () => {
    await createContact()
    const set = await call('POST', '/contacts/14087/permissions', { body: fullSet })
    expect(set.status).toBe(200)
    const res = await call('GET', '/contacts/14087/permissions')
    const data = (res.json as { data: { domains: { id: unknown }[] } }).data
    expect(data.domains.map((d) => d.id)).toEqual(['7201', '7202'])
  })

  it('lists domains and DNS zones as plain names when asked to, as one HostUp example does', async () => {
    await createContact()
    await call('POST', '/contacts/14087/permissions', { body: fullSet })
    sandbox.setItemsAsNames(true)
    const res = await call('GET', '/contacts/14087/permissions')
    expect(res.json).toMatchObject({ data: { domains: ['example.se'], dnsZones: [] } })
  })

  it('refuses a key without the permissions scope, which may still create contacts', async () => {
    sandbox.addKey('no-permissions-key-0001', { scopes: ['contacts', 'account'] })
    await createContact()
    const res = await call('GET', '/contacts/14087/permissions', { key: 'no-permissions-key-0001' })
    expect(res.status).toBe(403)
    expect(res.json).toMatchObject({ code: 'forbidden' })
  })

  it('takes a fault for one method of one path only', async () => {
    await createContact()
    sandbox.failNext({ kind: 'server-error' }, { path: /\/permissions$/, method: 'POST' })
    expect((await call('GET', '/contacts/14087/permissions')).status).toBe(200)
    expect((await call('POST', '/contacts/14087/permissions', { body: fullSet })).status).toBe(500)
    expect((await call('POST', '/contacts/14087/permissions', { body: fullSet })).status).toBe(200)
  })

  it('answers 404 for a contact that does not exist', async () => {
    const res = await call('GET', '/contacts/999/permissions')
    expect(res.status).toBe(404)
    expect(res.json).toMatchObject({ code: 'not_found', status: 404 })
  })
})

describe('DELETE /api/teams', () => {
  it('marks the contact deleted and frees its e-mail', async () => {
    await createContact()
    const res = await call('DELETE', '/teams?id=14087&type=contact')
    expect(res.json).toMatchObject({ success: true, data: { success: true, call: 'deleteClientContact' } })
    expect(sandbox.contacts[0]?.deleted).toBe(true)
    expect((await createContact()).json).toMatchObject({ data: { success: true, contact_id: 14088 } })
  })

  it.each(['?id=14087', '?type=contact', ''])(
    'answers 400 when id or type is missing (%s)',
    async (query) => {
      await createContact()
      expect((await call('DELETE', `/teams${query}`)).status).toBe(400)
      expect(sandbox.contacts[0]?.deleted).toBeUndefined()
    }
  )

  it('answers 404 for an unknown or already deleted contact', async () => {
    expect((await call('DELETE', '/teams?id=14087&type=contact')).status).toBe(404)
  })
})

it('answers any other route with a 404 problem', async () => {
  const res = await call('GET', '/nothing-here')
  expect(res.status).toBe(404)
  expect(res.json).toMatchObject({ code: 'not_found', status: 404 })
})

describe('faults', () => {
  it('inner-failure: the seed failure shape at the status asked for', async () => {
    sandbox.failNext({ kind: 'inner-failure', status: 422 })
    const res = await createContact()
    expect(res.status).toBe(422)
    expect(res.json).toMatchObject({
      success: false,
      data: { success: false, error: 'Failed to add contact' }
    })
    expect(sandbox.contacts).toHaveLength(0)
  })

  it('v1-unauthorized: the v1 envelope on any route', async () => {
    sandbox.failNext({ kind: 'v1-unauthorized' })
    const res = await createContact()
    expect(res.status).toBe(401)
    expect(res.json).toMatchObject({
      success: false,
      code: 'UNAUTHORIZED',
      message: 'Authentication required'
    })
  })

  it('problem: the code, its usual status and the field errors given', async () => {
    sandbox.failNext({
      kind: 'problem',
      code: 'invalid_request',
      errors: [{ pointer: '/data/attributes/email', detail: 'Taken.', code: 'taken' }]
    })
    sandbox.failNext({ kind: 'problem', code: 'verification_failed' })
    const first = await createContact()
    expect(first.status).toBe(400)
    expect(first.headers.get('content-type')).toContain('application/problem+json')
    expect(first.json).toMatchObject({
      code: 'invalid_request',
      errors: [{ pointer: '/data/attributes/email', detail: 'Taken.', code: 'taken' }],
      requestId: expect.any(String)
    })
    const second = await createContact()
    expect(second.status).toBe(403)
    expect(second.json).toMatchObject({ code: 'verification_failed' })
  })

  it('rate-limited: 429 with Retry-After and the X-RateLimit headers', async () => {
    sandbox.failNext({ kind: 'rate-limited', retryAfter: '30' })
    const res = await createContact()
    expect(res.status).toBe(429)
    expect(res.json).toMatchObject({ code: 'rate_limited' })
    expect(res.headers.get('retry-after')).toBe('30')
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0')
    const reset = Date.parse(res.headers.get('x-ratelimit-reset') ?? '')
    expect(reset - Date.now()).toBeGreaterThan(25_000)
  })

  it('rate-limited with retryAfter null: only X-RateLimit-Reset', async () => {
    sandbox.failNext({ kind: 'rate-limited', retryAfter: null })
    const res = await createContact()
    expect(res.headers.get('retry-after')).toBeNull()
    expect(res.headers.get('x-ratelimit-reset')).toMatch(/Z$/)
  })

  it('unavailable: 503, with Retry-After only when given', async () => {
    sandbox.failNext({ kind: 'unavailable', retryAfter: '5' })
    sandbox.failNext({ kind: 'unavailable' })
    const first = await createContact()
    const second = await createContact()
    expect([first.status, second.status]).toEqual([503, 503])
    expect(first.headers.get('retry-after')).toBe('5')
    expect(second.headers.get('retry-after')).toBeNull()
  })

  it('server-error: 500 internal_error', async () => {
    sandbox.failNext({ kind: 'server-error' })
    const res = await createContact()
    expect(res.status).toBe(500)
    expect(res.json).toMatchObject({ code: 'internal_error', detail: 'An unexpected error occurred.' })
  })

  it('proxy-html: an nginx page', async () => {
    sandbox.failNext({ kind: 'proxy-html' })
    sandbox.failNext({ kind: 'proxy-html', status: 504 })
    const first = await createContact()
    expect(first.status).toBe(502)
    expect(first.headers.get('content-type')).toContain('text/html')
    expect(first.text).toContain('<center><h1>502 Bad Gateway</h1></center>')
    expect((await createContact()).text).toContain('504 Gateway Time-out')
  })

  it('empty-body: no body at all', async () => {
    sandbox.failNext({ kind: 'empty-body' })
    const res = await createContact()
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
  })

  it('truncated-json: a complete message whose JSON is cut', async () => {
    sandbox.failNext({ kind: 'truncated-json' })
    const res = await createContact()
    expect(res.status).toBe(200)
    expect(res.text.startsWith('{"success":true')).toBe(true)
    expect(res.json).toBeUndefined()
  })

  it('truncated-json with dropConnection: the socket dies mid-body', async () => {
    sandbox.failNext({ kind: 'truncated-json', dropConnection: true })
    await expect(createContact()).rejects.toThrow()
  })

  it('huge-body: as many bytes as asked', async () => {
    sandbox.failNext({ kind: 'huge-body', bytes: 3 * 1024 * 1024 })
    const res = await createContact()
    expect(Buffer.byteLength(res.text)).toBe(3 * 1024 * 1024)
    expect(res.json).toMatchObject({ success: true })
  })

  it('contact-id-string: creates the contact and names it as a string', async () => {
    sandbox.failNext({ kind: 'contact-id-string' })
    const res = await createContact()
    expect(res.json).toMatchObject({ success: true, data: { success: true, contact_id: '14087' } })
    expect(sandbox.contacts).toHaveLength(1)
  })

  it('reset-after-request: the server acts, then the connection dies unanswered', async () => {
    sandbox.failNext({ kind: 'reset-after-request' })
    await expect(createContact()).rejects.toThrow()
    expect(sandbox.contacts).toHaveLength(1)
    expect(sandbox.log).toHaveLength(1)
  })

  it('hang: never answers', async () => {
    sandbox.failNext({ kind: 'hang' })
    const started = Date.now()
    await expect(
      fetch(`${sandbox.url}/session-info`, {
        headers: { 'X-API-Key': DEMO_KEY },
        signal: AbortSignal.timeout(200)
      })
    ).rejects.toThrow()
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    expect(sandbox.log).toHaveLength(1)
  })

  it('raw: any status and body', async () => {
    sandbox.failNext({ kind: 'raw', status: 303, body: '', headers: { Location: '/elsewhere' } })
    const res = await fetch(`${sandbox.url}/teams`, { method: 'POST', redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/elsewhere')
  })

  it('failNext applies to the next matching path only, as many times as asked', async () => {
    sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams', times: 2 })
    expect((await call('GET', '/session-info')).status).toBe(200)
    expect((await createContact()).status).toBe(500)
    expect((await createContact()).status).toBe(500)
    expect((await createContact()).status).toBe(200)
  })

  it('setFault holds until cleared', async () => {
    sandbox.setFault({ kind: 'unavailable' })
    expect((await call('GET', '/session-info')).status).toBe(503)
    expect((await createContact()).status).toBe(503)
    sandbox.setFault(null)
    expect((await createContact()).status).toBe(200)
  })

  it('setDelay holds every answer back', async () => {
    sandbox.setDelay(150)
    const started = Date.now()
    await call('GET', '/session-info')
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('holdAnswers acts on a request at once and answers it only when released', async () => {
    const release = sandbox.holdAnswers()
    let answered = false
    const pending = createContact().then((r) => ((answered = true), r))
    await vi.waitFor(() => expect(sandbox.contacts).toHaveLength(1))
    await new Promise((r) => setTimeout(r, 50))
    expect(answered).toBe(false)
    release()
    expect((await pending).json).toMatchObject({ data: { success: true } })
    // Released: the next answer comes at once.
    expect((await call('GET', '/session-info')).status).toBe(200)
  })

  it('reset releases held answers', async () => {
    sandbox.holdAnswers()
    const pending = call('GET', '/session-info')
    await vi.waitFor(() => expect(sandbox.log).toHaveLength(1))
    sandbox.reset()
    expect((await pending).status).toBe(200)
  })

  it('reset clears log, contacts, faults and delay but keeps keys', async () => {
    sandbox.addKey('kept-key')
    await createContact()
    sandbox.setFault({ kind: 'server-error' })
    sandbox.setDelay(5_000)
    sandbox.reset()
    expect(sandbox.log).toHaveLength(0)
    expect(sandbox.contacts).toHaveLength(0)
    expect((await createContact({}, 'kept-key')).json).toMatchObject({ data: { contact_id: 14087 } })
  })
})

describe('going offline', () => {
  it('refuses connections while offline and comes back on the same port with its state', async () => {
    await createContact()
    const { port, url } = sandbox
    await sandbox.goOffline()
    const error: unknown = await fetch(`${url}/session-info`).catch((e: unknown) => e)
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED')
    await sandbox.goOnline()
    expect(sandbox.port).toBe(port)
    expect(sandbox.contacts).toHaveLength(1)
    expect(sandbox.log).toHaveLength(1)
    expect((await createContact()).json).toMatchObject({ data: { success: false } })
  })
})

describe('closing', () => {
  it('does not wait for a hung request', async () => {
    const own = await startSandbox()
    own.setFault({ kind: 'hang' })
    const pending = fetch(`${own.url}/session-info`, { headers: { 'X-API-Key': DEMO_KEY } }).catch(
      (e: unknown) => e
    )
    await waitFor(() => own.log.length === 1)
    const started = Date.now()
    await own.close()
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(await pending).toBeInstanceOf(Error)
  })

  it('fails to come back online when its port was taken meanwhile', async () => {
    const own = await startSandbox()
    await own.goOffline()
    const squatter = createServer()
    await new Promise<void>((resolve) => squatter.listen(own.port, '127.0.0.1', resolve))
    try {
      await expect(own.goOnline()).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
      await own.close()
    }
  })
})

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
