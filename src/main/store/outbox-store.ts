import { join } from 'node:path'
import type { StoreNotice } from '../../shared/notice'
import { OUTBOX_STATES, type OutboxItem, type OutboxState } from '../../shared/outbox'
import { ID_PATTERN } from '../../shared/profile'
import { err, isErrorCode, ok, type AppError, type Result } from '../../shared/result'
import { folderMaker, parseDraftFields, pickFields } from './drafts'
import { createJsonFile } from './json-file'

/** The send state of every contact on its way to HostUp, in `<dir>/outbox.json`. */
export interface OutboxStore {
  /** In the order items were first put. */
  list(): Promise<Result<OutboxItem[]>>
  /** `not_found` when there is no such item. */
  get(id: string): Promise<Result<OutboxItem>>
  /** Creates or replaces the item with `item.id`; resolves once the file is durable. */
  put(item: OutboxItem): Promise<Result<void>>
  /** Removing an item that is not there is not an error. */
  remove(id: string): Promise<Result<void>>
}

export interface OutboxStoreOptions {
  dir: string
  notices?: (n: StoreNotice) => void
  now?: () => Date
}

export const OUTBOX_FILE = 'outbox.json'
const SCHEMA_VERSION = 1

interface OutboxDocument {
  items: OutboxItem[]
}

export function createOutboxStore(opts: OutboxStoreOptions): OutboxStore {
  const file = createJsonFile<OutboxDocument>(
    {
      path: join(opts.dir, OUTBOX_FILE),
      schemaVersion: SCHEMA_VERSION,
      parse: parseOutboxDocument,
      empty: () => ({ items: [] }),
      label: 'the outbox',
      now: opts.now
    },
    opts.notices
  )
  const ensureFolder = folderMaker(opts.dir, 'the outbox')

  return {
    async list() {
      const doc = await file.read()
      return doc.ok ? ok(doc.value.items) : doc
    },

    async get(id) {
      const doc = await file.read()
      if (!doc.ok) return doc
      const item = doc.value.items.find((i) => i.id === id)
      return item ? ok(item) : err('not_found', 'This contact is not in the outbox any more.')
    },

    async put(item) {
      const clean = parseItem(item)
      if (!clean)
        return err('internal', 'Refused to save an outbox item that does not have the shape of one.')
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

    async remove(id) {
      const written = await file.update((doc) =>
        doc.items.some((i) => i.id === id) ? { items: doc.items.filter((i) => i.id !== id) } : doc
      )
      return written.ok ? ok(undefined) : written
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value)
const isState = (value: unknown): value is OutboxState =>
  (OUTBOX_STATES as readonly unknown[]).includes(value)
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string'

function parseIntent(value: unknown): OutboxItem['intent'] | null {
  if (value === undefined) return undefined
  if (!isRecord(value) || typeof value.sentAt !== 'string' || typeof value.bodyHash !== 'string') return null
  return { sentAt: value.sentAt, bodyHash: value.bodyHash }
}

function parseError(value: unknown): AppError | undefined | null {
  if (value === undefined) return undefined
  if (!isRecord(value) || !isErrorCode(value.code) || typeof value.message !== 'string') return null
  const error: AppError = { code: value.code, message: value.message }
  if (isRecord(value.fields)) {
    const fields = Object.entries(value.fields).filter((e): e is [string, string] => typeof e[1] === 'string')
    error.fields = Object.fromEntries(fields)
  }
  if (typeof value.requestId === 'string') error.requestId = value.requestId
  if (typeof value.retryAfterMs === 'number') error.retryAfterMs = value.retryAfterMs
  if (typeof value.status === 'number') error.status = value.status
  if (typeof value.serverCode === 'string') error.serverCode = value.serverCode
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
  if (!isId(id) || !isId(profileId) || !fields || !isState(state) || intent === null || error === null)
    return null
  if (typeof queuedAt !== 'string' || typeof updatedAt !== 'string') return null
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0) return null
  if (contactId !== undefined && (typeof contactId !== 'number' || !Number.isSafeInteger(contactId)))
    return null
  if (![value.nextAttemptAt, value.requestId, value.recordedAt].every(optionalString)) return null
  if (value.confirmedByPerson !== undefined && typeof value.confirmedByPerson !== 'boolean') return null
  const item: OutboxItem = { id, profileId, fields: pickFields(fields), state, queuedAt, updatedAt, attempts }
  if (intent) item.intent = intent
  if (typeof value.nextAttemptAt === 'string') item.nextAttemptAt = value.nextAttemptAt
  if (contactId !== undefined) item.contactId = contactId
  if (typeof value.requestId === 'string') item.requestId = value.requestId
  if (error) item.error = error
  if (value.confirmedByPerson === true) item.confirmedByPerson = true
  if (typeof value.recordedAt === 'string') item.recordedAt = value.recordedAt
  return item
}

export function parseOutboxDocument(data: unknown): OutboxDocument | null {
  if (!isRecord(data) || !Array.isArray(data.items)) return null
  const items: OutboxItem[] = []
  const ids = new Set<string>()
  for (const raw of data.items) {
    const item = parseItem(raw)
    if (!item || ids.has(item.id)) return null
    ids.add(item.id)
    items.push(item)
  }
  return { items }
}
