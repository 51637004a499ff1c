import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isRecord } from '../../shared/guards'
import type { StoreNotice } from '../../shared/notice'
import { createJsonDocument, type DocumentSpec } from './json-document'
import { currentVersion, eachRecord, migrate, type MigrationChain } from './migrations'

// A demonstration of how a stored format grows: version 1 kept contacts with a name; version 2
// adds an optional `department`, filled with a default by the one migration step.
interface V2 {
  people: { name: string; department: string }[]
}

const CHAIN: MigrationChain = [
  // 1 → 2: every person gets a department; one already there (a hand edit) is left as it is.
  (data) => eachRecord(data, 'people', (p) => ({ department: 'Unassigned', ...p }))
]

function parseV2(data: unknown): V2 | null {
  if (!isRecord(data) || !Array.isArray(data.people)) return null
  const people: V2['people'] = []
  for (const p of data.people) {
    if (!isRecord(p) || typeof p.name !== 'string' || typeof p.department !== 'string') return null
    people.push({ name: p.name, department: p.department })
  }
  return { people }
}

const SPEC: DocumentSpec<V2> = {
  file: 'people.json',
  label: { text: 'people' },
  migrations: CHAIN,
  parse: parseV2,
  empty: () => ({ people: [] })
}

let dir: string
let notices: StoreNotice[]

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'hostup-migrations-'))
  notices = []
})

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

const open = () => createJsonDocument(SPEC, { dir, notices: (n) => notices.push(n) })
const write = (json: unknown) => fs.writeFile(join(dir, 'people.json'), JSON.stringify(json))

describe('a v1 → v2 migration (an added optional field with a default)', () => {
  it('opens a file version 1 wrote, complete, with the default filled in and nothing set aside', async () => {
    await write({ schemaVersion: 1, data: { people: [{ name: 'Åsa' }, { name: 'Li', department: 'Ops' }] } })
    expect(await open().read()).toEqual({
      ok: true,
      value: {
        people: [
          { name: 'Åsa', department: 'Unassigned' },
          { name: 'Li', department: 'Ops' }
        ]
      }
    })
    expect(notices).toEqual([])
    expect(await fs.readdir(dir)).toEqual(['people.json'])
  })

  it('leaves the old file as it was until the next save, which writes version 2', async () => {
    await write({ schemaVersion: 1, data: { people: [{ name: 'Åsa' }] } })
    const doc = open()
    await doc.read()
    expect(JSON.parse(await fs.readFile(join(dir, 'people.json'), 'utf8'))).toMatchObject({
      schemaVersion: 1
    })
    await doc.update((d) => d)
    expect(JSON.parse(await fs.readFile(join(dir, 'people.json'), 'utf8'))).toEqual({
      schemaVersion: 2,
      data: { people: [{ name: 'Åsa', department: 'Unassigned' }] }
    })
  })

  it('still refuses a file from a future version, keeps it, and tells the person', async () => {
    const future = { schemaVersion: 3, data: { people: [{ name: 'Åsa', department: 'x', badge: 7 }] } }
    await write(future)
    expect(await open().read()).toEqual({ ok: true, value: { people: [] } })
    expect(notices).toMatchObject([{ kind: 'quarantined', reason: 'future-version' }])
    const [aside] = (await fs.readdir(dir)).filter((f) => f.includes('future-version'))
    expect(JSON.parse(await fs.readFile(join(dir, aside ?? ''), 'utf8'))).toEqual(future)
  })
})

describe('migrate', () => {
  it('runs every step from the file version to the current one, in order', () => {
    const chain: MigrationChain = [(d) => `${String(d)}→2`, (d) => `${String(d)}→3`]
    expect(currentVersion(chain)).toBe(3)
    expect(migrate('v1', 1, chain)).toEqual({ ok: true, data: 'v1→2→3' })
    expect(migrate('v2', 2, chain)).toEqual({ ok: true, data: 'v2→3' })
    expect(migrate('v3', 3, chain)).toEqual({ ok: true, data: 'v3' })
  })

  it('refuses a version it cannot place, and a step that throws, without throwing itself', () => {
    const chain: MigrationChain = [
      () => {
        throw new Error('bad data')
      }
    ]
    expect(migrate({}, 3, chain)).toEqual({ ok: false, reason: 'future-version' })
    expect(migrate({}, 0, chain)).toEqual({ ok: false, reason: 'invalid' })
    expect(migrate({}, '1', chain)).toEqual({ ok: false, reason: 'invalid' })
    expect(migrate({}, 1, chain)).toEqual({ ok: false, reason: 'invalid' })
  })

  it.each([1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, null, undefined])(
    'refuses %s as a version, before any step runs',
    (version) => {
      const ran: unknown[] = []
      const chain: MigrationChain = [(d) => (ran.push(d), d), (d) => (ran.push(d), d)]
      expect(migrate({ a: 1 }, version, chain)).toEqual({ ok: false, reason: 'invalid' })
      expect(ran).toEqual([])
    }
  )
})

describe('eachRecord', () => {
  const tag = (item: Record<string, unknown>) => ({ ...item, tagged: true })

  it('applies the step to each record of the list, leaving the rest of the data and other items as they are', () => {
    expect(
      eachRecord({ people: [{ name: 'A' }, 'odd', null, { name: 'B' }], other: 1 }, 'people', tag)
    ).toEqual({
      people: [{ name: 'A', tagged: true }, 'odd', null, { name: 'B', tagged: true }],
      other: 1
    })
  })

  it.each([
    ['not a record', null],
    ['a list itself', [{ name: 'A' }]],
    ['without the key', { others: [] }],
    ['whose key is not a list', { people: 'A' }],
    ['whose key is a record', { people: { name: 'A' } }]
  ])('returns data %s unchanged, the same value', (_name, data) => {
    expect(eachRecord(data, 'people', tag)).toBe(data)
  })
})

describe('setting a damaged file aside', () => {
  it('keeps what the document can salvage in the file, and the damaged bytes beside it', async () => {
    const salvaging: DocumentSpec<V2> = {
      ...SPEC,
      salvage: (data) => {
        if (!isRecord(data) || !Array.isArray(data.people)) return null
        const people = data.people.filter(
          (p): p is V2['people'][number] =>
            isRecord(p) && typeof p.name === 'string' && typeof p.department === 'string'
        )
        return { people }
      }
    }
    const damaged = { schemaVersion: 2, data: { people: [{ name: 'Åsa', department: 'Ops' }, { name: 7 }] } }
    await write(damaged)
    const doc = createJsonDocument(salvaging, { dir, notices: (n) => notices.push(n) })
    expect(await doc.read()).toEqual({ ok: true, value: { people: [{ name: 'Åsa', department: 'Ops' }] } })
    expect(notices).toMatchObject([{ reason: 'invalid' }])
    const files = (await fs.readdir(dir)).sort()
    expect(files).toHaveLength(2)
    const aside = files.find((f) => f !== 'people.json') ?? ''
    expect(JSON.parse(await fs.readFile(join(dir, aside), 'utf8'))).toEqual(damaged)
    expect(JSON.parse(await fs.readFile(join(dir, 'people.json'), 'utf8'))).toEqual({
      schemaVersion: 2,
      data: { people: [{ name: 'Åsa', department: 'Ops' }] }
    })
  })
})
