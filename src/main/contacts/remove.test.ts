import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../../e2e/sandbox'
import type { DraftFields } from '../../shared/draft'
import type { HistoryEntry } from '../../shared/history'
import { err, type Result } from '../../shared/result'
import { createHistoryService, type HistoryRecordInput, type HistoryService } from '../history'
import { createProfileService, type ProfileService } from '../profiles'
import { createSecretStore } from '../secrets'
import { createHistoryStore } from '../store/history'
import { english } from '../testing/english'
import { createPermissionsService } from './permissions'
import { createContactsService, type ContactsService } from './service'

const NOW = new Date('2024-06-01T12:00:00.000Z')
let dir: string

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'hostup-contacts-remove-'))
})

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

function service(): HistoryService {
  return createHistoryService({
    store: createHistoryStore({ dir }),
    chooseSavePath: async () => null,
    now: () => NOW
  })
}

function fields(firstname: string, lastname: string, extra: Partial<DraftFields> = {}): DraftFields {
  return {
    firstname,
    lastname,
    email: '',
    phonenumber: '',
    address1: '',
    city: '',
    country: 'SE',
    postcode: '',
    ...extra
  }
}

function input(f: DraftFields, extra: Partial<HistoryRecordInput> = {}): HistoryRecordInput {
  return { profileId: 'work', profileName: 'Work', contactId: 1, fields: f, source: 'form', ...extra }
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

describe('removing a contact (History → undo) against the sandbox', () => {
  let sandbox: Sandbox
  let profileDir: string
  let profiles: ProfileService
  let profileId: string

  /** Removing is the contacts service's; creating goes through an outbox these tests do not use. */
  const contacts = (history: HistoryService): ContactsService =>
    createContactsService({
      outbox: {
        submit: async () => err('internal', 'errors.app.unexpected'),
        retryPermissions: async () => err('internal', 'errors.app.unexpected')
      },
      history,
      profiles,
      permissions: createPermissionsService({ profiles }),
      now: () => NOW
    })

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 })
    profileDir = await fs.mkdtemp(join(tmpdir(), 'hostup-history-profiles-'))
    const secrets = createSecretStore(`hostup-contacts-test-${randomUUID()}`)
    profiles = createProfileService({ dir: profileDir, secrets, timeoutMs: 3000 })
    profileId = value(await profiles.save({ name: 'Sandbox', baseUrl: sandbox.url })).id
    value(await profiles.setKey(profileId, DEMO_KEY))
  })

  afterAll(async () => {
    await profiles.clearKey(profileId)
    await sandbox.close()
    await fs.rm(profileDir, { recursive: true, force: true })
  })

  async function created(s: HistoryService): Promise<HistoryEntry> {
    const client = value(await profiles.client(profileId))
    const f = fields('Undo', 'Person', { email: `undo.${randomUUID().slice(0, 8)}@example.com` })
    const outcome = await client.createContact({ ...f, password: 'Correct-Horse-42' })
    if (outcome.kind !== 'created') throw new Error(`not created: ${outcome.kind}`)
    return value(
      await s.record(input(f, { profileId, profileName: 'Sandbox', contactId: outcome.contactId }))
    )
  }

  it('deletes the contact in HostUp and marks the entry removed, kept across a restart', async () => {
    const s = service()
    const entry = await created(s)
    const undone = value(await contacts(s).remove(entry.id))
    expect(undone).toMatchObject({ id: entry.id, removedAt: NOW.toISOString() })
    expect(sandbox.contacts.find((c) => c.id === entry.contactId)?.deleted).toBe(true)
    const del = sandbox.log.filter((r) => r.method === 'DELETE')
    expect(del.map((r) => r.query)).toEqual([{ id: String(entry.contactId), type: 'contact' }])
    const again = value(await service().query({}))
    expect(again.rows).toEqual([undone])
    expect(value(await service().findByEmail(profileId, entry.fields.email))).toEqual([])
  })

  it('refuses to undo twice, and sends no second DELETE', async () => {
    const s = service()
    const entry = await created(s)
    value(await contacts(s).remove(entry.id))
    const deletes = sandbox.log.filter((r) => r.method === 'DELETE').length
    expect(await contacts(s).remove(entry.id)).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(sandbox.log.filter((r) => r.method === 'DELETE').length).toBe(deletes)
  })

  it('sends one DELETE when undo is asked twice at once', async () => {
    const s = service()
    const entry = await created(s)
    const before = sandbox.log.filter((r) => r.method === 'DELETE').length
    const both = contacts(s)
    const [first, second] = await Promise.all([both.remove(entry.id), both.remove(entry.id)])
    expect(first.ok).toBe(true)
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } })
    expect(sandbox.log.filter((r) => r.method === 'DELETE').length).toBe(before + 1)
  })

  it('answers not_found for an ID that is not in the history', async () => {
    expect(await contacts(service()).remove('no-such-entry')).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
  })

  it('passes a HostUp failure through and leaves the entry as it was', async () => {
    const s = service()
    const entry = await created(s)
    sandbox.failNext({ kind: 'problem', code: 'forbidden' }, { path: '/api/teams' })
    const result = await contacts(s).remove(entry.id)
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.any(String) } })
    expect(!result.ok && english(result.error)).toMatch(/scope/)
    expect(value(await s.query({})).rows[0]?.removedAt).toBeUndefined()
  })
})
