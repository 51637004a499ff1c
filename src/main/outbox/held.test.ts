/**
 * When a damaged outbox.json has to be set aside, what it guarded stays guarded: a draft whose send
 * may have reached HostUp never becomes sendable just because its record could not be read.
 */
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fieldsOf } from './send'
import { OUTBOX_DOCUMENT_FILE } from '../store/outbox'
import { saying } from '../testing/english'
import { contact, PASSWORD, sleep, submitThrough, type Rig, useRig } from '../testing/outbox-world'

const ctx = useRig()

async function draft(id: string): Promise<void> {
  const saved = await ctx.rig.drafts.save({
    id,
    profileId: ctx.world.profileId,
    fields: fieldsOf(contact()),
    password: PASSWORD
  })
  if (!saved.ok) throw new Error(saved.error.code)
}

async function statesAfterRestart(): Promise<{ restarted: Rig; states: Record<string, string> }> {
  const restarted = ctx.rig.restart()
  const items = await restarted.outbox.list(ctx.world.profileId)
  if (!items.ok) throw new Error(items.error.code)
  return { restarted, states: Object.fromEntries(items.value.map((i) => [i.id, i.state])) }
}

describe('an outbox file that must be set aside', () => {
  it('holds the draft whose record could not be read back, and keeps the readable ones as they were', async () => {
    await draft('sent-maybe')
    await draft('queued-ok')
    await draft('only-typed')
    const readable = {
      id: 'queued-ok',
      profileId: ctx.world.profileId,
      fields: fieldsOf(contact()),
      state: 'queued',
      queuedAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
      attempts: 0
    }
    // One record names its draft but not in a shape this version reads (a hand edit, a bad disk).
    const damaged = { schemaVersion: 2, data: { items: [readable, { id: 'sent-maybe', state: 'sending?' }] } }
    await writeFile(join(ctx.rig.dir, OUTBOX_DOCUMENT_FILE), JSON.stringify(damaged))
    ctx.rig.online.value = false

    const { restarted, states } = await statesAfterRestart()
    expect(states).toEqual({ 'queued-ok': 'queued', 'sent-maybe': 'unknown' })
    const held = await restarted.store.get('sent-maybe')
    expect(held).toMatchObject({
      ok: true,
      value: { error: { code: 'storage', message: saying(/outbox file was damaged/) } }
    })
    expect((await readdir(ctx.rig.dir)).some((f) => f.startsWith('outbox.invalid-'))).toBe(true)

    // Sending it again from the form is refused until the person decides; nothing reaches HostUp.
    restarted.online.value = true
    const again = await submitThrough(restarted.outbox, {
      profileId: ctx.world.profileId,
      formId: 'sent-maybe',
      contact: contact()
    })
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'validation', message: saying(/unknown outcome/) }
    })
    await sleep(200)
    expect(ctx.world.posts()).toBe(0)
  })

  it('holds every draft when not even the record of which drafts were sent can be read', async () => {
    await draft('a')
    await draft('b')
    await writeFile(
      join(ctx.rig.dir, OUTBOX_DOCUMENT_FILE),
      '{"schemaVersion":2,"data":{"items":[{"id":"a","sta'
    )
    ctx.rig.online.value = false
    const { states } = await statesAfterRestart()
    expect(states).toEqual({ a: 'unknown', b: 'unknown' })
    expect(ctx.world.posts()).toBe(0)
  })

  it('holds the drafts a file from a newer version named, and keeps that file', async () => {
    await draft('future-1')
    await draft('untouched')
    const future = { schemaVersion: 9, data: { items: [{ id: 'future-1', state: 'permissions-pending' }] } }
    await writeFile(join(ctx.rig.dir, OUTBOX_DOCUMENT_FILE), JSON.stringify(future))
    const { states } = await statesAfterRestart()
    expect(states).toEqual({ 'future-1': 'unknown' })
    expect((await readdir(ctx.rig.dir)).some((f) => f.startsWith('outbox.future-version-'))).toBe(true)
  })

  it('holds a draft only once, across a second restart', async () => {
    await draft('once')
    await writeFile(join(ctx.rig.dir, OUTBOX_DOCUMENT_FILE), 'not json')
    ctx.rig.online.value = false
    await statesAfterRestart()
    const second = ctx.rig.restart()
    const items = await second.outbox.list(ctx.world.profileId)
    expect(items.ok && items.value.map((i) => i.id)).toEqual(['once'])
  })
})
