import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatMessage } from '../../shared/i18n/format'
import { DIAGNOSTIC_LOG_LINES, diagnosticsText, safeBaseUrl, type DiagnosticsFacts } from './diagnostics'
import { createAppLog, LOG_FILE } from './index'

let dir: string
const at = new Date('2026-12-02T03:00:00.000Z')
const english = (
  key: Parameters<typeof formatMessage>[1],
  params: Record<string, string | number> = {}
): string => formatMessage('en', key, params)

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-log-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const fileLines = async (name = LOG_FILE): Promise<string[]> =>
  (await readFile(join(dir, name), 'utf8')).split('\n').filter(Boolean)

describe('createAppLog', () => {
  it('writes one timestamped line per entry, with its level, to the file in its dir', async () => {
    const log = createAppLog({ dir: join(dir, 'logs'), now: () => at })
    log.info('app: ready')
    log.warn('security: blocked a request to https://evil.example')
    log.error('app: could not start (Error)')
    expect((await readFile(join(dir, 'logs', LOG_FILE), 'utf8')).split('\n')).toEqual([
      '2026-12-02T03:00:00.000Z INFO  app: ready',
      '2026-12-02T03:00:00.000Z WARN  security: blocked a request to https://evil.example',
      '2026-12-02T03:00:00.000Z ERROR app: could not start (Error)',
      ''
    ])
  })

  it('keeps an entry on one line, so a newline in it cannot forge another entry', async () => {
    const log = createAppLog({ dir, now: () => at })
    log.warn('ipc: refused\n2026-12-02T03:00:00.000Z INFO  app: all is well')
    expect(await fileLines()).toHaveLength(1)
  })

  it('rotates at its size, keeping the given number of older files, and drops the oldest', async () => {
    const log = createAppLog({ dir, maxBytes: 200, keep: 2, now: () => at })
    for (let n = 0; n < 40; n++) log.info(`line ${n} ${'x'.repeat(20)}`)
    expect((await readdir(dir)).sort()).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`])
    for (const name of [LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`])
      expect((await readFile(join(dir, name))).length).toBeLessThanOrEqual(200)
    expect((await fileLines()).at(-1)).toContain('line 39 ')
    expect((await fileLines(`${LOG_FILE}.2`)).join('\n')).not.toContain('line 0 ')
  })

  it('reads its tail across the current file and the one before it, oldest first', () => {
    const log = createAppLog({ dir, maxBytes: 400, now: () => at })
    for (let n = 0; n < 12; n++) log.info(`line ${n} ${'x'.repeat(20)}`)
    const tail = log.tail(8)
    expect(tail).toHaveLength(8)
    expect(tail.map((line) => /line (\d+)/.exec(line)?.[1])).toEqual([
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11'
    ])
  })

  it('masks every secret the keychain told it, in what it writes and in what it reads back', async () => {
    const log = createAppLog({ dir, now: () => at })
    const key = `hk-${randomUUID()}`
    log.info(`hostup: detail echoed ${key}`)
    log.knowSecret(key)
    log.info(`hostup: detail echoed ${key} again`)
    expect(await fileLines()).toEqual([
      `2026-12-02T03:00:00.000Z INFO  hostup: detail echoed ${key}`,
      '2026-12-02T03:00:00.000Z INFO  hostup: detail echoed [redacted] again'
    ])
    // Learnt after the first line was written, and still kept out of what the log hands on.
    expect(log.tail(10).join('\n')).not.toContain(key)
  })

  it.each([
    ['an API key header', 'sent X-API-Key: hk-1234567890abcdef', 'hk-1234567890abcdef'],
    ['a bearer token', 'Authorization: Bearer abcdefgh12345678', 'abcdefgh12345678'],
    ['a JSON password', 'body {"email":"a@b.se","password":"Sommar-Regn-2026!"}', 'Sommar-Regn-2026!'],
    ['a form password', 'password=Sommar-Regn-2026! next', 'Sommar-Regn-2026!'],
    ['a reset token', '"reset_token": "tok-abcdef123456"', 'tok-abcdef123456'],
    ['a key in a query', 'GET /api/x?api_key=hk-abcdef123456&y=1', 'hk-abcdef123456']
  ])('masks %s it was never told about', (_name, line, secret) => {
    const log = createAppLog({ dir, now: () => at })
    log.warn(line)
    expect(log.tail(1)[0]).not.toContain(secret)
    expect(log.tail(1)[0]).toContain('[redacted]')
  })

  it('leaves ordinary lines alone: channel names, codes and catalogue keys stay readable', () => {
    const log = createAppLog({ dir, now: () => at })
    const line = 'ipc: apiKey:set failed: validation errors.profiles.keyInvalid; token refresh not needed'
    log.warn(line)
    expect(log.tail(1)[0]).toContain(line)
  })

  it('logs a HostUp exchange by method, path, status, time and request ID, and remembers the IDs', async () => {
    const log = createAppLog({ dir, now: () => at })
    log.exchange({ method: 'POST', path: '/teams', status: 201, ms: 182.4, requestId: 'a1b2-c3' })
    log.exchange({ method: 'GET', path: '/account/details', status: 'refused', ms: 3 })
    log.exchange({ method: 'GET', path: '/x', status: 500, ms: 3, requestId: 'bad id with spaces' })
    expect(await fileLines()).toEqual([
      '2026-12-02T03:00:00.000Z INFO  hostup: POST /teams → 201 in 182 ms (request a1b2-c3)',
      '2026-12-02T03:00:00.000Z WARN  hostup: GET /account/details → refused in 3 ms',
      '2026-12-02T03:00:00.000Z WARN  hostup: GET /x → 500 in 3 ms'
    ])
    expect(log.requests()).toEqual([
      { at: at.toISOString(), method: 'POST', path: '/teams', status: 201, requestId: 'a1b2-c3' }
    ])
    for (let n = 0; n < 30; n++)
      log.exchange({ method: 'GET', path: '/teams', status: 200, ms: 1, requestId: `r${n}` })
    expect(log.requests().map((r) => r.requestId)).toEqual(Array.from({ length: 20 }, (_, n) => `r${n + 10}`))
  })

  it('never throws when the file cannot be written, and still tells its echo', async () => {
    const blocked = join(dir, 'not-a-dir')
    await writeFile(blocked, 'a file where the log dir should be')
    const echoed: string[] = []
    const log = createAppLog({ dir: blocked, now: () => at, echo: (line) => echoed.push(line) })
    expect(() => log.warn('still running')).not.toThrow()
    expect(echoed).toEqual(['2026-12-02T03:00:00.000Z WARN  still running'])
    expect(log.tail(5)).toEqual([])
  })
})

describe('diagnosticsText', () => {
  const facts: DiagnosticsFacts = {
    appName: 'HostUp Contacts',
    version: '0.1.0',
    platform: 'linux',
    osRelease: '6.1.0',
    arch: 'x64',
    versions: { electron: '45.5.0', chrome: '142.0.0.0', node: '22.20.0' },
    locale: 'en',
    baseUrl: 'https://user:pw@cloud.hostup.se/api?token=x#y'
  }

  it('says what support needs: versions, system, base URL, request IDs, the last 50 log lines', () => {
    const log = createAppLog({ dir, now: () => at })
    for (let n = 0; n < 60; n++) log.info(`entry ${n}`)
    log.exchange({ method: 'POST', path: '/teams', status: 201, ms: 5, requestId: 'req-1' })
    const text = diagnosticsText(facts, log)
    expect(text).toContain(english('diagnostics.title', { app: 'HostUp Contacts' }))
    expect(text).toContain(`${english('diagnostics.version')}: 0.1.0`)
    expect(text).toContain(`${english('diagnostics.os')}: linux 6.1.0 (x64)`)
    expect(text).toContain(`${english('diagnostics.electron')}: 45.5.0`)
    expect(text).toContain(`${english('diagnostics.chromium')}: 142.0.0.0`)
    expect(text).toContain(`${english('diagnostics.baseUrl')}: https://cloud.hostup.se/api\n`)
    expect(text).toContain(`${at.toISOString()} POST /teams 201 req-1`)
    const logPart = text.split(`${english('diagnostics.log', { count: DIAGNOSTIC_LOG_LINES })}:\n`)[1] ?? ''
    expect(logPart.trim().split('\n')).toHaveLength(50)
    expect(logPart).not.toContain('entry 10\n')
    expect(logPart).toContain('entry 59')
  })

  it('says when there is no profile, no request and no log yet, in the chosen language', () => {
    const log = createAppLog({ dir: join(dir, 'empty'), now: () => at })
    const text = diagnosticsText({ ...facts, locale: 'sv', baseUrl: null }, log)
    expect(text).toContain('Diagnostik för HostUp Contacts')
    expect(text).toContain('Profilens bas-URL: (ingen profil vald)')
    expect(text).toContain('(ingen förfrågan till HostUp under den här körningen)')
    expect(text).toContain('(loggen är tom)')
  })

  it('shows a base URL without user info, query or fragment', () => {
    expect(safeBaseUrl('https://a:b@cloud.hostup.se/api?k=1#f')).toBe('https://cloud.hostup.se/api')
    expect(safeBaseUrl('http://127.0.0.1:4010/api')).toBe('http://127.0.0.1:4010/api')
    expect(safeBaseUrl('not a url')).toBeNull()
    expect(safeBaseUrl(null)).toBeNull()
  })
})
