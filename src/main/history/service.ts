import { randomUUID } from 'node:crypto'
import {
  HISTORY_DEFAULT_LIMIT,
  HISTORY_FIRST_ROWS,
  HISTORY_MAX_LIMIT,
  parseHistoryEntry,
  type ExportFormat,
  type ExportResult,
  type HistoryEntry,
  type HistoryPermissions,
  type HistoryPage,
  type HistoryQuery
} from '../../shared/history'
import { err, ok, type Result } from '../../shared/result'
import { storageError, writeFileDurably } from '../store/durable'
import type { HistoryStore } from '../store/history'
import { historyCsv } from './export'
import { createIndex, type HistoryIndex } from './search-index'

/** `id`: the draft's, when there is one, so a contact is recorded once however often it is told. */
export type HistoryRecordInput = Omit<HistoryEntry, 'id' | 'createdAt'> & { id?: string; createdAt?: string }

export interface HistoryService {
  /** Adds a created contact; resolves once it is durable. */
  record(entry: HistoryRecordInput): Promise<Result<HistoryEntry>>
  query(q: HistoryQuery): Promise<Result<HistoryPage>>
  /** Entries of this profile with this e-mail (trimmed, any case), removed ones left out: the duplicate guard. */
  findByEmail(profileId: string, email: string): Promise<Result<HistoryEntry[]>>
  /** E-mail (trimmed, lower-cased) → the latest entry of the profile with it: the import's duplicate check. */
  emailsOf(profileId: string): Promise<Result<Map<string, HistoryEntry>>>
  /** Writes every row matching `q` (offset and limit ignored) to a file the person picks. */
  exportTo(q: HistoryQuery, format: ExportFormat): Promise<Result<ExportResult>>
  /** The entries with these IDs (an import batch's rows), in one pass. */
  byIds(ids: readonly string[]): Promise<Result<Map<string, HistoryEntry>>>
  /** `not_found` when the history has no such entry. */
  get(id: string): Promise<Result<HistoryEntry>>
  /** Tells the entry how its contact's permissions stand (a line of its own). */
  markPermissions(id: string, permissions: HistoryPermissions): Promise<Result<void>>
  /** Marks the entry removed (never erased); the entry as it is now. */
  markRemoved(entry: HistoryEntry, at: string, requestId?: string): Promise<Result<HistoryEntry>>
}

export interface HistoryServiceDeps {
  store: HistoryStore
  /** The save dialog: a path, or null when the person cancelled. */
  chooseSavePath: (defaultName: string, format: ExportFormat) => Promise<string | null>
  now?: () => Date
}

export function createHistoryService(deps: HistoryServiceDeps): HistoryService {
  const { store } = deps
  const now = deps.now ?? (() => new Date())
  const index = createIndex()
  /** The store's revision the index was last brought up to; null before the first. */
  let synced: number | null = null
  async function current(): Promise<Result<HistoryIndex>> {
    const revision = await store.revision()
    if (!revision.ok) return revision
    if (revision.value === synced) return ok(index)
    const listed = await store.list()
    if (!listed.ok) return listed
    index.sync(listed.value)
    // The revision read before the list: a change in between only makes the next call sync again.
    synced = revision.value
    return ok(index)
  }

  /**
   * The History view's first rows while the history is not loaded yet (before or during its load,
   * which the app starts at launch): the `first` newest, from the end of the file. Anything else (a
   * search, a sort, a later page, a question without `first`) waits for the index.
   */
  async function newestFirst(q: HistoryQuery, limit: number): Promise<HistoryPage | null> {
    if (q.first === undefined || !isFirstPage(q)) return null
    const newest = await store.newest(Math.min(limit, q.first, HISTORY_FIRST_ROWS), q.profileId)
    if (!newest.ok || newest.value === null) return null
    // Loading goes on (or starts), so the next question finds it done or under way.
    void current()
    const { entries, total } = newest.value
    // Whole only when the read reached the file's start and the page holds every row asked for.
    const whole = total !== null && (total === entries.length || entries.length === limit)
    return whole
      ? { total, offset: 0, rows: entries }
      : { total: entries.length, offset: 0, rows: entries, partial: true }
  }

  return {
    async record(input) {
      if (input.id !== undefined) {
        // Told again after a try whose line did reach the disk: it is recorded already.
        const found = await store.get(input.id)
        if (found.ok && found.value) return ok(found.value)
      }
      const entry = parseHistoryEntry({
        ...input,
        id: input.id ?? randomUUID(),
        createdAt: input.createdAt ?? now().toISOString()
      })
      if (!entry) return err('validation', 'errors.history.malformedEntry')
      const appended = await store.append(entry)
      return appended.ok ? ok(entry) : appended
    },

    async query(q) {
      const offset = q.offset ?? 0
      const limit = Math.min(q.limit ?? HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT)
      const first = await newestFirst(q, limit)
      if (first) return ok(first)
      const idx = await current()
      if (!idx.ok) return idx
      const { total, page } = idx.value.select(q, offset, limit)
      return ok({ total, offset, rows: page.map((p) => idx.value.entry(p)) })
    },

    async emailsOf(profileId) {
      const idx = await current()
      return idx.ok ? ok(idx.value.emailsOf(profileId)) : idx
    },

    async findByEmail(profileId, email) {
      const idx = await current()
      if (!idx.ok) return idx
      return ok(idx.value.byEmail(profileId, email))
    },

    async exportTo(q, format) {
      let path: string | null
      try {
        path = await deps.chooseSavePath(`hostup-contacts-history-${localDay(now())}.${format}`, format)
      } catch {
        return err('internal', 'errors.history.saveDialogFailed')
      }
      if (path === null) return ok({ path: null, count: 0 })
      // Read after the dialog: the person may have kept it open while contacts were added.
      const idx = await current()
      if (!idx.ok) return idx
      const rows = idx.value.select(q, 0, Infinity).page.map((p) => idx.value.entry(p))
      const text =
        format === 'csv'
          ? historyCsv(rows)
          : `${JSON.stringify({ exportedAt: now().toISOString(), count: rows.length, entries: rows }, null, 2)}\n`
      try {
        await writeFileDurably(path, text)
      } catch (error) {
        return storageError('errors.storage.saveFailed', 'errors.storage.what.export', path, error)
      }
      return ok({ path, count: rows.length })
    },

    // A batch's report asks after every send: its rows looked up, not the whole history walked.
    byIds: (ids) => store.getMany(ids),

    async get(id) {
      const found = await store.get(id)
      if (!found.ok) return found
      return found.value ? ok(found.value) : err('not_found', 'errors.history.notFound')
    },

    markPermissions: (id, permissions) => store.markPermissions(id, permissions),

    async markRemoved(entry, at, requestId) {
      const marked = await store.markRemoved(entry.id, at, requestId)
      if (!marked.ok) return marked
      return ok({
        ...entry,
        removedAt: at,
        ...(requestId === undefined ? {} : { removeRequestId: requestId })
      })
    }
  }
}
/** The default view: newest first, from the top, of all profiles or one, nothing else filtered. */
function isFirstPage(q: HistoryQuery): boolean {
  const { key, dir } = q.sort ?? { key: 'createdAt', dir: 'desc' }
  return (
    key === 'createdAt' &&
    dir === 'desc' &&
    (q.offset ?? 0) === 0 &&
    (q.text ?? '').trim() === '' &&
    q.batchId === undefined &&
    q.from === undefined &&
    q.to === undefined
  )
}

function localDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}
