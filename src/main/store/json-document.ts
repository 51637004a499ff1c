/**
 * A JSON document on disk, `{ "schemaVersion": N, "data": … }`, with one writer: every call on an
 * instance runs in order, so an update never works from a stale value. An older version is read
 * through its migrations; a file that cannot be read as ours (damaged, or from a newer version of
 * the app) is set aside under a dated name, never deleted or overwritten, what can still be used
 * of it is kept, and the person is told once through `notices`.
 */
import * as fs from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import type { QuarantineReason, StoreNotice } from '../../shared/notice'
import { guard, ok, type Result } from '../../shared/result'
import {
  copyAside,
  codeOf,
  internal,
  labelParam,
  stamp,
  storageError,
  syncDirectory,
  writeFileDurably,
  type Label
} from './durable'
import { currentVersion, migrate, type MigrationChain } from './migrations'

export interface DocumentSpec<T> {
  /** The file's name in the data directory. */
  file: string
  /** What the file holds, for messages ("Could not save the drafts to …"). */
  label: Label
  /** From every earlier schema version to the current one, which is `migrations.length + 1`. */
  migrations: MigrationChain
  /** Checks (and may normalize) the current version's `data`; null means the shape is unusable. */
  parse(data: unknown): T | null
  empty(): T
  /**
   * What is still worth keeping of a file that must be set aside: `data` as far as it could be read
   * (undefined when the bytes were not JSON). Null keeps nothing, and the file is moved away whole.
   * It is how a damaged file guards what it guarded (see the outbox), so it must never throw.
   */
  salvage?(data: unknown, reason: QuarantineReason): T | null
  /**
   * 'soon': a save resolves once the file's bytes are fsynced and renamed into place, the folder
   * fsynced in the background right after (see `syncDirectorySoon`): for a file saved as the person
   * types. Default 'now'.
   */
  directorySync?: 'now' | 'soon'
}

export interface DocumentOptions {
  dir: string
  notices?: (n: StoreNotice) => void
  /** The clock behind set-aside names and notices. */
  now?: () => Date
}

export interface JsonDocument<T> {
  /** The document; `empty()` when the file is missing. */
  read(): Promise<Result<T>>
  /**
   * `fn` on the document as it is, in turn with every read and write, without the copy `read`
   * makes: `fn` must neither change nor keep what it is given (it answers from it, copying what it
   * hands out). For the frequent look-ups of a large document.
   */
  view<R>(fn: (current: Readonly<T>) => R): Promise<Result<R>>
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

type Decoded =
  { ok: true; data: unknown; current: boolean } | { ok: false; reason: QuarantineReason; data?: unknown }

export function createJsonDocument<T>(spec: DocumentSpec<T>, opts: DocumentOptions): JsonDocument<T> {
  const path = join(opts.dir, spec.file)
  const schemaVersion = currentVersion(spec.migrations)
  const now = opts.now ?? (() => new Date())
  const what = labelParam(spec.label)
  let loaded: Loaded<T> | undefined
  let tail: Promise<unknown> = Promise.resolve()

  function enqueue<R>(job: () => Promise<Result<R>>): Promise<Result<R>> {
    const run = tail.then(() =>
      guard(job, { code: 'internal', message: 'errors.storage.unexpected', params: { what, path } })
    )
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
        loaded = { value: spec.empty(), text: null }
        return ok(loaded)
      }
      return storageError('errors.storage.readFailed', spec.label, path, error)
    }
    const decoded = decode(bytes)
    const value = decoded.ok ? safeParse(decoded.data) : null
    if (value !== null) {
      // An older file is rewritten in today's form by the next save: reading changes nothing on disk.
      loaded = { value, text: decoded.ok && decoded.current ? serialize(value) : null }
      return ok(loaded)
    }
    return setAside(decoded.ok ? 'invalid' : decoded.reason, decoded.data)
  }

  function decode(bytes: Buffer): Decoded {
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
    const version = (json as { schemaVersion?: unknown }).schemaVersion
    const migrated = migrate(json.data, version, spec.migrations)
    if (!migrated.ok) return { ok: false, reason: migrated.reason, data: json.data }
    return { ok: true, data: migrated.data, current: version === schemaVersion }
  }

  function safeParse(data: unknown): T | null {
    try {
      return spec.parse(data)
    } catch {
      return null
    }
  }

  function serialize(value: T): string {
    return `${JSON.stringify({ schemaVersion, data: value }, null, 2)}\n`
  }

  /** Keeps the file's bytes under a dated name; the file itself then holds what could be salvaged. */
  async function setAside(reason: QuarantineReason, data: unknown): Promise<Result<Loaded<T>>> {
    const at = now()
    let kept: T | null
    try {
      kept = spec.salvage?.(data, reason) ?? null
    } catch {
      kept = null
    }
    const text = kept === null ? null : serialize(kept)
    let movedTo: string
    try {
      movedTo = await copyAside(path, `${stem(path)}.${reason}-${stamp(at)}`, extname(path) || '.json')
      // Replaced by a rename: the copy may be a hard link to the same bytes.
      if (text !== null) await writeFileDurably(path, text)
      else {
        await fs.unlink(path)
        await syncDirectory(opts.dir)
      }
    } catch (error) {
      // Starting empty here would let the next save overwrite the only copy of the person's data.
      return storageError('errors.storage.cannotSetAside', spec.label, path, error)
    }
    try {
      opts.notices?.({ kind: 'quarantined', file: path, movedTo, reason, at: at.toISOString() })
    } catch {
      // A listener's failure must not turn a recovered file into a failed read.
    }
    loaded = { value: kept ?? spec.empty(), text }
    return ok(loaded)
  }

  async function persist(value: T, serialized?: string): Promise<Result<Loaded<T>>> {
    let text: string
    try {
      text = serialized ?? serialize(value)
    } catch {
      return internal('errors.storage.notJson', spec.label)
    }
    // What is written must read back, or the next start would set it aside as invalid.
    const reread = safeParse((JSON.parse(text) as { data: unknown }).data)
    if (reread === null) return internal('errors.storage.failsOwnCheck', spec.label)
    try {
      await writeFileDurably(path, text, { directory: spec.directorySync ?? 'now' })
    } catch (error) {
      return storageError('errors.storage.saveFailed', spec.label, path, error)
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
    view: (fn) =>
      enqueue(async () => {
        const current = await load()
        return current.ok ? ok(fn(current.value.value)) : current
      }),
    write: (value) =>
      enqueue(async () => {
        // Loading first means a file that must be set aside is set aside, not overwritten.
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
        const saved = await persist(next, text)
        return saved.ok ? ok(structuredClone(saved.value.value)) : saved
      })
  }
}

function stem(path: string): string {
  const name = basename(path)
  const ext = extname(name)
  return ext ? name.slice(0, -ext.length) : name
}
