import { randomUUID } from 'node:crypto'
import { ValidationError } from 'yup'
import {
  HISTORY_DEFAULT_LIMIT,
  HISTORY_MAX_LIMIT,
  historyQuerySchema,
  parseHistoryEntry,
  type ExportFormat,
  type ExportResult,
  type HistoryEntry,
  type HistoryPage,
  type HistoryQuery
} from '../shared/history'
import { err, ok, type Result } from '../shared/result'
import { historyCsv } from './csv'
import { createIndex, type HistoryIndex } from './history-index'
import type { ProfileService } from './profiles'
import type { HistoryStore } from './store/history'
import { explain, writeFileDurably } from './store/json-file'

export type HistoryRecordInput = Omit<HistoryEntry, 'id' | 'createdAt'> & { createdAt?: string }

export interface HistoryService {
  /** Adds a created contact; resolves once it is durable. */
  record(entry: HistoryRecordInput): Promise<Result<HistoryEntry>>
  query(q: HistoryQuery): Promise<Result<HistoryPage>>
  /** Entries of this profile with this e-mail (trimmed, any case), removed ones left out: the duplicate guard. */
  findByEmail(profileId: string, email: string): Promise<Result<HistoryEntry[]>>
  /** Writes every row matching `q` (offset and limit ignored) to a file the person picks. */
  exportTo(q: HistoryQuery, format: ExportFormat): Promise<Result<ExportResult>>
  /** Deletes the contact from HostUp, then marks its entry removed (never erased). */
  undo(id: string): Promise<Result<HistoryEntry>>
}

export interface HistoryServiceDeps {
  store: HistoryStore
  profiles: Pick<ProfileService, 'client'>
  /** The save dialog: a path, or null when the person cancelled. */
  chooseSavePath: (defaultName: string, format: ExportFormat) => Promise<string | null>
  now?: () => Date
}

export function createHistoryService(deps: HistoryServiceDeps): HistoryService {
  const { store } = deps
  const now = deps.now ?? (() => new Date())
  const index = createIndex()
  const undoing = new Set<string>()

  async function current(): Promise<Result<HistoryIndex>> {
    const listed = await store.list()
    if (!listed.ok) return listed
    index.sync(listed.value)
    return ok(index)
  }

  return {
    async record(input) {
      const entry = parseHistoryEntry({
        ...input,
        id: randomUUID(),
        createdAt: input.createdAt ?? now().toISOString()
      })
      if (!entry)
        return err('validation', 'The history entry is incomplete or malformed; nothing was written.')
      const appended = await store.append(entry)
      return appended.ok ? ok(entry) : appended
    },

    async query(q) {
      const checked = checkQuery(q)
      if (!checked.ok) return checked
      const idx = await current()
      if (!idx.ok) return idx
      const offset = checked.value.offset ?? 0
      const limit = Math.min(checked.value.limit ?? HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT)
      const { total, page } = idx.value.select(checked.value, offset, limit)
      return ok({ total, offset, rows: page.map((p) => idx.value.entry(p)) })
    },

    async findByEmail(profileId, email) {
      if (typeof profileId !== 'string' || typeof email !== 'string')
        return err('validation', 'A profile and an e-mail address are needed to look up the history.')
      const idx = await current()
      if (!idx.ok) return idx
      return ok(idx.value.byEmail(profileId, email))
    },

    async exportTo(q, format) {
      const checked = checkQuery(q)
      if (!checked.ok) return checked
      if (format !== 'csv' && format !== 'json') return err('validation', 'Export as CSV or JSON.')
      let path: string | null
      try {
        path = await deps.chooseSavePath(`hostup-contacts-history-${localDay(now())}.${format}`, format)
      } catch (error) {
        return err(
          'internal',
          `The save dialog failed: ${error instanceof Error ? error.message : String(error)}`
        )
      }
      if (path === null) return ok({ path: null, count: 0 })
      // Read after the dialog: the person may have kept it open while contacts were added.
      const idx = await current()
      if (!idx.ok) return idx
      const rows = idx.value.select(checked.value, 0, Infinity).page.map((p) => idx.value.entry(p))
      const text =
        format === 'csv'
          ? historyCsv(rows)
          : `${JSON.stringify({ exportedAt: now().toISOString(), count: rows.length, entries: rows }, null, 2)}\n`
      try {
        await writeFileDurably(path, text)
      } catch (error) {
        return err('storage', `Could not save the export to ${path}: ${explain(error)}`)
      }
      return ok({ path, count: rows.length })
    },

    async undo(id) {
      if (typeof id !== 'string') return err('validation', 'Choose a history entry to undo.')
      // Two clicks must not send two DELETEs; the second would fail confusingly with "not found".
      if (undoing.has(id)) return err('busy', 'This contact is already being removed.')
      undoing.add(id)
      try {
        const listed = await store.list()
        if (!listed.ok) return listed
        const entry = listed.value.find((e) => e.id === id)
        if (!entry) return err('not_found', 'This contact is not in the history.')
        if (entry.removedAt !== undefined)
          return err('validation', 'This contact is already removed: it was deleted from HostUp earlier.')
        const client = await deps.profiles.client(entry.profileId)
        if (!client.ok) return client
        const deleted = await client.value.deleteContact(entry.contactId)
        if (!deleted.ok) return deleted
        const at = now().toISOString()
        const { requestId } = deleted.value
        const marked = await store.markRemoved(id, at, requestId)
        if (!marked.ok) {
          return err(
            marked.error.code,
            `The contact was deleted from HostUp, but the history could not be updated: ${marked.error.message}`
          )
        }
        return ok({
          ...entry,
          removedAt: at,
          ...(requestId === undefined ? {} : { removeRequestId: requestId })
        })
      } finally {
        undoing.delete(id)
      }
    }
  }
}

function checkQuery(q: unknown): Result<HistoryQuery> {
  try {
    return ok(historyQuerySchema.validateSync(q ?? {}, { abortEarly: true }))
  } catch (error) {
    const key = error instanceof ValidationError ? (error.path ?? '_form') : '_form'
    const message = error instanceof ValidationError ? error.message : 'validation.invalid'
    return err('validation', 'The history search could not be read.', {
      fields: { [key || '_form']: message }
    })
  }
}

function localDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export { fold } from './history-index'
