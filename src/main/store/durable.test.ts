/**
 * The file mechanics every store shares, on real files in a temporary folder; the faults this
 * machine cannot produce are injected through `fs/promises` (src/main/testing/faulty-fs.ts).
 */
import * as fsp from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { failure, faulty, faultyHandles, recordOpens, restoreFs, type Fs } from '../testing/faulty-fs'
import {
  codeOf,
  copyAside,
  folderMaker,
  internal,
  labelParam,
  stamp,
  storageError,
  storageFailure,
  syncDirectory,
  syncDirectorySoon,
  TooManySetAside,
  writeFileDurably
} from './durable'

let dir: string

beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'hostup-durable-'))
})

afterEach(async () => {
  restoreFs()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  await fsp.rm(dir, { recursive: true, force: true })
})

const ls = async (): Promise<string[]> => (await fsp.readdir(dir)).sort()

describe('writeFileDurably', () => {
  it('replaces the file whole, readable by its owner only, and leaves no temporary file', async () => {
    const path = join(dir, 'a.json')
    await fsp.writeFile(path, 'old')
    await writeFileDurably(path, 'new')
    expect(await fsp.readFile(path, 'utf8')).toBe('new')
    expect((await fsp.stat(path)).mode & 0o777).toBe(0o600)
    expect(await ls()).toEqual(['a.json'])
    await writeFileDurably(path, Buffer.from('bytes'), { directory: 'soon' })
    expect(await fsp.readFile(path, 'utf8')).toBe('bytes')
  })

  it('writes through a temporary file beside it, named after it and bounded in length', async () => {
    const long = `${'x'.repeat(200)}.json`
    const seen: string[] = []
    faulty('rename', (real) => async (from, to) => {
      seen.push(String(from))
      return real(from, to)
    })
    await writeFileDurably(join(dir, long), 'data')
    expect(seen).toHaveLength(1)
    const tmp = seen[0] as string
    expect(tmp.startsWith(join(dir, `.${'x'.repeat(64)}.`))).toBe(true)
    expect(tmp).toMatch(/\.[0-9a-f]{12}\.tmp$/)
    expect(await ls()).toEqual([long])
  })

  it('on a failed rename keeps the old file, removes the temporary one and throws the error', async () => {
    const path = join(dir, 'a.json')
    await fsp.writeFile(path, 'old')
    faulty('rename', () => () => Promise.reject(failure('ENOSPC')))
    await expect(writeFileDurably(path, 'new')).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(await fsp.readFile(path, 'utf8')).toBe('old')
    expect(await ls()).toEqual(['a.json'])
  })

  it('on a failed write closes and removes the temporary file', async () => {
    const path = join(dir, 'a.json')
    const closed = faultyHandles((handle, opened) => {
      if (opened.endsWith('.tmp')) handle.writeFile = () => Promise.reject(failure('EIO'))
    })
    await expect(writeFileDurably(path, 'new')).rejects.toMatchObject({ code: 'EIO' })
    expect(closed.filter((p) => p.endsWith('.tmp'))).toHaveLength(1)
    expect(await ls()).toEqual([])
  })

  it('fsyncs the folder before it returns, or soon after with `directory: soon`', async () => {
    const opened = recordOpens()
    await writeFileDurably(join(dir, 'a.json'), '1')
    expect(opened.filter((p) => p === dir)).toHaveLength(1)
    opened.length = 0
    await writeFileDurably(join(dir, 'a.json'), '2', { directory: 'soon' })
    expect(opened.filter((p) => p === dir)).toHaveLength(0)
    await vi.waitFor(() => expect(opened.filter((p) => p === dir)).toHaveLength(1), { timeout: 2000 })
  })
})

describe('renameWithRetry (inside writeFileDurably)', () => {
  const realPlatform = process.platform
  function onPlatform(platform: NodeJS.Platform): void {
    Object.defineProperty(process, 'platform', { value: platform, configurable: true })
  }
  afterEach(() => onPlatform(realPlatform))

  /** The retries' waits, recorded and cut to nothing. */
  function recordWaits(): number[] {
    const waits: number[] = []
    const realTimeout = globalThis.setTimeout
    vi.stubGlobal('setTimeout', (fn: () => void, ms?: number) => {
      waits.push(ms ?? 0)
      return realTimeout(fn, 0)
    })
    return waits
  }

  function failingRenames(code: string, times: number): { calls: () => number } {
    let calls = 0
    faulty('rename', (real) => async (from, to) => {
      calls += 1
      if (calls <= times) throw failure(code)
      return real(from, to)
    })
    return { calls: () => calls }
  }

  it.each(['EPERM', 'EACCES', 'EBUSY'])(
    'on Windows waits out a file held for a moment (%s) and then renames',
    async (code) => {
      onPlatform('win32')
      const renames = failingRenames(code, 3)
      const path = join(dir, 'a.json')
      await writeFileDurably(path, 'new')
      expect(renames.calls()).toBe(4)
      expect(await fsp.readFile(path, 'utf8')).toBe('new')
    }
  )

  it('on Windows gives up after ten retries, with the last error, waiting longer each time', async () => {
    onPlatform('win32')
    const waits = recordWaits()
    const renames = failingRenames('EBUSY', Infinity)
    await expect(writeFileDurably(join(dir, 'a.json'), 'new')).rejects.toMatchObject({ code: 'EBUSY' })
    expect(renames.calls()).toBe(11)
    // Doubling from 20 ms, and no longer than 640 ms.
    expect(waits).toEqual([20, 40, 80, 160, 320, 640, 640, 640, 640, 640])
    expect(await ls()).toEqual([])
  })

  it('does not retry an error that will not pass (Windows), nor anything elsewhere', async () => {
    onPlatform('win32')
    let renames = failingRenames('ENOSPC', 1)
    await expect(writeFileDurably(join(dir, 'a.json'), 'new')).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(renames.calls()).toBe(1)
    onPlatform('linux')
    renames = failingRenames('EBUSY', 1)
    await expect(writeFileDurably(join(dir, 'b.json'), 'new')).rejects.toMatchObject({ code: 'EBUSY' })
    expect(renames.calls()).toBe(1)
    expect(await ls()).toEqual([])
  })
})

describe('syncDirectory', () => {
  it('fsyncs a real folder', async () => {
    await expect(syncDirectory(dir)).resolves.toBeUndefined()
  })

  it.each(['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EACCES'])(
    'takes %s as a folder that cannot be fsynced (Windows, some file systems)',
    async (code) => {
      faulty('open', () => () => Promise.reject(failure(code)))
      await expect(syncDirectory(dir)).resolves.toBeUndefined()
    }
  )

  it('throws any other failure, and closes the folder after a failed fsync', async () => {
    faulty('open', () => () => Promise.reject(failure('EIO')))
    await expect(syncDirectory(dir)).rejects.toMatchObject({ code: 'EIO' })
    const closed = faultyHandles((handle) => {
      handle.sync = () => Promise.reject(failure('EIO'))
    })
    await expect(syncDirectory(dir)).rejects.toMatchObject({ code: 'EIO' })
    expect(closed).toEqual([dir])
  })

  it('a missing folder is an error', async () => {
    await expect(syncDirectory(join(dir, 'gone'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('syncDirectorySoon', () => {
  function countSyncs(): { of: (d: string) => number } {
    const opened = recordOpens()
    return { of: (d) => opened.filter((p) => p === d).length }
  }

  it('fsyncs each folder once for the renames asked together, 100 ms later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    try {
      const syncs = countSyncs()
      const other = await fsp.mkdtemp(join(tmpdir(), 'hostup-durable-other-'))
      try {
        for (let i = 0; i < 5; i += 1) syncDirectorySoon(dir)
        syncDirectorySoon(other)
        await vi.advanceTimersByTimeAsync(99)
        expect(syncs.of(dir)).toBe(0)
        await vi.advanceTimersByTimeAsync(1)
        await vi.waitFor(() => expect(syncs.of(other)).toBe(1))
        await vi.waitFor(() => expect(syncs.of(dir)).toBe(1))
      } finally {
        await fsp.rm(other, { recursive: true, force: true })
      }
    } finally {
      vi.useRealTimers()
    }
  })

  it('a rename asked while the fsync runs gets one more, and then the folder starts afresh', async () => {
    let release: (() => void) | undefined
    const opened: string[] = []
    faulty('open', (real) => async (...args: Parameters<Fs['open']>) => {
      if (String(args[0]) === dir) {
        opened.push(dir)
        // The first fsync is held until the test lets it go.
        if (opened.length === 1) await new Promise<void>((resolve) => (release = resolve))
      }
      return real(...args)
    })
    syncDirectorySoon(dir)
    await vi.waitFor(() => expect(release).toBeDefined(), { timeout: 2000 })
    syncDirectorySoon(dir)
    syncDirectorySoon(dir)
    release?.()
    await vi.waitFor(() => expect(opened).toHaveLength(2), { timeout: 2000 })
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(opened).toHaveLength(2)
    // Done: the next rename is a new round, with its own wait.
    syncDirectorySoon(dir)
    await vi.waitFor(() => expect(opened).toHaveLength(3), { timeout: 2000 })
  })

  it('a failing fsync does not stop later ones', async () => {
    let calls = 0
    faulty('open', (real) => async (...args: Parameters<Fs['open']>) => {
      if (String(args[0]) === dir && (calls += 1) === 1) throw failure('EIO')
      return real(...args)
    })
    syncDirectorySoon(dir)
    await vi.waitFor(() => expect(calls).toBe(1), { timeout: 2000 })
    syncDirectorySoon(dir)
    await vi.waitFor(() => expect(calls).toBe(2), { timeout: 2000 })
  })
})

describe('copyAside', () => {
  it('keeps the bytes under the first free name, never replacing one, and leaves the file', async () => {
    const path = join(dir, 'a.json')
    await fsp.writeFile(path, 'damaged')
    expect(await copyAside(path, 'a.damaged', '.json')).toBe(join(dir, 'a.damaged.json'))
    expect(await copyAside(path, 'a.damaged', '.json')).toBe(join(dir, 'a.damaged-2.json'))
    await fsp.writeFile(join(dir, 'a.damaged-3.json'), 'someone else’s')
    expect(await copyAside(path, 'a.damaged', '.json')).toBe(join(dir, 'a.damaged-4.json'))
    expect(await fsp.readFile(join(dir, 'a.damaged-3.json'), 'utf8')).toBe('someone else’s')
    expect(await fsp.readFile(join(dir, 'a.damaged-4.json'), 'utf8')).toBe('damaged')
    expect(await fsp.readFile(path, 'utf8')).toBe('damaged')
  })

  it.each(['EPERM', 'ENOTSUP', 'ENOSYS'])(
    'copies where the file system has no hard links (%s), still never replacing',
    async (code) => {
      faulty('link', () => () => Promise.reject(failure(code)))
      const path = join(dir, 'a.json')
      await fsp.writeFile(path, 'damaged')
      await fsp.writeFile(join(dir, 'aside.json'), 'taken')
      expect(await copyAside(path, 'aside', '.json')).toBe(join(dir, 'aside-2.json'))
      expect(await fsp.readFile(join(dir, 'aside.json'), 'utf8')).toBe('taken')
      expect(await fsp.readFile(join(dir, 'aside-2.json'), 'utf8')).toBe('damaged')
      // A copy, not a link: the two are separate files.
      expect((await fsp.stat(path)).nlink).toBe(1)
    }
  )

  it('throws a link or copy failure it cannot work around', async () => {
    const path = join(dir, 'a.json')
    await fsp.writeFile(path, 'damaged')
    faulty('link', () => () => Promise.reject(failure('EIO')))
    await expect(copyAside(path, 'aside', '.json')).rejects.toMatchObject({ code: 'EIO' })
    faulty('link', () => () => Promise.reject(failure('EPERM')))
    faulty('copyFile', () => () => Promise.reject(failure('ENOSPC')))
    await expect(copyAside(path, 'aside', '.json')).rejects.toMatchObject({ code: 'ENOSPC' })
    expect(await ls()).toEqual(['a.json'])
  })

  it('gives up after a thousand names are taken', async () => {
    const path = join(dir, 'a.json')
    await fsp.writeFile(path, 'damaged')
    const tried: string[] = []
    faulty('link', () => (_from, to) => {
      tried.push(String(to))
      return Promise.reject(failure('EEXIST'))
    })
    const refused = copyAside(path, 'aside', '.json')
    await expect(refused).rejects.toBeInstanceOf(TooManySetAside)
    await expect(refused).rejects.toThrow('too many files have already been set aside in this folder')
    expect(tried).toHaveLength(1000)
    expect(tried[0]).toBe(join(dir, 'aside.json'))
    expect(tried[1]).toBe(join(dir, 'aside-2.json'))
    expect(tried[999]).toBe(join(dir, 'aside-1000.json'))
  })
})

describe('what a failure means for the person', () => {
  it('stamps a time sortably, in UTC', () => {
    expect(stamp(new Date('2024-03-05T07:08:09.123Z'))).toBe('20240305-070809')
    expect(stamp(new Date('1999-12-31T23:59:59Z'))).toBe('19991231-235959')
  })

  it('names the file by a catalogue phrase or plain text', () => {
    expect(labelParam('errors.storage.saveFailed')).toEqual({ key: 'errors.storage.saveFailed' })
    expect(labelParam({ text: 'counter' })).toBe('counter')
  })

  it.each([
    ['EACCES', 'EACCES'],
    ['EPERM', 'EPERM'],
    ['EROFS', 'EROFS'],
    ['ENOSPC', 'ENOSPC'],
    ['EDQUOT', 'EDQUOT'],
    ['EISDIR', 'EISDIR'],
    ['ENOTDIR', 'ENOTDIR'],
    ['ENOENT', 'ENOENT'],
    ['EMFILE', 'EMFILE'],
    ['ENFILE', 'EMFILE'],
    ['EBUSY', 'EBUSY'],
    ['EIO', 'EIO']
  ])('gives the advice for %s', (code, advice) => {
    expect(storageFailure('errors.storage.saveFailed', { text: 'x' }, '/p', failure(code))).toEqual({
      code: 'storage',
      message: 'errors.storage.saveFailed',
      params: { what: 'x', path: '/p', advice: { key: `errors.storage.advice.${advice}` } },
      cause: code
    })
  })

  it('gives general advice for an unknown code or none, and names no cause without a code', () => {
    expect(storageFailure('errors.storage.readFailed', { text: 'x' }, '/p', failure('EWEIRD'))).toMatchObject(
      {
        params: { advice: { key: 'errors.storage.advice.other' } },
        cause: 'EWEIRD'
      }
    )
    const plain = storageFailure('errors.storage.readFailed', { text: 'x' }, '/p', new Error('no code'))
    expect(plain.params?.advice).toEqual({ key: 'errors.storage.advice.other' })
    expect(plain).not.toHaveProperty('cause')
    expect(
      storageFailure('errors.storage.saveFailed', { text: 'x' }, '/p', new TooManySetAside()).params?.advice
    ).toEqual({ key: 'errors.storage.advice.tooManyAside' })
    expect(storageError('errors.storage.saveFailed', { text: 'x' }, '/p', failure('EIO'))).toEqual({
      ok: false,
      error: storageFailure('errors.storage.saveFailed', { text: 'x' }, '/p', failure('EIO'))
    })
  })

  it('reads an error code only where there is a string one', () => {
    expect(codeOf(failure('EIO'))).toBe('EIO')
    expect(codeOf({ code: 5 })).toBeUndefined()
    expect(codeOf(new Error('x'))).toBeUndefined()
    expect(codeOf(null)).toBeUndefined()
    expect(codeOf('EIO')).toBeUndefined()
  })

  it('reports an internal error with the path only when there is one', () => {
    expect(internal('errors.storage.readFailed', { text: 'x' }, '/p')).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'errors.storage.readFailed', params: { what: 'x', path: '/p' } }
    })
    const without = internal('errors.storage.readFailed', { text: 'x' })
    expect(without.ok ? null : without.error.params).toEqual({ what: 'x' })
  })
})

describe('folderMaker', () => {
  it('makes the folder, nested, on the first call only', async () => {
    const target = join(dir, 'a', 'b')
    let made = 0
    faulty(
      'mkdir',
      (real) =>
        (async (...args: Parameters<Fs['mkdir']>) => {
          made += 1
          return real(...args)
        }) as Fs['mkdir']
    )
    const make = folderMaker(target, { text: 'x' })
    expect(await make()).toEqual({ ok: true, value: undefined })
    expect(await make()).toEqual({ ok: true, value: undefined })
    expect(made).toBe(1)
    expect((await fsp.stat(target)).isDirectory()).toBe(true)
  })

  it('reports a failure as a storage error and tries again on the next call', async () => {
    const target = join(dir, 'a')
    let made = 0
    faulty(
      'mkdir',
      (real) =>
        (async (...args: Parameters<Fs['mkdir']>) => {
          made += 1
          if (made === 1) throw failure('EROFS')
          return real(...args)
        }) as Fs['mkdir']
    )
    const make = folderMaker(target, { text: 'x' })
    expect(await make()).toEqual(
      storageError('errors.storage.folderFailed', { text: 'x' }, target, failure('EROFS'))
    )
    expect(await make()).toEqual({ ok: true, value: undefined })
    expect(made).toBe(2)
  })
})
