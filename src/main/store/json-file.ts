import type { QuarantineReason, StoreNotice } from '../../shared/notice'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { err, ok, type Result } from '../../shared/result'

export interface JsonFileOptions<T> {
  path: string
  schemaVersion: number
  /** Checks (and may normalize) the `data` of a file; null means the shape is unusable. */
  parse(data: unknown): T | null
  empty(): T
  /** What the file holds, for messages ("Could not save profiles to …"); defaults to the file's stem. */
  label?: string
  /** The clock behind quarantine names and notices. */
  now?: () => Date
}

export type { QuarantineReason, StoreNotice } from '../../shared/notice'

export interface JsonFile<T> {
  /** The document; `empty()` when the file is missing or was moved aside. */
  read(): Promise<Result<T>>
  /** Resolves once `value` is durable on disk (fsync, rename, directory fsync). */
  write(value: T): Promise<Result<void>>
  /**
   * Runs `fn` on the latest value, after every earlier write and update, and saves what it
   * returns. `fn` gets a copy it may change. When the result is the same document, nothing is
   * written: an update may decline by returning `current`.
   */
  update(fn: (current: T) => T): Promise<Result<T>>
  readonly path: string
}

interface Loaded<T> {
  value: T
  /** The serialized form of `value`, when it is known to be on disk; null when the file was missing. */
  text: string | null
}

/**
 * A JSON document on disk, `{ "schemaVersion": N, "data": … }`, with one writer: every call on
 * an instance runs in order, so an update never works from a stale value. A file that cannot be
 * read as ours is moved aside, never deleted or overwritten, and reported through `notices`.
 */
export function createJsonFile<T>(opts: JsonFileOptions<T>, notices?: (n: StoreNotice) => void): JsonFile<T> {
  const { path, schemaVersion } = opts
  const label = opts.label ?? stem(path)
  const now = opts.now ?? (() => new Date())
  let loaded: Loaded<T> | undefined
  let tail: Promise<unknown> = Promise.resolve()

  function enqueue<R>(job: () => Promise<Result<R>>): Promise<Result<R>> {
    const guarded = async (): Promise<Result<R>> => {
      try {
        return await job()
      } catch (error) {
        return err('internal', `Unexpected failure while handling ${label} (${path}): ${messageOf(error)}`)
      }
    }
    const run = tail.then(guarded)
    tail = run
    return run
  }

  async function load(): Promise<Result<Loaded<T>>> {
    if (loaded) return ok(loaded)
    let bytes: Buffer
    try {
      bytes = await fs.readFile(path)
    } catch (error) {
      if (codeOf(error) === 'ENOENT') {
        loaded = { value: opts.empty(), text: null }
        return ok(loaded)
      }
      return err('storage', `Could not read ${label} from ${path}: ${explain(error)}`)
    }
    const decoded = decode(bytes)
    if (decoded.ok) {
      loaded = { value: decoded.value, text: serialize(decoded.value) }
      return ok(loaded)
    }
    const moved = await quarantine(decoded.reason)
    if (!moved.ok) return moved
    loaded = { value: opts.empty(), text: null }
    return ok(loaded)
  }

  function decode(bytes: Buffer): { ok: true; value: T } | { ok: false; reason: QuarantineReason } {
    // An editor may have added a byte-order mark; it is not part of the JSON.
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return { ok: false, reason: 'unparseable' }
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json) || !('data' in json)) {
      return { ok: false, reason: 'invalid' }
    }
    const version: unknown = (json as { schemaVersion?: unknown }).schemaVersion
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
      return { ok: false, reason: 'invalid' }
    if (version > schemaVersion) return { ok: false, reason: 'future-version' }
    const value = safeParse(json.data)
    return value === null ? { ok: false, reason: 'invalid' } : { ok: true, value }
  }

  function safeParse(data: unknown): T | null {
    try {
      return opts.parse(data)
    } catch {
      return null
    }
  }

  function serialize(value: T): string {
    return `${JSON.stringify({ schemaVersion, data: value }, null, 2)}\n`
  }

  async function quarantine(reason: QuarantineReason): Promise<Result<void>> {
    const at = now()
    let movedTo: string
    try {
      movedTo = await moveAside(path, `${stem(path)}.${reason}-${stamp(at)}`, extname(path) || '.json')
    } catch (error) {
      // Starting empty here would let the next save overwrite the only copy of the person's data.
      return err(
        'storage',
        `${path} could not be read as ${label} and could not be moved aside (${explain(error)}). Move the file out of the folder yourself, then restart the app.`
      )
    }
    try {
      notices?.({ kind: 'quarantined', file: path, movedTo, reason, at: at.toISOString() })
    } catch {
      // A listener's failure must not turn a recovered file into a failed read.
    }
    return ok(undefined)
  }

  async function persist(value: T): Promise<Result<Loaded<T>>> {
    let text: string
    try {
      text = serialize(value)
    } catch (error) {
      return err(
        'internal',
        `Could not save ${label}: the data cannot be written as JSON (${messageOf(error)}).`
      )
    }
    // What is written must read back, or the next start would move it aside as invalid.
    const reread = safeParse((JSON.parse(text) as { data: unknown }).data)
    if (reread === null)
      return err('internal', `Refused to save ${label}: the data does not pass its own check.`)
    try {
      await writeFileDurably(path, text)
    } catch (error) {
      return err('storage', `Could not save ${label} to ${path}: ${explain(error)}`)
    }
    loaded = { value: reread, text }
    return ok(loaded)
  }

  return {
    path,
    read: () =>
      enqueue(async () => {
        const current = await load()
        return current.ok ? ok(structuredClone(current.value.value)) : current
      }),
    write: (value) =>
      enqueue(async () => {
        // Loading first means a file that must be moved aside is moved, not overwritten.
        const current = await load()
        if (!current.ok) return current
        const saved = await persist(value)
        return saved.ok ? ok(undefined) : saved
      }),
    update: (fn) =>
      enqueue(async () => {
        const current = await load()
        if (!current.ok) return current
        const next = fn(structuredClone(current.value.value))
        let text: string | undefined
        try {
          text = serialize(next)
        } catch {
          // persist() reports it.
        }
        if (text !== undefined && text === current.value.text) return ok(structuredClone(current.value.value))
        const saved = await persist(next)
        return saved.ok ? ok(structuredClone(saved.value.value)) : saved
      })
  }
}

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old file or the
 * new one, complete: a uniquely named temporary file in the same directory (a rename is atomic
 * only within one file system) is written and fsynced, renamed over `path`, and the directory
 * is fsynced so the rename itself survives a power cut.
 */
export async function writeFileDurably(path: string, data: string | Buffer): Promise<void> {
  const dir = dirname(path)
  // Bounded so a long file name cannot push the temporary name past the file system's limit.
  const tmp = join(dir, `.${basename(path).slice(0, 64)}.${randomBytes(6).toString('hex')}.tmp`)
  let handle: FileHandle | undefined
  try {
    // Exclusive create: never write into a file someone else holds. 0o600: the data is personal.
    handle = await fs.open(tmp, 'wx', 0o600)
    await handle.writeFile(data)
    await handle.sync()
    await handle.close()
    handle = undefined
    await renameWithRetry(tmp, path)
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await fs.unlink(tmp).catch(() => undefined)
    throw error
  }
  await syncDirectory(dir)
}

// Windows cannot open or fsync a directory, and some file systems refuse a directory fsync;
// the rename has happened either way.
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EACCES'])

async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await fs.open(dir, 'r')
    await handle.sync()
  } catch (error) {
    if (!DIRECTORY_SYNC_UNSUPPORTED.has(codeOf(error) ?? '')) throw error
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

// On Windows a virus scanner or indexer briefly holding the target makes rename fail; it lets go
// within moments (the approach of graceful-fs and write-file-atomic).
const TRANSIENT_RENAME_ERRORS = new Set(['EPERM', 'EACCES', 'EBUSY'])

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fs.rename(from, to)
      return
    } catch (error) {
      const transient = process.platform === 'win32' && TRANSIENT_RENAME_ERRORS.has(codeOf(error) ?? '')
      if (!transient || attempt >= 10) throw error
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 5)))
    }
  }
}

/**
 * Moves `path` to `<base>[-n]<ext>` beside it without ever replacing an existing file: a hard
 * link fails if the name is taken, where a rename would silently overwrite.
 */
async function moveAside(path: string, base: string, ext: string): Promise<string> {
  const target = await copyAside(path, base, ext)
  await fs.unlink(path)
  await syncDirectory(dirname(path))
  return target
}

/**
 * Keeps the bytes of `path` under `<base>[-n]<ext>` beside it, leaving `path` in place, and returns
 * the new name; never replaces an existing file. A caller can then replace `path` with
 * `writeFileDurably`, so there is no moment without the file. The copy may be a hard link to the
 * same bytes: `path` must be replaced by a rename, never written in place. The directory is not
 * fsynced here; the caller's `writeFileDurably` in the same directory does it.
 */
export async function copyAside(path: string, base: string, ext: string): Promise<string> {
  const dir = dirname(path)
  for (let n = 1; n <= 1000; n += 1) {
    const target = join(dir, `${base}${n === 1 ? '' : `-${n}`}${ext}`)
    try {
      await fs.link(path, target)
    } catch (error) {
      const code = codeOf(error)
      if (code === 'EEXIST') continue
      // Some file systems (FAT, some network shares) have no hard links: copy without overwriting.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error
      try {
        await fs.copyFile(path, target, fs.constants.COPYFILE_EXCL)
      } catch (copyError) {
        if (codeOf(copyError) === 'EEXIST') continue
        throw copyError
      }
    }
    return target
  }
  throw new Error('too many files have already been moved aside in this folder')
}

function stem(path: string): string {
  const name = basename(path)
  const ext = extname(name)
  return ext ? name.slice(0, -ext.length) : name
}

/** `YYYYMMDD-HHMMSS` in UTC: sorts by time and reads the same in every time zone. */
export function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-')
}

const ADVICE: Record<string, string> = {
  EACCES: 'permission denied. Check that the folder is writable by your user account, then try again.',
  EPERM:
    'the operation was not permitted. Check that the folder is writable by your user account and that no other program (a backup tool or virus scanner) holds the file, then try again.',
  EROFS: 'the disk is read-only. Make the disk writable, then try again.',
  ENOSPC: 'the disk is full. Free some space, then try again.',
  EDQUOT: 'your disk quota is used up. Free some space, then try again.',
  EISDIR: 'there is a folder where the file should be. Move or rename that folder, then try again.',
  ENOTDIR: 'part of the path is a file where a folder should be. Move or rename that file, then try again.',
  ENOENT: 'the folder does not exist any more. Restart the app to create it again.',
  EMFILE: 'too many files are open. Close some programs, then try again.',
  ENFILE: 'too many files are open. Close some programs, then try again.',
  EBUSY: 'the file is in use by another program. Close that program, then try again.',
  EIO: 'the disk reported an input/output error. Check the disk, then try again.'
}

/** The error's cause and what the person can do about it, for a `storage` message. */
export function explain(error: unknown): string {
  const code = codeOf(error)
  const advice = code ? ADVICE[code] : undefined
  return advice ?? `${messageOf(error)}. Check that the folder exists and is writable, then try again.`
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
