import { createHash, randomUUID } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { saying } from '../testing/english'
import { toTeamsRequest } from '../../shared/contact'
import { err } from '../../shared/result'
import { createOutboxStore } from '../store/outbox'
import {
  contact,
  filesContaining,
  PASSWORD,
  sleep,
  resolveThrough,
  submitThrough,
  useRig
} from '../testing/outbox-world'

const ctx = useRig()

const submit = (formId: string, c = contact(), extra: Record<string, unknown> = {}) =>
  submitThrough(ctx.rig.outbox, { profileId: ctx.world.profileId, formId, contact: c, ...extra })

async function itemOf(id: string) {
  const item = await ctx.rig.store.get(id)
  if (!item.ok) throw new Error(item.error.message)
  return item.value
}

describe('a send from the form', () => {
  it('creates the contact, records it in the history and lets go of its draft and password', async () => {
    const anna = contact()
    const result = await submit('form-created', anna)
    expect(result).toMatchObject({ ok: true, value: { kind: 'created', contactId: expect.any(Number) } })
    expect(ctx.world.posts()).toBe(1)
    expect(ctx.rig.history).toEqual([
      expect.objectContaining({
        profileId: ctx.world.profileId,
        source: 'form',
        fields: expect.objectContaining({ email: anna.email, country: 'SE' })
      })
    ])
    expect(JSON.stringify(ctx.rig.history)).not.toContain(PASSWORD)
    expect(await ctx.rig.drafts.get('form-created')).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
    expect(await ctx.rig.drafts.password('form-created')).toEqual({ ok: true, value: null })
    expect(await ctx.rig.store.list()).toEqual({ ok: true, value: [] })
    expect(ctx.rig.events.at(-1)).toEqual({ counts: { waiting: 0, needsDecision: 0 } })
  })

  it('keeps the draft and a rejected item when the server refuses, and never resends it', async () => {
    await ctx.rig.outbox.start()
    ctx.world.sandbox.failNext({ kind: 'problem', code: 'password_too_weak' }, { path: '/api/teams' })
    const result = await submit('form-rejected')
    expect(result).toMatchObject({ ok: true, value: { kind: 'rejected' } })
    expect(await itemOf('form-rejected')).toMatchObject({
      state: 'rejected',
      attempts: 1,
      error: { status: 400 }
    })
    expect(await ctx.rig.drafts.get('form-rejected')).toMatchObject({
      ok: true,
      value: { hasPassword: true }
    })
    await sleep(300)
    expect(ctx.world.posts()).toBe(1)
    expect(ctx.rig.history).toEqual([])
  })

  it('waits as long as Retry-After says after a 429', async () => {
    ctx.world.sandbox.failNext({ kind: 'rate-limited', retryAfter: '2' }, { path: '/api/teams' })
    const result = await submit('form-429')
    expect(result).toMatchObject({ ok: true, value: { kind: 'retryable', error: { code: 'rate_limited' } } })
    const item = await itemOf('form-429')
    expect(item.state).toBe('retryable')
    const wait = Date.parse(item.nextAttemptAt ?? '') - Date.parse(item.updatedAt)
    expect(wait).toBe(2000)
  })

  it('holds an unknown outcome for the person and never sends it again by itself', async () => {
    await ctx.rig.outbox.start()
    ctx.world.sandbox.failNext({ kind: 'reset-after-request' }, { path: '/api/teams' })
    const anna = contact()
    const result = await submit('form-unknown', anna)
    expect(result).toMatchObject({ ok: true, value: { kind: 'unknown' } })
    const item = await itemOf('form-unknown')
    expect(item).toMatchObject({
      state: 'unknown',
      intent: { bodyHash: expect.stringMatching(/^[0-9a-f]{64}$/) }
    })
    // A plain hash of the body sent would let anyone holding the file test password guesses offline.
    const withPassword = createHash('sha256')
      .update(JSON.stringify(toTeamsRequest(anna)))
      .digest('hex')
    expect(await filesContaining(ctx.rig.dir, withPassword)).toEqual([])
    expect(ctx.rig.events.at(-1)?.counts).toEqual({ waiting: 0, needsDecision: 1 })
    // Many backoff periods (50 ms each), and an online event for good measure.
    ctx.rig.outbox.onlineChanged(true)
    await sleep(500)
    expect(ctx.world.posts()).toBe(1)
    expect(ctx.world.sandbox.contacts).toHaveLength(1)
  })

  it('has the intent on disk before the request reaches the server', async () => {
    // The answer waits until the file has been read: however slow the machine, the send is under way.
    const release = ctx.world.sandbox.holdAnswers()
    const pending = submit('form-intent')
    await vi.waitFor(() => expect(ctx.world.posts()).toBe(1))
    const onDisk = await createOutboxStore({ dir: ctx.rig.dir }).get('form-intent')
    release()
    expect(onDisk).toMatchObject({
      ok: true,
      value: { state: 'sending', attempts: 1, intent: { sentAt: expect.any(String) } }
    })
    expect(await pending).toMatchObject({ ok: true, value: { kind: 'created' } })
  })

  it('refuses to send a draft again while its outcome is unknown', async () => {
    ctx.world.sandbox.failNext({ kind: 'reset-after-request' }, { path: '/api/teams' })
    const anna = contact()
    await submit('form-unknown-again', anna)
    const again = await submit('form-unknown-again', anna)
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'validation', message: saying(/unknown/) }
    })
    expect(ctx.world.posts()).toBe(1)
  })

  it('sends a draft once when it is submitted twice at the same time', async () => {
    ctx.world.sandbox.setDelay(300)
    const anna = contact()
    const [first, second] = await Promise.all([submit('form-double', anna), submit('form-double', anna)])
    expect(first).toMatchObject({ ok: true, value: { kind: 'created' } })
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } })
    expect(ctx.world.posts()).toBe(1)
  })

  it('re-checks the contact in main and sends nothing invalid', async () => {
    const result = await submit('form-invalid', contact({ email: 'anna@', password: 'short' }))
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        fields: { email: expect.stringMatching(/^contact\.email\./), password: 'contact.password.tooShort' }
      }
    })
    expect(await submit('bad id!')).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await submitThrough(ctx.rig.outbox, null)).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    expect(ctx.world.posts()).toBe(0)
  })

  it('sends with the stored password when asked to', async () => {
    ctx.rig.online.value = false
    const anna = contact()
    expect(await submit('form-stored', anna)).toEqual({
      ok: true,
      value: { kind: 'queued', reason: 'offline' }
    })
    ctx.rig.online.value = true
    const result = await submit('form-stored', { ...anna, password: '' }, { useStoredPassword: true })
    expect(result).toMatchObject({ ok: true, value: { kind: 'created' } })
    expect(ctx.world.sandbox.log.at(-1)?.body).toMatchObject({ email: anna.email, password: PASSWORD })
  })

  it('says plainly when there is no stored password to use', async () => {
    const result = await submit('form-no-password', contact({ password: '' }), { useStoredPassword: true })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'validation', message: saying(/no longer in the keychain/) }
    })
    expect(ctx.world.posts()).toBe(0)
  })
})

describe('a restart', () => {
  it('turns an item left mid-send into unknown and sends nothing', async () => {
    const { password: _password, ...fields } = contact()
    await ctx.rig.drafts.save({ id: 'cut-off', profileId: ctx.world.profileId, fields, password: PASSWORD })
    const at = new Date().toISOString()
    await ctx.rig.store.put({
      id: 'cut-off',
      profileId: ctx.world.profileId,
      fields,
      state: 'sending',
      queuedAt: at,
      updatedAt: at,
      attempts: 1,
      intent: { sentAt: at, bodyHash: 'f'.repeat(64) }
    })
    const after = ctx.rig.restart()
    await after.outbox.start()
    const item = await after.store.get('cut-off')
    expect(item).toMatchObject({
      ok: true,
      value: {
        state: 'unknown',
        intent: { sentAt: at },
        error: { code: 'network', message: saying(/app stopped while/) }
      }
    })
    expect(after.events.at(-1)?.counts).toEqual({ waiting: 0, needsDecision: 1 })
    await sleep(300)
    expect(ctx.world.posts()).toBe(0)
  })

  it('records a created contact the history could not take, on the next start', async () => {
    const failing = ctx.rig.restart({
      recordCreated: async () =>
        err('storage', 'errors.storage.saveFailed', {
          params: { what: 'the history', path: '/tmp/x', advice: { key: 'errors.storage.advice.ENOSPC' } }
        })
    })
    const anna = contact()
    const first = await submitThrough(failing.outbox, {
      profileId: ctx.world.profileId,
      formId: 'not-recorded',
      contact: anna
    })
    expect(first).toMatchObject({ ok: true, value: { kind: 'created' } })
    expect(await itemOf('not-recorded')).toMatchObject({
      state: 'created',
      error: { code: 'storage', message: saying(/could not be added to the history/) }
    })
    const again = await submitThrough(failing.outbox, {
      profileId: ctx.world.profileId,
      formId: 'not-recorded',
      contact: anna
    })
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'validation', message: saying(/already been created/) }
    })

    const later = ctx.rig.restart()
    await later.outbox.start()
    expect(later.history).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ email: anna.email }), source: 'outbox' })
    ])
    expect(await later.store.list()).toEqual({ ok: true, value: [] })
    expect(await later.drafts.get('not-recorded')).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(ctx.world.posts()).toBe(1)
  })
})

describe('the person decides', () => {
  /** An answer cut in half: the sandbox did not create the contact, but the app cannot know that. */
  async function unknownItem(id: string) {
    ctx.world.sandbox.failNext({ kind: 'truncated-json' }, { path: '/api/teams' })
    const anna = contact()
    expect(await submit(id, anna)).toMatchObject({ ok: true, value: { kind: 'unknown' } })
    return anna
  }

  it('marks an unknown contact as created with the ID from the dashboard', async () => {
    const anna = await unknownItem('decide-exists')
    const result = await resolveThrough(ctx.rig.outbox, {
      id: 'decide-exists',
      decision: 'exists',
      contactId: 4242
    })
    expect(result).toEqual({ ok: true, value: null })
    expect(ctx.rig.history).toEqual([
      expect.objectContaining({
        contactId: 4242,
        confirmedByPerson: true,
        fields: expect.objectContaining({ email: anna.email })
      })
    ])
    expect(await ctx.rig.store.list()).toEqual({ ok: true, value: [] })
    expect(await ctx.rig.drafts.password('decide-exists')).toEqual({ ok: true, value: null })
    expect(ctx.world.posts()).toBe(1)
  })

  it('sends an unknown contact again only when the person says so', async () => {
    await unknownItem('decide-resend')
    const result = await resolveThrough(ctx.rig.outbox, { id: 'decide-resend', decision: 'resend' })
    expect(result).toMatchObject({
      ok: true,
      value: { state: 'created', attempts: 2, contactId: expect.any(Number) }
    })
    expect(ctx.world.posts()).toBe(2)
    expect(ctx.rig.history).toHaveLength(1)
    expect(await ctx.rig.store.list()).toEqual({ ok: true, value: [] })
  })

  it('discards an item with its draft and password', async () => {
    await unknownItem('decide-discard')
    expect(await resolveThrough(ctx.rig.outbox, { id: 'decide-discard', decision: 'discard' })).toEqual({
      ok: true,
      value: null
    })
    expect(await ctx.rig.store.list()).toEqual({ ok: true, value: [] })
    expect(await ctx.rig.drafts.get('decide-discard')).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
    expect(await ctx.world.secrets.has('draft:decide-discard')).toEqual({ ok: true, value: false })
    expect(ctx.rig.history).toEqual([])
    expect(ctx.world.posts()).toBe(1)
  })

  it('refuses decisions that do not fit the item', async () => {
    ctx.rig.online.value = false
    await submit('decide-queued')
    expect(
      await resolveThrough(ctx.rig.outbox, { id: 'decide-queued', decision: 'exists', contactId: 1 })
    ).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await resolveThrough(ctx.rig.outbox, { id: 'decide-queued', decision: 'exists' })).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    expect(
      await resolveThrough(ctx.rig.outbox, { id: 'decide-queued', decision: 'resend', contactId: 1 })
    ).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await resolveThrough(ctx.rig.outbox, { id: 'nothing-here', decision: 'discard' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
    expect(await ctx.rig.outbox.sendNow('decide-queued')).toMatchObject({
      ok: false,
      error: { code: 'offline' }
    })
    expect(await itemOf('decide-queued')).toMatchObject({ state: 'queued', attempts: 0 })
  })

  it('sends a refused or waiting item again when the person says so, and says why it will not for the others', async () => {
    ctx.world.sandbox.failNext({ kind: 'problem', code: 'password_too_weak' }, { path: '/api/teams' })
    expect(await submit('again-rejected')).toMatchObject({ ok: true, value: { kind: 'rejected' } })
    ctx.world.sandbox.failNext({ kind: 'rate-limited', retryAfter: '60' }, { path: '/api/teams' })
    expect(await submit('again-waiting')).toMatchObject({ ok: true, value: { kind: 'retryable' } })
    await unknownItem('again-unknown')
    // Sent now, by hand: a refused item only on the person's word ("resend"), a waiting one either way.
    expect(await ctx.rig.outbox.sendNow('again-rejected')).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'errors.outbox.refusedOpenDraft' }
    })
    expect(await ctx.rig.outbox.sendNow('again-unknown')).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'errors.outbox.undecided' }
    })
    for (const id of ['again-rejected', 'again-waiting']) {
      expect(await resolveThrough(ctx.rig.outbox, { id, decision: 'resend' })).toMatchObject({
        ok: true,
        value: { state: 'created', contactId: expect.any(Number) }
      })
    }
    expect(ctx.world.posts()).toBe(5)
    // A queued item is not the person's to send again: it goes by itself.
    ctx.rig.online.value = false
    await submit('again-queued')
    expect(await resolveThrough(ctx.rig.outbox, { id: 'again-queued', decision: 'resend' })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'errors.outbox.cannotResend' }
    })
    // A refused one is discarded with its draft.
    ctx.rig.online.value = true
    ctx.world.sandbox.failNext({ kind: 'problem', code: 'password_too_weak' }, { path: '/api/teams' })
    expect(await submit('again-refused')).toMatchObject({ ok: true, value: { kind: 'rejected' } })
    expect(await resolveThrough(ctx.rig.outbox, { id: 'again-refused', decision: 'discard' })).toEqual({
      ok: true,
      value: null
    })
    expect(await ctx.rig.drafts.get('again-refused')).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
  })

  it('sends a queued item now when asked, without waiting for its turn', async () => {
    ctx.rig.online.value = false
    await submit('send-now')
    ctx.rig.online.value = true
    const result = await ctx.rig.outbox.sendNow('send-now')
    expect(result).toMatchObject({ ok: true, value: { state: 'created', attempts: 1 } })
    expect(ctx.rig.history).toEqual([expect.objectContaining({ source: 'outbox' })])
    expect(ctx.world.posts()).toBe(1)
  })

  it('will not remove a draft whose outcome is unknown, and removes a queued one with its item', async () => {
    await unknownItem('remove-unknown')
    expect(await ctx.rig.outbox.removeDraft('remove-unknown')).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    ctx.rig.online.value = false
    await submit('remove-queued')
    expect(await ctx.rig.outbox.removeDraft('remove-queued')).toEqual({ ok: true, value: undefined })
    expect(await ctx.rig.store.get('remove-queued')).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
    expect(await ctx.rig.drafts.get('remove-queued')).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
  })
})

describe('what leaves the outbox', () => {
  it('lists one profile’s items, oldest first, without passwords', async () => {
    ctx.rig.online.value = false
    for (const id of ['list-a', 'list-b', 'list-c']) await submit(id)
    const listed = await ctx.rig.outbox.list(ctx.world.profileId)
    expect(listed.ok && listed.value.map((i) => i.id)).toEqual(['list-a', 'list-b', 'list-c'])
    expect(JSON.stringify(listed)).not.toContain(PASSWORD)
    expect(JSON.stringify(ctx.rig.events)).not.toContain(PASSWORD)
    expect(await ctx.rig.outbox.list(randomUUID())).toEqual({ ok: true, value: [] })
    await vi.waitFor(() => expect(ctx.rig.events.at(-1)?.counts).toEqual({ waiting: 3, needsDecision: 0 }))
  })
})
