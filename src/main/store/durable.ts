/**
 * File mechanics every store shares: a write that survives a crash at any moment, keeping a
 * damaged file's bytes beside it, and what a failed file operation means for the person.
 */
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { MessageKey, MessageParam } from '../../shared/i18n'
import { err, ok, type AppError, type Result } from '../../shared/result'

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old file or the
 * new one, complete: a uniquely named temporary file in the same directory (a rename is atomic
 * only within one file system) is written and fsynced, renamed over `path`, and the directory
 * is fsynced so the rename itself survives a power cut.
 */
export async function writeFileDurably(
  path: string,
  data: string | Buffer,
  opts: { directory?: 'now' | 'soon' } = {}
): Promise<void> {
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
  if (opts.directory === 'soon') syncDirectorySoon(dir)
  else await syncDirectory(dir)
}

/** Per folder: a directory fsync waiting or running, and whether another is wanted after it. */
const soon = new Map<string, { again: boolean }>()

/** How long a folder's fsync waits for more renames into it (a draft saved at every pause in typing). */
const DIRECTORY_SYNC_DELAY_MS = 100

/**
 * Fsyncs `dir` in the background, a moment later, once for every rename made into it meanwhile.
 * For a file replaced over and over (a draft as it is typed): its bytes are fsynced before the
 * rename, and the rename is on disk moments later; until then a power cut (not a crash: the system
 * has the rename) leaves the previous version, complete.
 */
export function syncDirectorySoon(dir: string): void {
  const pending = soon.get(dir)
  if (pending) {
    pending.again = true
    return
  }
  const state = { again: false }
  soon.set(dir, state)
  const run = async (): Promise<void> => {
    do {
      state.again = false
      await syncDirectory(dir).catch(() => undefined)
    } while (state.again)
    soon.delete(dir)
  }
  setTimeout(() => void run(), DIRECTORY_SYNC_DELAY_MS).unref?.()
}

// Windows cannot open or fsync a directory, and some file systems refuse a directory fsync;
// the rename has happened either way.
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EACCES'])

export async function syncDirectory(dir: string): Promise<void> {
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

export class TooManySetAside extends Error {
  constructor() {
    super('too many files have already been set aside in this folder')
  }
}

/**
 * Keeps the bytes of `path` under `<base>[-n]<ext>` beside it, leaving `path` in place, and returns
 * the new name; never replaces an existing file (a hard link fails if the name is taken, where a
 * rename would silently overwrite). The copy may be a hard link to the same bytes: `path` must then
 * be replaced by a rename (`writeFileDurably`), never written in place, which also fsyncs the folder.
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
  throw new TooManySetAside()
}

/** `YYYYMMDD-HHMMSS` in UTC: sorts by time and reads the same in every time zone. */
export function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-')
}

/** What a person can do about a failed file operation, by the system's error code. */
const ADVICE: Record<string, MessageKey> = {
  EACCES: 'errors.storage.advice.EACCES',
  EPERM: 'errors.storage.advice.EPERM',
  EROFS: 'errors.storage.advice.EROFS',
  ENOSPC: 'errors.storage.advice.ENOSPC',
  EDQUOT: 'errors.storage.advice.EDQUOT',
  EISDIR: 'errors.storage.advice.EISDIR',
  ENOTDIR: 'errors.storage.advice.ENOTDIR',
  ENOENT: 'errors.storage.advice.ENOENT',
  EMFILE: 'errors.storage.advice.EMFILE',
  ENFILE: 'errors.storage.advice.EMFILE',
  EBUSY: 'errors.storage.advice.EBUSY',
  EIO: 'errors.storage.advice.EIO'
}

/** Names the stored file in a message: a catalogue phrase ("the drafts"), or a plain name. */
export type Label = MessageKey | { text: string }

export function labelParam(label: Label): MessageParam {
  return typeof label === 'string' ? { key: label } : label.text
}

/**
 * A `storage` error for a failed operation on `path`: the sentence (`what` could not be read or
 * saved), the advice for the system's error code, and the code itself for the Details.
 */
export function storageError(message: MessageKey, label: Label, path: string, error: unknown): Result<never> {
  return { ok: false, error: storageFailure(message, label, path, error) }
}

export function storageFailure(message: MessageKey, label: Label, path: string, error: unknown): AppError {
  const code = codeOf(error)
  const advice: MessageKey =
    error instanceof TooManySetAside
      ? 'errors.storage.advice.tooManyAside'
      : ((code === undefined ? undefined : ADVICE[code]) ?? 'errors.storage.advice.other')
  return {
    code: 'storage',
    message,
    params: { what: labelParam(label), path, advice: { key: advice } },
    ...(code ? { cause: code } : {})
  }
}

/**
 * Makes the data folder on the first write, not at construction (reading needs none); a failure
 * is tried again by the next write.
 */
export function folderMaker(dir: string, label: Label): () => Promise<Result<void>> {
  let made: Promise<Result<void>> | undefined
  return () =>
    (made ??= fs.mkdir(dir, { recursive: true }).then(
      () => ok(undefined),
      (error: unknown) => {
        made = undefined
        return storageError('errors.storage.folderFailed', label, dir, error)
      }
    ))
}

export function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}

/** An internal error about a stored file, for what no person can fix (a bug, a value that is not JSON). */
export function internal(message: MessageKey, label: Label, path?: string): Result<never> {
  return err('internal', message, { params: { what: labelParam(label), ...(path ? { path } : {}) } })
}
