/**
 * The send state of every contact on its way to HostUp, in `<dir>/outbox.json`.
 *
 * Version history: 1 (0.1.0) kept each error as English text; 2 keeps a catalogue key with its
 * parameters, `held` (the drafts whose send record was lost with a damaged file), and per item the
 * permissions chosen for its contact and how far giving them got.
 */
import { isId, isRecord } from '../../shared/guards'
import { isMessageKey } from '../../shared/i18n/format'
import type { MessageKey, MessageParams } from '../../shared/i18n'
import { parseDraftFields } from '../../shared/draft'
import type { StoreNotice } from '../../shared/notice'
import {
  OUTBOX_STATES,
  type OutboxItem,
  type OutboxState,
  type PermissionsProgress,
  type PermissionsState
} from '../../shared/outbox'
import { parsePermissionChoice } from '../../shared/permissions'
import { err, isErrorCode, ok, type AppError, type ErrorCode, type Result } from '../../shared/result'
import { folderMaker, internal } from './durable'
import { createJsonDocument, type DocumentSpec } from './json-document'
import { eachRecord, type MigrationChain } from './migrations'

export interface OutboxStore {
  /** In the order items were first put. */
  list(): Promise<Result<OutboxItem[]>>
  /** `not_found` when there is no such item. */
  get(id: string): Promise<Result<OutboxItem>>
  /** Creates or replaces the item with `item.id`; resolves once the file is durable. */
  put(item: OutboxItem): Promise<Result<void>>
  /** Adds many items in one durable write (an import batch); an ID already there is left as it is. */
  putNew(items: readonly OutboxItem[]): Promise<Result<void>>
  /** Removing an item that is not there is not an error. */
  remove(id: string): Promise<Result<void>>
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

export interface OutboxStoreOptions {
  dir: string
  notices?: (n: StoreNotice) => void
  now?: () => Date
}

export const OUTBOX_FILE = 'outbox.json'

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
  file: OUTBOX_FILE,
  label: 'errors.storage.what.outbox',
  migrations: OUTBOX_MIGRATIONS,
  parse: parseOutboxDocument,
  empty: () => ({ items: [] }),
  salvage: salvageOutbox
}

export function createOutboxStore(opts: OutboxStoreOptions): OutboxStore {
  const file = createJsonDocument(OUTBOX_DOCUMENT, opts)
  const ensureFolder = folderMaker(opts.dir, OUTBOX_DOCUMENT.label)

  return {
    async list() {
      const doc = await file.read()
      return doc.ok ? ok(doc.value.items) : doc
    },

    async get(id) {
      const doc = await file.read()
      if (!doc.ok) return doc
      const item = doc.value.items.find((i) => i.id === id)
      return item ? ok(item) : err('not_found', 'errors.outbox.notFound')
    },

    async put(item) {
      const clean = parseItem(item)
      if (!clean) return internal('errors.storage.failsOwnCheck', OUTBOX_DOCUMENT.label)
      const made = await ensureFolder()
      if (!made.ok) return made
      const written = await file.update((doc) => {
        const index = doc.items.findIndex((i) => i.id === clean.id)
        if (index === -1) doc.items.push(clean)
        else doc.items[index] = clean
        return doc
      })
      return written.ok ? ok(undefined) : written
    },

    async putNew(items) {
      const clean = items.map(parseItem)
      if (clean.some((i) => i === null))
        return internal('errors.storage.failsOwnCheck', OUTBOX_DOCUMENT.label)
      const made = await ensureFolder()
      if (!made.ok) return made
      const written = await file.update((doc) => {
        const known = new Set(doc.items.map((i) => i.id))
        const added = (clean as OutboxItem[]).filter((i) => !known.has(i.id))
        return added.length === 0 ? doc : { ...doc, items: [...doc.items, ...added] }
      })
      return written.ok ? ok(undefined) : written
    },

    async remove(id) {
      const written = await file.update((doc) =>
        doc.items.some((i) => i.id === id) ? { ...doc, items: doc.items.filter((i) => i.id !== id) } : doc
      )
      return written.ok ? ok(undefined) : written
    },

    async held() {
      const doc = await file.read()
      if (!doc.ok) return doc
      const { held } = doc.value
      return ok(held && (held.all || held.ids.length > 0) ? held : null)
    },

    async release() {
      const written = await file.update((doc) => (doc.held ? { items: doc.items } : doc))
      return written.ok ? ok(undefined) : written
    }
  }
}
