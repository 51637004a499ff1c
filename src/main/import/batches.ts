/**
 * Import batches: the valid rows of one spreadsheet, as drafts (source `csv`) under one name, sent
 * through the outbox one at a time. Each row's result is read off what the outbox and the history
 * hold under the row's draft ID, so a crash or a restart mid-batch loses nothing and sends no row twice.
 */
import type { HistoryEntry } from '../../shared/history'
import type { Locale } from '../../shared/i18n'
import { formatMessage } from '../../shared/i18n/format'
import type { Batch, BatchProgress, BatchReport, BatchRow, LoginDetail, RowResult } from '../../shared/import'
import type { ExportResult } from '../../shared/history'
import type { OutboxItem } from '../../shared/outbox'
import { err, ok, type AppError, type Result } from '../../shared/result'
import type { DraftStore } from '../store/drafts'
import { storageError, writeFileDurably } from '../store/durable'
import type { OutboxService } from '../outbox'
import type { HistoryService } from '../history'
import { toCsv } from '../history/export'
import type { JsonDocument } from '../store/json-document'
import type { BatchesDocument, StoredBatch } from '../store/batches'

export interface BatchService {
  /** Reads the batches once: which are paused must be known before the outbox sends anything. */
  load(): Promise<Result<void>>
  add(batch: StoredBatch): Promise<Result<Batch>>
  list(profileId: string): Promise<Result<Batch[]>>
  report(id: string): Promise<Result<BatchReport>>
  send(id: string): Promise<Result<Batch>>
  pause(id: string): Promise<Result<Batch>>
  resume(id: string): Promise<Result<Batch>>
  /** Takes back what was not sent yet; those rows stay as drafts. */
  cancel(id: string): Promise<Result<Batch>>
  exportReport(id: string): Promise<Result<ExportResult>>
  /** The login details of the contacts created, for the person to see once. */
  logins(id: string): Promise<Result<LoginDetail[]>>
  exportLogins(id: string): Promise<Result<ExportResult>>
  /** The person has the login details: their passwords leave the keychain. */
  forgetLogins(id: string): Promise<Result<Batch>>
  /** A paused batch's items wait (the outbox asks). */
  isHeld(item: OutboxItem): boolean
  nameOf(id: string): string | undefined
  /** Whether a batch is sending now (rows still waiting): the app is not restarted for an update then. */
  sending(): Promise<boolean>
}

export interface BatchDeps {
  file: JsonDocument<BatchesDocument>
  drafts: DraftStore
  outbox: Pick<OutboxService, 'enqueue' | 'withdraw' | 'all' | 'reschedule'>
  history: Pick<HistoryService, 'byIds'>
  /** The kept password of a row's draft (the keychain), for the login details. */
  password(draftId: string): Promise<Result<string | null>>
  forgetPassword(draftId: string): Promise<Result<unknown>>
  chooseSavePath(defaultName: string, format: 'csv'): Promise<string | null>
  locale(): Locale
  now?: () => Date
}

function resultOf(
  item: OutboxItem | undefined,
  entry: HistoryEntry | undefined,
  draft: boolean,
  batch: StoredBatch
): RowResult {
  if (item) {
    switch (item.state) {
      case 'created':
        return {
          state: 'created',
          contactId: item.contactId ?? 0,
          ...(item.permissions ? { permissions: item.permissions.state } : {}),
          ...(item.permissions?.error ? { permissionsError: item.permissions.error } : {})
        }
      case 'retryable':
        return {
          state: 'retryable',
          error: item.error ?? { code: 'network', message: 'errors.code.network' },
          ...(item.nextAttemptAt ? { nextAttemptAt: item.nextAttemptAt } : {})
        }
      case 'rejected':
      case 'unknown':
        return {
          state: item.state,
          error: item.error ?? { code: 'internal', message: 'errors.code.internal' }
        }
      default:
        return { state: item.state }
    }
  }
  if (entry)
    return {
      state: 'created',
      contactId: entry.contactId,
      ...(entry.permissions ? { permissions: entry.permissions.state } : {})
    }
  return draft && batch.state !== 'cancelled' ? { state: 'ready' } : { state: 'cancelled' }
}

function progressOf(rows: readonly BatchRow[], batch: StoredBatch, nowMs: number): BatchProgress {
  const p: BatchProgress = { total: rows.length, created: 0, failed: 0, unknown: 0, waiting: 0, cancelled: 0 }
  for (const { result } of rows) {
    if (result.state === 'created') {
      if (result.permissions === 'failed') p.failed += 1
      else if (result.permissions === 'pending') p.waiting += 1
      else p.created += 1
    } else if (result.state === 'rejected') p.failed += 1
    else if (result.state === 'unknown') p.unknown += 1
    else if (result.state === 'cancelled') p.cancelled += 1
    else p.waiting += 1
  }
  const done = p.created + p.failed + p.unknown
  if (batch.startedAt && done > 0 && p.waiting > 0 && batch.state === 'sending') {
    const elapsed = nowMs - Date.parse(batch.startedAt)
    p.etaMs = Math.round((elapsed / done) * p.waiting)
  }
  return p
}

export function createBatchService(deps: BatchDeps): BatchService {
  const now = deps.now ?? (() => new Date())
  const paused = new Set<string>()
  const names = new Map<string, string>()

  function remember(batches: readonly StoredBatch[]): void {
    paused.clear()
    for (const b of batches) {
      names.set(b.id, b.name)
      if (b.state === 'paused') paused.add(b.id)
    }
  }

  /**
   * One batch, copied alone: a report is asked for while a batch sends, and the file keeps every
   * batch. Its rows hold only text and numbers, so a copy of each is a whole copy (structuredClone
   * of a thousand rows was a third of a report's time).
   */
  async function find(id: string): Promise<Result<StoredBatch>> {
    const found = await deps.file.view((doc) => {
      const batch = doc.batches.find((b) => b.id === id)
      if (!batch) return undefined
      const { permissions, rows, ...rest } = batch
      return {
        ...rest,
        ...(permissions ? { permissions: structuredClone(permissions) } : {}),
        rows: rows.map((row) => ({ ...row }))
      }
    })
    if (!found.ok) return found
    return found.value ? ok(found.value) : err('not_found', 'errors.batch.notFound')
  }

  async function change(id: string, fn: (b: StoredBatch) => StoredBatch): Promise<Result<StoredBatch>> {
    let changed: StoredBatch | undefined
    const written = await deps.file.update((doc) => ({
      batches: doc.batches.map((b) => (b.id === id ? (changed = fn(b)) : b))
    }))
    if (!written.ok) return written
    remember(written.value.batches)
    return changed ? ok(changed) : err('not_found', 'errors.batch.notFound')
  }

  async function rowsOf(batch: StoredBatch): Promise<Result<BatchRow[]>> {
    const items = await deps.outbox.all()
    if (!items.ok) return items
    const draftIds = await deps.drafts.ids(batch.profileId)
    if (!draftIds.ok) return draftIds
    const entries = await deps.history.byIds(batch.rows.map((r) => r.id))
    if (!entries.ok) return entries
    const byId = new Map(items.value.map((i) => [i.id, i]))
    return ok(
      batch.rows.map((row) => ({
        ...row,
        result: resultOf(byId.get(row.id), entries.value.get(row.id), draftIds.value.has(row.id), batch)
      }))
    )
  }

  async function view(batch: StoredBatch): Promise<Result<{ batch: Batch; rows: BatchRow[] }>> {
    const rows = await rowsOf(batch)
    if (!rows.ok) return rows
    const progress = progressOf(rows.value, batch, now().getTime())
    const { rows: _stored, state, ...rest } = batch
    const done = state === 'sending' && progress.waiting === 0
    return ok({ batch: { ...rest, state: done ? 'done' : state, progress }, rows: rows.value })
  }

  async function answer(batch: Result<StoredBatch>): Promise<Result<Batch>> {
    if (!batch.ok) return batch
    const seen = await view(batch.value)
    return seen.ok ? ok(seen.value.batch) : seen
  }

  function reportText(rows: readonly BatchRow[]): string {
    const locale = deps.locale()
    const t = (key: Parameters<typeof formatMessage>[1], params?: Parameters<typeof formatMessage>[2]) =>
      formatMessage(locale, key, params)
    const reason = (error: AppError | undefined): string => (error ? t(error.message, error.params) : '')
    const header = [
      t('batch.csv.row'),
      t('batch.csv.name'),
      t('batch.csv.email'),
      t('batch.csv.result'),
      t('batch.csv.contactId'),
      t('batch.csv.permissions'),
      t('batch.csv.reason'),
      t('batch.csv.detail')
    ]
    const lines = rows.map(({ row, name, email, result }) => {
      const error =
        'error' in result ? result.error : result.state === 'created' ? result.permissionsError : undefined
      return [
        String(row),
        name,
        email,
        t(`batch.result.${result.state}`),
        result.state === 'created' ? String(result.contactId) : '',
        result.state === 'created' && result.permissions ? t(`batch.permissions.${result.permissions}`) : '',
        reason(error),
        error?.detail ?? ''
      ]
    })
    return toCsv(header, lines)
  }

  async function writeChosen(
    defaultName: string,
    text: string,
    what: 'errors.storage.what.report' | 'errors.storage.what.logins',
    count: number
  ): Promise<Result<ExportResult>> {
    let path: string | null
    try {
      path = await deps.chooseSavePath(defaultName, 'csv')
    } catch {
      return err('internal', 'errors.history.saveDialogFailed')
    }
    if (path === null) return ok({ path: null, count: 0 })
    try {
      // 0600, like every file the app writes: the login details above all.
      await writeFileDurably(path, text)
    } catch (error) {
      return storageError('errors.storage.saveFailed', what, path, error)
    }
    return ok({ path, count })
  }

  async function logins(id: string): Promise<Result<LoginDetail[]>> {
    const batch = await find(id)
    if (!batch.ok) return batch
    if (!batch.value.loginsKept) return err('not_found', 'errors.batch.noLogins')
    const rows = await rowsOf(batch.value)
    if (!rows.ok) return rows
    const out: LoginDetail[] = []
    for (const row of rows.value.filter((r) => r.result.state === 'created')) {
      const password = await deps.password(row.id)
      if (!password.ok) return password
      if (password.value !== null) out.push({ name: row.name, email: row.email, password: password.value })
    }
    return ok(out)
  }

  const stampOf = (batch: StoredBatch): string =>
    batch.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'batch'

  return {
    async load() {
      const doc = await deps.file.read()
      if (!doc.ok) return doc
      remember(doc.value.batches)
      return ok(undefined)
    },

    async add(batch) {
      const written = await deps.file.update((doc) => ({ batches: [...doc.batches, batch] }))
      if (!written.ok) return written
      remember(written.value.batches)
      return answer(ok(batch))
    },

    async list(profileId) {
      const doc = await deps.file.read()
      if (!doc.ok) return doc
      const out: Batch[] = []
      for (const batch of doc.value.batches.filter((b) => b.profileId === profileId).reverse()) {
        const seen = await view(batch)
        if (!seen.ok) return seen
        out.push(seen.value.batch)
      }
      return ok(out)
    },

    async report(id) {
      const batch = await find(id)
      if (!batch.ok) return batch
      return view(batch.value)
    },

    async send(id) {
      const found = await find(id)
      if (!found.ok) return found
      if (found.value.state === 'cancelled') return err('validation', 'errors.batch.cancelled')
      const started = await change(id, (b) => ({
        ...b,
        state: 'sending',
        startedAt: b.startedAt ?? now().toISOString()
      }))
      if (!started.ok) return started
      const drafts = await deps.drafts.list(started.value.profileId)
      if (!drafts.ok) return drafts
      const byId = new Map(drafts.value.map((d) => [d.id, d]))
      const rows = await rowsOf(started.value)
      if (!rows.ok) return rows
      // Each row once: only a draft that is neither in the outbox nor created goes in.
      const ready = rows.value.filter((r) => r.result.state === 'ready').map((r) => byId.get(r.id))
      const queued = await deps.outbox.enqueue(ready.filter((d) => d !== undefined))
      if (!queued.ok) return queued
      deps.outbox.reschedule()
      return answer(started)
    },

    async pause(id) {
      return answer(await change(id, (b) => (b.state === 'sending' ? { ...b, state: 'paused' } : b)))
    },

    async resume(id) {
      const resumed = await change(id, (b) => (b.state === 'paused' ? { ...b, state: 'sending' } : b))
      deps.outbox.reschedule()
      return answer(resumed)
    },

    async cancel(id) {
      const cancelled = await change(id, (b) => ({ ...b, state: 'cancelled' }))
      if (!cancelled.ok) return cancelled
      const taken = await deps.outbox.withdraw(cancelled.value.rows.map((r) => r.id))
      if (!taken.ok) return taken
      return answer(cancelled)
    },

    async exportReport(id) {
      const batch = await find(id)
      if (!batch.ok) return batch
      const rows = await rowsOf(batch.value)
      if (!rows.ok) return rows
      return writeChosen(
        `hostup-contacts-${stampOf(batch.value)}-report.csv`,
        reportText(rows.value),
        'errors.storage.what.report',
        rows.value.length
      )
    },

    logins,

    async exportLogins(id) {
      const found = await find(id)
      if (!found.ok) return found
      const details = await logins(id)
      if (!details.ok) return details
      const locale = deps.locale()
      const header = [
        formatMessage(locale, 'batch.csv.name'),
        formatMessage(locale, 'batch.csv.email'),
        formatMessage(locale, 'batch.csv.password')
      ]
      const text = toCsv(
        header,
        details.value.map((d) => [d.name, d.email, d.password])
      )
      return writeChosen(
        `hostup-contacts-${stampOf(found.value)}-logins.csv`,
        text,
        'errors.storage.what.logins',
        details.value.length
      )
    },

    async forgetLogins(id) {
      const found = await find(id)
      if (!found.ok) return found
      // Only the created ones: a row still to send needs its password for that.
      const rows = await rowsOf(found.value)
      if (!rows.ok) return rows
      for (const row of rows.value.filter((r) => r.result.state === 'created')) {
        const forgotten = await deps.forgetPassword(row.id)
        if (!forgotten.ok) return forgotten
      }
      return answer(await change(id, (b) => ({ ...b, loginsKept: false })))
    },

    isHeld: (item) => item.batchId !== undefined && paused.has(item.batchId),
    nameOf: (id) => names.get(id),

    async sending() {
      const doc = await deps.file.read()
      // Unreadable batches: assume one may be sending, so nothing restarts the app under it.
      if (!doc.ok) return true
      for (const batch of doc.value.batches) {
        if (batch.state !== 'sending') continue
        const seen = await view(batch)
        if (!seen.ok || seen.value.batch.state === 'sending') return true
      }
      return false
    }
  }
}
