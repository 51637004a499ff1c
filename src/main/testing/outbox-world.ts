/**
 * What the outbox tests share: one sandbox and one profile holding the demo key per test file,
 * and per test a fresh data directory with real stores and a real keychain behind the service.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../../e2e/sandbox'
import type { ContactInput } from '../../shared/contact'
import type { HistoryPermissions } from '../../shared/history'
import { createPermissionsService } from '../contacts/permissions'
import type { OutboxEvent, OutboxItem, SendOutcome } from '../../shared/outbox'
import { ok, type Result } from '../../shared/result'
import { parsers } from '../ipc'
import {
  createOutboxService,
  type CreatedRecord,
  type OutboxDeps,
  type OutboxService
} from '../outbox/service'
import { createProfileService, type ProfileService } from '../profiles/service'
import { createSecretStore, type SecretStore } from '../secrets'
import { createDraftStore, type DraftStore } from '../store/drafts'
import { createOutboxStore, type OutboxStore } from '../store/outbox'

/** Every contact's password: no file, item, event or history entry may ever contain it. */
export const PASSWORD = `Canary-${randomUUID()}`

export interface World {
  sandbox: Sandbox
  root: string
  secrets: SecretStore
  profiles: ProfileService
  profileId: string
  /** POST /api/teams requests the sandbox received. */
  posts(): number
  close(): Promise<void>
}

export async function openWorld(): Promise<World> {
  const sandbox = await startSandbox({ port: 0 })
  const root = await mkdtemp(join(tmpdir(), 'hostup-outbox-'))
  const secrets = createSecretStore(`hostup-contacts-test-${randomUUID()}`)
  const profiles = createProfileService({ dir: root, secrets, timeoutMs: 3000 })
  const saved = await profiles.save({ name: 'Sandbox', baseUrl: sandbox.url })
  if (!saved.ok) throw new Error(saved.error.message)
  const profileId = saved.value.id
  const key = await profiles.setKey(profileId, DEMO_KEY)
  if (!key.ok) throw new Error(key.error.message)
  return {
    sandbox,
    root,
    secrets,
    profiles,
    profileId,
    posts: () => sandbox.log.filter((r) => r.method === 'POST' && r.path === '/api/teams').length,
    async close() {
      await profiles.clearKey(profileId)
      await sandbox.close()
      // A send a test left in flight may still write its last file while the folder goes: tried again.
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
    }
  }
}

export interface Rig {
  dir: string
  drafts: DraftStore
  store: OutboxStore
  outbox: OutboxService
  events: OutboxEvent[]
  history: CreatedRecord[]
  /** What the history was told about permissions, in order. */
  told: ({ historyId: string } & HistoryPermissions)[]
  online: { value: boolean }
  /** A second service over the same directory: the app after a restart. */
  restart(overrides?: Partial<OutboxDeps>): Rig
  /**
   * Stops the service and removes what is left of its drafts (and their keychain entries), then
   * waits for every draft store's background writes: none may land while the folder is removed.
   */
  close(): Promise<void>
}

export async function openRig(world: World, overrides: Partial<OutboxDeps> = {}): Promise<Rig> {
  const dir = await mkdtemp(join(world.root, 'data-'))
  return rigOver(world, dir, overrides)
}

function rigOver(
  world: World,
  dir: string,
  overrides: Partial<OutboxDeps>,
  // The history outlives a restart, as its file does.
  history: CreatedRecord[] = []
): Rig {
  // Drafts let go of leave the file within a tenth of a second, not the app's five: tests wait for it.
  const drafts = createDraftStore({ dir, secrets: world.secrets, sweepMs: 100 })
  const store = createOutboxStore({ dir })
  const events: OutboxEvent[] = []
  const told: ({ historyId: string } & HistoryPermissions)[] = []
  const permissions = createPermissionsService({ profiles: world.profiles })
  const online = { value: true }
  const outbox = createOutboxService({
    drafts,
    store,
    profiles: world.profiles,
    recordCreated: async (entry): Promise<Result<{ id: string }>> => {
      // Told again about an entry it holds: recorded once (as the history service does).
      const known = history.findIndex((e) => e.id === entry.id)
      if (known !== -1) return ok({ id: `history-${known + 1}` })
      history.push(entry)
      return ok({ id: `history-${history.length}` })
    },
    findCreated: async (id) => {
      const entry = history.find((e) => e.id === id)
      return ok(
        entry
          ? { contactId: entry.contactId, ...(entry.requestId ? { requestId: entry.requestId } : {}) }
          : null
      )
    },
    applyPermissions: (profileId, contactId, set) => permissions.apply(profileId, contactId, set),
    markHistoryPermissions: async (historyId, state) => {
      told.push({ historyId, ...state })
      return ok(undefined)
    },
    isOnline: () => online.value,
    emit: (event) => events.push(event),
    backoff: () => 50,
    ...overrides
  })
  const services: OutboxService[] = [outbox]
  const stores: DraftStore[] = [drafts]
  return {
    dir,
    drafts,
    store,
    outbox,
    events,
    history,
    told,
    online,
    restart(more = {}) {
      const next = rigOver(world, dir, { ...overrides, ...more }, history)
      services.push(next.outbox)
      stores.push(next.drafts)
      return next
    },
    async close() {
      await Promise.all(services.map((service) => service.stop()))
      const left = await drafts.list()
      if (left.ok) for (const draft of left.value) await drafts.remove(draft.id)
      // What each store let go of in the background is written before the folder goes.
      await Promise.all(stores.map((store) => store.flush()))
    }
  }
}

let counter = 0

/** A valid contact with an e-mail of its own. */
export function contact(overrides: Partial<ContactInput> = {}): ContactInput {
  counter += 1
  return {
    firstname: 'Åsa',
    lastname: `Lindqvist ${counter}`,
    email: `asa.${counter}.${randomUUID().slice(0, 6)}@example.com`,
    password: PASSWORD,
    phonenumber: '+46 70 123 45 67',
    address1: 'Storgatan 1',
    city: 'Malmö',
    country: 'se',
    postcode: '211 22',
    ...overrides
  }
}

/** Files under `dir` (recursively) whose bytes contain `text`. */
export async function filesContaining(dir: string, text: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    // A temporary file renamed into place since the listing (a draft's removal, in the background).
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
    if (bytes?.includes(text)) found.push(path)
  }
  return found
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A send as the `contacts:create` handler makes it: the raw payload through the boundary's parser, then the service. */
export async function submitThrough(
  outbox: Pick<OutboxService, 'submit'>,
  payload: unknown
): Promise<Result<SendOutcome>> {
  const request = parsers['contacts:create'](payload)
  return request.ok ? outbox.submit(request.value) : request
}

/** A decision as the `outbox:resolve` handler takes it. */
export async function resolveThrough(
  outbox: Pick<OutboxService, 'resolve'>,
  payload: unknown
): Promise<Result<OutboxItem | null>> {
  const decision = parsers['outbox:resolve'](payload)
  return decision.ok ? outbox.resolve(decision.value) : decision
}

export interface RigContext {
  readonly world: World
  readonly rig: Rig
}

/**
 * The hooks every outbox test file sets up: one world for the file, a fresh rig per test (started,
 * with `start`), and, before each cleanup, the proof that no file ever held a contact's password.
 * A file's own `afterEach` runs before these (hooks after a test run in reverse order).
 */
export function useRig(options: { start?: boolean } = {}): RigContext {
  let world: World | undefined
  let rig: Rig | undefined
  const context: RigContext = {
    get world() {
      if (!world) throw new Error('the world opens in beforeAll')
      return world
    },
    get rig() {
      if (!rig) throw new Error('the rig opens in beforeEach')
      return rig
    }
  }
  beforeAll(async () => {
    world = await openWorld()
  })
  beforeEach(async () => {
    rig = await openRig(context.world)
    if (options.start) await rig.outbox.start()
  })
  afterEach(async () => {
    // Checked before the cleanup rewrites the files: not one may ever have held the password.
    expect(await filesContaining(context.rig.dir, PASSWORD)).toEqual([])
    // Answers a failed test left held go first: stopping waits for the send under way.
    context.world.sandbox.reset()
    await context.rig.close()
  })
  afterAll(async () => {
    // Every flow of the file has run over the same root: not one file may hold a password.
    expect(await filesContaining(context.world.root, PASSWORD)).toEqual([])
    await context.world.close()
  })
  return context
}
