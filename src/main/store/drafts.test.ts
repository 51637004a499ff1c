import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DraftFields } from '../../shared/draft'
import type { StoreNotice } from '../../shared/notice'
import { err } from '../../shared/result'
import { createSecretStore, type SecretBackend, type SecretStore } from '../secrets'
import { failure, faulty, recordRenames, restoreFs } from '../testing/faulty-fs'
import { createDraftStore, DRAFTS_FILE, type DraftStore } from './drafts'

const CANARY = `Pw-canary-${randomUUID()}`
let root: string
let dir: string
let secrets: SecretStore
let store: DraftStore
const used = new Set<string>()

const fields = (patch: Partial<DraftFields> = {}): DraftFields => ({
  firstname: 'Anna',
  lastname: 'Svensson',
  email: 'anna@exam',
  phonenumber: '',
  address1: '',
  city: '',
  country: '',
  postcode: '',
  ...patch
})

function id(): string {
  const value = `d-${randomUUID()}`
  used.add(value)
  return value
}

const fileText = (): Promise<string> => readFile(join(dir, DRAFTS_FILE), 'utf8')

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hostup-drafts-'))
  secrets = createSecretStore(`hostup-contacts-test-${randomUUID()}`)
})

beforeEach(async () => {
  dir = await mkdtemp(join(root, 'data-'))
  store = createDraftStore({ dir, secrets })
})

afterAll(async () => {
  for (const draft of used) await secrets.delete(`draft:${draft}`)
  await rm(root, { recursive: true, force: true })
})

describe('draft store', () => {
  it('saves, reads, lists and removes a draft', async () => {
    const draftId = id()
    const saved = await store.save({ id: draftId, profileId: 'p1', fields: fields() })
    expect(saved).toMatchObject({
      ok: true,
      value: { id: draftId, profileId: 'p1', hasPassword: false, source: 'form' }
    })
    expect(await store.get(draftId)).toEqual(saved)
    expect(await store.list()).toEqual({ ok: true, value: [saved.ok && saved.value] })
    expect(await store.remove(draftId)).toEqual({ ok: true, value: undefined })
    expect(await store.get(draftId)).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await store.remove(draftId)).toEqual({ ok: true, value: undefined })
  })

  it('keeps the password in the keychain and never in the file', async () => {
    const draftId = id()
    const saved = await store.save({ id: draftId, profileId: 'p1', fields: fields(), password: CANARY })
    expect(saved).toMatchObject({ ok: true, value: { hasPassword: true } })
    expect(JSON.stringify(saved)).not.toContain(CANARY)
    expect(await fileText()).not.toContain(CANARY)
    expect(await store.password(draftId)).toEqual({ ok: true, value: CANARY })
    expect(await secrets.get(`draft:${draftId}`)).toEqual({ ok: true, value: CANARY })
  })

  it('leaves the password alone when none is given, and deletes it for an empty one', async () => {
    const draftId = id()
    await store.save({ id: draftId, profileId: 'p1', fields: fields(), password: CANARY })
    expect(
      await store.save({ id: draftId, profileId: 'p1', fields: fields({ city: 'Lund' }) })
    ).toMatchObject({
      ok: true,
      value: { hasPassword: true, fields: { city: 'Lund' } }
    })
    expect(await store.password(draftId)).toEqual({ ok: true, value: CANARY })
    expect(await store.save({ id: draftId, profileId: 'p1', fields: fields(), password: '' })).toMatchObject({
      ok: true,
      value: { hasPassword: false }
    })
    expect(await store.password(draftId)).toEqual({ ok: true, value: null })
  })

  it('deletes the password from the keychain with the draft', async () => {
    const draftId = id()
    await store.save({ id: draftId, profileId: 'p1', fields: fields(), password: CANARY })
    await store.remove(draftId)
    expect(await secrets.has(`draft:${draftId}`)).toEqual({ ok: true, value: false })
  })

  it('keeps createdAt, moves updatedAt and lists the newest first, per profile', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z')
    const timed = createDraftStore({ dir, secrets, now: () => new Date((clock += 1000)) })
    const [a, b, c] = [id(), id(), id()]
    await timed.save({ id: a, profileId: 'p1', fields: fields() })
    await timed.save({ id: b, profileId: 'p2', fields: fields() })
    await timed.save({ id: c, profileId: 'p1', fields: fields() })
    const resaved = await timed.save({ id: a, profileId: 'p1', fields: fields({ firstname: 'Anne' }) })
    expect(resaved).toMatchObject({
      ok: true,
      value: { createdAt: '2026-03-01T10:00:01.000Z', updatedAt: '2026-03-01T10:00:04.000Z' }
    })
    const all = await timed.list()
    expect(all.ok && all.value.map((d) => d.id)).toEqual([a, c, b])
    const p1 = await timed.list('p1')
    expect(p1.ok && p1.value.map((d) => d.id)).toEqual([a, c])
  })

  it('survives a new store instance, unicode and all', async () => {
    const draftId = id()
    const unicode = fields({
      firstname: 'Åsa 李 👩🏽‍💻',
      lastname: 'עברית',
      city: 'Göteborg',
      address1: '😀'.repeat(300)
    })
    await store.save({ id: draftId, profileId: 'p1', fields: unicode, source: 'csv' })
    const reopened = createDraftStore({ dir, secrets })
    expect(await reopened.get(draftId)).toMatchObject({ ok: true, value: { fields: unicode, source: 'csv' } })
  })

  it('never touches the keychain for a draft without a password', async () => {
    const broken: SecretBackend = {
      getPassword: () => Promise.reject(new Error('no keychain')),
      setPassword: () => Promise.reject(new Error('no keychain')),
      deletePassword: () => Promise.reject(new Error('no keychain'))
    }
    const offline = createDraftStore({ dir, secrets: createSecretStore('hostup-contacts-none', broken) })
    const draftId = id()
    expect(await offline.save({ id: draftId, profileId: 'p1', fields: fields() })).toMatchObject({ ok: true })
    expect(await offline.remove(draftId)).toEqual({ ok: true, value: undefined })
    expect(
      await offline.save({ id: draftId, profileId: 'p1', fields: fields(), password: CANARY })
    ).toMatchObject({
      ok: false,
      error: { code: 'keychain_unavailable' }
    })
    expect(await offline.get(draftId)).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('writes at once, on flush, what forget left for the background', async () => {
    const gone = id()
    const kept = id()
    await store.save({ id: gone, profileId: 'p1', fields: fields(), password: CANARY })
    await store.save({ id: kept, profileId: 'p1', fields: fields() })
    store.forget(gone)
    // Gone from every read at once; the file still names it (the sweep waits five seconds).
    expect(await store.get(gone)).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await fileText()).toContain(gone)
    await store.flush()
    expect(await fileText()).not.toContain(gone)
    expect(await fileText()).toContain(kept)
    expect(await store.password(gone)).toEqual({ ok: true, value: null })
    // Nothing left to write: a second flush changes nothing.
    const before = await fileText()
    await store.flush()
    expect(await fileText()).toBe(before)
  })

  it('makes its folder on the first save', async () => {
    const nested = createDraftStore({ dir: join(dir, 'not', 'yet'), secrets })
    expect(await nested.list()).toEqual({ ok: true, value: [] })
    expect(await nested.save({ id: id(), profileId: 'p1', fields: fields() })).toMatchObject({ ok: true })
  })

  it('moves a damaged file aside, says so, and starts empty', async () => {
    await writeFile(join(dir, DRAFTS_FILE), '{"schemaVersion":1,"data":{"drafts":[{"id":1}]}}')
    const notices: StoreNotice[] = []
    const reopened = createDraftStore({ dir, secrets, notices: (n) => notices.push(n) })
    expect(await reopened.list()).toEqual({ ok: true, value: [] })
    expect(notices).toEqual([expect.objectContaining({ kind: 'quarantined', reason: 'invalid' })])
  })
})

describe('saving many drafts at once (an import)', () => {
  const many = (count: number, password = CANARY) =>
    Array.from({ length: count }, (_, i) => ({
      id: id(),
      profileId: 'p1',
      fields: fields({ firstname: `Person ${i}` }),
      password,
      source: 'csv' as const,
      batchId: 'b-1'
    }))

  afterEach(() => restoreFs())

  it('saves every one in one write of the file, their passwords in the keychain', async () => {
    const renames = recordRenames()
    const inputs = many(25)
    const saved = await store.saveMany(inputs)
    expect(saved.ok && saved.value.map((d) => d.id)).toEqual(inputs.map((i) => i.id))
    expect(saved.ok && saved.value[0]).toMatchObject({ source: 'csv', batchId: 'b-1', hasPassword: true })
    expect(renames.filter((to) => to.endsWith(DRAFTS_FILE))).toHaveLength(1)
    // Listed as if saved one after the other: the last row first.
    const listed = await store.list('p1')
    expect(listed.ok && listed.value.map((d) => d.id)).toEqual(inputs.map((i) => i.id).reverse())
    expect(await store.password(inputs[24]?.id ?? '')).toEqual({ ok: true, value: CANARY })
    expect(await fileText()).not.toContain(CANARY)
    // Beside drafts already there, which stay.
    const other = id()
    await store.save({ id: other, profileId: 'p1', fields: fields() })
    expect((await store.saveMany(many(2))).ok).toBe(true)
    expect((await store.get(other)).ok).toBe(true)
  })

  it('saves none when the keychain refuses one, and takes back the passwords already kept', async () => {
    let sets = 0
    const failing: SecretStore = {
      service: secrets.service,
      set: (account, secret) =>
        (sets += 1) === 3
          ? Promise.resolve(err('keychain_unavailable', 'errors.keychain.locked'))
          : secrets.set(account, secret),
      get: (account) => secrets.get(account),
      has: (account) => secrets.has(account),
      delete: (account) => secrets.delete(account)
    }
    const local = createDraftStore({ dir, secrets: failing })
    const inputs = many(5)
    expect(await local.saveMany(inputs)).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } })
    expect(await local.list()).toEqual({ ok: true, value: [] })
    for (const input of inputs)
      expect(await secrets.has(`draft:${input.id}`)).toEqual({ ok: true, value: false })
  })

  it('saves none when the file cannot be written, and takes back every password', async () => {
    const inputs = many(3)
    faulty('rename', () => () => Promise.reject(failure('ENOSPC')))
    expect(await store.saveMany(inputs)).toMatchObject({
      ok: false,
      error: { code: 'storage', message: 'errors.storage.saveFailed', cause: 'ENOSPC' }
    })
    restoreFs()
    expect(await store.list()).toEqual({ ok: true, value: [] })
    for (const input of inputs)
      expect(await secrets.has(`draft:${input.id}`)).toEqual({ ok: true, value: false })
  })

  it('refuses the same ID twice, writing nothing', async () => {
    const [one] = many(1)
    if (!one) throw new Error('no input')
    expect(await store.saveMany([one, { ...one }])).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(await store.list()).toEqual({ ok: true, value: [] })
    expect(await secrets.has(`draft:${one.id}`)).toEqual({ ok: true, value: false })
  })
})
