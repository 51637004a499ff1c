import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { faultyHandles, restoreFs } from '../testing/faulty-fs'
import {
  LINES_PER_PAUSE,
  appendDurably,
  headerLine,
  readHeader,
  readLine,
  readLines,
  readTailLines,
  truncateDurably
} from './json-lines'
import type { MigrationChain } from './migrations'

let dir: string
let n = 0

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-json-lines-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

afterEach(() => restoreFs())

/** Files that report `extra` bytes more than they hold: as if cut short by someone else while read. */
function shrinking(extra: number): void {
  faultyHandles((handle) => {
    const stat = handle.stat.bind(handle)
    handle.stat = (async () => {
      const stats = await stat()
      return Object.assign(stats, { size: stats.size + extra })
    }) as typeof handle.stat
  })
}

/** The process's open file descriptors (Linux: /proc/self/fd). */
async function openFiles(): Promise<number> {
  return (await readdir('/proc/self/fd')).length
}

async function file(text: string | Buffer): Promise<string> {
  n += 1
  const path = join(dir, `f${n}.jsonl`)
  await writeFile(path, text)
  return path
}

/** A line's text (no line break in it), up to some 60 KB: files cross the 256 KB tail chunk. */
const lineText = fc
  .tuple(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.integer({ min: 0, max: 10_000 }))
  .map(([unit, times]) => unit.replace(/[\r\n]/g, '_').repeat(times))

const fileShape = fc.record({
  // The header is looked for in the file's first 4 KB: the app writes one of some 60 bytes.
  header: fc.string({ unit: 'grapheme', maxLength: 60 }).map((text) => text.replace(/[\r\n]/g, '_')),
  lines: fc.array(fc.record({ text: lineText, crlf: fc.boolean() }), { maxLength: 12 }),
  // What follows the last break: nothing, or a torn append.
  rest: fc.oneof(fc.constant(''), lineText)
})

describe('reading a JSON-lines file', () => {
  it('finds every line, with LF or CR LF, and what follows the last break, forwards and backwards alike', async () => {
    await fc.assert(
      // Forwards in chunks of the app's size and of sizes that put lines, CR LFs and characters across chunks.
      fc.asyncProperty(
        fileShape,
        fc.option(fc.integer({ min: 1_000, max: 70_000 })),
        async (shape, chunkSize) => {
          const { header, lines, rest } = shape
          const text = `${header}\n${lines.map((l) => `${l.text}${l.crlf ? '\r\n' : '\n'}`).join('')}${rest}`
          const path = await file(text)
          const forwards: string[] = []
          const read = await readLines(path, (line) => (forwards.push(line), true), {
            ...(chunkSize === null ? {} : { chunkSize })
          })
          expect(forwards).toEqual([header, ...lines.map((l) => l.text)])
          expect(read?.rest.toString('utf8')).toBe(rest)
          expect(read?.length).toBe(Buffer.byteLength(text))

          const backwards: string[] = []
          const tail = await readTailLines(path, (line) => (backwards.push(line), true))
          expect(tail).toEqual({ header, rest, reachedHeader: true })
          expect(backwards).toEqual(lines.map((l) => l.text).reverse())
        }
      ),
      { numRuns: 40 }
    )
  })

  it('stops where it is told to: forwards after the line, backwards without reaching the header', async () => {
    const lines = Array.from({ length: 6 }, (_, i) => `{"n":${i}}`)
    const text = `H\n${lines.join('\n')}\n`
    const path = await file(text)
    const seen: string[] = []
    const read = await readLines(path, (line) => (seen.push(line), seen.length < 3))
    expect(seen).toEqual(['H', lines[0], lines[1]])
    expect(read).toEqual({
      length: Buffer.byteLength(`H\n${lines[0]}\n${lines[1]}\n`),
      rest: Buffer.alloc(0)
    })
    const newest: string[] = []
    const tail = await readTailLines(path, (line) => (newest.push(line), newest.length < 2))
    expect(newest).toEqual([lines[5], lines[4]])
    expect(tail).toEqual({ header: 'H', rest: '', reachedHeader: false })
  })

  it('pauses before it reads, before its first line and after every LINES_PER_PAUSE lines, and hands no line more until the pause is over', async () => {
    const count = LINES_PER_PAUSE * 2 + 5
    const path = await file(Array.from({ length: count }, (_, i) => `{"n":${i}}\n`).join(''))
    const seen: string[] = []
    const pausedAt: number[] = []
    let release: () => void = () => undefined
    const reading = readLines(path, (line) => (seen.push(line), true), {
      pause: () => {
        pausedAt.push(seen.length)
        return new Promise<void>((resume) => (release = resume))
      }
    })
    await expect.poll(() => pausedAt).toEqual([0])
    release()
    await expect.poll(() => pausedAt).toEqual([0, 0])
    release()
    await expect.poll(() => pausedAt).toEqual([0, 0, LINES_PER_PAUSE])
    // Held: nothing more is handed out however long the pause lasts.
    await new Promise((done) => setTimeout(done, 20))
    expect(seen).toHaveLength(LINES_PER_PAUSE)
    release()
    await expect.poll(() => pausedAt).toEqual([0, 0, LINES_PER_PAUSE, LINES_PER_PAUSE * 2])
    release()
    const read = await reading
    expect(seen).toHaveLength(count)
    expect(seen.at(-1)).toBe(`{"n":${count - 1}}`)
    expect(read?.rest).toEqual(Buffer.alloc(0))
  })

  it('pauses as each chunk arrives, before its lines: a question asked while it was read goes first', async () => {
    // Chunks of 10 bytes: most end mid-line, and the long line leaves one without a line break at all.
    const lines = Array.from({ length: 9 }, (_, i) =>
      i === 4 ? '{"n":4,"pad":"abcdefghijklmnop"}' : `{"n":${i}}`
    )
    const text = `${lines.join('\n')}\n`
    const path = await file(text)
    const seen: string[] = []
    const pausedAt: number[] = []
    const read = await readLines(path, (line) => (seen.push(line), true), {
      chunkSize: 10,
      pause: async () => void pausedAt.push(seen.length)
    })
    expect(seen).toEqual(lines)
    expect(read).toEqual({ length: text.length, rest: Buffer.alloc(0) })
    // Once before the first read; then as each chunk arrives, the lines whose break lies in the
    // chunks before it handed out.
    const breaks = [...text].flatMap((c, at) => (c === '\n' ? [at] : []))
    const starts = Array.from({ length: Math.ceil(text.length / 10) }, (_, k) => k * 10)
    expect(pausedAt).toEqual([0, ...starts.map((start) => breaks.filter((at) => at < start).length)])
  })

  it('reads CR LFs split by a chunk edge as those within a chunk, in chunks of every small size', async () => {
    const text = 'H\r\nab\r\ncd\r\n\r\n\r\nxyz\r\nlast'
    const path = await file(text)
    for (let chunkSize = 1; chunkSize <= text.length + 1; chunkSize += 1) {
      const lines: string[] = []
      const read = await readLines(path, (line) => (lines.push(line), true), { chunkSize })
      expect(lines, `chunks of ${chunkSize}`).toEqual(['H', 'ab', 'cd', '', '', 'xyz'])
      expect(read).toEqual({ length: text.length, rest: Buffer.from('last') })
    }
  })

  it('reads a line longer than a chunk, and stops mid-file at the line it is told to', async () => {
    const long = 'é'.repeat(40_000)
    const text = `H\r\n${long}\r\n{"a":1}\n{"b":2}\n${long}`
    const path = await file(text)
    const all: string[] = []
    const read = await readLines(path, (line) => (all.push(line), true), { chunkSize: 1_000 })
    expect(all).toEqual(['H', long, '{"a":1}', '{"b":2}'])
    expect(read?.rest.toString('utf8')).toBe(long)
    expect(read?.length).toBe(Buffer.byteLength(text))
    const some: string[] = []
    const stopped = await readLines(path, (line) => (some.push(line), some.length < 3), { chunkSize: 1_000 })
    expect(some).toEqual(['H', long, '{"a":1}'])
    expect(stopped).toEqual({ length: Buffer.byteLength(`H\r\n${long}\r\n{"a":1}\n`), rest: Buffer.alloc(0) })
  })

  it('answers a file that is not there with null, an empty one as empty, and one without a break as header-less', async () => {
    const none: string[] = []
    expect(await readLines(join(dir, 'missing.jsonl'), () => true)).toBeNull()
    expect(await readTailLines(join(dir, 'missing.jsonl'), () => true)).toBeNull()
    const empty = await file('')
    expect(await readLines(empty, (line) => (none.push(line), true))).toEqual({
      length: 0,
      rest: Buffer.alloc(0)
    })
    expect(await readTailLines(empty, (line) => (none.push(line), true))).toEqual({
      header: null,
      rest: '',
      reachedHeader: true
    })
    const torn = await file('{"schemaVer')
    expect(await readTailLines(torn, (line) => (none.push(line), true))).toEqual({
      header: null,
      rest: '',
      reachedHeader: false
    })
    expect(none).toEqual([])
    // A header with CR LF is read without its CR, and a header alone has no lines after it.
    expect(await readTailLines(await file('H\r\n'), () => true)).toEqual({
      header: 'H',
      rest: '',
      reachedHeader: true
    })
  })

  it('throws what stops it opening a file other than its absence', async () => {
    const notAFolder = join(await file('x'), 'inside.jsonl')
    await expect(readLines(notAFolder, () => true)).rejects.toMatchObject({ code: 'ENOTDIR' })
    await expect(readTailLines(notAFolder, () => true)).rejects.toMatchObject({ code: 'ENOTDIR' })
  })

  it('reads a file cut short while it is read as what is there; backwards, refuses it', async () => {
    const path = await file('H\n{"a":1}\n{"b":2}\n')
    shrinking(100)
    const lines: string[] = []
    expect(await readLines(path, (line) => (lines.push(line), true))).toEqual({
      length: 18,
      rest: Buffer.alloc(0)
    })
    expect(lines).toEqual(['H', '{"a":1}', '{"b":2}'])
    await expect(readTailLines(path, () => true)).rejects.toThrow('the file shrank while it was read')
  })

  // Counted in /proc/self/fd: Linux only (CI's system).
  it.runIf(process.platform === 'linux')(
    'closes every file it opens, whether it reads to the end, stops early or fails',
    async () => {
      const path = await file(`H\n${'{"a":1}\n'.repeat(50)}`)
      const before = await openFiles()
      for (let i = 0; i < 20; i += 1) {
        await readLines(path, () => true)
        await readLines(path, () => false)
        await readTailLines(path, () => true)
        await readTailLines(path, () => false)
        await appendDurably(path, '{"b":2}\n')
        await truncateDurably(path, 2 + 50 * 8)
      }
      shrinking(10)
      for (let i = 0; i < 20; i += 1) await readTailLines(path, () => true).catch(() => undefined)
      expect(await openFiles()).toBe(before)
      expect(await readFile(path, 'utf8')).toBe(`H\n${'{"a":1}\n'.repeat(50)}`)
    }
  )
})

describe('the header and the lines', () => {
  const chain: MigrationChain = [(data) => ({ ...(data as object), upgraded: true })]

  it('writes a header that reads back as the current version', () => {
    expect(headerLine('history', chain)).toBe('{"schemaVersion":2,"kind":"history"}\n')
    expect(readHeader(headerLine('history', chain).trimEnd(), 'history', chain)).toBe(2)
  })

  it.each<[string, string, ReturnType<typeof readHeader>]>([
    ['the first version', '{"schemaVersion":1,"kind":"history"}', 1],
    ['with a byte-order mark', '\uFEFF{"schemaVersion":2,"kind":"history"}', 2],
    ['with a byte-order mark inside it, not first', '{"schemaVersion":2,"kind":"\uFEFFhistory"}', 'invalid'],
    ['a later version', '{"schemaVersion":3,"kind":"history"}', 'future-version'],
    ['another kind', '{"schemaVersion":1,"kind":"outbox"}', 'invalid'],
    ['no kind', '{"schemaVersion":1}', 'invalid'],
    ['version 0', '{"schemaVersion":0,"kind":"history"}', 'invalid'],
    ['a fractional version', '{"schemaVersion":1.5,"kind":"history"}', 'invalid'],
    ['a version as text', '{"schemaVersion":"1","kind":"history"}', 'invalid'],
    ['not an object', '[1]', 'invalid'],
    ['not JSON', '{"schemaVersion":', 'unparseable']
  ])('reads a header of %s', (_name, line, expected) => {
    expect(readHeader(line, 'history', chain)).toBe(expected)
  })

  it('reads a line of the current version as it is, an older one through the chain', () => {
    const parse = (value: unknown): Record<string, unknown> | null =>
      typeof value === 'object' && value !== null && 'id' in value ? (value as Record<string, unknown>) : null
    expect(readLine('{"id":"a"}', 2, chain, parse)).toEqual({ id: 'a' })
    expect(readLine('{"id":"a"}', 1, chain, parse)).toEqual({ id: 'a', upgraded: true })
    expect(readLine('{"other":1}', 2, chain, parse)).toBe('invalid')
    expect(readLine('{"other":1}', 1, chain, parse)).toBe('invalid')
    expect(readLine('{"id":', 1, chain, parse)).toBe('unparseable')
    // A version the chain cannot bring forward is not read as if it were current.
    expect(readLine('{"id":"a"}', 7, chain, parse)).toBe('invalid')
  })
})
