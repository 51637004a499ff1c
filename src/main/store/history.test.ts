import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../../shared/history'
import type { StoreNotice } from '../../shared/notice'
import { english } from '../testing/english'
import { createHistoryStore, HISTORY_FILE } from './history'

const FIXED_NOW = new Date('2024-03-05T07:08:09.123Z')
const HEADER = '{"schemaVersion":2,"kind":"hostup-contacts.history"}\n'

let dir: string
let file: string
let notices: StoreNotice[]

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'hostup-history-store-'))
  file = join(dir, HISTORY_FILE)
  notices = []
})

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

function store() {
  return createHistoryStore({ dir, notices: (n) => notices.push(n), now: () => FIXED_NOW })
}

function entry(n: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: `entry-${n}`,
    profileId: 'work',
    profileName: 'Work',
    contactId: 1000 + n,
    fields: {
      firstname: 'Åsa',
      lastname: `Öberg ${n}`,
      email: `asa.${n}@example.se`,
      phonenumber: '+46 70 123 45 67',
      address1: 'Storgatan 1',
      postcode: '211 22',
      city: 'Malmö',
      country: 'SE'
    },
    requestId: `req-${n}`,
    serverTime: 1_700_000_000 + n,
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString(),
    source: 'form',
    ...extra
  }
}

const line = (e: HistoryEntry): string => `${JSON.stringify({ t: 'entry', ...e })}\n`

async function ids(s = store()): Promise<string[]> {
  const listed = await s.list()
  if (!listed.ok) throw new Error(listed.error.message)
  return listed.value.map((e) => e.id)
}

async function ls(): Promise<string[]> {
  return (await fs.readdir(dir)).sort()
}

describe('createHistoryStore', () => {
  it('reads a missing file as empty and creates nothing until the first append', async () => {
    expect(await store().list()).toEqual({ ok: true, value: [] })
    expect(await ls()).toEqual([])
  })

  it('writes a header and one line per entry that a new instance reads back', async () => {
    const s = store()
    expect(await s.append(entry(1))).toEqual({ ok: true, value: undefined })
    expect(await s.append(entry(2))).toEqual({ ok: true, value: undefined })
    expect(await store().list()).toEqual({ ok: true, value: [entry(1), entry(2)] })
    expect(await fs.readFile(file, 'utf8')).toBe(HEADER + line(entry(1)) + line(entry(2)))
  })

  it('keeps 200 concurrent appends, all of them, in the order they were made', async () => {
    const s = store()
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => s.append(entry(i))))
    expect(results.every((r) => r.ok)).toBe(true)
    const expected = Array.from({ length: 200 }, (_, i) => `entry-${i}`)
    expect(await ids(s)).toEqual(expected)
    expect(await ids()).toEqual(expected)
  })

  it('never writes keys an entry should not have, such as a password passed by mistake', async () => {
    const withPassword = { ...entry(1), fields: { ...entry(1).fields, password: 'hunter2hunter2' }, extra: 1 }
    expect((await store().append(withPassword as HistoryEntry)).ok).toBe(true)
    const text = await fs.readFile(file, 'utf8')
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('extra')
  })

  it('drops keys a hand-edited line should not have when reading it', async () => {
    const edited = {
      t: 'entry',
      ...entry(1),
      note: 'x',
      fields: { ...entry(1).fields, password: 'hunter2hunter2' }
    }
    await fs.writeFile(file, HEADER + `${JSON.stringify(edited)}\n`)
    expect(await store().list()).toEqual({ ok: true, value: [entry(1)] })
  })

  it('refuses an entry of the wrong shape', async () => {
    const s = store()
    expect(await s.append({ ...entry(1), contactId: -1 })).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    expect(await s.append({ ...entry(1), createdAt: 'yesterday' })).toMatchObject({ ok: false })
    expect(await ids(s)).toEqual([])
  })

  it('takes the same entry again as done (a retry), but refuses a different entry with its ID', async () => {
    const s = store()
    await s.append(entry(1))
    expect(await s.append(entry(1))).toEqual({ ok: true, value: undefined })
    expect(await s.append({ ...entry(1), contactId: 9 })).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    expect(await ids()).toEqual(['entry-1'])
    expect(await fs.readFile(file, 'utf8')).toBe(HEADER + line(entry(1)))
  })

  it('folds a removal into its entry, erasing nothing, and refuses a second removal', async () => {
    const s = store()
    await s.append(entry(1))
    await s.append(entry(2))
    const at = '2024-02-01T10:00:00.000Z'
    expect(await s.markRemoved('entry-1', at, 'req-del')).toEqual({ ok: true, value: undefined })
    const removed = { ...entry(1), removedAt: at, removeRequestId: 'req-del' }
    expect(await s.list()).toEqual({ ok: true, value: [removed, entry(2)] })
    expect(await store().list()).toEqual({ ok: true, value: [removed, entry(2)] })
    expect(await s.markRemoved('entry-1', at)).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await s.markRemoved('nobody', at)).toMatchObject({ ok: false, error: { code: 'not_found' } })
    const text = await fs.readFile(file, 'utf8')
    expect(text).toBe(
      HEADER +
        line(entry(1)) +
        line(entry(2)) +
        `{"t":"removed","id":"entry-1","at":"${at}","requestId":"req-del"}\n`
    )
  })

  it('opens a file version 1 wrote, every line kept, and rewrites it whole as version 2 before appending', async () => {
    const v1 = '{"schemaVersion":1,"kind":"hostup-contacts.history"}\n'
    const removal = `${JSON.stringify({ t: 'removed', id: 'entry-1', at: '2024-02-01T00:00:00.000Z' })}\n`
    await fs.writeFile(file, v1 + line(entry(1)) + line(entry(2)) + removal)
    const s = store()
    expect(await ids(s)).toEqual(['entry-1', 'entry-2'])
    expect(notices).toEqual([])
    expect(await fs.readFile(file, 'utf8')).toBe(HEADER + line(entry(1)) + line(entry(2)) + removal)
    await s.append(entry(3))
    expect(await ids()).toEqual(['entry-1', 'entry-2', 'entry-3'])
  })

  it('keeps the permission state of an entry as lines of its own, the latest one telling', async () => {
    const s = store()
    await s.append(
      entry(1, {
        permissions: { presetId: 'billing', name: '', state: 'pending', at: '2024-01-01T00:00:01.000Z' }
      })
    )
    expect(
      await s.markPermissions('entry-1', {
        presetId: 'billing',
        name: '',
        state: 'set',
        at: '2024-01-01T00:00:05.000Z'
      })
    ).toEqual({ ok: true, value: undefined })
    expect(
      await s.markPermissions('no-such-entry', {
        presetId: 'billing',
        name: '',
        state: 'set',
        at: '2024-01-01T00:00:05.000Z'
      })
    ).toMatchObject({ ok: false, error: { code: 'not_found' } })
    const listed = await store().list()
    expect(listed.ok && listed.value[0]?.permissions).toEqual({
      presetId: 'billing',
      name: '',
      state: 'set',
      at: '2024-01-01T00:00:05.000Z'
    })
  })

  it('looks up many entries at once as they are now, leaving out IDs it does not hold', async () => {
    const s = store()
    for (const n of [1, 2, 3]) await s.append(entry(n))
    const at = '2024-02-01T10:00:00.000Z'
    await s.markRemoved('entry-2', at)
    const found = await s.getMany(['entry-3', 'nobody', 'entry-2'])
    expect(found).toEqual({
      ok: true,
      value: new Map([
        ['entry-3', entry(3)],
        ['entry-2', { ...entry(2), removedAt: at }]
      ])
    })
    // From a fresh start too: it waits for the load.
    expect(await store().getMany(['entry-1'])).toEqual({ ok: true, value: new Map([['entry-1', entry(1)]]) })
    expect(await store().getMany([])).toEqual({ ok: true, value: new Map() })
  })

  it('reads a file of many read chunks whole, lines across chunk edges included', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => entry(i))
    await fs.writeFile(file, HEADER + many.map(line).join('') + line(entry(20_000)).slice(0, 50))
    const listed = await store().list()
    expect(listed.ok && listed.value.length).toBe(20_000)
    expect(listed.ok && listed.value[19_999]).toEqual(entry(19_999))
  })

  it('ignores a torn last line, then cuts it off before the next append', async () => {
    const torn = line(entry(2)).slice(0, 40)
    await fs.writeFile(file, HEADER + line(entry(1)) + torn)
    const s = store()
    expect(await ids(s)).toEqual(['entry-1'])
    expect(await s.append(entry(3))).toEqual({ ok: true, value: undefined })
    expect(await fs.readFile(file, 'utf8')).toBe(HEADER + line(entry(1)) + line(entry(3)))
    expect(await ids()).toEqual(['entry-1', 'entry-3'])
    expect(notices).toEqual([])
    expect(await ls()).toEqual([HISTORY_FILE])
  })

  it('keeps a complete last line that only lacks its line break, and adds the break', async () => {
    await fs.writeFile(file, HEADER + line(entry(1)).trimEnd())
    const s = store()
    expect(await ids(s)).toEqual(['entry-1'])
    await s.append(entry(2))
    expect(await fs.readFile(file, 'utf8')).toBe(HEADER + line(entry(1)) + line(entry(2)))
  })

  it('moves a file with a broken middle line aside, tells the person and keeps every readable entry', async () => {
    const original = HEADER + line(entry(1)) + '{"t":"entry", this is not json\n' + line(entry(3))
    await fs.writeFile(file, original)
    const s = store()
    expect(await ids(s)).toEqual(['entry-1', 'entry-3'])
    const aside = join(dir, 'history.unparseable-20240305-070809.jsonl')
    expect(await ls()).toEqual([HISTORY_FILE, 'history.unparseable-20240305-070809.jsonl'])
    expect(await fs.readFile(aside, 'utf8')).toBe(original)
    expect(notices).toEqual([
      { kind: 'quarantined', file, movedTo: aside, reason: 'unparseable', at: FIXED_NOW.toISOString() }
    ])
    expect(await fs.readFile(file, 'utf8')).toBe(HEADER + line(entry(1)) + line(entry(3)))
    await s.append(entry(4))
    expect(await ids()).toEqual(['entry-1', 'entry-3', 'entry-4'])
  })

  it('counts a line that parses but has the wrong shape as broken', async () => {
    const original = HEADER + line({ ...entry(1), contactId: 0 }) + line(entry(2))
    await fs.writeFile(file, original)
    expect(await ids()).toEqual(['entry-2'])
    expect(notices).toMatchObject([{ reason: 'invalid' }])
    expect(await fs.readFile(join(dir, 'history.invalid-20240305-070809.jsonl'), 'utf8')).toBe(original)
  })

  it('sets a file from a newer app version aside untouched and starts empty', async () => {
    const original = '{"schemaVersion":3,"kind":"hostup-contacts.history"}\n' + line(entry(1))
    await fs.writeFile(file, original)
    const s = store()
    expect(await ids(s)).toEqual([])
    expect(notices).toMatchObject([{ reason: 'future-version' }])
    expect(await fs.readFile(join(dir, 'history.future-version-20240305-070809.jsonl'), 'utf8')).toBe(
      original
    )
    await s.append(entry(2))
    expect(await fs.readFile(file, 'utf8')).toBe(HEADER + line(entry(2)))
  })

  it('sets a file with an unreadable header aside under a second name when the first is taken', async () => {
    await fs.writeFile(join(dir, 'history.unparseable-20240305-070809.jsonl'), 'older')
    await fs.writeFile(file, 'not a header\n' + line(entry(1)))
    expect(await ids()).toEqual(['entry-1'])
    expect(notices).toMatchObject([{ movedTo: join(dir, 'history.unparseable-20240305-070809-2.jsonl') }])
  })

  it('reports a storage error that says what to do when the file cannot be written, and keeps nothing', async () => {
    await fs.mkdir(file)
    const s = store()
    const result = await s.append(entry(1))
    expect(result).toMatchObject({ ok: false, error: { code: 'storage' } })
    expect(!result.ok && english(result.error)).toContain('folder')
    expect(await s.list()).toMatchObject({ ok: false, error: { code: 'storage' } })
  })

  it('does not add an entry to the list when its write fails', async () => {
    const s = store()
    await s.append(entry(1))
    await fs.rm(file)
    await fs.mkdir(file)
    expect(await s.append(entry(2))).toMatchObject({ ok: false, error: { code: 'storage' } })
    expect(await ids(s)).toEqual(['entry-1'])
  })

  it('writes back everything it knows when the file vanished while the app was running', async () => {
    const s = store()
    await s.append(entry(1))
    await fs.rm(file)
    expect(await s.append(entry(2))).toEqual({ ok: true, value: undefined })
    expect(await fs.readFile(file, 'utf8')).toBe(HEADER + line(entry(1)) + line(entry(2)))
  })
})

describe('newest: the first page read from the end of the file', () => {
  /** What the full read shows first: newest first by createdAt, the later line first on a tie. */
  async function fromFullRead(limit: number, profileId?: string): Promise<HistoryEntry[]> {
    const listed = await store().list()
    if (!listed.ok) throw new Error(listed.error.message)
    return listed.value
      .map((e, at) => ({ e, at }))
      .filter(({ e }) => profileId === undefined || e.profileId === profileId)
      .sort((a, b) => Date.parse(b.e.createdAt) - Date.parse(a.e.createdAt) || b.at - a.at)
      .slice(0, limit)
      .map(({ e }) => e)
  }

  async function newest(limit: number, profileId?: string) {
    const read = await store().newest(limit, profileId)
    if (!read.ok) throw new Error(read.error.message)
    return read.value
  }

  it('shows exactly the first page a full read shows, over many chunks, with removals, permissions and odd lines', async () => {
    const lines: string[] = []
    for (let n = 0; n < 3_000; n += 1) {
      // The clock stepped back once: a later line with an earlier time.
      const e = entry(n, n === 2_990 ? { createdAt: '2023-12-31T23:00:00.000Z' } : {})
      lines.push(n % 7 === 0 ? line(e).replace('\n', '\r\n') : line(e))
      if (n % 5 === 0)
        lines.push(`${JSON.stringify({ t: 'removed', id: `entry-${n - 3}`, at: e.createdAt })}\n`)
      if (n % 11 === 0)
        lines.push(
          `${JSON.stringify({ t: 'permissions', id: `entry-${n}`, presetId: 'full', name: '', state: 'set', at: e.createdAt })}\n`
        )
      if (n === 2_950) lines.push('\n   \n{"t":"entry", not json\n')
      // A tie on createdAt with the line before it.
      if (n === 2_980) lines.push(line(entry(9_000, { createdAt: e.createdAt })))
    }
    await fs.writeFile(file, HEADER + lines.join(''))
    // 1,000 entries: more than one chunk read backwards, with lines across its edges.
    const read = await newest(1_000)
    expect(read?.total).toBeNull()
    expect(read?.entries).toEqual(await fromFullRead(1_000))
    expect(await newest(200)).toEqual({ entries: await fromFullRead(200), total: null })
    expect(read?.entries.some((e) => e.removedAt !== undefined && e.permissions !== undefined)).toBe(true)
  })

  it('reads a short file whole, counting its entries, the same as a full read', async () => {
    await fs.writeFile(file, HEADER + [1, 2, 3].map((n) => line(entry(n))).join(''))
    expect(await newest(200)).toEqual({ entries: await fromFullRead(200), total: 3 })
    expect(await newest(2)).toEqual({ entries: await fromFullRead(2), total: null })
  })

  it('drops a torn last line as the full read does', async () => {
    await fs.writeFile(file, HEADER + line(entry(1)) + line(entry(2)) + line(entry(3)).slice(0, 40))
    expect(await newest(200)).toEqual({ entries: await fromFullRead(200), total: 2 })
    expect((await fromFullRead(200)).map((e) => e.id)).toEqual(['entry-2', 'entry-1'])
  })

  it('keeps a complete last line that only lacks its break, as the full read does', async () => {
    await fs.writeFile(file, HEADER + line(entry(1)) + line(entry(2)).trimEnd())
    expect(await newest(200)).toEqual({ entries: await fromFullRead(200), total: 2 })
    expect((await fromFullRead(200)).map((e) => e.id)).toEqual(['entry-2', 'entry-1'])
  })

  it('reads an empty file, a header alone and a missing file as no entries', async () => {
    expect(await newest(200)).toEqual({ entries: [], total: 0 })
    await fs.writeFile(file, '')
    expect(await newest(200)).toEqual({ entries: [], total: 0 })
    expect(await fromFullRead(200)).toEqual([])
    await fs.writeFile(file, HEADER)
    expect(await newest(200)).toEqual({ entries: [], total: 0 })
    expect(await fromFullRead(200)).toEqual([])
  })

  it('leaves to the full read a file it cannot tell this way', async () => {
    await fs.writeFile(file, '{"schemaVersion":99,"kind":"hostup-contacts.history"}\n' + line(entry(1)))
    expect(await newest(200)).toBeNull()
    await fs.writeFile(file, '{"schemaVersion":1,"kind":"hostup-contacts.history"}\n' + line(entry(1)))
    expect(await newest(200)).toBeNull()
    await fs.writeFile(file, HEADER.trimEnd())
    expect(await newest(200)).toBeNull()
  })

  it("shows one profile's newest, and leaves a profile with few recent entries to the full read", async () => {
    const lines = Array.from({ length: 3_000 }, (_, n) =>
      line(entry(n, { profileId: n % 3 === 0 ? 'home' : n < 10 ? 'rare' : 'work' }))
    )
    await fs.writeFile(file, HEADER + lines.join(''))
    const home = await newest(200, 'home')
    expect(home?.entries).toEqual(await fromFullRead(200, 'home'))
    expect(home?.entries.every((e) => e.profileId === 'home')).toBe(true)
    expect(await newest(200, 'rare')).toBeNull()
  })

  it('answers null once the history is loaded: the list knows it all', async () => {
    await fs.writeFile(file, HEADER + line(entry(1)))
    const s = store()
    expect(await ids(s)).toEqual(['entry-1'])
    expect(await s.newest(200)).toEqual({ ok: true, value: null })
  })
})
