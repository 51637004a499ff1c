/**
 * Test support: the real main process for component and store tests. The real services and
 * handlers over a temporary data directory, a keychain in memory and a sandbox HostUp, behind the
 * real `createApi`, installed as `window.api`. The one thin part: it records every call, and can
 * answer the next call on a channel with an error, or hold a channel's answers, for the moments a
 * test must catch the page in (a send in flight, a failure main cannot be made to produce).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fetch as nodeFetch } from 'undici'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../../../e2e/sandbox'
import { createHandlers, type Services } from '../../../main/ipc'
import { createServices } from '../../../main/services'
import { memorySecretBackend, type MemoryBackend } from '../../../main/testing/memory-secrets'
import { createApi } from '../../../preload/api'
import type { ExportFormat } from '@shared/history'
import {
  isInvokeChannel,
  type AppError,
  type EventChannel,
  type EventPayload,
  type Handlers,
  type HostupApi,
  type InvokeChannel
} from '@shared/ipc'

export { DEMO_KEY }

export interface Backend {
  api: HostupApi
  services: Services
  handlers: Handlers
  sandbox: Sandbox
  keychain: MemoryBackend
  dataDir: string
  /** Every call the page made, with its payload: what crossed IPC. */
  calls: { channel: InvokeChannel; payload: unknown }[]
  callsTo(channel: InvokeChannel): unknown[]
  /** Answers the next call on `channel` with `error` (it does not reach main). */
  failNext(channel: InvokeChannel, error: AppError): void
  /** Holds every answer on `channel` until the returned function is called. */
  hold(channel: InvokeChannel): () => void
  /** Main's view of the network: the outbox and `app:info` follow it, and the page hears `app:online`. */
  setOnline(online: boolean): void
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void
  /** A profile on the sandbox, with its demo key set (selected if it is the first). */
  seedProfile(name?: string, key?: string | null): Promise<string>
  /** The next save dialog answers with this path (default: a file in the data dir); null cancels. */
  nextSavePath(path: string | null): void
  close(): Promise<void>
}

export interface BackendOptions {
  /** Backoff between automatic resends (default 50 ms, so tests are quick). */
  backoff?: (attempt: number) => number
  timeoutMs?: number
}

let current: Backend | undefined

export async function openBackend(options: BackendOptions = {}): Promise<Backend> {
  const sandbox = await startSandbox({ port: 0 })
  const dataDir = await mkdtemp(join(tmpdir(), 'hostup-renderer-'))
  const keychain = memorySecretBackend()
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()
  const failures = new Map<InvokeChannel, AppError>()
  const held = new Map<InvokeChannel, Promise<void>>()
  const calls: Backend['calls'] = []
  let online = true
  let savePath: string | null | undefined

  const emit = <E extends EventChannel>(event: E, payload: EventPayload<E>): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload)
  }
  const services = await createServices({
    dataDir,
    secretService: 'hostup-contacts-renderer-test',
    secretBackend: keychain,
    isOnline: () => online,
    version: '0.0.0-test',
    platform: 'linux',
    emit,
    chooseSavePath: async (name: string, _format: ExportFormat) => {
      const chosen = savePath === undefined ? join(dataDir, name) : savePath
      savePath = undefined
      return chosen
    },
    // happy-dom's own fetch applies a page's same-origin rules; main's is Node's (undici).
    fetch: nodeFetch as unknown as typeof fetch,
    timeoutMs: options.timeoutMs ?? 3000,
    outboxBackoff: options.backoff ?? (() => 50)
  })
  const handlers = createHandlers(services)

  const api = createApi(
    async (channel, payload) => {
      if (!isInvokeChannel(channel)) throw new Error(`not a channel: ${String(channel)}`)
      calls.push({ channel, payload })
      const failure = failures.get(channel)
      if (failure) {
        failures.delete(channel)
        return { ok: false, error: failure }
      }
      await held.get(channel)
      return handlers[channel](payload)
    },
    (channel, listener) => {
      const set = listeners.get(channel) ?? new Set()
      listeners.set(channel, set)
      set.add(listener)
      return () => set.delete(listener)
    }
  )
  ;(window as { api?: HostupApi }).api = api
  await services.start()

  const backend: Backend = {
    api,
    services,
    handlers,
    sandbox,
    keychain,
    dataDir,
    calls,
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.payload),
    failNext: (channel, error) => failures.set(channel, error),
    hold(channel) {
      let release: () => void = () => undefined
      held.set(channel, new Promise<void>((resolve) => (release = resolve)))
      return () => {
        held.delete(channel)
        release()
      }
    },
    setOnline(value) {
      online = value
      emit('app:online', { online: value })
      services.onlineChanged(value)
    },
    emit,
    async seedProfile(name = 'Acme AB', key: string | null = DEMO_KEY) {
      const saved = await handlers['profiles:save']({ name, baseUrl: sandbox.url })
      if (!saved.ok) throw new Error(saved.error.message)
      if (key !== null) await handlers['apiKey:set']({ profileId: saved.value.id, apiKey: key })
      return saved.value.id
    },
    nextSavePath(path) {
      savePath = path
    },
    async close() {
      services.stop()
      delete (window as { api?: HostupApi }).api
      await sandbox.close()
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
      if (current === backend) current = undefined
    }
  }
  current = backend
  return backend
}

/** For an `afterEach`: closes the backend a test opened, if any. */
export async function closeBackend(): Promise<void> {
  await current?.close()
}
