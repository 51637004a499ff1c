/**
 * An append-only JSON-lines file: a header line `{"schemaVersion":N,"kind":…}`, then one JSON value
 * per line. Nothing is rewritten in place, so a crash costs at most the line being appended; the
 * stateful part (what is on disk, what a torn append left) is the store's, these are its tools.
 */
import * as fs from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { isRecord } from '../../shared/guards'
import type { QuarantineReason } from '../../shared/notice'
import { currentVersion, migrate, type MigrationChain } from './migrations'

export interface ReadLines {
  /** Bytes read in all. */
  length: number
  /** What follows the last line break: a torn append, or a last line missing its break. */
  rest: Buffer
}

/** The bytes read at a time: two such buffers, one read into while the other's lines are handed out. */
const CHUNK = 4 * 1024 * 1024
/** Lines handed out between two of `pause`'s breaks (a few milliseconds of parsing). */
export const LINES_PER_PAUSE = 1024
const NO_BYTES = Buffer.alloc(0)

export interface ReadLinesOptions {
  /**
   * Awaited before the first read, as each chunk arrives (before the next read starts and before its
   * lines are handed out) and after every LINES_PER_PAUSE lines: a long read that lets other work
   * in (a question that must not wait for the whole file), and that can be held while that work runs.
   */
  pause?: () => Promise<void>
  /** Bytes read at a time (4 MiB); tests make it small to put lines across chunks. */
  chunkSize?: number
}

/** A line's text from its bytes, without the CR of a CR LF. */
function lineOf(bytes: Buffer, start: number, stop: number): string {
  return bytes.toString('utf8', start, stop > start && bytes[stop - 1] === 0x0d ? stop - 1 : stop)
}

/**
 * Hands each complete line (decoded, without its CR LF) to `onLine` while the next chunk is being
 * read, so the disk and the parser work at once; `onLine` returns false to stop. Null: no file.
 * Lines are decoded one by one (one 40 MB string and its split cost several times more), from two
 * chunk-sized buffers rather than one the size of the file: a 40 MB allocation makes V8 collect
 * garbage on the spot, and its fresh pages are faulted in while other work waits for the thread.
 */
export async function readLines(
  path: string,
  onLine: (line: string) => boolean,
  opts: ReadLinesOptions = {}
): Promise<ReadLines | null> {
  const { pause, chunkSize = CHUNK } = opts
  let handle: FileHandle
  try {
    handle = await fs.open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  // A read still in flight must settle before the handle closes, or its failure goes unhandled.
  let next: Promise<number> | null = null
  try {
    let size = (await handle.stat()).size
    const room = Math.min(size, chunkSize)
    const buffers =
      size > chunkSize ? [Buffer.allocUnsafe(room), Buffer.allocUnsafe(room)] : [Buffer.allocUnsafe(room)]
    /** Fills `bytes` from the file at `at`; the bytes read (fewer at the file's end). */
    const readChunk = async (bytes: Buffer, at: number): Promise<number> => {
      let got = 0
      const want = Math.min(bytes.length, size - at)
      while (got < want) {
        const { bytesRead } = await handle.read(bytes, got, want - got, at + got)
        if (bytesRead === 0) {
          // Shorter than a moment ago (truncated by someone else): what was read is all there is.
          size = at + got
          break
        }
        got += bytesRead
      }
      return got
    }
    /** Where the next chunk starts in the file, and the bytes of a line begun in earlier chunks. */
    let position = 0
    let carry: Buffer[] = []
    let handed = 0
    let turn = 0
    // Held before a read starts, not only before lines are handed out: a question that holds the
    // read has the disk and the thread pool to itself.
    if (pause && size > 0) await pause()
    next = size > 0 ? readChunk(buffers[0] as Buffer, 0) : null
    while (next) {
      const chunk = (buffers[turn % buffers.length] as Buffer).subarray(0, await next)
      const chunkStart = position
      position += chunk.length
      turn += 1
      if (pause) await pause()
      next = position < size ? readChunk(buffers[turn % buffers.length] as Buffer, position) : null
      let start = 0
      for (let stop = chunk.indexOf(0x0a); stop >= 0; stop = chunk.indexOf(0x0a, start)) {
        let line: string
        if (carry.length > 0) {
          const bytes = Buffer.concat([...carry, chunk.subarray(0, stop)])
          line = lineOf(bytes, 0, bytes.length)
          carry = []
        } else line = lineOf(chunk, start, stop)
        start = stop + 1
        if (!onLine(line)) return { length: chunkStart + start, rest: NO_BYTES }
        handed += 1
        if (pause && handed % LINES_PER_PAUSE === 0) await pause()
      }
      // Copied out: the buffer is read into again while the next chunk's lines are handed out.
      if (start < chunk.length) carry.push(Buffer.from(chunk.subarray(start)))
    }
    return { length: position, rest: Buffer.concat(carry) }
  } finally {
    await next?.catch(() => undefined)
    await handle.close()
  }
}

export interface TailLines {
  /** The first line (without its CR LF), or null when the file's first bytes hold no line break. */
  header: string | null
  /** What follows the last line break: a torn append, or a last line missing its break. */
  rest: string
  /** Every line after the header was handed over (none was refused). */
  reachedHeader: boolean
}

const TAIL_CHUNK = 256 * 1024
/** Where the header is looked for: the app writes one of some 60 bytes. */
const TAIL_HEAD = 4 * 1024

/**
 * The file read from its end: hands each complete line after the header (decoded, without its
 * CR LF) to `onLine`, newest first, reading backwards a chunk at a time, until `onLine` returns
 * false. The lines and `rest` are exactly those `readLines` finds. Null: no file.
 */
export async function readTailLines(
  path: string,
  onLine: (line: string) => boolean
): Promise<TailLines | null> {
  let handle: FileHandle
  try {
    handle = await fs.open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    const size = (await handle.stat()).size
    const read = async (from: number, to: number): Promise<Buffer> => {
      const bytes = Buffer.allocUnsafe(to - from)
      for (let at = 0; at < bytes.length;) {
        const { bytesRead } = await handle.read(bytes, at, bytes.length - at, from + at)
        // Shorter than a moment ago (truncated by someone else): not a file to read backwards.
        if (bytesRead === 0) throw new Error('the file shrank while it was read')
        at += bytesRead
      }
      return bytes
    }
    const decode = (bytes: Buffer): string => lineOf(bytes, 0, bytes.length)
    if (size === 0) return { header: null, rest: '', reachedHeader: true }
    // The header and the last chunk at once (one read when the file is that short): the first
    // page of a long history is most often all in that chunk.
    const [head, last] =
      size <= TAIL_CHUNK
        ? await read(0, size).then((all) => [all, all] as const)
        : await Promise.all([read(0, TAIL_HEAD), read(size - TAIL_CHUNK, size)])
    const headerBreak = head.indexOf(0x0a)
    if (headerBreak < 0) return { header: null, rest: '', reachedHeader: false }
    const header = decode(head.subarray(0, headerBreak))
    const bodyStart = headerBreak + 1
    let rest: string | null = null
    // Bytes from `pos` on not yet handed out: `carry` holds them up to the first line break seen.
    let carry: Buffer = Buffer.alloc(0)
    let more = true
    const hand = (bytes: Buffer): void => {
      if (rest === null) rest = bytes.toString('utf8')
      else more = onLine(decode(bytes))
    }
    for (let pos = size; more && pos > bodyStart;) {
      const start = Math.max(bodyStart, pos - TAIL_CHUNK)
      const chunk = pos === size ? last.subarray(start - (size - last.length)) : await read(start, pos)
      const bytes = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk
      pos = start
      let stop = bytes.length
      while (more && stop > 0) {
        const lineBreak = bytes.lastIndexOf(0x0a, stop - 1)
        if (lineBreak < 0) break
        hand(bytes.subarray(lineBreak + 1, stop))
        stop = lineBreak
      }
      carry = bytes.subarray(0, stop)
      // The first line after the header: complete, as a break follows it (or it is the rest).
      if (more && pos === bodyStart) hand(carry)
    }
    return { header, rest: rest ?? '', reachedHeader: more }
  } finally {
    await handle.close()
  }
}

/** Appends `data` and fsyncs. No O_CREAT: a file that vanished must not come back headerless. */
export async function appendDurably(path: string, data: string): Promise<void> {
  const handle = await fs.open(path, fs.constants.O_WRONLY | fs.constants.O_APPEND)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Cuts the file back to `length` bytes (a torn append) and fsyncs. */
export async function truncateDurably(path: string, length: number): Promise<void> {
  // A separate handle: an append-only handle cannot truncate on Windows.
  const handle = await fs.open(path, 'r+')
  try {
    await handle.truncate(length)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export function headerLine(kind: string, chain: MigrationChain): string {
  return `${JSON.stringify({ schemaVersion: currentVersion(chain), kind })}\n`
}

/** The header's schema version, or why the file is not ours to read. */
export function readHeader(line: string, kind: string, chain: MigrationChain): number | QuarantineReason {
  let json: unknown
  try {
    // An editor may have added a byte-order mark; it is not part of the JSON.
    json = JSON.parse(line.replace(/^\uFEFF/, ''))
  } catch {
    return 'unparseable'
  }
  if (!isRecord(json) || json.kind !== kind) return 'invalid'
  const version = json.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return 'invalid'
  return version > currentVersion(chain) ? 'future-version' : version
}

/**
 * One line as the current version reads it: parsed, brought through the chain from the file's
 * version, then checked by `parse`.
 */
export function readLine<R>(
  line: string,
  version: number,
  chain: MigrationChain,
  parse: (value: unknown) => R | null
): R | 'unparseable' | 'invalid' {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return 'unparseable'
  }
  if (version === currentVersion(chain)) return parse(json) ?? 'invalid'
  const migrated = migrate(json, version, chain)
  return migrated.ok ? (parse(migrated.data) ?? 'invalid') : 'invalid'
}
