import { beforeEach, describe, expect, it } from 'vitest'
import { createDraftService, type DraftService } from './service'
import { contact, PASSWORD, submitThrough, useRig } from '../testing/outbox-world'

const ctx = useRig()
let service: DraftService

beforeEach(() => {
  service = createDraftService({ drafts: ctx.rig.drafts, outbox: ctx.rig.outbox })
})

const { password: _password, ...fields } = contact()

describe('draft service', () => {
  it('answers the drafts channels', async () => {
    const saved = await service.save({
      id: 'form-1',
      profileId: ctx.world.profileId,
      fields,
      password: PASSWORD
    })
    expect(saved).toMatchObject({ ok: true, value: { id: 'form-1', hasPassword: true } })
    expect(JSON.stringify(saved)).not.toContain(PASSWORD)
    expect(await service.get('form-1')).toEqual(saved)
    expect(await service.list(ctx.world.profileId)).toEqual({
      ok: true,
      value: [saved.ok && saved.value]
    })
    expect(await service.remove('form-1')).toEqual({ ok: true, value: null })
    expect(await ctx.rig.drafts.password('form-1')).toEqual({ ok: true, value: null })
  })

  it('duplicates a draft without its e-mail and password', async () => {
    await service.save({ id: 'form-2', profileId: ctx.world.profileId, fields, password: PASSWORD })
    const copy = await service.duplicate('form-2')
    expect(copy).toMatchObject({ ok: true, value: { hasPassword: false, fields: { ...fields, email: '' } } })
    expect(copy.ok && copy.value.id).not.toBe('form-2')
  })

  it('does not bring back the draft of a contact that was created', async () => {
    const anna = contact()
    await submitThrough(ctx.rig.outbox, { profileId: ctx.world.profileId, formId: 'form-4', contact: anna })
    const { password: _p, ...sent } = anna
    expect(await service.save({ id: 'form-4', profileId: ctx.world.profileId, fields: sent })).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    expect(await service.get('form-4')).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('keeps a draft whose send has an unknown outcome', async () => {
    ctx.world.sandbox.failNext({ kind: 'truncated-json' }, { path: '/api/teams' })
    await submitThrough(ctx.rig.outbox, {
      profileId: ctx.world.profileId,
      formId: 'form-3',
      contact: contact()
    })
    expect(await service.remove('form-3')).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await service.get('form-3')).toMatchObject({ ok: true })
  })
})
