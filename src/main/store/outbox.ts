/**
 * The send state of every contact on its way to HostUp, in `<dir>/outbox.jsonl`: an append-only
 * journal, one line per change (an item put, an item removed, drafts held or released), so a state
 * change costs one appended line and one fsync, whatever the number of items; it is rewritten whole
 * (temporary file, fsync, rename) when it has grown well past its items.
 *
 * Version history: `outbox.json`, a JSON document rewritten on every change: 1 (0.1.0) kept each
 * error as English text; 2 keeps a catalogue key with its parameters, `held` (the drafts whose send
 * record was lost with a damaged file), and per item the permissions chosen for its contact and how
 * far giving them got. `outbox.jsonl` 1 holds the same items, as a journal; an `outbox.json` of
 * either version is read through its chain and becomes the journal the first time it is opened.
 */
import * as fs from 'node:fs/promises'
import { join } from 'node:path'
import { isId, isRecord } from '../../shared/guards'
import { isMessageKey } from '../../shared/i18n/format'
import type { MessageKey, MessageParams } from '../../shared/i18n'
import { parseDraftFields } from '../../shared/draft'
import type { QuarantineReason, StoreNotice } from '../../shared/notice'
import {
  OUTBOX_STATES,
  type OutboxItem,
  type OutboxState,
  type PermissionsProgress,
  type PermissionsState
} from '../../shared/outbox'
import { parsePermissionChoice } from '../../shared/permissions'
import { err, guard, isErrorCode, ok, type AppError, type ErrorCode, type Result } from '../../shared/result'
import {
  codeOf,
  copyAside,
  folderMaker,
  internal,
  labelParam,
  stamp,
  storageError,
  syncDirectory,
  writeFileDurably
} from './durable'
import { createJsonDocument, type DocumentSpec } from './json-document'
import { appendDurably, headerLine, readHeader, readLine, readLines, truncateDurably } from './json-lines'
import { currentVersion, eachRecord, type MigrationChain } from './migrations'

export interface OutboxStore {
  /** In the order items were first put. */
  list(): Promise<Result<OutboxItem[]>>
  /** `not_found` when there is no such item. */
  get(id: string): Promise<Result<OutboxItem>>
  /** Creates or replaces the item with `item.id`; resolves once the change is durable (see `WriteOptions`). */
  put(item: OutboxItem, opts?: WriteOptions): Promise<Result<void>>
  /** Adds many items in one durable write (an import batch); an ID already there is left as it is. */
  putNew(items: readonly OutboxItem[]): Promise<Result<void>>
  /** Removing an item that is not there is not an error. */
  remove(id: string, opts?: WriteOptions): Promise<Result<void>>
  /** Drafts held since a damaged outbox file was set aside; null when none are. */
  held(): Promise<Result<Held | null>>
  /** The held drafts have been turned into items that wait for the person. */
  release(): Promise<Result<void>>
}

/**
 * When a damaged `outbox.json` is set aside, what it guarded must stay guarded: a draft whose send
 * had an unknown outcome must not become sendable because its record could not be read. `ids`: items
 * that could not be read back; `all`: not even that could be told, so every draft waits.
 */
export interface Held {
  ids: string[]
  all: boolean
}

export interface WriteOptions {
  /**
   * Default true: resolves once the change is fsynced. False: once the system holds it (a kill -9
   * cannot undo it, a power cut may), for changes start-up can tell again from the history alone.
   */
  durable?: boolean
}

export interface OutboxStoreOptions {
  dir: string
  notices?: (n: StoreNotice) => void
  now?: () => Date
}

export const OUTBOX_FILE = 'outbox.jsonl'
/** The outbox as versions 1 and 2 kept it: read once, into the journal, then removed. */
export const OUTBOX_DOCUMENT_FILE = 'outbox.json'

interface OutboxDocument {
  items: OutboxItem[]
  held?: Held
}

/** 0.1.0 wrote an error's message as English text: keep its code, and say it in the catalogue's words. */
function errorAsKey(error: Record<string, unknown>): Record<string, unknown> {
  const { message: _text, fields, ...rest } = error
  const code = isErrorCode(error.code) ? error.code : 'internal'
  const out: Record<string, unknown> = { ...rest, message: genericKey(code) }
  if (isRecord(fields)) {
    const keys: Record<string, MessageKey> = {}
    const details: Record<string, string> = {}
    for (const [field, text] of Object.entries(fields)) {
      if (typeof text !== 'string') continue
      if (isMessageKey(text)) keys[field] = text
      else {
        // The server's own words about the field, as 0.1.0 kept them.
        keys[field] = 'errors.hostup.field.refused'
        details[field] = text
      }
    }
    out.fields = keys
    if (Object.keys(details).length > 0) out.fieldDetails = details
  }
  return out
}

export const OUTBOX_MIGRATIONS: MigrationChain = [
  // 1 → 2
  (data) =>
    eachRecord(data, 'items', (item) =>
      isRecord(item.error) ? { ...item, error: errorAsKey(item.error) } : item
    )
]

function genericKey(code: ErrorCode): MessageKey {
  return `errors.code.${code}`
}

const isState = (value: unknown): value is OutboxState =>
  (OUTBOX_STATES as readonly unknown[]).includes(value)
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string'

function parseIntent(value: unknown): OutboxItem['intent'] | null {
  if (value === undefined) return undefined
  if (!isRecord(value) || typeof value.sentAt !== 'string' || typeof value.bodyHash !== 'string') return null
  return { sentAt: value.sentAt, bodyHash: value.bodyHash }
}

function keysOf(value: unknown): Record<string, MessageKey> | undefined {
  if (!isRecord(value)) return undefined
  const entries = Object.entries(value).filter((e): e is [string, MessageKey] => isMessageKey(e[1]))
  return Object.fromEntries(entries)
}

function textsOf(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')
  )
}

function paramsOf(value: unknown): MessageParams | undefined {
  if (!isRecord(value)) return undefined
  const params: MessageParams = {}
  for (const [name, param] of Object.entries(value)) {
    if (typeof param === 'string' || typeof param === 'number') params[name] = param
    else if (isRecord(param) && isMessageKey(param.key)) params[name] = { key: param.key }
  }
  return params
}

/**
 * A stored error, rebuilt key by key. It only tells what happened, so a key this version no longer
 * knows is told by its code's general sentence rather than costing the item.
 */
export function parseError(value: unknown, depth = 0): AppError | undefined | null {
  if (value === undefined) return undefined
  if (!isRecord(value) || !isErrorCode(value.code)) return null
  const error: AppError = {
    code: value.code,
    message: isMessageKey(value.message) ? value.message : genericKey(value.code)
  }
  const params = paramsOf(value.params)
  if (params) error.params = params
  const fields = keysOf(value.fields)
  if (fields) error.fields = fields
  const fieldDetails = textsOf(value.fieldDetails)
  if (fieldDetails) error.fieldDetails = fieldDetails
  for (const key of ['detail', 'cause', 'requestId', 'serverCode'] as const) {
    const text = value[key]
    if (typeof text === 'string') error[key] = text
  }
  if (typeof value.retryAfterMs === 'number') error.retryAfterMs = value.retryAfterMs
  if (typeof value.status === 'number') error.status = value.status
  const because = depth < 3 ? parseError(value.because, depth + 1) : undefined
  if (because) error.because = because
  return error
}

/**
 * Checks one item and copies exactly the keys an item has, so nothing a caller spread into it
 * (a contact's password above all) can reach the file.
 */
export function parseItem(value: unknown): OutboxItem | null {
  if (!isRecord(value)) return null
  const { id, profileId, state, queuedAt, updatedAt, attempts, contactId } = value
  const fields = isRecord(value.fields) ? parseDraftFields(value.fields) : null
  const intent = parseIntent(value.intent)
  const error = parseError(value.error)
  const permissions = parseProgress(value.permissions)
  if (!isId(id) || !isId(profileId) || !fields || !isState(state) || intent === null || error === null)
    return null
  if (permissions === null) return null
  if (value.batchId !== undefined && !isId(value.batchId)) return null
  if (typeof queuedAt !== 'string' || typeof updatedAt !== 'string') return null
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0) return null
  if (contactId !== undefined && (typeof contactId !== 'number' || !Number.isSafeInteger(contactId)))
    return null
  if (![value.nextAttemptAt, value.requestId, value.recordedAt].every(optionalString)) return null
  if (value.confirmedByPerson !== undefined && typeof value.confirmedByPerson !== 'boolean') return null
  const item: OutboxItem = { id, profileId, fields, state, queuedAt, updatedAt, attempts }
  if (intent) item.intent = intent
  if (typeof value.nextAttemptAt === 'string') item.nextAttemptAt = value.nextAttemptAt
  if (contactId !== undefined) item.contactId = contactId
  if (typeof value.requestId === 'string') item.requestId = value.requestId
  if (error) item.error = error
  if (value.confirmedByPerson === true) item.confirmedByPerson = true
  if (typeof value.recordedAt === 'string') item.recordedAt = value.recordedAt
  if (permissions) item.permissions = permissions
  if (typeof value.batchId === 'string') item.batchId = value.batchId
  return item
}

const PERMISSION_STATES: readonly PermissionsState[] = ['pending', 'set', 'failed']

function parseProgress(value: unknown): PermissionsProgress | undefined | null {
  if (value === undefined) return undefined
  if (!isRecord(value)) return null
  const choice = parsePermissionChoice(value.choice)
  const error = parseError(value.error)
  const { state, attempts, nextAttemptAt, requestId, historyId } = value
  if (!choice || error === null || !PERMISSION_STATES.includes(state as PermissionsState)) return null
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0) return null
  if (![nextAttemptAt, requestId, historyId].every(optionalString)) return null
  const progress: PermissionsProgress = { choice, state: state as PermissionsState, attempts }
  if (typeof nextAttemptAt === 'string') progress.nextAttemptAt = nextAttemptAt
  if (error) progress.error = error
  if (typeof requestId === 'string') progress.requestId = requestId
  if (typeof historyId === 'string') progress.historyId = historyId
  return progress
}

function parseHeld(value: unknown): Held | undefined | null {
  if (value === undefined) return undefined
  if (!isRecord(value) || !Array.isArray(value.ids) || typeof value.all !== 'boolean') return null
  if (!value.ids.every(isId)) return null
  return { ids: [...value.ids], all: value.all }
}

export function parseOutboxDocument(data: unknown): OutboxDocument | null {
  if (!isRecord(data) || !Array.isArray(data.items)) return null
  const held = parseHeld(data.held)
  if (held === null) return null
  const items: OutboxItem[] = []
  const ids = new Set<string>()
  for (const raw of data.items) {
    const item = parseItem(raw)
    if (!item || ids.has(item.id)) return null
    ids.add(item.id)
    items.push(item)
  }
  return held ? { items, held } : { items }
}

/**
 * What a damaged file still guards: every item that reads back is kept as it was; an item that does
 * not, but names its draft, holds that draft; when even that cannot be told, every draft is held.
 */
export function salvageOutbox(data: unknown): OutboxDocument {
  const items: OutboxItem[] = []
  const held: Held = { ids: [], all: false }
  const seen = new Set<string>()
  if (!isRecord(data) || !Array.isArray(data.items)) return { items, held: { ids: [], all: true } }
  const earlier = parseHeld(data.held)
  if (earlier === null) held.all = true
  else if (earlier) {
    held.ids.push(...earlier.ids)
    held.all = earlier.all
  }
  for (const raw of data.items) {
    const item = parseItem(raw)
    if (item && !seen.has(item.id)) {
      seen.add(item.id)
      items.push(item)
    } else if (isRecord(raw) && isId(raw.id)) {
      if (!held.ids.includes(raw.id)) held.ids.push(raw.id)
    } else held.all = true
  }
  return { items, held }
}

const OUTBOX_DOCUMENT: DocumentSpec<OutboxDocument> = {
  file: OUTBOX_DOCUMENT_FILE,
  label: 'errors.storage.what.outbox',
  migrations: OUTBOX_MIGRATIONS,
  parse: parseOutboxDocument,
  empty: () => ({ items: [] }),
  salvage: salvageOutbox
}

/**
 * 1 (this journal's first version): one header line, then one line per change. Version 2 of
 * `outbox.json` (and through its chain, 1) becomes this journal the first time it is read.
 */
export const OUTBOX_JOURNAL_MIGRATIONS: MigrationChain = []
export const OUTBOX_JOURNAL_KIND = 'hostup-contacts.outbox'
const HEADER = headerLine(OUTBOX_JOURNAL_KIND, OUTBOX_JOURNAL_MIGRATIONS)

type Change =
  | { t: 'put'; item: OutboxItem }
  | { t: 'remove'; id: string }
  | { t: 'held'; ids: string[]; all: boolean }
  | { t: 'release' }

/** What a damaged journal still guards (see `salvageOutbox`): the items that read, the drafts held. */
interface Replay {
  items: Map<string, OutboxItem>
  held?: Held
  lines: number
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

function apply(state: Replay, change: Change): void {
  state.lines += 1
  switch (change.t) {
    case 'put':
      state.items.set(change.item.id, deepFreeze(change.item))
      return
    case 'remove':
      state.items.delete(change.id)
      return
    case 'held':
      state.held = { ids: [...change.ids], all: change.all }
      return
    case 'release':
      delete state.held
  }
}

function parseChange(json: unknown): Change | null {
  if (!isRecord(json)) return null
  switch (json.t) {
    case 'put': {
      const item = parseItem(json.item)
      return item ? { t: 'put', item } : null
    }
    case 'remove':
      return isId(json.id) ? { t: 'remove', id: json.id } : null
    case 'held': {
      const held = parseHeld({ ids: json.ids, all: json.all })
      return held ? { t: 'held', ...held } : null
    }
    case 'release':
      return { t: 'release' }
    default:
      return null
  }
}

const changeLine = (change: Change): string => `${JSON.stringify(change)}\n`

/** The whole journal for `state`: the header, one `put` per item, and what is held. */
function compacted(items: Iterable<OutboxItem>, held: Held | undefined): string {
  let text = HEADER
  for (const item of items) text += changeLine({ t: 'put', item })
  if (held) text += changeLine({ t: 'held', ...held })
  return text
}

/**
 * The journal is rewritten whole once it holds this many lines more than items: every state a
 * batch's thousand items went through would otherwise be read back at every start.
 */
const SLACK_LINES = 256

export function createOutboxStore(opts: OutboxStoreOptions): OutboxStore {
  const path = join(opts.dir, OUTBOX_FILE)
  const legacyPath = join(opts.dir, OUTBOX_DOCUMENT_FILE)
  const now = opts.now ?? (() => new Date())
  const label = OUTBOX_DOCUMENT.label
  const ensureFolder = folderMaker(opts.dir, label)
  const state: Replay = { items: new Map(), lines: 0 }
  /** Whether the journal is on disk with its header; when not, the next write creates it whole. */
  let exists = false
  /** Bytes known to hold complete lines; anything after them is a torn append, cut off before the next. */
  let cleanLength = 0
  let torn = false
  let needsNewline = false
  let loading: Promise<Result<void>> | undefined
  let tail: Promise<unknown> = Promise.resolve()

  /** Every read and write in order, so a read never sees a write half-made. */
  function enqueue<R>(job: () => Promise<Result<R>>): Promise<Result<R>> {
    const run = tail.then(async () => {
      const loaded = await ensureLoaded()
      if (!loaded.ok) return loaded
      return guard(job, {
        code: 'internal',
        message: 'errors.storage.unexpected',
        params: { what: labelParam(label), path }
      })
    })
    tail = run
    return run
  }

  function ensureLoaded(): Promise<Result<void>> {
    loading ??= load().then((result) => {
      // A failed read is tried again next time rather than remembered forever.
      if (!result.ok) loading = undefined
      return result
    })
    return loading
  }

  function reset(): void {
    state.items.clear()
    delete state.held
    state.lines = 0
  }

  async function load(): Promise<Result<void>> {
    reset()
    let header: number | QuarantineReason | undefined
    let broken: QuarantineReason | null = null
    const heldIds = new Set<string>()
    let heldAll = false
    const guardLine = (line: string): void => {
      // A line that does not read: the draft it names waits for the person; one that names none, all do.
      let json: unknown
      try {
        json = JSON.parse(line)
      } catch {
        heldAll = true
        return
      }
      const id = isRecord(json) && isRecord(json.item) ? json.item.id : undefined
      if (isRecord(json) && json.t === 'put' && isId(id)) heldIds.add(id)
      else if (!(isRecord(json) && json.t === 'remove')) heldAll = true
    }
    let read: Awaited<ReturnType<typeof readLines>>
    try {
      read = await readLines(path, (line) => {
        if (header === undefined) {
          header = readHeader(line, OUTBOX_JOURNAL_KIND, OUTBOX_JOURNAL_MIGRATIONS)
          if (typeof header !== 'number') broken = header
          return header !== 'future-version'
        }
        if (line.trim() === '') return true
        const change = readLine(
          line,
          currentVersion(OUTBOX_JOURNAL_MIGRATIONS),
          OUTBOX_JOURNAL_MIGRATIONS,
          parseChange
        )
        if (change === 'unparseable' || change === 'invalid') {
          broken ??= change
          guardLine(line)
        } else apply(state, change)
        return true
      })
    } catch (error) {
      return storageError('errors.storage.readFailed', label, path, error)
    }
    if (read === null || read.length === 0) return migrateDocument()
    // A journal on disk is the truth: an `outbox.json` beside it is what an upgrade cut off had already copied.
    await removeLegacy()
    if (header === undefined) broken = 'unparseable'
    if (header === 'future-version') {
      reset()
      return setAside('future-version', { ids: [], all: true })
    }
    let last: Change | 'unparseable' | 'invalid' | null = null
    if (read.rest.length > 0) {
      last = readLine(read.rest.toString('utf8'), 1, OUTBOX_JOURNAL_MIGRATIONS, parseChange)
      if (last !== 'unparseable' && last !== 'invalid') apply(state, last)
    }
    if (broken) {
      const earlier = state.held
      const ids = [...new Set([...(earlier?.ids ?? []), ...heldIds])].filter((id) => !state.items.has(id))
      // No readable header: nothing of the file can be trusted to be complete, so every draft waits.
      const all = heldAll || (earlier?.all ?? false) || typeof header !== 'number'
      return setAside(broken, { ids, all })
    }
    exists = true
    if (last === null || last === 'unparseable' || last === 'invalid') {
      // Half a line from a crash mid-append: never acknowledged, so it is dropped.
      cleanLength = read.length - read.rest.length
      torn = read.rest.length > 0
    } else {
      cleanLength = read.length
      needsNewline = true
    }
    if (state.lines > state.items.size + SLACK_LINES) return compact()
    return ok(undefined)
  }

  /** No journal yet: the outbox of an earlier version (`outbox.json`, through its migrations) becomes one. */
  async function migrateDocument(): Promise<Result<void>> {
    const legacy = createJsonDocument(OUTBOX_DOCUMENT, { ...opts })
    const doc = await legacy.read()
    if (!doc.ok) return doc
    const written = doc.value.items.length > 0 || doc.value.held !== undefined
    for (const item of doc.value.items) apply(state, { t: 'put', item })
    if (doc.value.held) apply(state, { t: 'held', ...doc.value.held })
    if (written) {
      const made = await compact()
      if (!made.ok) return made
    }
    await removeLegacy()
    return ok(undefined)
  }

  async function removeLegacy(): Promise<void> {
    try {
      await fs.unlink(legacyPath)
      await syncDirectory(opts.dir)
    } catch {
      // Not there (the usual case), or not removable now: the journal is read first either way.
    }
  }

  /** Keeps the journal's bytes under a dated name and starts it again with what could be read. */
  async function setAside(reason: QuarantineReason, held: Held): Promise<Result<void>> {
    const at = now()
    if (held.all || held.ids.length > 0) state.held = held
    let movedTo: string
    try {
      movedTo = await copyAside(path, `outbox.${reason}-${stamp(at)}`, '.jsonl')
    } catch (error) {
      // Starting empty here would let the next write overwrite the only record of what was sent.
      return storageError('errors.storage.cannotSetAside', label, path, error)
    }
    const made = await compact()
    if (!made.ok) return storageError('errors.storage.cannotSetAside', label, path, made.error)
    try {
      opts.notices?.({ kind: 'quarantined', file: path, movedTo, reason, at: at.toISOString() })
    } catch {
      // A listener's failure must not turn a recovered file into a failed read.
    }
    return ok(undefined)
  }

  /** Rewrites the journal as one line per item (temporary file, fsync, rename, folder fsync). */
  async function compact(): Promise<Result<void>> {
    const text = compacted(state.items.values(), state.held)
    try {
      await writeFileDurably(path, text)
    } catch (error) {
      return storageError('errors.storage.saveFailed', label, path, error)
    }
    exists = true
    torn = false
    needsNewline = false
    cleanLength = Buffer.byteLength(text)
    state.lines = state.items.size + (state.held ? 1 : 0)
    return ok(undefined)
  }

  /**
   * Appends `changes` and applies them. `durable`: resolves once they are fsynced (an intent, an
   * answer); otherwise once the system has them, which a kill -9 cannot undo, but a power cut may
   * (only for changes start-up can tell again from the history: a created contact's cleanup).
   */
  async function record(changes: Change[], durable: boolean): Promise<Result<void>> {
    const made = await ensureFolder()
    if (!made.ok) return made
    // At most this many more items than now: whether the journal is due for a rewrite.
    const lines = state.lines + changes.length
    if (!exists || lines > state.items.size - changes.length + SLACK_LINES) {
      for (const change of changes) apply(state, change)
      const written = await compact()
      // What is on disk is read again rather than trusted from memory.
      if (!written.ok) reloadAfterFailure()
      return written
    }
    const data = (needsNewline ? '\n' : '') + changes.map(changeLine).join('')
    try {
      if (torn) {
        await truncateDurably(path, cleanLength)
        torn = false
      }
      await append(data, durable)
    } catch (error) {
      // Part of it may have reached the disk; it is cut off before the next write.
      torn = true
      if (codeOf(error) === 'ENOENT') exists = false
      return storageError('errors.storage.saveFailed', label, path, error)
    }
    needsNewline = false
    cleanLength += Buffer.byteLength(data)
    for (const change of changes) apply(state, change)
    return ok(undefined)
  }

  /** After a failed rewrite, what is on disk is read again rather than trusted from memory. */
  function reloadAfterFailure(): void {
    loading = undefined
    exists = false
  }

  async function append(data: string, durable: boolean): Promise<void> {
    if (durable) return appendDurably(path, data)
    const handle = await fs.open(path, fs.constants.O_WRONLY | fs.constants.O_APPEND)
    try {
      await handle.writeFile(data)
    } finally {
      await handle.close()
    }
  }

  const durableOf = (o?: WriteOptions): boolean => o?.durable !== false

  return {
    list: () => enqueue(async () => ok([...state.items.values()])),

    get: (id) =>
      enqueue(async () => {
        const item = state.items.get(id)
        return item ? ok(item) : err('not_found', 'errors.outbox.notFound')
      }),

    put(item, o) {
      const clean = parseItem(item)
      if (!clean) return Promise.resolve(internal('errors.storage.failsOwnCheck', label))
      return enqueue(() => record([{ t: 'put', item: clean }], durableOf(o)))
    },

    putNew(items) {
      const clean = items.map(parseItem)
      if (clean.some((i) => i === null))
        return Promise.resolve(internal('errors.storage.failsOwnCheck', label))
      return enqueue(async () => {
        const seen = new Set(state.items.keys())
        const added = (clean as OutboxItem[]).filter((i) => !seen.has(i.id) && seen.add(i.id))
        if (added.length === 0) return ok(undefined)
        return record(
          added.map((item) => ({ t: 'put', item })),
          true
        )
      })
    },

    remove: (id, o) =>
      enqueue(async () =>
        state.items.has(id) ? record([{ t: 'remove', id }], durableOf(o)) : ok(undefined)
      ),

    held: () =>
      enqueue(async () => {
        const { held } = state
        return ok(held && (held.all || held.ids.length > 0) ? { ids: [...held.ids], all: held.all } : null)
      }),

    release: () => enqueue(async () => (state.held ? record([{ t: 'release' }], true) : ok(undefined)))
  }
}
