import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { IpcMainInvokeEvent, WebFrameMain } from 'electron'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS, type Handlers, type InvokeChannel } from '../shared/ipc'
import { isMessageKey } from '../shared/i18n/format'
import { DEFAULT_TIMEOUT_MS } from './hostup/client'
import { createHandlers, parsers, registerIpc } from './ipc'
import { createServices } from './services'

let dir: string
let handlers: Handlers
const secretService = `hostup-contacts-test-ipc-${randomUUID()}`

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-ipc-'))
  const services = await createServices({
    dataDir: dir,
    secretService,
    isOnline: () => true,
    version: '1.2.3',
    platform: 'linux',
    emit: () => undefined,
    chooseSavePath: async () => null
  })
  handlers = createHandlers(services)
})

afterAll(async () => {
  const state = await handlers['profiles:list'](undefined)
  if (state.ok) for (const p of state.value.profiles) await handlers['apiKey:clear']({ profileId: p.id })
  await rm(dir, { recursive: true, force: true })
})

describe('IPC handlers', () => {
  it('answers every channel with a Result for any payload, never a throw', async () => {
    for (const channel of INVOKE_CHANNELS) {
      await fc.assert(
        fc.asyncProperty(fc.anything(), async (payload) => {
          const result = await handlers[channel](payload)
          expect(typeof result.ok).toBe('boolean')
          if (!result.ok) expect(typeof result.error.message).toBe('string')
        }),
        { numRuns: 40 }
      )
    }
  })

  it('rejects malformed payloads on every channel that takes one with a validation error', async () => {
    const malformed = [42, 'text', [], { unexpected: true }, { id: '../../etc/passwd' }, { profileId: 5 }]
    for (const channel of INVOKE_CHANNELS) {
      for (const payload of malformed) {
        const result = await handlers[channel](payload)
        expect(result.ok, `${channel} accepted ${JSON.stringify(payload)}`).toBe(false)
        if (!result.ok) expect(result.error.code).toBe('validation')
      }
    }
  })

  it('answers a missing payload with a validation error, like any other malformed one', async () => {
    for (const channel of INVOKE_CHANNELS) {
      if (parsers[channel](undefined).ok) continue // the channels that take no request
      for (const payload of [undefined, null]) {
        const result = await handlers[channel](payload)
        expect(result, `${channel} with ${String(payload)}`).toMatchObject({
          ok: false,
          error: { code: 'validation', message: 'errors.app.unreadableRequest' }
        })
      }
    }
  })

  it('says every refusal of a payload in the catalogue, never in a message of yup’s own', async () => {
    for (const channel of INVOKE_CHANNELS) {
      for (const payload of [42, { id: 7 }, { profileId: 'x', apiKey: 12 }, { query: { limit: 'all' } }]) {
        const result = await handlers[channel](payload)
        if (result.ok) continue
        expect(isMessageKey(result.error.message), `${channel}: ${result.error.message}`).toBe(true)
        for (const key of Object.values(result.error.fields ?? {})) expect(isMessageKey(key), key).toBe(true)
      }
    }
  })

  it('refuses what is not a draft at drafts:save and writes nothing', async () => {
    const fields = {
      firstname: 'Åsa',
      lastname: 'Lindqvist',
      email: 'asa@example.se',
      phonenumber: '',
      address1: '',
      city: 'Malmö',
      country: 'SE',
      postcode: ''
    }
    const id = () => randomUUID()
    const bad = [
      { id: 'has space', profileId: 'p1', fields },
      { id: id(), profileId: 'p1', fields: { ...fields, password: 'Canary-123' } },
      { id: id(), profileId: 'p1', fields: { ...fields, city: 'x'.repeat(301) } },
      { id: id(), profileId: 'p1', fields: { ...fields, email: 5 } },
      { id: id(), profileId: 'p1', fields, password: 'x'.repeat(129) },
      { id: id(), profileId: 'p1', fields, extra: true }
    ]
    for (const input of bad) {
      expect(await handlers['drafts:save'](input)).toMatchObject({ ok: false, error: { code: 'validation' } })
    }
    expect(await handlers['drafts:list']({ profileId: 'p1' })).toEqual({ ok: true, value: [] })
    expect(await handlers['drafts:get']({ id: 'form-1', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    expect(await handlers['drafts:list'](null)).toMatchObject({ ok: false, error: { code: 'validation' } })
  })

  it('puts field errors as message keys on the fields they name', async () => {
    const result = await handlers['profiles:save']({ name: '', baseUrl: 'http://example.com/api' })
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        fields: { name: 'profile.name.required', baseUrl: 'profile.baseUrl.invalid' }
      }
    })
  })

  it('never casts: a number where a string belongs is refused, not stringified', async () => {
    const result = await handlers['apiKey:set']({ profileId: 'abc', apiKey: 1234567890123 })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { apiKey: expect.any(String) } }
    })
  })

  it('reports app info without a payload', async () => {
    expect(await handlers['app:info'](undefined)).toEqual({
      ok: true,
      value: {
        name: 'HostUp Contacts',
        version: '1.2.3',
        platform: 'linux',
        online: true,
        requestTimeoutMs: DEFAULT_TIMEOUT_MS
      }
    })
  })

  it('keeps the API key out of every response and every file', async () => {
    const canary = `canary-key-${randomUUID()}-${randomUUID()}`
    const saved = await handlers['profiles:save']({
      name: `Canary ${randomUUID().slice(0, 6)}`,
      baseUrl: 'https://cloud.hostup.se/api'
    })
    expect(saved.ok).toBe(true)
    if (!saved.ok) return
    const profileId = saved.value.id
    const responses = [
      await handlers['apiKey:set']({ profileId, apiKey: canary }),
      await handlers['apiKey:status']({ profileId }),
      await handlers['profiles:list'](undefined),
      await handlers['profiles:select']({ id: profileId }),
      await handlers['profiles:save']({
        id: profileId,
        name: 'Canary renamed',
        baseUrl: 'https://cloud.hostup.se/api/'
      })
    ]
    expect(responses[0]).toEqual({ ok: true, value: { set: true, hint: canary.slice(-4) } })
    for (const response of responses) expect(JSON.stringify(response)).not.toContain(canary)
    for (const file of await readdir(dir))
      expect(await readFile(join(dir, file), 'utf8')).not.toContain(canary)
    await handlers['apiKey:clear']({ profileId })
  })
})

describe('registerIpc', () => {
  type Listener = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>
  // The one stand-in: Electron's ipcMain cannot exist in plain Node.
  function fakeIpcMain(): {
    handle(c: string, l: Listener): void
    removeHandler(c: string): void
    listeners: Map<string, Listener>
  } {
    const listeners = new Map<string, Listener>()
    return { listeners, handle: (c, l) => listeners.set(c, l), removeHandler: (c) => listeners.delete(c) }
  }
  const frame = (url: string): WebFrameMain => ({ url }) as WebFrameMain
  const event = (url: string): IpcMainInvokeEvent => ({ senderFrame: frame(url) }) as IpcMainInvokeEvent

  it('registers every channel and answers the app frame', async () => {
    const ipc = fakeIpcMain()
    registerIpc(ipc, handlers, (f) => f?.url.startsWith('app://hostup/') ?? false)
    expect([...ipc.listeners.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    const answer = await ipc.listeners.get('app:info' satisfies InvokeChannel)?.(
      event('app://hostup/index.html'),
      undefined
    )
    expect(answer).toMatchObject({ ok: true })
  })

  it('refuses a call from a foreign frame, logging the origin but not the payload', async () => {
    const ipc = fakeIpcMain()
    const log: string[] = []
    registerIpc(
      ipc,
      handlers,
      (f) => f?.url.startsWith('app://hostup/') ?? false,
      (line) => log.push(line)
    )
    const secret = `secret-${randomUUID()}`
    const answer = await ipc.listeners.get('apiKey:set')?.(event('https://evil.example/x?y'), {
      profileId: 'a',
      apiKey: secret
    })
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(log).toEqual(['ipc: refused apiKey:set from an untrusted frame (https://evil.example)'])
    expect(log.join('\n')).not.toContain(secret)
  })

  it('removes every handler when disposed', () => {
    const ipc = fakeIpcMain()
    const dispose = registerIpc(ipc, handlers, () => true)
    dispose()
    expect(ipc.listeners.size).toBe(0)
  })
})
