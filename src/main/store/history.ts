import * as fs from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { isIsoTimestamp, parseHistoryEntry, type HistoryEntry } from '../../shared/history'
import type { QuarantineReason, StoreNotice } from '../../shared/notice'
import { ID_PATTERN } from '../../shared/profile'
import { err, ok, type Result } from '../../shared/result'
import { copyAside, explain, stamp, writeFileDurably } from './json-file'

/**
 * Every contact the app created, as an append-only JSON-lines file: a header line, then one
 * `{"t":"entry",…}` line per contact and one `{"t":"removed",…}` line per undo. Nothing is ever
 * rewritten in place, so a crash can cost at most the one line being appended.
 */
export interface HistoryStore {
  /** Resolves once the entry is durable (written and fsynced). */
  append(entry: HistoryEntry): Promise<Result<void>>
  /** Appends a tombstone; the entry itself is never erased. */
  markRemoved(id: string, at: string, requestId?: string): Promise<Result<void>>
  /** Entries oldest first, removals folded in. Entries are frozen: the store shares them. */
  list(): Promise<Result<HistoryEntry[]>>
  readonly path: string
}

export interface HistoryStoreOptions {
  dir: string
  notices?: (n: StoreNotice) => void
  /** The clock behind quarantine names and notices. */
  now?: () => Date
}

export const HISTORY_FILE = 'history.jsonl'
export const HISTORY_SCHEMA_VERSION = 1
export const HISTORY_KIND = 'hostup-contacts.history'
const HEADER = `${JSON.stringify({ schemaVersion: HISTORY_SCHEMA_VERSION, kind: HISTORY_KIND })}\n`

type Line = { t: 'entry'; entry: HistoryEntry } | { t: 'removed'; id: string; at: string; requestId?: string }

interface Job {
  record: Line
  resolve: (result: Result<void>) => void
}

export function createHistoryStore(opts: HistoryStoreOptions): HistoryStore {
  const path = join(opts.dir, HISTORY_FILE)
  const now = opts.now ?? (() => new Date())
  const entries: HistoryEntry[] = []
  const positions = new Map<string, number>()
  /** Whether the file is on disk with its header; when not, the next write creates it whole. */
  let exists = false
  /** Bytes known to hold complete lines; anything after them is a torn append to cut off. */
  let cleanLength = 0
  let torn = false
  /** The last line is complete but lacks its line break (a hand edit): the next write adds one. */
  let needsNewline = false
  let loading: Promise<Result<void>> | undefined
  let pending: Job[] = []
  let flushing = false

  function ensureLoaded(): Promise<Result<void>> {
    loading ??= load().then((result) => {
      // A failed read is tried again next time rather than remembered forever.
      if (!result.ok) loading = undefined
      return result
    })
    return loading
  }

  async function load(): Promise<Result<void>> {
    let header: 'ok' | QuarantineReason | undefined
    let broken: QuarantineReason | null = null
    const records: Line[] = []
    let read: ReadLines | null
    try {
      read = await readLines(path, (line) => {
        if (header === undefined) {
          header = readHeader(line)
          if (header !== 'ok') broken = header
          return header !== 'future-version'
        }
        if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return true
        const record = readRecord(line)
        if (record === 'unparseable' || record === 'invalid') broken ??= record
        else records.push(record)
        return true
      })
    } catch (error) {
      return err('storage', `Could not read the history from ${path}: ${explain(error)}`)
    }
    if (read === null || read.length === 0) return ok(undefined)
    if (header === 'future-version') return setAside('future-version', [])
    // Not one complete line: not even a header. The app never writes that (it creates the file whole).
    if (header === undefined) broken = 'unparseable'
    const last = read.rest.length > 0 ? readRecord(read.rest.toString('utf8')) : null
    if (last !== null && last !== 'unparseable' && last !== 'invalid') records.push(last)
    if (broken) return setAside(broken, records)
    for (const record of records) fold(record)
    exists = true
    if (last === null || last === 'unparseable' || last === 'invalid') {
      // Half a line from a crash mid-append: never acknowledged, so it is dropped, not quarantined.
      cleanLength = read.length - read.rest.length
      torn = read.rest.length > 0
    } else {
      cleanLength = read.length
      needsNewline = true
    }
    return ok(undefined)
  }

  /** Keeps the damaged file's bytes under a dated name and starts a fresh file with what was readable. */
  async function setAside(reason: QuarantineReason, keep: Line[]): Promise<Result<void>> {
    const at = now()
    const text = HEADER + keep.map(serialize).join('')
    let movedTo: string
    try {
      movedTo = await copyAside(path, `history.${reason}-${stamp(at)}`, '.jsonl')
      await writeFileDurably(path, text)
    } catch (error) {
      // Carrying on would let the next append write into, or over, the only copy of the history.
      return err(
        'storage',
        `${path} could not be read as history, and setting it aside failed: ${explain(error)} If that does not help, move the file out of the folder yourself, then restart the app.`
      )
    }
    for (const record of keep) fold(record)
    exists = true
    cleanLength = Buffer.byteLength(text)
    try {
      opts.notices?.({ kind: 'quarantined', file: path, movedTo, reason, at: at.toISOString() })
    } catch {
      // A listener's failure must not turn a recovered file into a failed read.
    }
    return ok(undefined)
  }

  /** Applies a record to the in-memory view; duplicates and strays (from a retried append) are ignored. */
  function fold(record: Line): void {
    if (record.t === 'entry') {
      if (positions.has(record.entry.id)) return
      positions.set(record.entry.id, entries.length)
      entries.push(freeze(record.entry))
      return
    }
    const position = positions.get(record.id)
    const entry = position === undefined ? undefined : entries[position]
    if (position === undefined || entry === undefined || entry.removedAt !== undefined) return
    const removed: HistoryEntry = { ...entry, removedAt: record.at }
    if (record.requestId !== undefined) removed.removeRequestId = record.requestId
    entries[position] = freeze(removed)
  }

  function entryOf(id: string): HistoryEntry | undefined {
    const position = positions.get(id)
    return position === undefined ? undefined : entries[position]
  }

  function submit(record: Line): Promise<Result<void>> {
    return new Promise((resolve) => {
      pending.push({ record, resolve })
      if (!flushing) void flush()
    })
  }

  /**
   * Group commit: everything queued while one fsync runs goes out in the next single write and
   * fsync, in order. Each caller still resolves only once its own line is durable.
   */
  async function flush(): Promise<void> {
    flushing = true
    try {
      while (pending.length > 0) {
        const batch = pending
        pending = []
        try {
          await commit(batch)
        } catch (error) {
          // Never leave a caller waiting forever; a job already answered ignores this.
          const message = error instanceof Error ? error.message : String(error)
          for (const job of batch)
            job.resolve(err('internal', `Unexpected failure saving the history: ${message}`))
        }
      }
    } finally {
      flushing = false
    }
  }

  async function commit(batch: Job[]): Promise<void> {
    const loaded = await ensureLoaded()
    if (!loaded.ok) {
      for (const job of batch) job.resolve(loaded)
      return
    }
    const accepted = admit(batch)
    if (accepted.length === 0) return
    const written = await write(accepted.map((job) => serialize(job.record)).join(''))
    if (written.ok) for (const job of accepted) fold(job.record)
    for (const job of accepted) job.resolve(written)
  }

  /** Refuses what would not fold (a second entry with one ID, a second removal) before it is written. */
  function admit(batch: Job[]): Job[] {
    const added = new Map<string, boolean>()
    const accepted: Job[] = []
    for (const job of batch) {
      const { record } = job
      const id = record.t === 'entry' ? record.entry.id : record.id
      const existing = entryOf(id)
      const known = existing !== undefined || added.has(id)
      const removed = added.get(id) ?? existing?.removedAt !== undefined
      if (record.t === 'entry' && known) {
        // The same entry again is a retry after an error whose bytes did reach the disk: done already.
        const same =
          existing !== undefined && serialize({ t: 'entry', entry: existing }) === serialize(record)
        job.resolve(
          same ? ok(undefined) : err('validation', 'History already has a different entry with this ID.')
        )
      } else if (record.t === 'removed' && !known) {
        job.resolve(err('not_found', 'This contact is not in the history.'))
      } else if (record.t === 'removed' && removed) {
        job.resolve(err('validation', 'This contact is already marked as removed in the history.'))
      } else {
        added.set(
          id,
          record.t === 'removed' || (record.t === 'entry' && record.entry.removedAt !== undefined)
        )
        accepted.push(job)
      }
    }
    return accepted
  }

  async function write(text: string, retry = true): Promise<Result<void>> {
    try {
      if (!exists) {
        // The first write creates the file whole (header included) by rename: never half a header.
        const whole = HEADER + entries.map((entry) => serialize({ t: 'entry', entry })).join('') + text
        await writeFileDurably(path, whole)
        exists = true
        cleanLength = Buffer.byteLength(whole)
        return ok(undefined)
      }
      if (torn) await truncate(cleanLength)
      const data = (needsNewline ? '\n' : '') + text
      await appendDurably(data)
      needsNewline = false
      cleanLength += Buffer.byteLength(data)
      return ok(undefined)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && exists && retry) {
        // The file vanished under us (moved or deleted): write back all this session knows.
        exists = false
        torn = false
        needsNewline = false
        return write(text, false)
      }
      // Part of the batch may have reached the disk; it is cut off before the next write.
      if (exists) torn = true
      return err('storage', `Could not save the history to ${path}: ${explain(error)}`)
    }
  }

  async function truncate(length: number): Promise<void> {
    // A separate handle: an append-only handle cannot truncate on Windows.
    const handle = await fs.open(path, 'r+')
    try {
      await handle.truncate(length)
      await handle.sync()
    } finally {
      await handle.close()
    }
    torn = false
  }

  async function appendDurably(data: string): Promise<void> {
    // No O_CREAT: a file that vanished must not come back headerless.
    const handle = await fs.open(path, fs.constants.O_WRONLY | fs.constants.O_APPEND)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
  }

  return {
    path,
    async append(entry) {
      const clean = parseHistoryEntry(entry)
      if (!clean)
        return err('validation', 'The history entry is incomplete or malformed; nothing was written.')
      return submit({ t: 'entry', entry: clean })
    },
    async markRemoved(id, at, requestId) {
      if (!isId(id) || !isIsoTimestamp(at) || (requestId !== undefined && typeof requestId !== 'string'))
        return err('validation', 'The removal could not be recorded: its ID or time is malformed.')
      return submit({ t: 'removed', id, at, ...(requestId === undefined ? {} : { requestId }) })
    },
    async list() {
      const loaded = await ensureLoaded()
      return loaded.ok ? ok(entries.slice()) : loaded
    }
  }
}

interface ReadLines {
  /** Bytes read in all. */
  length: number
  /** What follows the last line break: a torn append, or a last line missing its break. */
  rest: Buffer
}

const CHUNK = 4 * 1024 * 1024

/**
 * Hands each complete line (decoded, without its CR LF) to `onLine` while the next chunk is being
 * read, so the disk and the parser work at once; `onLine` returns false to stop. Null: no file.
 * Lines are decoded one by one: one 40 MB string and its split cost several times more.
 */
async function readLines(path: string, onLine: (line: string) => boolean): Promise<ReadLines | null> {
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
    const bytes = Buffer.allocUnsafe(size)
    const readChunk = async (at: number): Promise<number> => {
      let offset = at
      const stop = Math.min(size, at + CHUNK)
      while (offset < stop) {
        const { bytesRead } = await handle.read(bytes, offset, stop - offset, offset)
        if (bytesRead === 0) {
          // Shorter than a moment ago (truncated by someone else): what was read is all there is.
          size = offset
          break
        }
        offset += bytesRead
      }
      return offset
    }
    let start = 0
    next = size > 0 ? readChunk(0) : null
    while (next) {
      const readEnd = await next
      next = readEnd < size ? readChunk(readEnd) : null
      const ready = bytes.subarray(0, readEnd)
      for (let stop = ready.indexOf(0x0a, start); stop >= 0; stop = ready.indexOf(0x0a, start)) {
        const lineEnd = stop > start && ready[stop - 1] === 0x0d ? stop - 1 : stop
        const more = onLine(ready.toString('utf8', start, lineEnd))
        start = stop + 1
        if (!more) return { length: start, rest: Buffer.alloc(0) }
      }
    }
    return { length: size, rest: bytes.subarray(start, size) }
  } finally {
    await next?.catch(() => undefined)
    await handle.close()
  }
}

function serialize(record: Line): string {
  return `${JSON.stringify(record.t === 'entry' ? { t: 'entry', ...record.entry } : record)}\n`
}

function readHeader(line: string | undefined): 'ok' | QuarantineReason {
  let json: unknown
  try {
    // An editor may have added a byte-order mark; it is not part of the JSON.
    json = JSON.parse((line ?? '').replace(/^\uFEFF/, ''))
  } catch {
    return 'unparseable'
  }
  if (!isObject(json) || json.kind !== HISTORY_KIND) return 'invalid'
  const version = json.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return 'invalid'
  return version > HISTORY_SCHEMA_VERSION ? 'future-version' : 'ok'
}

function readRecord(line: string): Line | 'unparseable' | 'invalid' {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return 'unparseable'
  }
  if (!isObject(json)) return 'invalid'
  if (json.t === 'entry') {
    const entry = parseHistoryEntry(json, { adopt: true })
    return entry ? { t: 'entry', entry } : 'invalid'
  }
  const { t, id, at, requestId } = json
  if (t !== 'removed' || !isId(id) || !isIsoTimestamp(at)) return 'invalid'
  if (requestId !== undefined && typeof requestId !== 'string') return 'invalid'
  return requestId === undefined ? { t, id, at } : { t, id, at, requestId }
}

function freeze(entry: HistoryEntry): HistoryEntry {
  Object.freeze(entry.fields)
  return Object.freeze(entry)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value)
}
