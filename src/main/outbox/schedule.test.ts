import { describe, expect, it, vi } from 'vitest'
import { saying } from '../testing/english'
import type { OutboxItem } from '../../shared/outbox'
import { defaultBackoff, plan } from './schedule'
import { DEMO_KEY } from '../../../e2e/sandbox'
import { contact, openRig, sleep, submitThrough, useRig } from '../testing/outbox-world'

describe('planning', () => {
  const item = (id: string, patch: Partial<OutboxItem> = {}): OutboxItem => ({
    id,
    profileId: 'p1',
    fields: {
      firstname: 'A',
      lastname: 'B',
      email: 'a@b.se',
      phonenumber: '',
      address1: '',
      city: '',
      country: '',
      postcode: ''
    },
    state: 'queued',
    queuedAt: `2026-01-01T00:00:0${id.slice(-1)}.000Z`,
    updatedAt: '2026-01-01T00:00:00.000Z',
    attempts: 0,
    ...patch
  })
  const now = Date.parse('2026-01-01T00:01:00.000Z')

  it('sends the oldest waiting item of a profile first', () => {
    expect(plan([item('i2'), item('i1'), item('i3')], new Set(), now).due?.id).toBe('i1')
  })

  it('never plans an unknown, rejected, created or sending item', () => {
    const states = ['unknown', 'rejected', 'created', 'sending'] as const
    expect(
      plan(
        states.map((state, n) => item(`i${n}`, { state })),
        new Set(),
        now
      )
    ).toEqual({})
  })

  it('holds a profile back behind an item that must wait, and wakes up when it may go', () => {
    const waitUntil = '2026-01-01T00:01:30.000Z'
    const items = [item('i1', { state: 'retryable', nextAttemptAt: waitUntil }), item('i2')]
    expect(plan(items, new Set(), now)).toEqual({ wakeAt: Date.parse(waitUntil) })
    expect(plan([...items, item('i3', { profileId: 'p2' })], new Set(), now).due?.id).toBe('i3')
  })

  it('leaves an item someone else is sending alone', () => {
    expect(plan([item('i1'), item('i2')], new Set(['i1']), now)).toEqual({})
  })

  it('backs off from 2 s, doubling to a minute', () => {
    expect([1, 2, 3, 6, 7, 20].map(defaultBackoff)).toEqual([2000, 4000, 8000, 60_000, 60_000, 60_000])
  })
})

describe('sending by itself', () => {
  const ctx = useRig({ start: true })

  const submit = (formId: string, c = contact()) =>
    submitThrough(ctx.rig.outbox, { profileId: ctx.world.profileId, formId, contact: c })

  it('queues contacts while offline and sends each exactly once, in order, when the network is back', async () => {
    ctx.rig.online.value = false
    const people = [contact(), contact(), contact()]
    for (const [n, person] of people.entries()) {
      expect(await submit(`offline-${n}`, person)).toEqual({
        ok: true,
        value: { kind: 'queued', reason: 'offline' }
      })
    }
    expect(ctx.rig.events.at(-1)?.counts).toEqual({ waiting: 3, needsDecision: 0 })
    await sleep(200)
    expect(ctx.world.posts()).toBe(0)

    ctx.rig.online.value = true
    ctx.rig.outbox.onlineChanged(true)
    await vi.waitFor(() => expect(ctx.rig.history).toHaveLength(3), { timeout: 5000 })
    expect(ctx.world.sandbox.contacts.map((c) => c.email)).toEqual(people.map((p) => p.email))
    expect(ctx.world.posts()).toBe(3)
    expect(ctx.rig.history.map((h) => h.source)).toEqual(['outbox', 'outbox', 'outbox'])
    await vi.waitFor(() => expect(ctx.rig.events.some((e) => e.sent?.length === 3)).toBe(true))
    const sent = ctx.rig.events.find((e) => e.sent)?.sent ?? []
    expect(sent.map((s) => s.name)).toEqual(people.map((p) => `${p.firstname} ${p.lastname}`))
    expect(ctx.rig.events.at(-1)?.counts).toEqual({ waiting: 0, needsDecision: 0 })
    expect(await ctx.rig.store.list()).toEqual({ ok: true, value: [] })
    await sleep(200)
    expect(ctx.world.posts()).toBe(3)
    // A form still open on one of them cannot send it a second time.
    const again = await submit('offline-0', people[0])
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'validation', message: saying(/already been created/) }
    })
    expect(ctx.world.posts()).toBe(3)
  })

  it('waits the seconds a 429 gives before sending again', async () => {
    ctx.world.sandbox.failNext({ kind: 'rate-limited', retryAfter: '1' }, { path: '/api/teams' })
    const anna = contact()
    expect(await submit('rate-limited', anna)).toMatchObject({ ok: true, value: { kind: 'retryable' } })
    await vi.waitFor(() => expect(ctx.rig.history).toHaveLength(1), { timeout: 3000 })
    // Not sent again before the second had passed: told by the sandbox's clock, not by a wait here.
    const [first, second] = ctx.world.sandbox.log.filter((r) => r.method === 'POST')
    expect(second!.receivedAt.getTime() - first!.receivedAt.getTime()).toBeGreaterThanOrEqual(990)
    expect(ctx.world.sandbox.contacts.filter((c) => c.email === anna.email)).toHaveLength(1)
    expect(ctx.rig.history[0]).toMatchObject({ source: 'outbox' })
  })

  it('sends again after the server was unreachable, once it is back', async () => {
    await ctx.world.sandbox.goOffline()
    try {
      const anna = contact()
      const result = await submit('unreachable', anna)
      expect(result).toMatchObject({ ok: true, value: { kind: 'retryable', error: { code: 'network' } } })
      const item = await ctx.rig.store.get('unreachable')
      expect(item.ok && Date.parse(item.value.nextAttemptAt ?? '') - Date.parse(item.value.updatedAt)).toBe(
        50
      )
      await sleep(200)
      await ctx.world.sandbox.goOnline()
      await vi.waitFor(() => expect(ctx.rig.history).toHaveLength(1), { timeout: 3000 })
      expect(ctx.world.sandbox.contacts.filter((c) => c.email === anna.email)).toHaveLength(1)
      await sleep(200)
      expect(ctx.world.posts()).toBe(1)
    } finally {
      await ctx.world.sandbox.goOnline()
    }
  })

  it('holds every profile while the server is unreachable, but only its own behind a contact told to wait (a 429)', async () => {
    // A second's backoff: long enough to see the queue hold, short enough to see it go on.
    const slow = await openRig(ctx.world, { backoff: () => 1_000 })
    const second = await ctx.world.profiles.save({ name: 'Second', baseUrl: ctx.world.sandbox.url })
    if (!second.ok) throw new Error(second.error.message)
    const other = second.value.id
    const send = (profileId: string, formId: string) =>
      submitThrough(slow.outbox, { profileId, formId, contact: contact() })
    try {
      expect((await ctx.world.profiles.setKey(other, DEMO_KEY)).ok).toBe(true)
      await slow.outbox.start()
      slow.online.value = false
      await send(ctx.world.profileId, 'hold-first')
      await send(other, 'hold-other')
      await ctx.world.sandbox.goOffline()
      slow.online.value = true
      slow.outbox.onlineChanged(true)
      await vi.waitFor(async () =>
        expect(await slow.store.get('hold-first')).toMatchObject({
          ok: true,
          value: { state: 'retryable', attempts: 1 }
        })
      )
      // No connection for one profile's contact means none for another's: not even tried meanwhile.
      await sleep(300)
      expect(await slow.store.get('hold-other')).toMatchObject({
        ok: true,
        value: { state: 'queued', attempts: 0 }
      })
      await ctx.world.sandbox.goOnline()
      await vi.waitFor(() => expect(slow.history).toHaveLength(2), { timeout: 5000 })

      // A 429 answers for its own profile only: the other profile's contact goes at once.
      slow.online.value = false
      await send(ctx.world.profileId, 'told-first')
      await send(other, 'told-other')
      ctx.world.sandbox.failNext({ kind: 'rate-limited', retryAfter: '60' }, { path: '/api/teams' })
      slow.online.value = true
      slow.outbox.onlineChanged(true)
      await vi.waitFor(() => expect(slow.history).toHaveLength(3), { timeout: 3000 })
      expect(slow.history.at(-1)?.id).toBe('told-other')
      expect(await slow.store.get('told-first')).toMatchObject({ ok: true, value: { state: 'retryable' } })
    } finally {
      await ctx.world.sandbox.goOnline()
      await slow.close()
      await ctx.world.profiles.clearKey(other)
    }
  })

  it('pauses after an unknown outcome before sending the next contact', async () => {
    const slow = await openRig(ctx.world, { backoff: (attempt) => (attempt >= 5 ? 600 : 50) })
    try {
      await slow.outbox.start()
      slow.online.value = false
      for (const id of ['pause-1', 'pause-2']) {
        await submitThrough(slow.outbox, { profileId: ctx.world.profileId, formId: id, contact: contact() })
      }
      ctx.world.sandbox.failNext({ kind: 'truncated-json' }, { path: '/api/teams' })
      slow.online.value = true
      slow.outbox.onlineChanged(true)
      await vi.waitFor(() => expect(slow.history).toHaveLength(1), { timeout: 3000 })
      expect(await slow.store.get('pause-1')).toMatchObject({ ok: true, value: { state: 'unknown' } })
      expect(ctx.world.posts()).toBe(2)
      // The second went only once the pause had passed (600 ms from the first's lost answer).
      const [first, second] = ctx.world.sandbox.log.filter((r) => r.method === 'POST')
      expect(second!.receivedAt.getTime() - first!.receivedAt.getTime()).toBeGreaterThanOrEqual(600)
    } finally {
      await slow.close()
    }
  })

  it('tells why and until when it pauses after an unknown outcome, and "send all now" ends the pause', async () => {
    // A pause long enough that only "send all now" can end it within the test.
    const slow = await openRig(ctx.world, { backoff: (attempt) => (attempt >= 5 ? 60_000 : 50) })
    try {
      await slow.outbox.start()
      slow.online.value = false
      for (const id of ['all-1', 'all-2', 'all-3']) {
        await submitThrough(slow.outbox, { profileId: ctx.world.profileId, formId: id, contact: contact() })
      }
      expect(await slow.outbox.counts()).toEqual({ ok: true, value: { waiting: 3, needsDecision: 0 } })
      ctx.world.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
      const before = Date.now()
      slow.online.value = true
      slow.outbox.onlineChanged(true)
      // The page hears of the pause as it starts: an event with its reason and its end.
      await vi.waitFor(() => expect(slow.events.at(-1)?.counts.paused).toBeDefined())
      const paused = slow.events.at(-1)?.counts.paused
      expect(paused?.reason).toBe('unknown')
      expect(Date.parse(paused?.until ?? '') - before).toBeGreaterThanOrEqual(59_000)
      const counts = await slow.outbox.counts()
      expect(counts).toMatchObject({ ok: true, value: { waiting: 2, needsDecision: 1, paused } })
      await sleep(200)
      expect(ctx.world.posts()).toBe(1)

      const all = await slow.outbox.sendAll()
      expect(all.ok && all.value.paused).toBeFalsy()
      await vi.waitFor(() => expect(slow.history).toHaveLength(2), { timeout: 3000 })
      expect(ctx.world.posts()).toBe(3)
      expect(await slow.store.get('all-1')).toMatchObject({ ok: true, value: { state: 'unknown' } })
      expect(await slow.outbox.counts()).toEqual({ ok: true, value: { waiting: 0, needsDecision: 1 } })
    } finally {
      await slow.close()
    }
  })

  it('marks an item whose password left the keychain as rejected, and sends nothing', async () => {
    ctx.rig.online.value = false
    await submit('lost-password')
    await ctx.world.secrets.delete('draft:lost-password')
    ctx.rig.online.value = true
    ctx.rig.outbox.onlineChanged(true)
    await vi.waitFor(async () => {
      const item = await ctx.rig.store.get('lost-password')
      expect(item).toMatchObject({
        ok: true,
        value: {
          state: 'rejected',
          error: { code: 'validation', message: saying(/no longer in the keychain/) }
        }
      })
    })
    expect(ctx.world.posts()).toBe(0)
  })

  it('lets a send under way finish when stopped, and resolves once its outcome is written', async () => {
    ctx.rig.online.value = false
    await submit('stopping')
    const release = ctx.world.sandbox.holdAnswers()
    ctx.rig.online.value = true
    ctx.rig.outbox.onlineChanged(true)
    await vi.waitFor(() => expect(ctx.world.posts()).toBe(1))
    let stopped = false
    const stopping = ctx.rig.outbox.stop().then(() => (stopped = true))
    await sleep(50)
    expect(stopped).toBe(false)
    expect(ctx.rig.history).toHaveLength(0)
    release()
    await stopping
    // Nothing is left mid-send for a next instance to find: the contact is recorded, its item gone.
    expect(ctx.rig.history).toHaveLength(1)
    expect(await ctx.rig.store.list()).toEqual({ ok: true, value: [] })
    expect(ctx.world.posts()).toBe(1)
  })

  it('sends nothing once stopped', async () => {
    ctx.rig.online.value = false
    await submit('stopped')
    await ctx.rig.outbox.stop()
    ctx.rig.online.value = true
    ctx.rig.outbox.onlineChanged(true)
    await sleep(300)
    expect(ctx.world.posts()).toBe(0)
  })
})
