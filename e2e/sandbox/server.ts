/** The sandbox's HTTP side: reading requests, logging them, sending answers, going on and off line. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { DEMO_KEY } from './fixtures'
import { answer, createFaults, type Answer } from './faults'
import { problem, type Reply } from './reply'
import { route } from './routes'
import { addKey, clearData, createState } from './state'
import type { Sandbox, SandboxOptions, SandboxRequest } from './types'

const MAX_BODY_BYTES = 1024 * 1024
const HUGE_CHUNK = Buffer.alloc(64 * 1024, 'x')

interface ReadBody {
  text: string
  tooLarge: boolean
  /** The client went away before the body ended. */
  aborted: boolean
}

// Keeps draining past the cap so the client reads the 413 instead of a broken pipe.
function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let ended = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => {
      ended = true
      const tooLarge = size > MAX_BODY_BYTES
      resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge, aborted: false })
    })
    req.on('error', () => undefined)
    req.on('close', () => {
      if (!ended) resolve({ text: '', tooLarge: false, aborted: true })
    })
  })
}

function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function loggedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    headers[name] = name === 'x-api-key' ? '<redacted>' : Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

function sendReply(res: ServerResponse, reply: Reply): void {
  const isText = typeof reply.body === 'string'
  const text = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body)
  res.writeHead(reply.status, {
    'Content-Type':
      reply.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'),
    'Content-Length': String(Buffer.byteLength(text)),
    ...reply.headers
  })
  res.end(text)
}

function streamHuge(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
  const head = '{"success":true,"padding":"'
  res.write(head)
  let sent = head.length
  const pump = (): void => {
    while (sent < bytes - 2 && !res.destroyed) {
      const chunk = HUGE_CHUNK.subarray(0, Math.min(HUGE_CHUNK.length, bytes - 2 - sent))
      sent += chunk.length
      if (!res.write(chunk)) {
        res.once('drain', pump)
        return
      }
    }
    if (!res.destroyed) res.end('"}')
  }
  pump()
}

function deliver(req: IncomingMessage, res: ServerResponse, result: Answer): void {
  switch (result.kind) {
    case 'reply':
      return sendReply(res, result.reply)
    case 'stream':
      return streamHuge(res, result.bytes)
    case 'cut':
      res.writeHead(result.status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(result.declaredLength)
      })
      res.write(result.text, () => req.socket.destroy())
      return
    case 'destroy':
      req.socket.destroy()
      return
    case 'hang':
      return
  }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1'
  const state = createState(opts.keys ?? [DEMO_KEY])
  const faults = createFaults()
  const log: SandboxRequest[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let delayMs = 0
  /** Answers waiting for `holdAnswers`' release, in arrival order; undefined while none are held. */
  let held: (() => void)[] | undefined
  let listening = false
  const release = (): void => {
    const waiting = held ?? []
    held = undefined
    for (const answerNow of waiting) answerNow()
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { text, tooLarge, aborted } = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://sandbox')
    const method = req.method ?? 'GET'
    const path = url.pathname
    const query = Object.fromEntries(url.searchParams)
    const key = headerValue(req.headers['x-api-key'])
    const body = tooLarge ? '<body over 1 MiB, not kept>' : parseBody(text)
    const keyMatched = key !== undefined && state.keys.has(key)
    log.push({ method, path, query, headers: loggedHeaders(req), keyMatched, body, receivedAt: new Date() })
    if (aborted) return
    const result: Answer = tooLarge
      ? { kind: 'reply', reply: problem(413, 'payload_too_large', 'The request body is over 1 MiB.', path) }
      : answer(faults.take(path, method), path, () => route(state, { method, path, query, body, key }))
    if (held) return void held.push(() => deliver(req, res, result))
    if (delayMs <= 0) return deliver(req, res, result)
    const timer = setTimeout(() => {
      timers.delete(timer)
      deliver(req, res, result)
    }, delayMs)
    timers.add(timer)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // A bug in a route must show up as a 500 in the test that hit it, not crash the test run.
      if (!res.headersSent)
        sendReply(res, problem(500, 'internal_error', 'The sandbox failed.', req.url ?? '/'))
      else res.destroy()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (_error, socket) => socket.destroy())

  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        listening = true
        resolve()
      })
    })

  const stop = async (): Promise<void> => {
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
    // Held answers go with their connections; holding goes on for what comes after.
    if (held) held = []
    if (!listening) return
    listening = false
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    await closed
    // Let clients in this process see their pooled keep-alive sockets close before they send again.
    await new Promise((resolve) => setTimeout(resolve, 20))
  }

  await listen(opts.port ?? 0)
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('The sandbox did not get a TCP port.')
  const port = address.port
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `http://${urlHost}:${port}/api`,
    port,
    log,
    contacts: state.contacts,
    addKey: (key, keyOpts) => addKey(state, key, keyOpts),
    revokeKey: (key) => void state.keys.delete(key),
    setDelay: (ms) => {
      delayMs = ms
    },
    holdAnswers: () => {
      held ??= []
      return release
    },
    failNext: (fault, failOpts) => faults.failNext(fault, failOpts),
    setItemsAsNames: (asNames) => {
      state.itemsAsNames = asNames
    },
    setFault: (fault) => faults.set(fault),
    goOffline: stop,
    goOnline: async () => {
      if (!listening) await listen(port)
    },
    reset: () => {
      log.length = 0
      clearData(state)
      faults.clear()
      delayMs = 0
      release()
    },
    close: stop
  }
}
