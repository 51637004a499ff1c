import { join } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { isId, isIsoTimestamp, isRecord } from '../../shared/guards'
import {
  parseHistoryEntry,
  parseHistoryPermissions,
  type HistoryEntry,
  type HistoryPermissions
} from '../../shared/history'
import type { QuarantineReason, StoreNotice } from '../../shared/notice'
import { err, ok, type Result } from '../../shared/result'
import { copyAside, stamp, storageError, storageFailure, writeFileDurably } from './durable'
import {
  appendDurably,
  headerLine,
  readHeader,
  readLine,
  readLines,
  readTailLines,
  truncateDurably
} from './json-lines'
import { currentVersion, type MigrationChain } from './migrations'

/**
 * Every contact the app created, as an append-only JSON-lines file: a header line, then one
 * `{"t":"entry",…}` line per contact and one `{"t":"removed",…}` line per undo. Nothing is ever
 * rewritten in place, so a crash can cost at most the one line being appended.
 */
export interface HistoryStore {
  /** Resolves once the entry is durable (written and fsynced). */
  append(entry: HistoryEntry): Promise<Result<void>>
  /** Appends the contact's permission state (pending, set, failed) as a line of its own. */
  markPermissions(id: string, permissions: HistoryPermissions): Promise<Result<void>>
  /** Appends a tombstone; the entry itself is never erased. */
  markRemoved(id: string, at: string, requestId?: string): Promise<Result<void>>
  /** Entries oldest first, removals folded in. Entries are frozen: the store shares them. */
  list(): Promise<Result<HistoryEntry[]>>
  /** Loads the history if need be; a number that changes whenever `list` would answer differently. */
  revision(): Promise<Result<number>>
  /**
   * Before the history is loaded: its newest entries (of one profile, when `profileId` is given),
   * newest first (by `createdAt`, the later line first on a tie), at most `limit`, read from the end
   * of the file alone, as `list` would hold them. `total`: how many such entries there are, when the
   * read reached the file's start (else null). Null once the history is loaded (ask `list`), when
   * they are not among the last lines (a profile with few entries in a long history), or when the
   * file cannot be read this way (no header, one of another version); a failed read is null too,
   * as `list` will tell it.
   */
  newest(limit: number, profileId?: string): Promise<Result<NewestEntries | null>>
  /** The entry with this ID (frozen), or null: a look-up that costs the same at 10 entries or 100,000. */
  get(id: string): Promise<Result<HistoryEntry | null>>
  /** The entries with these IDs (frozen) that the history holds: as `get`, one look-up per ID. */
  getMany(ids: readonly string[]): Promise<Result<Map<string, HistoryEntry>>>
  readonly path: string
}

export interface NewestEntries {
  entries: HistoryEntry[]
  total: number | null
}

export interface HistoryStoreOptions {
  dir: string
  notices?: (n: StoreNotice) => void
  /** The clock behind quarantine names and notices. */
  now?: () => Date
}

export const HISTORY_FILE = 'history.jsonl'
export const HISTORY_KIND = 'hostup-contacts.history'
/**
 * Steps for each line. 1 (0.1.0) → 2: a `permissions` line may follow an entry, and an entry may
 * carry its permission state; every line 0.1.0 wrote reads as it is.
 */
export const HISTORY_MIGRATIONS: MigrationChain = [(line) => line]
export const HISTORY_SCHEMA_VERSION = currentVersion(HISTORY_MIGRATIONS)
const HEADER = headerLine(HISTORY_KIND, HISTORY_MIGRATIONS)
const LABEL = 'errors.storage.what.history'
/** How many lines `newest` reads per entry it looks for before leaving it to the full load. */
const NEWEST_LINES_PER_ENTRY = 10

type Line =
  | { t: 'entry'; entry: HistoryEntry }
  | { t: 'removed'; id: string; at: string; requestId?: string }
  | ({ t: 'permissions'; id: string } & HistoryPermissions)

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
  let loaded = false
  /** Bumped by every change to `entries`. */
  let revision = 0
  let pending: Job[] = []
  let flushing = false
  /** `newest` reads under way: the load holds still at its next pause until they are done. */
  let tailReads = 0
  const tailDone: (() => void)[] = []

  /**
   * The load's break before each chunk and every LINES_PER_PAUSE lines: other work runs, and a
   * `newest` read goes first, its answer on its way before the load takes the thread again.
   */
  async function loadPause(): Promise<void> {
    await nextTurn()
    while (tailReads > 0) {
      await new Promise<void>((resume) => tailDone.push(resume))
      await nextTurn()
    }
  }

  function ensureLoaded(): Promise<Result<void>> {
    loading ??= load().then((result) => {
      // A failed read is tried again next time rather than remembered forever.
      if (!result.ok) loading = undefined
      else loaded = true
      return result
    })
    return loading
  }

  async function load(): Promise<Result<void>> {
    let header: number | QuarantineReason | undefined
    // A line of a file whose header is unreadable is read as today's: better that than nothing.
    let version = HISTORY_SCHEMA_VERSION
    let broken: QuarantineReason | null = null
    const records: Line[] = []
    const parse = (line: string): Line | 'unparseable' | 'invalid' =>
      readLine(line, version, HISTORY_MIGRATIONS, parseLine)
    let read: Awaited<ReturnType<typeof readLines>>
    try {
      read = await readLines(
        path,
        (line) => {
          if (header === undefined) {
            header = readHeader(line, HISTORY_KIND, HISTORY_MIGRATIONS)
            if (typeof header === 'number') version = header
            else broken = header
            return header !== 'future-version'
          }
          if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return true
          const record = parse(line)
          if (record === 'unparseable' || record === 'invalid') broken ??= record
          else records.push(record)
          return true
        },
        { pause: loadPause }
      )
    } catch (error) {
      return storageError('errors.storage.readFailed', LABEL, path, error)
    }
    if (read === null || read.length === 0) return ok(undefined)
    if (header === 'future-version') return setAside('future-version', [])
    // Not one complete line: not even a header. The app never writes that (it creates the file whole).
    if (header === undefined) broken = 'unparseable'
    const last = read.rest.length > 0 ? parse(read.rest.toString('utf8')) : null
    if (last !== null && last !== 'unparseable' && last !== 'invalid') records.push(last)
    if (broken) return setAside(broken, records)
    for (const record of records) fold(record)
    // Written by an earlier version: rewritten whole in today's form before anything is appended to it.
    if (version !== HISTORY_SCHEMA_VERSION) return rewrite(records)
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
      return storageError('errors.storage.cannotSetAside', LABEL, path, error)
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

  /** Replaces the file with what is known, in today's form (after loading a file of an earlier version). */
  async function rewrite(records: readonly Line[]): Promise<Result<void>> {
    const text = HEADER + records.map(serialize).join('')
    try {
      await writeFileDurably(path, text)
    } catch (error) {
      return storageError('errors.storage.saveFailed', LABEL, path, error)
    }
    exists = true
    cleanLength = Buffer.byteLength(text)
    return ok(undefined)
  }

  /** Applies a record to the in-memory view; duplicates and strays (from a retried append) are ignored. */
  function fold(record: Line): void {
    if (record.t === 'entry') {
      if (positions.has(record.entry.id)) return
      positions.set(record.entry.id, entries.length)
      entries.push(freeze(record.entry))
      revision += 1
      return
    }
    const position = positions.get(record.id)
    const entry = position === undefined ? undefined : entries[position]
    if (position === undefined || entry === undefined) return
    if (record.t === 'permissions') {
      const { presetId, name, state, at } = record
      entries[position] = freeze({ ...entry, permissions: { presetId, name, state, at } })
      revision += 1
      return
    }
    if (entry.removedAt !== undefined) return
    const removed: HistoryEntry = { ...entry, removedAt: record.at }
    if (record.requestId !== undefined) removed.removeRequestId = record.requestId
    entries[position] = freeze(removed)
    revision += 1
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
        } catch {
          // Never leave a caller waiting forever; a job already answered ignores this.
          for (const job of batch)
            job.resolve(
              err('internal', 'errors.storage.unexpected', { params: { what: { key: LABEL }, path } })
            )
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
        job.resolve(same ? ok(undefined) : err('validation', 'errors.history.otherEntrySameId'))
      } else if (record.t !== 'entry' && !known) {
        job.resolve(err('not_found', 'errors.history.notFound'))
      } else if (record.t === 'removed' && removed) {
        job.resolve(err('validation', 'errors.history.alreadyRemoved'))
      } else {
        if (record.t !== 'permissions')
          added.set(id, record.t === 'removed' || record.entry.removedAt !== undefined)
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
      if (torn) {
        await truncateDurably(path, cleanLength)
        torn = false
      }
      const data = (needsNewline ? '\n' : '') + text
      await appendDurably(path, data)
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
      return { ok: false, error: storageFailure('errors.storage.saveFailed', LABEL, path, error) }
    }
  }

  return {
    path,
    async append(entry) {
      const clean = parseHistoryEntry(entry)
      if (!clean) return err('validation', 'errors.history.malformedEntry')
      return submit({ t: 'entry', entry: clean })
    },
    async markRemoved(id, at, requestId) {
      if (!isId(id) || !isIsoTimestamp(at) || (requestId !== undefined && typeof requestId !== 'string'))
        return err('validation', 'errors.history.malformedRemoval')
      return submit({ t: 'removed', id, at, ...(requestId === undefined ? {} : { requestId }) })
    },
    async markPermissions(id, permissions) {
      const clean = parseHistoryPermissions(permissions)
      if (!isId(id) || !clean) return err('validation', 'errors.history.malformedEntry')
      return submit({ t: 'permissions', id, ...clean })
    },
    async list() {
      const loaded = await ensureLoaded()
      return loaded.ok ? ok(entries.slice()) : loaded
    },
    async revision() {
      const loaded = await ensureLoaded()
      return loaded.ok ? ok(revision) : loaded
    },
    async newest(limit, profileId) {
      if (loaded) return ok(null)
      tailReads += 1
      try {
        return ok(await readNewest(path, limit, profileId))
      } catch {
        return ok(null)
      } finally {
        tailReads -= 1
        if (tailReads === 0) for (const resume of tailDone.splice(0)) resume()
      }
    },
    async get(id) {
      const loaded = await ensureLoaded()
      return loaded.ok ? ok(entryOf(id) ?? null) : loaded
    },
    async getMany(ids) {
      const loaded = await ensureLoaded()
      if (!loaded.ok) return loaded
      const found = new Map<string, HistoryEntry>()
      for (const id of ids) {
        const entry = entryOf(id)
        if (entry) found.set(id, entry)
      }
      return ok(found)
    }
  }
}

/**
 * The newest entries from the end of the file, folded as `load` folds the whole: the lines read
 * (newest first) until `limit` distinct entries are among them, then folded oldest first, so an
 * entry's removal and permission lines (which always follow it) apply. What `load` would refuse or
 * quarantine is skipped here as `load` leaves it out; a last line without its break counts as
 * `load` counts it.
 */
async function readNewest(path: string, limit: number, profileId?: string): Promise<NewestEntries | null> {
  const records: Line[] = []
  const ids = new Set<string>()
  // Past this many lines the whole file is soon read faster by `load` than backwards line by line.
  let budget = Math.max(limit, 100) * NEWEST_LINES_PER_ENTRY
  let spent = false
  const newestTimes = new TopTimes(limit)
  let oldestRead = Infinity
  const parse = (line: string): Line | 'unparseable' | 'invalid' =>
    readLine(line, HISTORY_SCHEMA_VERSION, HISTORY_MIGRATIONS, parseLine)
  const tail = await readTailLines(path, (line) => {
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return true
    const record = parse(line)
    if (record === 'unparseable' || record === 'invalid') return true
    records.push(record)
    budget -= 1
    if (record.t === 'entry' && (profileId === undefined || record.entry.profileId === profileId)) {
      if (!ids.has(record.entry.id)) {
        ids.add(record.entry.id)
        const time = Date.parse(record.entry.createdAt)
        newestTimes.add(time)
        oldestRead = time
      }
    }
    // Lines are in the order they were written, so times mostly fall reading backwards; one the
    // clock stepped back for is not on the page just for being near the end: reading goes on until
    // the line reached is no newer than the page's oldest.
    const done = ids.size >= limit && oldestRead <= newestTimes.last()
    spent = budget <= 0 && !done
    return !done && !spent
  })
  if (spent) return null
  if (tail === null) return { entries: [], total: 0 }
  if (tail.header === null) return tail.reachedHeader ? { entries: [], total: 0 } : null
  if (readHeader(tail.header, HISTORY_KIND, HISTORY_MIGRATIONS) !== HISTORY_SCHEMA_VERSION) return null
  records.reverse()
  if (tail.rest.length > 0) {
    const last = parse(tail.rest)
    if (last !== 'unparseable' && last !== 'invalid') records.push(last)
  }
  const byId = new Map<string, { entry: HistoryEntry; at: number }>()
  for (const record of records) {
    if (record.t === 'entry') {
      if (!byId.has(record.entry.id)) byId.set(record.entry.id, { entry: record.entry, at: byId.size })
      continue
    }
    const known = byId.get(record.id)
    if (known === undefined) continue
    if (record.t === 'permissions') {
      const { presetId, name, state, at } = record
      known.entry = { ...known.entry, permissions: { presetId, name, state, at } }
    } else if (known.entry.removedAt === undefined) {
      known.entry = { ...known.entry, removedAt: record.at }
      if (record.requestId !== undefined) known.entry.removeRequestId = record.requestId
    }
  }
  const matching = [...byId.values()].filter(
    ({ entry }) => profileId === undefined || entry.profileId === profileId
  )
  const newest = matching
    .map(({ entry, at }) => ({ entry, at, time: Date.parse(entry.createdAt) }))
    .sort((a, b) => b.time - a.time || b.at - a.at)
    .slice(0, limit)
    .map(({ entry }) => freeze(entry))
  return { entries: newest, total: tail.reachedHeader ? matching.length : null }
}

/** The `size` largest times seen, kept sorted newest first. */
class TopTimes {
  private readonly times: number[] = []
  constructor(private readonly size: number) {}
  add(time: number): void {
    const { times } = this
    if (times.length === this.size && time <= (times.at(-1) as number)) return
    let [lo, hi] = [0, times.length]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((times[mid] as number) >= time) lo = mid + 1
      else hi = mid
    }
    times.splice(lo, 0, time)
    if (times.length > this.size) times.pop()
  }
  /** The smallest of them; -Infinity before any. */
  last(): number {
    return this.times.at(-1) ?? -Infinity
  }
}

function serialize(record: Line): string {
  return `${JSON.stringify(record.t === 'entry' ? { t: 'entry', ...record.entry } : record)}\n`
}

function parseLine(json: unknown): Line | null {
  if (!isRecord(json)) return null
  if (json.t === 'entry') {
    const entry = parseHistoryEntry(json, { adopt: true })
    return entry ? { t: 'entry', entry } : null
  }
  if (json.t === 'permissions') {
    const permissions = parseHistoryPermissions(json)
    return permissions && isId(json.id) ? { t: 'permissions', id: json.id, ...permissions } : null
  }
  const { t, id, at, requestId } = json
  if (t !== 'removed' || !isId(id) || !isIsoTimestamp(at)) return null
  if (requestId !== undefined && typeof requestId !== 'string') return null
  return requestId === undefined ? { t, id, at } : { t, id, at, requestId }
}

function freeze(entry: HistoryEntry): HistoryEntry {
  Object.freeze(entry.fields)
  return Object.freeze(entry)
}
