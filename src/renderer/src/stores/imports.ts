import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { AppError, Result } from '@shared/ipc'
import type { ContactField } from '@shared/contact'
import type { DraftFields } from '@shared/draft'
import type { ExportResult } from '@shared/history'
import type {
  Batch,
  BatchReport,
  ColumnMapping,
  ImportReport,
  LoginDetail,
  RowsChanged
} from '@shared/import'
import type { PermissionChoice } from '@shared/permissions'
import { BATCH_REFRESH_MS } from '@shared/import-timing'
import { actionFailure, busyFlags, createActionRunner, type ActionFailure } from './action'
import { bridge } from './bridge'
import { coalesced } from './coalesce'
import { guarded } from './guarded'

export type ImportAction =
  | 'open'
  | 'sheet'
  | 'map'
  | 'edit'
  | 'exclude'
  | 'commit'
  | 'batches'
  | 'report'
  | 'send'
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'exportReport'
  | 'logins'
  | 'exportLogins'
  | 'forgetLogins'

export type ImportError = ActionFailure<ImportAction>

/** Where the person is: choosing a file, correcting an open import, or looking at a batch. */
export type ImportStep = 'start' | 'columns' | 'rows' | 'batch' | 'progress'

/** A fresh object of exactly the choice's keys: no Vue proxy, nothing extra for main to refuse. */
function plainChoice(choice: PermissionChoice): PermissionChoice {
  const { presetId, name, set } = choice
  return JSON.parse(JSON.stringify({ presetId, name, set })) as PermissionChoice
}

/**
 * An import as the renderer sees it: the report main made of the file (never the file itself), the
 * person's corrections as main answers them, then the batch the valid rows became, its progress
 * (re-read on every outbox change) and its report. Every decision about a row is main's.
 */
export const useImportStore = defineStore('imports', () => {
  const report = ref<ImportReport | null>(null)
  const step = ref<ImportStep>('start')
  const batches = ref<Batch[]>([])
  const batchesLoaded = ref(false)
  const batch = ref<BatchReport | null>(null)
  /** The login details, once asked for; never kept beyond the view that shows them. */
  const logins = ref<LoginDetail[] | null>(null)
  const lastError = ref<ImportError | null>(null)
  const busy = reactive<Record<ImportAction, boolean>>({
    open: false,
    sheet: false,
    map: false,
    edit: false,
    exclude: false,
    commit: false,
    batches: false,
    report: false,
    send: false,
    pause: false,
    resume: false,
    cancel: false,
    exportReport: false,
    logins: false,
    exportLogins: false,
    forgetLogins: false
  })
  /** Row number → an action on it is running (so only that row's controls wait). */
  const pendingRows = ref<Record<number, true>>({})

  let stopListening: (() => void) | null = null
  let profileId: string | null = null
  let reportSeq = 0
  let listSeq = 0

  const run = createActionRunner<ImportAction, ImportError, string | null>({
    lastError,
    failure: actionFailure,
    start: (action, subject) => {
      const done = busyFlags(busy)(action)
      const row = subject !== null && /^\d+$/.test(subject) ? Number(subject) : null
      if (row !== null) pendingRows.value[row] = true
      return () => {
        done()
        if (row !== null) delete pendingRows.value[row]
      }
    }
  })

  // A batch sends an outbox event per contact: a report asked for while one is on its way waits,
  // the events meanwhile make one more ask, not one each, and asks start BATCH_REFRESH_MS apart.
  const refreshOpen = coalesced(() => (batch.value ? refresh(batch.value.batch.id) : Promise.resolve()), {
    gapMs: BATCH_REFRESH_MS
  })
  const reloadBatches = coalesced(() => (profileId !== null ? loadBatches(profileId) : Promise.resolve()), {
    gapMs: BATCH_REFRESH_MS
  })

  /** Sending batches change with every outbox event: the open one and the list are read again. */
  function start(): void {
    stopListening ??= bridge().on('outbox:changed', () => {
      if (batch.value) refreshOpen()
      if (profileId !== null && batches.value.some((b) => b.state === 'sending' || b.state === 'paused'))
        reloadBatches()
    })
  }

  function dispose(): void {
    stopListening?.()
    stopListening = null
  }

  function opened(result: Result<ImportReport | null>): void {
    if (!result.ok || result.value === null) return
    report.value = result.value
    batch.value = null
    logins.value = null
    step.value = 'columns'
  }

  /** Opens a file from the open dialog; cancelling it changes nothing. */
  async function choose(forProfile: string): Promise<Result<ImportReport | null>> {
    const result = await run('open', null, () => bridge().import.choose({ profileId: forProfile }))
    opened(result)
    return result
  }

  /** Opens a file dropped on the window; a bad file leaves whatever was open as it was. */
  async function open(forProfile: string, path: string): Promise<Result<ImportReport>> {
    const result = await run('open', null, () => bridge().import.open({ profileId: forProfile, path }))
    opened(result)
    return result
  }

  /** A file the page could not name (no path on disk): told like main's refusals. */
  function refuse(error: AppError): void {
    lastError.value = actionFailure('open', null, error)
  }

  async function pickSheet(sheet: string): Promise<Result<ImportReport>> {
    const id = report.value?.id ?? ''
    const result = await run('sheet', null, () => bridge().import.sheet({ id, sheet }))
    if (result.ok) report.value = result.value
    return result
  }

  /** The person says column `column` holds `field` (or, with null, nothing to import). */
  async function mapColumn(column: number, field: ContactField | null): Promise<Result<ImportReport>> {
    const current = report.value
    if (!current) return { ok: false, error: { code: 'not_found', message: 'errors.import.notFound' } }
    const mapping: ColumnMapping = {}
    for (const [f, col] of Object.entries(current.mapping) as [ContactField, number][])
      if (col !== column && f !== field) mapping[f] = col
    if (field !== null) mapping[field] = column
    const result = await run('map', null, () => bridge().import.map({ id: current.id, mapping }))
    if (result.ok) report.value = result.value
    return result
  }

  function applyChanged(changed: RowsChanged): void {
    const current = report.value
    if (!current) return
    const byRow = new Map(changed.rows.map((r) => [r.row, r]))
    report.value = {
      ...current,
      counts: changed.counts,
      rows: current.rows.map((r) => byRow.get(r.row) ?? r)
    }
  }

  async function edit(row: number, field: keyof DraftFields, value: string): Promise<Result<RowsChanged>> {
    const id = report.value?.id ?? ''
    const result = await run('edit', String(row), () => bridge().import.edit({ id, row, field, value }))
    if (result.ok) applyChanged(result.value)
    return result
  }

  async function exclude(row: number, excluded: boolean): Promise<Result<RowsChanged>> {
    const id = report.value?.id ?? ''
    const result = await run('exclude', String(row), () => bridge().import.exclude({ id, row, excluded }))
    if (result.ok) applyChanged(result.value)
    return result
  }

  function go(next: ImportStep): void {
    lastError.value = null
    step.value = next
  }

  async function commit(name: string, permissions: PermissionChoice | null): Promise<Result<Batch>> {
    const id = report.value?.id ?? ''
    const request = permissions ? { id, name, permissions: plainChoice(permissions) } : { id, name }
    const result = await run('commit', null, () => bridge().import.commit(request))
    if (!result.ok) return result
    report.value = null
    batch.value = { batch: result.value, rows: [] }
    step.value = 'progress'
    await refresh(result.value.id)
    if (profileId !== null) void loadBatches(profileId)
    return result
  }

  /** Closes the open import; nothing of it was kept. */
  async function discard(): Promise<void> {
    const id = report.value?.id
    report.value = null
    lastError.value = null
    step.value = 'start'
    if (id) await guarded(() => bridge().import.discard({ id }))
  }

  async function loadBatches(forProfile: string): Promise<Result<Batch[]>> {
    const seq = ++listSeq
    if (profileId !== forProfile) {
      batches.value = []
      batchesLoaded.value = false
    }
    profileId = forProfile
    const result = await guarded(() => bridge().batches.list({ profileId: forProfile }))
    if (seq !== listSeq) return result
    if (!result.ok) {
      lastError.value = actionFailure('batches', null, result.error)
      return result
    }
    batches.value = result.value
    batchesLoaded.value = true
    return result
  }

  /** Reads a batch's report again; only the newest answer lands. */
  async function refresh(id: string): Promise<Result<BatchReport>> {
    const seq = ++reportSeq
    const result = await guarded(() => bridge().batches.report({ id }))
    if (seq !== reportSeq || batch.value?.batch.id !== id) return result
    if (result.ok) batch.value = result.value
    else lastError.value = actionFailure('report', id, result.error)
    return result
  }

  async function openBatch(id: string): Promise<Result<BatchReport>> {
    lastError.value = null
    logins.value = null
    const known = batches.value.find((b) => b.id === id)
    batch.value = known ? { batch: known, rows: [] } : null
    step.value = 'progress'
    const seq = ++reportSeq
    const result = await run('report', id, () => bridge().batches.report({ id }))
    if (seq === reportSeq && result.ok) batch.value = result.value
    return result
  }

  function closeBatch(): void {
    batch.value = null
    logins.value = null
    lastError.value = null
    step.value = report.value ? 'rows' : 'start'
  }

  /** Send, pause, resume or cancel: main answers with the batch; its rows are read again. */
  async function control(action: 'send' | 'pause' | 'resume' | 'cancel'): Promise<Result<Batch>> {
    const id = batch.value?.batch.id ?? ''
    const result = await run(action, id, () => bridge().batches[action]({ id }))
    if (result.ok) {
      if (batch.value) batch.value = { ...batch.value, batch: result.value }
      await refresh(id)
      if (profileId !== null) void loadBatches(profileId)
    }
    return result
  }

  async function exportReport(): Promise<Result<ExportResult>> {
    const id = batch.value?.batch.id ?? ''
    return run('exportReport', id, () => bridge().batches.exportReport({ id }))
  }

  async function showLogins(): Promise<Result<LoginDetail[]>> {
    const id = batch.value?.batch.id ?? ''
    const result = await run('logins', id, () => bridge().batches.logins({ id }))
    if (result.ok) logins.value = result.value
    return result
  }

  function hideLogins(): void {
    logins.value = null
  }

  async function exportLogins(): Promise<Result<ExportResult>> {
    const id = batch.value?.batch.id ?? ''
    return run('exportLogins', id, () => bridge().batches.exportLogins({ id }))
  }

  async function forgetLogins(): Promise<Result<Batch>> {
    const id = batch.value?.batch.id ?? ''
    const result = await run('forgetLogins', id, () => bridge().batches.forgetLogins({ id }))
    if (result.ok) {
      logins.value = null
      if (batch.value) batch.value = { ...batch.value, batch: result.value }
      if (profileId !== null) void loadBatches(profileId)
    }
    return result
  }

  return {
    report,
    step,
    batches,
    batchesLoaded,
    batch,
    logins,
    lastError,
    busy,
    pendingRows,
    start,
    dispose,
    choose,
    open,
    refuse,
    pickSheet,
    mapColumn,
    edit,
    exclude,
    go,
    commit,
    discard,
    loadBatches,
    refresh,
    openBatch,
    closeBatch,
    control,
    exportReport,
    showLogins,
    hideLogins,
    exportLogins,
    forgetLogins
  }
})
