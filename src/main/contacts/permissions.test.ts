/** Permissions later, from History, and the presets a profile keeps: through the real handlers, against the sandbox. */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../../e2e/sandbox'
import type { Handlers } from '../../shared/ipc'
import { builtInSet, defaultPresets } from '../../shared/permissions'
import type { Result } from '../../shared/result'
import { createHandlers, type Services } from '../ipc'
import { createServices } from '../services'
import { english } from '../testing/english'
import { memorySecretBackend } from '../testing/memory-secrets'
import { contact } from '../testing/outbox-world'

let sandbox: Sandbox
let dir: string
let services: Services
let handlers: Handlers
let profileId: string

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${english(result.error)}`)
  return result.value
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
})

afterAll(async () => {
  await sandbox.close()
})

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-permissions-'))
  services = await createServices({
    dataDir: dir,
    secretService: `hostup-contacts-test-${randomUUID()}`,
    secretBackend: memorySecretBackend(),
    isOnline: () => true,
    version: 'test',
    platform: 'linux',
    emit: () => undefined,
    chooseSavePath: async () => null,
    timeoutMs: 3000
  })
  handlers = createHandlers(services)
  profileId = value(await handlers['profiles:save']({ name: 'Sandbox', baseUrl: sandbox.url })).id
  value(await handlers['apiKey:set']({ profileId, apiKey: DEMO_KEY }))
})

afterEach(async () => {
  await services.stop()
  sandbox.reset()
  await rm(dir, { recursive: true, force: true })
})

/** A contact created through the app with no permissions chosen: its history entry's ID. */
async function created(): Promise<string> {
  const { password: _p, ...rest } = contact()
  const outcome = value(
    await handlers['contacts:create']({ profileId, formId: randomUUID(), contact: { ...contact(), ...rest } })
  )
  if (outcome.kind !== 'created') throw new Error(outcome.kind)
  const page = value(await handlers['history:query']({}))
  return page.rows[0]?.id ?? ''
}

describe('permissions from History', () => {
  it('reads a contact’s current permissions with the account’s own lists', async () => {
    const entry = await created()
    const read = value(await handlers['contacts:permissions']({ id: entry }))
    expect(read.permissions.services.map((s) => s.id)).toEqual(['5101', '5102', '5103'])
    expect(read.permissions.flags.canViewInvoices).toBe(false)
    expect(read.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('saves a changed set, shows HostUp’s answer and request ID, and tells the entry', async () => {
    const entry = await created()
    const set = { ...builtInSet('support'), domains: ['7202'] }
    const saved = value(
      await handlers['contacts:setPermissions']({
        id: entry,
        choice: { presetId: 'custom', name: 'Support + exempel.nu', set }
      })
    )
    expect(saved.message).toBe('Permissions updated')
    expect(saved.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(saved.permissions.domains.find((d) => d.id === '7202')?.hasAccess).toBe(true)
    expect(saved.permissions.flags.canCloseTickets).toBe(true)
    const page = value(await handlers['history:query']({}))
    expect(page.rows[0]?.permissions).toMatchObject({
      presetId: 'custom',
      name: 'Support + exempel.nu',
      state: 'set'
    })
  })

  it('tells a key without the permissions scope that the contact exists and what to ask HostUp for', async () => {
    const entry = await created()
    sandbox.addKey('no-permissions-0001', { scopes: ['contacts', 'account'] })
    value(await handlers['apiKey:set']({ profileId, apiKey: 'no-permissions-0001' }))
    const refused = await handlers['contacts:setPermissions']({
      id: entry,
      choice: { presetId: 'billing', name: '', set: builtInSet('billing') }
    })
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', status: 403 } })
    expect(!refused.ok && english(refused.error)).toMatch(/Ask HostUp.*“permissions” scope/)
  })

  it('reads domains HostUp lists as plain names, and answers 404 for a contact HostUp does not have', async () => {
    const entry = await created()
    sandbox.setItemsAsNames(true)
    const read = value(await handlers['contacts:permissions']({ id: entry }))
    expect(read.permissions.domains).toEqual([])
    sandbox.reset()
    expect(await handlers['contacts:permissions']({ id: entry })).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
  })

  it('lists the account’s services, domains and zones through the newest contact, none before one exists', async () => {
    expect(value(await handlers['contacts:accountLists']({ profileId }))).toBeNull()
    await created()
    const lists = value(await handlers['contacts:accountLists']({ profileId }))
    expect(lists?.services.map((s) => [s.id, s.name, s.hasAccess])).toEqual([
      ['5101', 'VPS sto-2', false],
      ['5102', 'Webbhotell Bas', false],
      ['5103', 'example.se', false]
    ])
    expect(lists?.domains.map((d) => d.name)).toEqual(['example.se', 'exempel.nu'])
    expect(lists?.dnsZones.map((d) => d.id)).toEqual(['8301'])
  })

  it('refuses a malformed choice at the boundary', async () => {
    const entry = await created()
    const bad = { presetId: 'x', name: '', set: { ...builtInSet('none'), services: 'some' } }
    expect(await handlers['contacts:setPermissions']({ id: entry, choice: bad })).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    expect(sandbox.log.filter((r) => r.method === 'POST' && r.path.endsWith('/permissions'))).toHaveLength(0)
  })
})

describe('presets, kept per profile', () => {
  it('start as the five built-ins, can be added, edited, renamed and removed, and survive a restart', async () => {
    expect(value(await handlers['profiles:list'](undefined)).profiles[0]?.presets).toEqual(defaultPresets())
    const own = {
      id: 'onboarding',
      name: 'Onboarding',
      set: { ...builtInSet('billing'), services: ['5101'] }
    }
    value(await handlers['presets:save']({ profileId, preset: own }))
    const renamedBilling = {
      id: 'billing',
      name: 'Ekonomi',
      set: { ...builtInSet('billing'), flags: { ...builtInSet('billing').flags, canPlaceOrders: false } }
    }
    const profile = value(await handlers['presets:save']({ profileId, preset: renamedBilling }))
    expect(profile.presets.map((p) => p.id)).toEqual([
      'none',
      'billing',
      'support',
      'technical',
      'full',
      'onboarding'
    ])
    const again = await createServices({
      dataDir: dir,
      secretService: 'unused',
      secretBackend: memorySecretBackend(),
      isOnline: () => true,
      version: 'test',
      platform: 'linux',
      emit: () => undefined,
      chooseSavePath: async () => null
    })
    const reread = value(await again.profiles.list()).profiles[0]
    expect(reread?.presets.find((p) => p.id === 'billing')).toEqual(renamedBilling)
    // A built-in comes back as the app defines it; one's own goes.
    const restored = value(await handlers['presets:remove']({ profileId, presetId: 'billing' }))
    expect(restored.presets.find((p) => p.id === 'billing')).toEqual({
      id: 'billing',
      name: '',
      set: builtInSet('billing')
    })
    const removed = value(await handlers['presets:remove']({ profileId, presetId: 'onboarding' }))
    expect(removed.presets.map((p) => p.id)).toEqual(['none', 'billing', 'support', 'technical', 'full'])
    expect(await handlers['presets:remove']({ profileId, presetId: 'onboarding' })).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
  })
})
