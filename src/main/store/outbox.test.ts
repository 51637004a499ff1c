import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StoreNotice } from '../../shared/notice'
import type { OutboxItem } from '../../shared/outbox'
import { createOutboxStore, OUTBOX_DOCUMENT_FILE, OUTBOX_FILE } from './outbox'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-outbox-store-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const item = (id: string, patch: Partial<OutboxItem> = {}): OutboxItem => ({
  id,
  profileId: 'p1',
  fields: {
    firstname: 'Åsa',
    lastname: '李',
    email: 'asa@example.se',
    phonenumber: '',
    address1: '',
    city: 'Malmö',
    country: 'SE',
    postcode: ''
  },
  state: 'queued',
  queuedAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  attempts: 0,
  ...patch
})

describe('outbox store', () => {
  it('puts, replaces, reads and removes items, in the order first put', async () => {
    const store = createOutboxStore({ dir })
    await store.put(item('a'))
    await store.put(item('b'))
    await store.put(item('a', { state: 'retryable', attempts: 1, nextAttemptAt: '2026-03-01T10:00:02.000Z' }))
    const listed = await store.list()
    expect(listed.ok && listed.value.map((i) => [i.id, i.state])).toEqual([
      ['a', 'retryable'],
      ['b', 'queued']
    ])
    expect(await store.get('b')).toEqual({ ok: true, value: item('b') })
    expect(await store.remove('b')).toEqual({ ok: true, value: undefined })
    expect(await store.remove('b')).toEqual({ ok: true, value: undefined })
    expect(await store.get('b')).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('survives a new store instance with every field intact', async () => {
    const full = item('a', {
      state: 'unknown',
      attempts: 2,
      intent: { sentAt: '2026-03-01T10:00:01.000Z', bodyHash: 'ab'.repeat(32) },
      requestId: 'req-1',
      error: {
        code: 'network',
        message: 'errors.hostup.reset',
        params: { host: 'cloud.hostup.se', next: { key: 'errors.hostup.next.create' } },
        detail: 'Bad gateway',
        requestId: 'req-1',
        status: 502
      }
    })
    await createOutboxStore({ dir }).put(full)
    expect(await createOutboxStore({ dir }).get('a')).toEqual({ ok: true, value: full })
  })

  it('writes only the keys an item has, so a spread-in password never reaches the file', async () => {
    const store = createOutboxStore({ dir })
    const leaky = {
      ...item('a'),
      password: 'Canary-123',
      fields: { ...item('a').fields, password: 'Canary-123' }
    }
    expect(await store.put(leaky as OutboxItem)).toEqual({ ok: true, value: undefined })
    expect(await readFile(join(dir, OUTBOX_FILE), 'utf8')).not.toContain('Canary-123')
    expect(await store.get('a')).toEqual({ ok: true, value: item('a') })
  })

  it('makes its folder on the first write', async () => {
    const store = createOutboxStore({ dir: join(dir, 'not', 'yet') })
    expect(await store.put(item('a'))).toEqual({ ok: true, value: undefined })
    expect(await store.get('a')).toMatchObject({ ok: true })
  })

  it('refuses an item without the shape of one', async () => {
    const store = createOutboxStore({ dir })
    expect(await store.put({ ...item('a'), state: 'lost' } as unknown as OutboxItem)).toMatchObject({
      ok: false
    })
    expect(await store.put(item('no spaces allowed'))).toMatchObject({ ok: false })
    expect(await store.list()).toEqual({ ok: true, value: [] })
  })

  it('moves an outbox.json it cannot read aside and says so', async () => {
    await writeFile(
      join(dir, OUTBOX_DOCUMENT_FILE),
      '{"schemaVersion":1,"data":{"items":[{"id":"a","state":"flying"}]}}'
    )
    const notices: StoreNotice[] = []
    const store = createOutboxStore({ dir, notices: (n) => notices.push(n) })
    expect(await store.list()).toEqual({ ok: true, value: [] })
    expect(notices).toEqual([expect.objectContaining({ kind: 'quarantined', reason: 'invalid' })])
  })

  it('keeps one line per change: an append, never a rewrite of the other items', async () => {
    const store = createOutboxStore({ dir })
    await store.put(item('a'))
    await store.put(item('b'))
    const before = await readFile(join(dir, OUTBOX_FILE), 'utf8')
    await store.put(item('a', { state: 'sending', attempts: 1 }))
    await store.remove('b', { durable: false })
    const after = await readFile(join(dir, OUTBOX_FILE), 'utf8')
    expect(after.startsWith(before)).toBe(true)
    expect(
      after
        .slice(before.length)
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).t)
    ).toEqual(['put', 'remove'])
    const again = await createOutboxStore({ dir }).list()
    expect(again.ok && again.value.map((i) => [i.id, i.state])).toEqual([['a', 'sending']])
  })

  it('drops a torn last line (a crash mid-append) and appends after what was complete', async () => {
    const store = createOutboxStore({ dir })
    await store.put(item('a'))
    await appendFile(join(dir, OUTBOX_FILE), '{"t":"put","item":{"id":"b","sta')
    const notices: StoreNotice[] = []
    const reopened = createOutboxStore({ dir, notices: (n) => notices.push(n) })
    expect(await reopened.put(item('c'))).toEqual({ ok: true, value: undefined })
    const listed = await createOutboxStore({ dir }).list()
    expect(listed.ok && listed.value.map((i) => i.id)).toEqual(['a', 'c'])
    expect(notices).toEqual([])
  })

  it('sets a damaged journal aside, keeps what reads and holds the draft of a line that does not', async () => {
    const store = createOutboxStore({ dir })
    await store.put(item('a'))
    await store.put(item('b'))
    const text = await readFile(join(dir, OUTBOX_FILE), 'utf8')
    const lines = text.split('\n')
    lines[2] = lines[2]!.replace('"queued"', '"flying"')
    await writeFile(join(dir, OUTBOX_FILE), lines.join('\n'))
    const notices: StoreNotice[] = []
    const reopened = createOutboxStore({ dir, notices: (n) => notices.push(n) })
    const listed = await reopened.list()
    expect(listed.ok && listed.value.map((i) => i.id)).toEqual(['a'])
    expect(await reopened.held()).toEqual({ ok: true, value: { ids: ['b'], all: false } })
    expect(notices).toEqual([expect.objectContaining({ kind: 'quarantined', reason: 'invalid' })])
    expect((await readdir(dir)).some((f) => f.startsWith('outbox.invalid-'))).toBe(true)
    // What was kept is on disk as a fresh journal: a second start sees the same, and is not told again.
    const third = createOutboxStore({ dir, notices: (n) => notices.push(n) })
    expect(await third.held()).toEqual({ ok: true, value: { ids: ['b'], all: false } })
    expect(notices).toHaveLength(1)
  })

  it('holds every draft when the journal comes from a newer version', async () => {
    await writeFile(join(dir, OUTBOX_FILE), '{"schemaVersion":9,"kind":"hostup-contacts.outbox"}\n')
    const notices: StoreNotice[] = []
    const store = createOutboxStore({ dir, notices: (n) => notices.push(n) })
    expect(await store.held()).toEqual({ ok: true, value: { ids: [], all: true } })
    expect(notices).toEqual([expect.objectContaining({ reason: 'future-version' })])
  })

  it('turns an outbox.json of the previous version into the journal, and removes it', async () => {
    const full = item('a', { state: 'unknown', attempts: 1, requestId: 'req-1' })
    await writeFile(
      join(dir, OUTBOX_DOCUMENT_FILE),
      JSON.stringify({
        schemaVersion: 2,
        data: { items: [full, item('b')], held: { ids: ['c'], all: false } }
      })
    )
    const store = createOutboxStore({ dir })
    const listed = await store.list()
    expect(listed.ok && listed.value).toEqual([full, item('b')])
    expect(await store.held()).toEqual({ ok: true, value: { ids: ['c'], all: false } })
    expect(await readdir(dir)).toEqual([OUTBOX_FILE])
    const header = JSON.parse((await readFile(join(dir, OUTBOX_FILE), 'utf8')).split('\n')[0]!)
    expect(header).toEqual({ schemaVersion: 1, kind: 'hostup-contacts.outbox' })
  })

  it('rewrites itself whole once it holds far more lines than items', async () => {
    const store = createOutboxStore({ dir })
    for (let n = 0; n < 400; n += 1) await store.put(item('a', { attempts: n }), { durable: n % 2 === 0 })
    const lines = (await readFile(join(dir, OUTBOX_FILE), 'utf8')).trimEnd().split('\n')
    expect(lines.length).toBeLessThan(300)
    expect(await createOutboxStore({ dir }).get('a')).toEqual({
      ok: true,
      value: item('a', { attempts: 399 })
    })
  })

  it('hands out items that cannot be changed behind its back', async () => {
    const store = createOutboxStore({ dir })
    await store.put(item('a'))
    const got = await store.get('a')
    expect(() => {
      if (got.ok) (got.value as { state: string }).state = 'created'
    }).toThrow(TypeError)
    expect(await store.get('a')).toEqual({ ok: true, value: item('a') })
  })
})
