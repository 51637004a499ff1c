/**
 * created → permissions pending → permissions set | failed, against the sandbox. Setting
 * permissions is repeatable, so it retries by itself; the create call is never sent again.
 */
import { describe, expect, it, vi } from 'vitest'
import { builtInSet, type PermissionChoice } from '../../shared/permissions'
import type { OutboxItem } from '../../shared/outbox'
import { createOutboxStore } from '../store/outbox'
import { saying } from '../testing/english'
import { contact, submitThrough, useRig } from '../testing/outbox-world'

const ctx = useRig()

const billing: PermissionChoice = { presetId: 'billing', name: '', set: builtInSet('billing') }
const PERMISSIONS = /^\/api\/contacts\/\d+\/permissions$/

function calls(method: string): number {
  return ctx.world.sandbox.log.filter((r) => r.method === method && PERMISSIONS.test(r.path)).length
}

async function item(id: string): Promise<OutboxItem | null> {
  const found = await ctx.rig.store.get(id)
  return found.ok ? found.value : null
}

async function create(formId: string, choice: PermissionChoice = billing) {
  return submitThrough(ctx.rig.outbox, {
    profileId: ctx.world.profileId,
    formId,
    contact: contact(),
    permissions: choice
  })
}

describe('a new contact’s permissions', () => {
  it('are set right after it is created: read, the full body posted, read back, then it leaves the outbox', async () => {
    await ctx.rig.outbox.start()
    const result = await create('perm-set')
    expect(result).toMatchObject({ ok: true, value: { kind: 'created' } })
    await vi.waitFor(async () => expect(await item('perm-set')).toBeNull())
    expect(ctx.world.posts()).toBe(1)
    const [get, post, readBack] = ctx.world.sandbox.log.filter((r) => PERMISSIONS.test(r.path))
    expect([get?.method, post?.method, readBack?.method]).toEqual(['GET', 'POST', 'GET'])
    expect(post?.body).toMatchObject({
      services: [
        { id: '5101', name: 'VPS sto-2', hasAccess: false },
        { id: '5102', name: 'Webbhotell Bas', hasAccess: false },
        { id: '5103', name: 'example.se', hasAccess: false }
      ],
      domains: [
        { id: '7201', name: 'example.se', hasAccess: false },
        { id: '7202', name: 'exempel.nu', hasAccess: false }
      ],
      dnsZones: [{ id: '8301', name: 'example.se', hasAccess: false }],
      canViewInvoices: true,
      canReceiveInvoices: true,
      canPlaceOrders: true,
      canOpenTickets: false,
      accessAllDomains: false
    })
    expect(ctx.rig.history[0]?.permissions).toMatchObject({ presetId: 'billing', state: 'pending' })
    expect(ctx.rig.told.at(-1)).toMatchObject({ historyId: 'history-1', presetId: 'billing', state: 'set' })
    await vi.waitFor(() =>
      expect(
        ctx.rig.events.some((e) => e.permissions?.some((p) => p.id === 'perm-set' && p.state === 'set'))
      ).toBe(true)
    )
  })

  // The documented full body of each built-in preset, written out by hand against the account's lists.
  const SERVICES = [
    ['5101', 'VPS sto-2'],
    ['5102', 'Webbhotell Bas'],
    ['5103', 'example.se']
  ] as const
  const DOMAINS = [
    ['7201', 'example.se'],
    ['7202', 'exempel.nu']
  ] as const
  const items = (list: readonly (readonly [string, string])[], hasAccess: boolean) =>
    list.map(([id, name]) => ({ id, name, hasAccess }))
  const off = {
    canViewInvoices: false,
    canReceiveInvoices: false,
    canPlaceOrders: false,
    canOpenTickets: false,
    canViewTickets: false,
    canCloseTickets: false,
    canReceiveTicketEmails: false,
    accessAllVps: false,
    accessAllHosting: false,
    accessAllDomains: false
  }
  const lists = (on: boolean) => ({
    services: items(SERVICES, on),
    domains: items(DOMAINS, on),
    dnsZones: [{ id: '8301', name: 'example.se', hasAccess: on }]
  })
  it.each([
    [
      'billing',
      { ...lists(false), ...off, canViewInvoices: true, canReceiveInvoices: true, canPlaceOrders: true }
    ],
    [
      'support',
      {
        ...lists(false),
        ...off,
        canOpenTickets: true,
        canViewTickets: true,
        canCloseTickets: true,
        canReceiveTicketEmails: true
      }
    ],
    [
      'technical',
      { ...lists(true), ...off, accessAllVps: true, accessAllHosting: true, accessAllDomains: true }
    ],
    [
      'full',
      {
        ...lists(true),
        ...Object.fromEntries(Object.keys(off).map((flag) => [flag, true]))
      }
    ]
  ] as const)(
    '%s posts its documented full body, every item of the account’s lists',
    async (preset, body) => {
      await ctx.rig.outbox.start()
      const id = `perm-${preset}`
      await create(id, { presetId: preset, name: '', set: builtInSet(preset) })
      await vi.waitFor(async () => expect(await item(id)).toBeNull())
      const posted = ctx.world.sandbox.log.filter((r) => r.method === 'POST' && PERMISSIONS.test(r.path))
      expect(posted).toHaveLength(1)
      expect(posted[0]?.body).toEqual(body)
    }
  )

  it('make no call at all for None', async () => {
    await ctx.rig.outbox.start()
    await create('perm-none', { presetId: 'none', name: '', set: builtInSet('none') })
    await vi.waitFor(async () => expect(await item('perm-none')).toBeNull())
    expect(calls('GET') + calls('POST')).toBe(0)
  })

  it('are tried again by themselves after a server error, and the contact is created once', async () => {
    ctx.world.sandbox.failNext({ kind: 'server-error' }, { path: PERMISSIONS, method: 'POST' })
    await ctx.rig.outbox.start()
    await create('perm-retry')
    await vi.waitFor(async () => expect(await item('perm-retry')).toBeNull(), { timeout: 5_000 })
    expect(calls('POST')).toBe(2)
    expect(ctx.world.posts()).toBe(1)
    expect(ctx.rig.told.at(-1)).toMatchObject({ state: 'set' })
  })

  it('tell the page after every try that will be tried again, so it can say why they still wait', async () => {
    ctx.world.sandbox.failNext({ kind: 'server-error' }, { path: PERMISSIONS, times: 1000 })
    await ctx.rig.outbox.start()
    await create('perm-waiting')
    await vi.waitFor(async () => expect((await item('perm-waiting'))?.permissions?.error).toBeDefined())
    const told = ctx.rig.events.length
    await vi.waitFor(() => expect(ctx.rig.events.length).toBeGreaterThan(told))
    expect(await item('perm-waiting')).toMatchObject({
      state: 'created',
      permissions: { state: 'pending', error: { code: 'server' } }
    })
    expect(ctx.world.posts()).toBe(1)
  })

  it('wait for the person when HostUp refuses them, and are set by "Retry permissions"', async () => {
    ctx.world.sandbox.failNext({ kind: 'problem', code: 'forbidden' }, { path: PERMISSIONS, method: 'GET' })
    await ctx.rig.outbox.start()
    await create('perm-refused')
    await vi.waitFor(async () => expect((await item('perm-refused'))?.permissions?.state).toBe('failed'))
    const failed = await item('perm-refused')
    // The contact exists; the message says what to ask HostUp for.
    expect(failed).toMatchObject({
      state: 'created',
      contactId: expect.any(Number),
      permissions: { error: { code: 'forbidden', message: saying(/“permissions” scope/) } }
    })
    expect(ctx.rig.told.at(-1)).toMatchObject({ state: 'failed' })
    expect(ctx.rig.events.at(-1)?.counts).toEqual({ waiting: 0, needsDecision: 1 })
    expect(await ctx.rig.outbox.retryPermissions('perm-refused')).toEqual({ ok: true, value: null })
    expect(await item('perm-refused')).toBeNull()
    expect(ctx.world.posts()).toBe(1)
  })

  it('are applied after a restart when the app stopped while they were pending, once, without a second create', async () => {
    // What a kill leaves: the contact exists in HostUp and in the history, its permissions not yet set.
    const client = await ctx.world.profiles.client(ctx.world.profileId)
    if (!client.ok) throw new Error(client.error.code)
    const made = await client.value.createContact({ ...contact(), country: 'SE' })
    if (made.kind !== 'created') throw new Error(made.kind)
    const { password: _p, ...fields } = contact()
    await createOutboxStore({ dir: ctx.rig.dir }).put({
      id: 'perm-killed',
      profileId: ctx.world.profileId,
      fields,
      state: 'created',
      contactId: made.contactId,
      queuedAt: '2026-11-30T10:00:00.000Z',
      updatedAt: '2026-11-30T10:00:01.000Z',
      attempts: 1,
      recordedAt: '2026-11-30T10:00:01.000Z',
      permissions: { choice: billing, state: 'pending', attempts: 0, historyId: 'history-9' }
    })
    const posts = ctx.world.posts()
    const restarted = ctx.rig.restart()
    await restarted.outbox.start()
    await vi.waitFor(async () =>
      expect(await restarted.store.get('perm-killed')).toMatchObject({ ok: false })
    )
    expect(calls('POST')).toBe(1)
    expect(ctx.world.posts()).toBe(posts)
    expect(restarted.told).toEqual([expect.objectContaining({ historyId: 'history-9', state: 'set' })])
  })

  it('survive an offline wait with the contact: saved with the draft and the outbox item', async () => {
    ctx.rig.online.value = false
    expect(await create('perm-offline')).toMatchObject({ ok: true, value: { kind: 'queued' } })
    expect(
      (await ctx.rig.drafts.get('perm-offline')).ok && (await ctx.rig.drafts.get('perm-offline'))
    ).toMatchObject({
      value: { permissions: billing }
    })
    expect(await item('perm-offline')).toMatchObject({
      state: 'queued',
      permissions: { choice: billing, state: 'pending' }
    })
    ctx.rig.online.value = true
    await ctx.rig.outbox.start()
    ctx.rig.outbox.onlineChanged(true)
    await vi.waitFor(async () => expect(await item('perm-offline')).toBeNull(), { timeout: 5_000 })
    expect(ctx.world.posts()).toBe(1)
    expect(calls('POST')).toBe(1)
  })
})
