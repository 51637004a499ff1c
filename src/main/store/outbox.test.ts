import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StoreNotice } from '../../shared/notice'
import type { OutboxItem } from '../../shared/outbox'
import { createOutboxStore, OUTBOX_FILE } from './outbox'

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

  it('moves a file it cannot read aside and says so', async () => {
    await writeFile(
      join(dir, OUTBOX_FILE),
      '{"schemaVersion":1,"data":{"items":[{"id":"a","state":"flying"}]}}'
    )
    const notices: StoreNotice[] = []
    const store = createOutboxStore({ dir, notices: (n) => notices.push(n) })
    expect(await store.list()).toEqual({ ok: true, value: [] })
    expect(notices).toEqual([expect.objectContaining({ kind: 'quarantined', reason: 'invalid' })])
  })
})
