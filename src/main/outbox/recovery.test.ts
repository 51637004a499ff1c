/**
 * What a crash (or a power cut) may cost a created contact, and what start-up makes of it. A send
 * makes two durable writes: the intent (`sending`) before the request, and the history entry after a
 * `created` answer. Letting go of the item and the draft is not fsynced, so it may be lost: the
 * history entry then says what happened, and the contact is never sent again nor shown as a draft.
 */
import { copyFile, readFile, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createDraftService } from '../drafts'
import { DRAFTS_FILE } from '../store/drafts'
import { OUTBOX_FILE } from '../store/outbox'
import { fieldsOf } from './send'
import { contact, PASSWORD, submitThrough, useRig } from '../testing/outbox-world'

const ctx = useRig({ start: true })

/** Cuts the journal back to just after the intent of `id`: what a power cut after the history's fsync may leave. */
async function loseEverythingAfterTheIntent(dir: string, id: string): Promise<void> {
  const path = join(dir, OUTBOX_FILE)
  const text = await readFile(path, 'utf8')
  const lines = text.split('\n')
  const intent = lines.findIndex((line) => line.includes('"sending"') && line.includes(`"id":"${id}"`))
  expect(intent).toBeGreaterThan(0)
  await truncate(path, Buffer.byteLength(lines.slice(0, intent + 1).join('\n') + '\n'))
}

describe('a created contact whose item and draft a crash kept', () => {
  it('is let go as created at start: not sent again, not shown as a draft, not saved again', async () => {
    const { rig, world } = ctx
    const id = 'form-power-cut'
    const typed = contact()
    // Autosaved as typed: its draft is in drafts.json, its password in the keychain.
    expect(
      await rig.drafts.save({ id, profileId: world.profileId, fields: fieldsOf(typed), password: PASSWORD })
    ).toMatchObject({ ok: true })
    await copyFile(join(rig.dir, DRAFTS_FILE), join(rig.dir, 'drafts.before'))
    const sent = await submitThrough(rig.outbox, { profileId: world.profileId, formId: id, contact: typed })
    expect(sent).toMatchObject({ ok: true, value: { kind: 'created' } })
    expect(rig.history.map((e) => e.id)).toEqual([id])
    // Gone from every list at once, whether or not the file has caught up.
    expect(await rig.drafts.list()).toEqual({ ok: true, value: [] })
    // Its file entry follows in the background; the power cut comes after that, and undoes it.
    await vi.waitFor(
      async () => expect(await readFile(join(rig.dir, DRAFTS_FILE), 'utf8')).not.toContain(id),
      {
        timeout: 5000
      }
    )

    // The power cut: the item's removal and the draft's never reached the disk.
    await loseEverythingAfterTheIntent(rig.dir, id)
    await copyFile(join(rig.dir, 'drafts.before'), join(rig.dir, DRAFTS_FILE))
    const restarted = rig.restart()
    const drafts = createDraftService({ drafts: restarted.drafts, outbox: restarted.outbox })
    await restarted.outbox.start()

    expect(await restarted.outbox.list(world.profileId)).toEqual({ ok: true, value: [] })
    expect(await drafts.list(world.profileId)).toEqual({ ok: true, value: [] })
    expect(await drafts.get(id)).toMatchObject({ ok: false, error: { code: 'not_found' } })
    // Recorded once, sent once, and neither the form nor its autosave can bring it back.
    expect(restarted.history.map((e) => e.id)).toEqual([id])
    expect(world.posts()).toBe(1)
    expect(
      await submitThrough(restarted.outbox, { profileId: world.profileId, formId: id, contact: typed })
    ).toMatchObject({ ok: false, error: { message: 'errors.outbox.alreadyCreated' } })
    expect(
      await drafts.save({ id, profileId: world.profileId, fields: fieldsOf(typed), password: PASSWORD })
    ).toMatchObject({ ok: false, error: { message: 'errors.outbox.alreadyCreated' } })
    expect(world.posts()).toBe(1)
    // Its file entry and its kept password follow.
    await vi.waitFor(
      async () => expect(await readFile(join(rig.dir, DRAFTS_FILE), 'utf8')).not.toContain(id),
      { timeout: 5000 }
    )
    await vi.waitFor(async () =>
      expect(await restarted.drafts.password(id)).toEqual({ ok: true, value: null })
    )
  })

  it('without a history entry, a cut-off send still waits for the person as unknown', async () => {
    const { rig, world } = ctx
    const id = 'form-cut-before-history'
    const typed = contact()
    // The history could not take the entry (a full disk): the item keeps saying what happened.
    const failing = rig.restart({
      recordCreated: async () => ({
        ok: false,
        error: { code: 'storage', message: 'errors.storage.saveFailed' }
      })
    })
    const sent = await submitThrough(failing.outbox, {
      profileId: world.profileId,
      formId: id,
      contact: typed
    })
    expect(sent).toMatchObject({ ok: true, value: { kind: 'created' } })
    // A crash before even that: only the intent is on disk.
    await loseEverythingAfterTheIntent(rig.dir, id)
    rig.online.value = false
    const restarted = rig.restart()
    const items = await restarted.outbox.list(world.profileId)
    expect(items.ok && items.value.map((i) => [i.id, i.state])).toEqual([[id, 'unknown']])
    expect(world.posts()).toBe(1)
  })
})
