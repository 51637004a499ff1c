/**
 * Test support: the real main process for component and store tests. The real services and
 * handlers over a temporary data directory, a keychain in memory and a sandbox HostUp, behind the
 * real `createApi`, installed as `window.api`. The one thin part: it records every call, and can
 * answer the next call on a channel with an error, or hold a channel's answers, for the moments a
 * test must catch the page in (a send in flight, a failure main cannot be made to produce).
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fetch as nodeFetch } from 'undici'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../../../e2e/sandbox'
import { createHandlers, type Services } from '../../../main/ipc'
import { createServices } from '../../../main/services'
import { HISTORY_FILE, HISTORY_KIND, HISTORY_SCHEMA_VERSION } from '../../../main/store/history'
import { memorySecretBackend, type MemoryBackend } from '../../../main/testing/memory-secrets'
import { createApi } from '../../../preload/api'
import type { UpdatePolicy, Updater } from '../../../main/updates'
import type { ContactInput } from '@shared/contact'
import type { Draft, DraftFields } from '@shared/draft'
import type { ExportFormat, HistoryEntry } from '@shared/history'
import type { OutboxItem } from '@shared/outbox'
import type { Result } from '@shared/result'
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
  /**
   * Starts the services as the app does: what a previous run left mid-send is settled, and the outbox
   * sends by itself from here on. Not done by `openBackend`, so seeding cannot race the outbox.
   */
  start(): Promise<void>
  /** A profile on the sandbox, with its demo key set (selected if it is the first). */
  seedProfile(name?: string, key?: string | null): Promise<string>
  /** The next save dialog answers with this path (default: a file in the data dir); null cancels. */
  nextSavePath(path: string | null): void
  /** The files "Show in folder" revealed (the file manager's stand-in), in order. */
  shownInFolder: string[]
  /** The next open dialog (Choose file…) answers with this path; without one it is cancelled. */
  nextOpenPath(path: string | null): void
  /** A File the page can be handed in a drop event, whose path on disk `window.api.pathOf` tells. */
  droppedFile(path: string): File
  /** A contact created through the app (in HostUp and in the history): its history entry. */
  created(profileId: string, contact?: Partial<ContactInput>): Promise<HistoryEntry>
  /** A contact waiting in the outbox (sent while offline): its outbox item. */
  queued(profileId: string, contact?: Partial<ContactInput>, formId?: string): Promise<OutboxItem>
  /** A contact whose send ended `unknown` (HostUp answered 500): its outbox item. */
  unknown(profileId: string, contact?: Partial<ContactInput>, formId?: string): Promise<OutboxItem>
  /** A draft, as autosave keeps one. */
  draft(profileId: string, fields?: Partial<DraftFields>, id?: string): Promise<Draft>
  close(): Promise<void>
}

let people = 0

/** A valid contact with an e-mail of its own; `overrides` win. */
export function person(overrides: Partial<ContactInput> = {}): ContactInput {
  people += 1
  return {
    firstname: 'Anna',
    lastname: `Svensson ${people}`,
    email: `anna.${people}.${randomUUID().slice(0, 6)}@example.com`,
    password: 'Sommar-Regn-2026!',
    phonenumber: '',
    address1: '',
    city: 'Malmö',
    country: 'SE',
    postcode: '',
    ...overrides
  }
}

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

export interface BackendOptions {
  /** Backoff between automatic resends (default 50 ms, so tests are quick). */
  backoff?: (attempt: number) => number
  timeoutMs?: number
  /** Runs on the empty data dir before the services open it: files a test wants to start from. */
  before?: (dataDir: string) => Promise<void>
  /** Updates on, with a recording stand-in for electron-updater (src/main/testing/updater.ts). */
  updates?: { policy: UpdatePolicy; updater: Updater }
}

/**
 * A history file of `count` entries (IDs h0, h1, …, a minute apart, for the profile `profileId`), as the
 * app writes it, for tests that need more contacts than creating them one by one allows.
 */
export async function writeHistory(dataDir: string, count: number, profileId = 'seeded'): Promise<void> {
  const lines = [`${JSON.stringify({ schemaVersion: HISTORY_SCHEMA_VERSION, kind: HISTORY_KIND })}`]
  const start = Date.parse('2026-01-01T00:00:00.000Z')
  for (let n = 0; n < count; n += 1) {
    lines.push(
      JSON.stringify({
        t: 'entry',
        id: `h${n}`,
        profileId,
        profileName: 'Seeded',
        contactId: 100_000 + n,
        fields: {
          firstname: `Person`,
          lastname: `Nr ${n}`,
          email: `p${n}@example.se`,
          phonenumber: '',
          address1: '',
          postcode: '',
          city: 'Malmö',
          country: 'SE'
        },
        createdAt: new Date(start + n * 60_000).toISOString(),
        source: 'form'
      })
    )
  }
  await writeFile(join(dataDir, HISTORY_FILE), `${lines.join('\n')}\n`)
}

let current: Backend | undefined

export async function openBackend(options: BackendOptions = {}): Promise<Backend> {
  const sandbox = await startSandbox({ port: 0 })
  const dataDir = await mkdtemp(join(tmpdir(), 'hostup-renderer-'))
  await options.before?.(dataDir)
  const keychain = memorySecretBackend()
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()
  const failures = new Map<InvokeChannel, AppError>()
  const held = new Map<InvokeChannel, Promise<void>>()
  const calls: Backend['calls'] = []
  let online = true
  let savePath: string | null | undefined
  let openPath: string | null = null
  const droppedPaths = new WeakMap<File, string>()
  async function itemOf(profileId: string, id: string): Promise<OutboxItem> {
    const item = must(await handlers['outbox:list']({ profileId })).find((i) => i.id === id)
    if (!item) throw new Error('not in the outbox')
    return item
  }

  const emit = <E extends EventChannel>(event: E, payload: EventPayload<E>): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload)
  }
  const shownInFolder: string[] = []
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
    chooseOpenPath: async () => {
      const chosen = openPath
      openPath = null
      return chosen
    },
    showItemInFolder: (path) => void shownInFolder.push(path),
    // happy-dom's own fetch applies a page's same-origin rules; main's is Node's (undici).
    fetch: nodeFetch as unknown as typeof fetch,
    timeoutMs: options.timeoutMs ?? 3000,
    outboxBackoff: options.backoff ?? (() => 50),
    ...(options.updates ? { updatePolicy: options.updates.policy, updater: options.updates.updater } : {})
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
    },
    (file) => droppedPaths.get(file) ?? ''
  )
  ;(window as { api?: HostupApi }).api = api

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
    start: () => services.start(),
    async seedProfile(name = 'Acme AB', key: string | null = DEMO_KEY) {
      const saved = await handlers['profiles:save']({ name, baseUrl: sandbox.url })
      if (!saved.ok) throw new Error(saved.error.message)
      if (key !== null) await handlers['apiKey:set']({ profileId: saved.value.id, apiKey: key })
      return saved.value.id
    },
    shownInFolder,
    nextSavePath(path) {
      savePath = path
    },
    nextOpenPath(path) {
      openPath = path
    },
    droppedFile(path) {
      const file = new File([''], basename(path))
      droppedPaths.set(file, path)
      return file
    },
    async created(profileId, contact) {
      const outcome = must(
        await handlers['contacts:create']({ profileId, formId: randomUUID(), contact: person(contact) })
      )
      if (outcome.kind !== 'created') throw new Error(`not created: ${outcome.kind}`)
      const page = must(
        await handlers['history:query']({ sort: { key: 'createdAt', dir: 'desc' }, limit: 1 })
      )
      const entry = page.rows[0]
      if (!entry) throw new Error('not in the history')
      return entry
    },
    async queued(profileId, contact, formId = randomUUID()) {
      const wasOnline = online
      online = false
      try {
        must(await handlers['contacts:create']({ profileId, formId, contact: person(contact) }))
      } finally {
        online = wasOnline
      }
      return itemOf(profileId, formId)
    },
    async unknown(profileId, contact, formId = randomUUID()) {
      sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
      must(await handlers['contacts:create']({ profileId, formId, contact: person(contact) }))
      return itemOf(profileId, formId)
    },
    async draft(profileId, fields = {}, id = randomUUID()) {
      const { password: _p, ...rest } = person()
      return must(await handlers['drafts:save']({ id, profileId, fields: { ...rest, ...fields } }))
    },
    async close() {
      // Answers a failed test left held go first: stopping waits for the send under way.
      sandbox.reset()
      await services.stop()
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
