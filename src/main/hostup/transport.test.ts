import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeFetchError, send, type Failure, type TransportOptions } from './transport'

/** An error shaped as Node and undici make them: a code, a syscall, a message, and what it wraps. */
function systemError(
  code: string,
  extra: { syscall?: string; message?: string; cause?: unknown } = {}
): Error {
  const error = new Error(extra.message ?? code, extra.cause === undefined ? {} : { cause: extra.cause })
  return Object.assign(error, { code }, extra.syscall === undefined ? {} : { syscall: extra.syscall })
}

/** fetch's own wrapper: TypeError('fetch failed') with the real error as its cause. */
const fetchFailed = (cause: unknown): TypeError => new TypeError('fetch failed', { cause })

describe('describeFetchError: could the request have reached the server?', () => {
  it.each<[string, unknown, Failure]>([
    [
      'refused',
      systemError('ECONNREFUSED', { syscall: 'connect' }),
      { reached: false, reason: 'refused', cause: 'ECONNREFUSED' }
    ],
    [
      'no such host',
      systemError('ENOTFOUND', { syscall: 'getaddrinfo' }),
      { reached: false, reason: 'dns', cause: 'ENOTFOUND' }
    ],
    ['DNS not answering', systemError('EAI_AGAIN'), { reached: false, reason: 'dns', cause: 'EAI_AGAIN' }],
    [
      'no route',
      systemError('EHOSTUNREACH'),
      { reached: false, reason: 'unreachable', cause: 'EHOSTUNREACH' }
    ],
    ['network down', systemError('ENETDOWN'), { reached: false, reason: 'unreachable', cause: 'ENETDOWN' }],
    [
      'undici connect timeout',
      systemError('UND_ERR_CONNECT_TIMEOUT'),
      { reached: false, reason: 'connect-timeout', cause: 'UND_ERR_CONNECT_TIMEOUT' }
    ],
    [
      'connect() timed out',
      systemError('ETIMEDOUT', { syscall: 'connect' }),
      { reached: false, reason: 'connect-timeout', cause: 'ETIMEDOUT' }
    ],
    // Timed out elsewhere than in connect (a read): the request may have been written.
    [
      'a read timed out',
      systemError('ETIMEDOUT', { syscall: 'read' }),
      { reached: true, reason: 'other', cause: 'ETIMEDOUT' }
    ],
    [
      'bad certificate',
      systemError('CERT_HAS_EXPIRED'),
      { reached: false, reason: 'tls', cause: 'CERT_HAS_EXPIRED' }
    ],
    [
      'self-signed',
      systemError('SELF_SIGNED_CERT_IN_CHAIN'),
      { reached: false, reason: 'tls', cause: 'SELF_SIGNED_CERT_IN_CHAIN' }
    ],
    [
      'TLS alert',
      systemError('ERR_SSL_WRONG_VERSION_NUMBER'),
      { reached: false, reason: 'tls', cause: 'ERR_SSL_WRONG_VERSION_NUMBER' }
    ],
    // Only a code that starts so is TLS's.
    [
      'not TLS though it says CERT',
      systemError('MY_CERT_ERROR'),
      { reached: true, reason: 'other', cause: 'MY_CERT_ERROR' }
    ],
    [
      'reset',
      systemError('ECONNRESET', { syscall: 'read' }),
      { reached: true, reason: 'reset', cause: 'ECONNRESET' }
    ],
    [
      'socket closed',
      systemError('UND_ERR_SOCKET'),
      { reached: true, reason: 'reset', cause: 'UND_ERR_SOCKET' }
    ],
    ['broken pipe', systemError('EPIPE'), { reached: true, reason: 'reset', cause: 'EPIPE' }],
    [
      'client closed',
      systemError('UND_ERR_CLOSED'),
      { reached: true, reason: 'reset', cause: 'UND_ERR_CLOSED' }
    ],
    ['an unknown code', systemError('EWHATEVER'), { reached: true, reason: 'other', cause: 'EWHATEVER' }],
    ['no code at all', new Error('something'), { reached: true, reason: 'other', cause: undefined }],
    ['not even an error', 'fetch failed', { reached: true, reason: 'other', cause: undefined }]
  ])('%s', (_name, cause, expected) => {
    expect(describeFetchError(fetchFailed(cause))).toEqual(expected)
  })

  it("refuses fetch's bad ports as never sent, and only by that message", () => {
    expect(describeFetchError(fetchFailed(new Error('bad port')))).toEqual({
      reached: false,
      reason: 'blocked-port'
    })
    expect(describeFetchError(fetchFailed(new Error('a bad port, maybe')))).toMatchObject({ reached: true })
  })

  it('looks through every error happy-eyeballs tried, and through causes of causes', () => {
    const aggregate = Object.assign(
      new AggregateError([systemError('ECONNREFUSED'), systemError('ENETUNREACH')]),
      {
        code: 'ETIMEDOUT'
      }
    )
    // Refused beats unreachable: one address refused, so nothing reached the server.
    expect(describeFetchError(fetchFailed(aggregate))).toEqual({
      reached: false,
      reason: 'refused',
      cause: 'ECONNREFUSED'
    })
    const deep = fetchFailed(
      systemError('E1', { cause: systemError('E2', { cause: systemError('ENOTFOUND') }) })
    )
    expect(describeFetchError(deep)).toEqual({ reached: false, reason: 'dns', cause: 'ENOTFOUND' })
    // The syscall is read from wrapped errors too.
    const wrapped = fetchFailed(
      systemError('ETIMEDOUT', { cause: Object.assign(new Error('inner'), { syscall: 'connect' }) })
    )
    expect(describeFetchError(wrapped)).toMatchObject({ reason: 'connect-timeout' })
    // And the message: fetch says "bad port" in its cause.
    expect(describeFetchError(fetchFailed(fetchFailed(new Error('bad port'))))).toMatchObject({
      reason: 'blocked-port'
    })
  })

  it('reads five wrappings deep and no deeper, and never loops on an error that wraps itself', () => {
    const wrap = (levels: number, inner: unknown): unknown =>
      levels === 0 ? inner : wrap(levels - 1, new Error(`level ${levels}`, { cause: inner }))
    // fetchFailed is depth 0: the code at depth 5 counts, the one at depth 6 does not.
    expect(describeFetchError(fetchFailed(wrap(4, systemError('ECONNREFUSED'))))).toMatchObject({
      reason: 'refused'
    })
    expect(describeFetchError(fetchFailed(wrap(5, systemError('ECONNREFUSED'))))).toMatchObject({
      reason: 'other'
    })
    const inAggregate = (levels: number): unknown =>
      fetchFailed(wrap(levels, new AggregateError([systemError('ENOTFOUND')])))
    expect(describeFetchError(inAggregate(3))).toMatchObject({ reason: 'dns' })
    expect(describeFetchError(inAggregate(4))).toMatchObject({ reason: 'other' })
    const loop = systemError('ECONNRESET') as Error & { cause?: unknown }
    loop.cause = loop
    expect(describeFetchError(fetchFailed(loop))).toEqual({
      reached: true,
      reason: 'reset',
      cause: 'ECONNRESET'
    })
  })

  it('takes only strings as codes, syscalls and messages', () => {
    const odd = Object.assign(new Error(), { code: 111, syscall: 7, message: 42 })
    expect(describeFetchError(fetchFailed(odd))).toEqual({ reached: true, reason: 'other', cause: undefined })
  })
})

describe('send over real HTTP', () => {
  let server: Server
  let base: string
  const handlers = new Map<string, (res: ServerResponse) => void>()

  beforeAll(async () => {
    server = createServer((req, res) => {
      const handle = handlers.get(req.url ?? '')
      if (handle) handle(res)
      else res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const options = (patch: Partial<TransportOptions> = {}): TransportOptions => ({
    fetch,
    apiKey: 'k',
    timeoutMs: 2_000,
    maxResponseBytes: 10,
    ...patch
  })

  /** fetch, with `step` run once the headers are in and before the body is read. */
  const onceHeadersAreIn =
    (step: () => unknown): typeof fetch =>
    async (input, init) => {
      const response = await fetch(input, init)
      await step()
      return response
    }

  /** A body written in chunks, one every `gapMs`, then the end (unless `end` is false). */
  function chunked(path: string, chunks: string[], opts: { gapMs?: number; end?: boolean } = {}): void {
    handlers.set(path, (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.flushHeaders()
      let i = 0
      const next = (): void => {
        if (i < chunks.length) {
          res.write(chunks[i++])
          setTimeout(next, opts.gapMs ?? 5)
        } else if (opts.end !== false) res.end()
      }
      next()
    })
  }

  it('reads a body of exactly the cap, in several chunks, and refuses one byte more', async () => {
    chunked('/ten', ['1234', '5678', '90'])
    chunked('/eleven', ['1234', '5678', '901'])
    expect(await send(options(), { method: 'GET', url: `${base}/ten` })).toMatchObject({
      ok: true,
      exchange: { status: 200, body: { kind: 'text', text: '1234567890' } }
    })
    expect(await send(options(), { method: 'GET', url: `${base}/eleven` })).toMatchObject({
      ok: true,
      exchange: { body: { kind: 'too-large' } }
    })
  })

  it('reads an empty answer as empty text', async () => {
    handlers.set('/empty', (res) => res.writeHead(204).end())
    expect(await send(options(), { method: 'DELETE', url: `${base}/empty` })).toMatchObject({
      ok: true,
      exchange: { status: 204, body: { kind: 'text', text: '' } }
    })
  })

  it('says "timeout", reached, when the deadline passes before the headers', async () => {
    handlers.set('/silent', () => undefined)
    expect(
      await send(options({ timeoutMs: 100 }), { method: 'POST', url: `${base}/silent`, body: '{}' })
    ).toEqual({
      ok: false,
      failure: { reached: true, reason: 'timeout' }
    })
  })

  it('says the body timed out when the deadline passes while it arrives', async () => {
    // A body that never ends, and a fetch that hands its answer over only once the deadline has passed.
    chunked('/slow-body', ['1'], { end: false })
    const late = onceHeadersAreIn(() => new Promise((r) => setTimeout(r, 150)))
    expect(
      await send(options({ timeoutMs: 100, fetch: late }), { method: 'GET', url: `${base}/slow-body` })
    ).toMatchObject({
      ok: true,
      exchange: { status: 200, body: { kind: 'timeout' } }
    })
  })

  it('tells a cancel apart: before sending, while waiting for headers, while the body arrives', async () => {
    const before = new AbortController()
    before.abort()
    expect(await send(options(), { method: 'GET', url: `${base}/ten`, signal: before.signal })).toEqual({
      ok: false,
      failure: { reached: false, reason: 'cancelled-before' }
    })

    const waiting = new AbortController()
    handlers.set('/wait', () => setTimeout(() => waiting.abort(), 30))
    expect(await send(options(), { method: 'GET', url: `${base}/wait`, signal: waiting.signal })).toEqual({
      ok: false,
      failure: { reached: true, reason: 'cancelled' }
    })

    // Cancelled once the headers are in, while the body (which never ends) is still coming.
    const reading = new AbortController()
    chunked('/half', ['12'], { end: false })
    const thenCancel = onceHeadersAreIn(() => reading.abort())
    expect(
      await send(options({ fetch: thenCancel }), {
        method: 'GET',
        url: `${base}/half`,
        signal: reading.signal
      })
    ).toMatchObject({
      ok: true,
      exchange: { body: { kind: 'cancelled' } }
    })
  })

  it('says the body was cut off when the connection dies in the middle of it', async () => {
    let cut = (): void => undefined
    handlers.set('/cut', (res) => {
      res.writeHead(200, { 'Content-Length': '100' })
      res.write('12')
      cut = () => res.socket?.destroy()
    })
    // The connection dies once the headers are in, with 98 of the 100 bytes still to come.
    const thenCut = onceHeadersAreIn(() => cut())
    const sent = await send(options({ fetch: thenCut }), { method: 'GET', url: `${base}/cut` })
    expect(sent).toMatchObject({ ok: true, exchange: { status: 200, body: { kind: 'cut-off' } } })
    expect(sent.ok && sent.exchange.body.kind === 'cut-off' && sent.exchange.body.cause).toMatch(
      /^UND_ERR_|^E[A-Z]+/
    )
  })

  it("lets go of the caller's signal: a cancel after the answer changes nothing and is not heard", async () => {
    chunked('/ok', ['{}'])
    const controller = new AbortController()
    let listeners = 0
    const signal = controller.signal
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      if (args[0] === 'abort') listeners++
      add(...args)
    }) as typeof signal.addEventListener
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      if (args[0] === 'abort') listeners--
      remove(...args)
    }) as typeof signal.removeEventListener
    const sent = await send(options(), { method: 'GET', url: `${base}/ok`, signal })
    expect(sent).toMatchObject({ ok: true, exchange: { body: { kind: 'text', text: '{}' } } })
    expect(listeners).toBe(0)
    controller.abort()
  })

  it('is refused before connecting to a closed port, and to a port fetch will not use', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    expect(
      await send(options(), { method: 'POST', url: `http://127.0.0.1:${port}/api/teams`, body: '{}' })
    ).toEqual({
      ok: false,
      failure: { reached: false, reason: 'refused', cause: 'ECONNREFUSED' }
    })
    expect(
      await send(options(), { method: 'POST', url: 'http://127.0.0.1:6000/api/teams', body: '{}' })
    ).toEqual({
      ok: false,
      failure: { reached: false, reason: 'blocked-port' }
    })
  })
})
