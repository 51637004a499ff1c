import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StoreNotice } from '../../shared/notice'
import { english } from '../testing/english'
import { recordOpens, restoreFs } from '../testing/faulty-fs'
import { writeFileDurably } from './durable'
import { createJsonDocument, type DocumentSpec } from './json-document'

interface Counter {
  count: number
  names: string[]
}

function parseCounter(data: unknown): Counter | null {
  if (typeof data !== 'object' || data === null) return null
  const { count, names } = data as Partial<Record<keyof Counter, unknown>>
  if (typeof count !== 'number' || !Array.isArray(names) || !names.every((n) => typeof n === 'string'))
    return null
  return { count, names: names as string[] }
}

const FIXED_NOW = new Date('2024-03-05T07:08:09.123Z')

let dir: string
let notices: StoreNotice[]

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'hostup-json-file-'))
  notices = []
})

afterEach(async () => {
  restoreFs()
  await fs.rm(dir, { recursive: true, force: true })
})

// Version 2: version 1 stored the same shape, so its one migration step is the identity.
function counterFile(path = join(dir, 'counter.json'), extra: Partial<DocumentSpec<Counter>> = {}) {
  return createJsonDocument<Counter>(
    {
      file: basename(path),
      label: { text: 'counter' },
      migrations: [(data) => data],
      parse: parseCounter,
      empty: () => ({ count: 0, names: [] }),
      ...extra
    },
    { dir: dirname(path), now: () => FIXED_NOW, notices: (n) => notices.push(n) }
  )
}

async function ls(): Promise<string[]> {
  return (await fs.readdir(dir)).sort()
}

describe('createJsonDocument', () => {
  it('reads a missing file as empty, without a notice', async () => {
    expect(await counterFile().read()).toEqual({ ok: true, value: { count: 0, names: [] } })
    expect(notices).toEqual([])
    expect(await ls()).toEqual([])
  })

  it('writes a document a new instance reads back', async () => {
    const value = { count: 3, names: ['Åsa', '李', 'x"y'] }
    expect(await counterFile().write(value)).toEqual({ ok: true, value: undefined })
    expect(await counterFile().read()).toEqual({ ok: true, value })
    const onDisk = JSON.parse(await fs.readFile(join(dir, 'counter.json'), 'utf8')) as unknown
    expect(onDisk).toEqual({ schemaVersion: 2, data: value })
  })

  it('leaves no temporary file behind after saving', async () => {
    const file = counterFile()
    await file.write({ count: 1, names: [] })
    await file.update((c) => ({ ...c, count: c.count + 1 }))
    expect(await ls()).toEqual(['counter.json'])
  })

  it('applies 100 concurrent updates in order, each on the result of the one before', async () => {
    const file = counterFile()
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        file.update((c) => ({ count: c.count + 1, names: [...c.names, String(i)] }))
      )
    )
    expect(results.map((r) => (r.ok ? r.value.count : -1))).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1)
    )
    const reread = await counterFile().read()
    expect(reread.ok && reread.value.count).toBe(100)
    expect(reread.ok && reread.value.names).toEqual(Array.from({ length: 100 }, (_, i) => String(i)))
    expect(await ls()).toEqual(['counter.json'])
  })

  it('keeps a read from seeing a write queued after it, and a read after a write sees it', async () => {
    const file = counterFile()
    await file.write({ count: 1, names: [] })
    const [before, , after] = await Promise.all([
      file.read(),
      file.write({ count: 2, names: [] }),
      file.read()
    ])
    expect(before.ok && before.value.count).toBe(1)
    expect(after.ok && after.value.count).toBe(2)
  })

  it('does not let a caller change the stored value by mutating what it was given', async () => {
    const file = counterFile()
    await file.write({ count: 1, names: ['a'] })
    const read = await file.read()
    if (read.ok) read.value.names.push('mutated')
    await file.update((c) => {
      c.names.push('b')
      return c
    })
    expect(await counterFile().read()).toEqual({ ok: true, value: { count: 1, names: ['a', 'b'] } })
    expect(await file.read()).toEqual({ ok: true, value: { count: 1, names: ['a', 'b'] } })
  })

  it('writes nothing when an update returns the document unchanged', async () => {
    const file = counterFile()
    await file.write({ count: 1, names: [] })
    const before = await fs.stat(join(dir, 'counter.json'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await file.update((c) => c)).toEqual({ ok: true, value: { count: 1, names: [] } })
    const after = await fs.stat(join(dir, 'counter.json'))
    expect(after.ino).toBe(before.ino)
    expect(after.mtimeMs).toBe(before.mtimeMs)
  })

  it('reads an older schema version through its migrations', async () => {
    await fs.writeFile(
      join(dir, 'counter.json'),
      JSON.stringify({ schemaVersion: 1, data: { count: 7, names: [] } })
    )
    expect(await counterFile().read()).toEqual({ ok: true, value: { count: 7, names: [] } })
    expect(notices).toEqual([])
  })

  it('reads a file that starts with a byte-order mark', async () => {
    const json = JSON.stringify({ schemaVersion: 2, data: { count: 4, names: [] } })
    await fs.writeFile(join(dir, 'counter.json'), `\uFEFF${json}`)
    expect(await counterFile().read()).toEqual({ ok: true, value: { count: 4, names: [] } })
  })

  it('keeps a byte-order mark that is part of the data, not first in the file', async () => {
    const json = JSON.stringify({ schemaVersion: 2, data: { count: 4, names: ['\uFEFFAnna'] } })
    await fs.writeFile(join(dir, 'counter.json'), json)
    expect(await counterFile().read()).toEqual({ ok: true, value: { count: 4, names: ['\uFEFFAnna'] } })
  })

  it('leaves a file of today’s version alone on an unchanged update, and rewrites an older one in today’s form', async () => {
    const path = join(dir, 'counter.json')
    const today = `${JSON.stringify({ schemaVersion: 2, data: { count: 1, names: [] } }, null, 2)}\n`
    await fs.writeFile(path, today)
    const before = await fs.stat(path)
    expect(await counterFile().update((c) => c)).toEqual({ ok: true, value: { count: 1, names: [] } })
    expect((await fs.stat(path)).ino).toBe(before.ino)
    expect(await fs.readFile(path, 'utf8')).toBe(today)

    await fs.writeFile(path, JSON.stringify({ schemaVersion: 1, data: { count: 1, names: [] } }))
    expect(await counterFile().update((c) => c)).toEqual({ ok: true, value: { count: 1, names: [] } })
    expect(await fs.readFile(path, 'utf8')).toBe(today)
  })

  it('turns an update that throws into an internal error naming the file, and goes on with the next call', async () => {
    const file = counterFile()
    await file.write({ count: 1, names: [] })
    expect(
      await file.update(() => {
        throw new Error('a bug')
      })
    ).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'errors.storage.unexpected',
        params: { what: 'counter', path: join(dir, 'counter.json') }
      }
    })
    expect(await file.read()).toEqual({ ok: true, value: { count: 1, names: [] } })
  })

  it('fsyncs the folder before a save resolves, or just after it with `directorySync: soon`', async () => {
    const opened = recordOpens()
    await counterFile().write({ count: 1, names: [] })
    expect(opened.filter((p) => p === dir)).toHaveLength(1)
    opened.length = 0
    await counterFile(join(dir, 'counter.json'), { directorySync: 'soon' }).write({ count: 2, names: [] })
    expect(opened.filter((p) => p === dir)).toHaveLength(0)
    await vi.waitFor(() => expect(opened.filter((p) => p === dir)).toHaveLength(1), { timeout: 2000 })
  })

  describe('a file it cannot use is moved aside, reported once, and read as empty', () => {
    const cases: { name: string; bytes: Buffer; reason: StoreNotice['reason'] }[] = [
      {
        name: 'corrupt JSON',
        bytes: Buffer.from('{"schemaVersion": 2, "data": {"count": 1'),
        reason: 'unparseable'
      },
      { name: 'an empty file', bytes: Buffer.alloc(0), reason: 'unparseable' },
      { name: 'binary garbage', bytes: Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b]), reason: 'unparseable' },
      {
        name: 'a shape parse rejects',
        bytes: Buffer.from(JSON.stringify({ schemaVersion: 2, data: { count: 'many', names: [] } })),
        reason: 'invalid'
      },
      { name: 'JSON without the envelope', bytes: Buffer.from('[1, 2, 3]'), reason: 'invalid' },
      { name: 'a number', bytes: Buffer.from('5'), reason: 'invalid' },
      { name: 'null', bytes: Buffer.from('null'), reason: 'invalid' },
      { name: 'a string', bytes: Buffer.from('"counter"'), reason: 'invalid' },
      { name: 'an envelope without data', bytes: Buffer.from('{"schemaVersion": 2}'), reason: 'invalid' },
      {
        name: 'an envelope without a version',
        bytes: Buffer.from(JSON.stringify({ data: { count: 1, names: [] } })),
        reason: 'invalid'
      },
      {
        name: 'a newer schema version',
        bytes: Buffer.from(JSON.stringify({ schemaVersion: 3, data: { count: 1, names: [] } })),
        reason: 'future-version'
      }
    ]

    for (const { name, bytes, reason } of cases) {
      it(`handles ${name}`, async () => {
        const path = join(dir, 'counter.json')
        await fs.writeFile(path, bytes)
        const file = counterFile()

        expect(await file.read()).toEqual({ ok: true, value: { count: 0, names: [] } })
        const aside = `counter.${reason}-20240305-070809.json`
        expect(await ls()).toEqual([aside])
        expect(await fs.readFile(join(dir, aside))).toEqual(bytes)
        expect(notices).toEqual([
          { kind: 'quarantined', file: path, movedTo: join(dir, aside), reason, at: FIXED_NOW.toISOString() }
        ])

        await file.read()
        await counterFile().read()
        expect(notices).toHaveLength(1)
      })
    }

    it('never overwrites an earlier quarantined file with the same timestamp', async () => {
      const path = join(dir, 'counter.json')
      await fs.writeFile(path, 'first broken')
      await counterFile().read()
      await fs.writeFile(path, 'second broken')
      await counterFile().read()
      await fs.writeFile(path, 'third broken')
      await counterFile().read()
      expect(await ls()).toEqual([
        'counter.unparseable-20240305-070809-2.json',
        'counter.unparseable-20240305-070809-3.json',
        'counter.unparseable-20240305-070809.json'
      ])
      expect(await fs.readFile(join(dir, 'counter.unparseable-20240305-070809.json'), 'utf8')).toBe(
        'first broken'
      )
      expect(await fs.readFile(join(dir, 'counter.unparseable-20240305-070809-3.json'), 'utf8')).toBe(
        'third broken'
      )
    })

    it('moves a bad file aside before the first write replaces it', async () => {
      await fs.writeFile(join(dir, 'counter.json'), 'not json')
      expect(await counterFile().write({ count: 1, names: [] })).toEqual({ ok: true, value: undefined })
      expect(await ls()).toEqual(['counter.json', 'counter.unparseable-20240305-070809.json'])
      expect(await fs.readFile(join(dir, 'counter.unparseable-20240305-070809.json'), 'utf8')).toBe(
        'not json'
      )
      expect(notices).toHaveLength(1)
    })

    it('still reads when the notice listener throws', async () => {
      await fs.writeFile(join(dir, 'counter.json'), '')
      const file = createJsonDocument<Counter>(
        {
          file: 'counter.json',
          label: { text: 'counter' },
          migrations: [(data) => data],
          parse: parseCounter,
          empty: () => ({ count: 0, names: [] })
        },
        {
          dir,
          notices: () => {
            throw new Error('listener broke')
          }
        }
      )
      expect(await file.read()).toEqual({ ok: true, value: { count: 0, names: [] } })
    })

    it('takes a parse that throws as a shape it cannot use', async () => {
      const path = join(dir, 'counter.json')
      await fs.writeFile(path, JSON.stringify({ schemaVersion: 2, data: { count: 1, names: [] } }))
      const file = counterFile(path, {
        parse: () => {
          throw new Error('a bug in parse')
        }
      })
      expect(await file.read()).toEqual({ ok: true, value: { count: 0, names: [] } })
      expect(await ls()).toEqual(['counter.invalid-20240305-070809.json'])
    })

    it('moves the file aside whole when its salvage throws', async () => {
      const path = join(dir, 'counter.json')
      await fs.writeFile(path, JSON.stringify({ schemaVersion: 3, data: { count: 1, names: [] } }))
      const file = counterFile(path, {
        salvage: () => {
          throw new Error('a bug in salvage')
        }
      })
      expect(await file.read()).toEqual({ ok: true, value: { count: 0, names: [] } })
      expect(await ls()).toEqual(['counter.future-version-20240305-070809.json'])
    })

    it('names the copy of a file without an extension .json', async () => {
      const path = join(dir, 'counter')
      await fs.writeFile(path, 'broken')
      expect(await counterFile(path).read()).toEqual({ ok: true, value: { count: 0, names: [] } })
      expect(await ls()).toEqual(['counter.unparseable-20240305-070809.json'])
    })
  })

  describe('failures become storage errors that leave memory and disk as they were', () => {
    it('reports a parent path that is a file, saying what to do', async () => {
      await fs.writeFile(join(dir, 'not-a-folder'), 'x')
      const path = join(dir, 'not-a-folder', 'counter.json')
      const file = counterFile(path, { label: { text: 'counters' } })
      const result = await file.write({ count: 1, names: [] })
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.error.code).toBe('storage')
      expect(english(result.error)).toContain(path)
      expect(english(result.error)).toMatch(/folder/)
      expect(await fs.readFile(join(dir, 'not-a-folder'), 'utf8')).toBe('x')
    })

    it('refuses to save over a folder, keeps the last saved value in memory and leaves no temp file', async () => {
      const path = join(dir, 'counter.json')
      const file = counterFile(path)
      await file.write({ count: 1, names: [] })
      await fs.rm(path)
      await fs.mkdir(path)
      await fs.writeFile(join(path, 'inside.txt'), 'keep me')

      const result = await file.write({ count: 2, names: [] })
      expect(result).toMatchObject({ ok: false, error: { code: 'storage' } })
      if (!result.ok)
        expect(english(result.error)).toBe(
          `Could not save counter to ${path}. There is a folder where the file should be. Move or rename that folder, then try again.`
        )
      const updated = await file.update((c) => ({ ...c, count: c.count + 10 }))
      expect(updated).toMatchObject({ ok: false, error: { code: 'storage' } })

      expect(await file.read()).toEqual({ ok: true, value: { count: 1, names: [] } })
      expect(await ls()).toEqual(['counter.json'])
      expect(await fs.readdir(path)).toEqual(['inside.txt'])
    })

    it('reports a path that is a folder when reading', async () => {
      const path = join(dir, 'counter.json')
      await fs.mkdir(path)
      const result = await counterFile(path).read()
      expect(result).toMatchObject({ ok: false, error: { code: 'storage' } })
      expect(notices).toEqual([])
    })

    it('leaves the file untouched when the value cannot be saved', async () => {
      const path = join(dir, 'counter.json')
      const file = counterFile(path)
      await file.write({ count: 1, names: ['a'] })
      const before = await fs.readFile(path)

      // Passes the TypeScript shape but not parse: writing it would make the next start quarantine it.
      const bad = { count: 2, names: [42] } as unknown as Counter
      expect(await file.write(bad)).toEqual({
        ok: false,
        error: { code: 'internal', message: 'errors.storage.failsOwnCheck', params: { what: 'counter' } }
      })
      const circular = { count: 3, names: [] } as Counter & { self?: unknown }
      circular.self = circular
      const notJson = {
        ok: false,
        error: { code: 'internal', message: 'errors.storage.notJson', params: { what: 'counter' } }
      }
      expect(await file.write(circular)).toEqual(notJson)
      expect(await file.update((c) => ({ ...c, count: 10n as unknown as number }))).toEqual(notJson)

      expect(await fs.readFile(path)).toEqual(before)
      expect(await file.read()).toEqual({ ok: true, value: { count: 1, names: ['a'] } })
      expect(await ls()).toEqual(['counter.json'])
    })

    it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')(
      'reports a read-only folder and leaves the file as it was',
      async () => {
        const path = join(dir, 'counter.json')
        const file = counterFile(path)
        await file.write({ count: 1, names: [] })
        const before = await fs.readFile(path)
        await fs.chmod(dir, 0o500)
        try {
          const result = await file.write({ count: 2, names: [] })
          expect(result).toMatchObject({ ok: false, error: { code: 'storage' } })
          if (!result.ok) expect(english(result.error)).toContain('Permission was denied')
        } finally {
          await fs.chmod(dir, 0o700)
        }
        expect(await fs.readFile(path)).toEqual(before)
        expect(await file.read()).toEqual({ ok: true, value: { count: 1, names: [] } })
      }
    )

    it('reports a bad file it cannot move aside instead of starting empty over it', async () => {
      const path = join(dir, 'counter.json')
      await fs.writeFile(path, 'broken')
      // Every `-n` name is taken by a folder, so the file cannot be moved aside without overwriting.
      await fs.mkdir(join(dir, 'counter.unparseable-20240305-070809.json'))
      for (let n = 2; n <= 1000; n += 1)
        await fs.mkdir(join(dir, `counter.unparseable-20240305-070809-${n}.json`))
      const file = counterFile(path)
      const refused = { ok: false, error: { code: 'storage', message: 'errors.storage.cannotSetAside' } }
      expect(await file.read()).toMatchObject(refused)
      expect(await file.write({ count: 1, names: [] })).toMatchObject(refused)
      expect(await file.update((c) => ({ ...c, count: 5 }))).toMatchObject(refused)
      expect(await fs.readFile(path, 'utf8')).toBe('broken')
      expect(notices).toEqual([])
    })
  })
})

describe('writeFileDurably', () => {
  it('replaces the file whole and leaves nothing else in the folder', async () => {
    const path = join(dir, 'data.bin')
    await writeFileDurably(path, 'old')
    await writeFileDurably(path, Buffer.from([1, 2, 3]))
    expect(await fs.readFile(path)).toEqual(Buffer.from([1, 2, 3]))
    expect(await ls()).toEqual(['data.bin'])
  })

  it.skipIf(process.platform === 'win32')('keeps the data private to the user', async () => {
    const path = join(dir, 'data.json')
    await writeFileDurably(path, '{}')
    expect((await fs.stat(path)).mode & 0o777).toBe(0o600)
  })

  it('survives concurrent writers to one path with one complete version', async () => {
    const path = join(dir, 'data.json')
    const versions = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(10_000) }))
    await Promise.all(versions.map((v) => writeFileDurably(path, v)))
    expect(versions).toContain(await fs.readFile(path, 'utf8'))
    expect(await ls()).toEqual(['data.json'])
  })

  it('rejects and cleans up when the target is a folder', async () => {
    const path = join(dir, 'data.json')
    await fs.mkdir(path)
    await expect(writeFileDurably(path, 'x')).rejects.toMatchObject({
      code: expect.stringMatching(/EISDIR|EPERM|ENOTEMPTY|EEXIST/)
    })
    expect(await ls()).toEqual(['data.json'])
  })
})
