/**
 * The app's main side for a benchmark: the real services and handlers over a temporary data dir,
 * the real OS keychain (run through `scripts/with-keyring.sh`), and the HostUp sandbox with no delay.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_KEY, startSandbox, type Sandbox } from '../e2e/sandbox'
import { createHandlers } from '../src/main/ipc'
import { createServices } from '../src/main/services'
import type { ContactInput } from '../src/shared/contact'
import type { Handlers } from '../src/shared/ipc'
import { must } from './figures'

export interface World {
  handlers: Handlers
  sandbox: Sandbox
  dataDir: string
  profileId: string
  /** When main last told the window the outbox changed (`performance.now()`), or null before that. */
  lastOutboxChange(): number | null
  close(): Promise<void>
}

export async function openWorld(options: { dataDir?: string } = {}): Promise<World> {
  const sandbox = await startSandbox({ port: 0 })
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'hostup-bench-')))
  let lastChange: number | null = null
  const services = await createServices({
    dataDir,
    secretService: `hostup-contacts-bench-${randomUUID()}`,
    isOnline: () => true,
    version: '0.0.0-bench',
    platform: process.platform,
    emit: (event) => {
      if (event === 'outbox:changed') lastChange = performance.now()
    },
    chooseSavePath: async (name) => join(dataDir, name)
  })
  const handlers = createHandlers(services)
  // As the app does once its window exists: the outbox sends by itself from here on.
  await services.start()
  const profile = must(await handlers['profiles:save']({ name: 'Bench AB', baseUrl: sandbox.url }))
  must(await handlers['apiKey:set']({ profileId: profile.id, apiKey: DEMO_KEY }))
  return {
    handlers,
    sandbox,
    dataDir,
    profileId: profile.id,
    lastOutboxChange: () => lastChange,
    async close() {
      await handlers['apiKey:clear']({ profileId: profile.id })
      services.stop()
      await sandbox.close()
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true })
    }
  }
}

let n = 0
/** A valid contact with an e-mail of its own. */
export function benchContact(): ContactInput {
  n += 1
  return {
    firstname: 'Anna',
    lastname: `Bench ${n}`,
    email: `anna.bench.${n}.${randomUUID().slice(0, 8)}@example.se`,
    password: 'Sommar-Regn-2026!',
    phonenumber: '+46 70 123 45 67',
    address1: 'Storgatan 1',
    city: 'Malmö',
    country: 'SE',
    postcode: '211 22'
  }
}
