import { defineStore } from 'pinia'
import { reactive, ref, shallowReactive, watch } from 'vue'
import type { Result } from '@shared/ipc'
import type {
  ExportFormat,
  ExportResult,
  HistoryEntry,
  HistoryPage,
  HistoryQuery,
  HistorySortKey
} from '@shared/history'
import { HISTORY_FIRST_ROWS } from '@shared/history-limits'
import { ROW_HEIGHT } from '../components/history/columns'
import { actionFailure, busyFlags, createActionRunner, type ActionFailure } from './action'
import { bridge } from './bridge'
import { coalesced } from './coalesce'
import { guarded } from './guarded'
import { useProfilesStore } from './profiles'
import {
  periodRange,
  readHistoryView,
  writeHistoryView,
  type Period,
  type ProfileScope,
  type SortDir
} from './historyView'

export type { Period, ProfileScope, SortDir } from './historyView'

/**
 * Rows per `history:query` call: a screenful is 15 to 40, so one window covers the first screen
 * and a few scroll steps. Larger windows cost every keystroke of a search: each answer carries its
 * whole window back (200 rows took 40-70 ms through the harness's bridge, 50 about 10).
 */
export const HISTORY_WINDOW = 50
/** Windows kept at once (2,400 rows): enough to scroll back and forth without refetching, never the whole history. */
export const MAX_WINDOWS = 48
/** At most one round of window requests this often while scrolling, for the range in view at that moment. */
export const FETCH_THROTTLE_MS = 80

/** As many rows as the window is tall (the list never shows more at once): a query's `first`. */
export function rowsInView(): number {
  return Math.max(1, Math.min(HISTORY_FIRST_ROWS, Math.ceil(window.innerHeight / ROW_HEIGHT)))
}

export type HistoryAction = 'query' | 'export' | 'undo'

export type HistoryError = ActionFailure<HistoryAction>

// Newest first is what a person looks for after creating someone; names and places read A to Ö.
const FIRST_DIR: Record<HistorySortKey, SortDir> = {
  createdAt: 'desc',
  contactId: 'desc',
  name: 'asc',
  email: 'asc',
  city: 'asc',
  profileName: 'asc',
  source: 'asc'
}

/**
 * The history as a window onto main's index: the query (search text, profile, dates, sort), the
 * total it matches, and only the rows near what the list shows, fetched 200 at a time. A history of
 * 100,000 contacts never crosses IPC whole.
 */
export const useHistoryStore = defineStore('history', () => {
  const profiles = useProfilesStore()

  // The sort, filters and hidden columns the person left last time; the search text starts empty.
  const saved = readHistoryView()
  const initial = periodRange(saved.period) ?? { from: saved.from, to: saved.to }
  const text = ref('')
  const scope = ref<ProfileScope>(saved.scope)
  const period = ref<Period>(saved.period)
  const from = ref(initial.from)
  const to = ref(initial.to)
  const sort = ref<{ key: HistorySortKey; dir: SortDir }>(saved.sort)
  const hidden = ref<string[]>(saved.hidden)

  const total = ref(0)
  /** True until the first window of the current query has answered. */
  const loading = ref(false)
  /** The rows shown are the newest only, while main still loads the history: `total` is not known yet. */
  const partial = ref(false)
  /** Bumped whenever the query changes: the list scrolls back to the top on it. */
  const generation = ref(0)
  const lastError = ref<HistoryError | null>(null)
  const lastExport = ref<ExportResult | null>(null)
  const busy = reactive({ export: false })
  const undoing = ref<string | null>(null)

  // Shallow: rows are read-only snapshots, and deep proxies over thousands of them cost for nothing.
  const pages = shallowReactive(new Map<number, readonly HistoryEntry[]>())
  const inflight = new Set<number>()
  let active = false
  let current: HistoryQuery = {}
  let wanted = { start: 0, end: 0 }
  let throttle: ReturnType<typeof setTimeout> | undefined
  let again = false

  const exporting = busyFlags(busy)
  const run = createActionRunner<'export' | 'undo', HistoryError>({
    lastError,
    failure: actionFailure,
    // An export shows on its buttons (`busy.export`), an undo on its row (`undoing`).
    start: (action, id) => {
      if (action === 'export') return exporting(action)
      undoing.value = id
      return () => {
        undoing.value = null
      }
    }
  })

  function buildQuery(): HistoryQuery {
    const query: HistoryQuery = { sort: { key: sort.value.key, dir: sort.value.dir } }
    const words = text.value.trim()
    if (words !== '') query.text = words
    if (scope.value === 'this' && profiles.selectedId !== null) query.profileId = profiles.selectedId
    if (from.value !== '') query.from = from.value
    if (to.value !== '') query.to = to.value
    return query
  }

  /** Starts the current query over: the cache goes, window 0 comes (it also brings the total). */
  function refresh(): Promise<void> {
    if (!active) return Promise.resolve()
    current = buildQuery()
    generation.value += 1
    pages.clear()
    inflight.clear()
    wanted = { start: 0, end: 0 }
    loading.value = true
    lastError.value = null
    return fetchWindow(0, rowsInView())
  }

  /**
   * Typing searches at once, one query at a time: the first key is answered without waiting for a
   * pause, and keys typed while its query runs make one more query, with the text as it is then.
   * (A query in main takes a few milliseconds even at 100,000 entries; a pause-timer would be the
   * slowest part of the search.)
   */
  const search = coalesced(refresh)

  /**
   * `first`: the rows the list shows at once. Given, main answers a first page while it still loads
   * the history with that many of the newest rows (`partial`), and the window is asked again without
   * it, which waits for the whole.
   */
  async function fetchWindow(index: number, first?: number): Promise<void> {
    const gen = generation.value
    inflight.add(index)
    const request: HistoryQuery = { ...current, offset: index * HISTORY_WINDOW, limit: HISTORY_WINDOW }
    if (current.sort) request.sort = { ...current.sort }
    if (first !== undefined) request.first = first
    const result: Result<HistoryPage> = await guarded(() => bridge().history.query(request))
    // An answer to a query the person has since changed describes rows no longer on screen.
    if (gen !== generation.value) return
    inflight.delete(index)
    if (index === 0) loading.value = false
    if (!result.ok) {
      lastError.value = { action: 'query', id: null, error: result.error }
      return
    }
    total.value = result.value.total
    pages.set(index, result.value.rows)
    partial.value = result.value.partial === true
    evict()
    // The newest rows came first, read while main loads the history: the same question without
    // `first` is answered in full once it is loaded.
    if (result.value.partial) void fetchWindow(index)
  }

  /** Drops the windows farthest from the one in view once there are too many. */
  function evict(): void {
    if (pages.size <= MAX_WINDOWS) return
    const centre = Math.floor((wanted.start + wanted.end) / 2 / HISTORY_WINDOW)
    const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))
    for (const index of byDistance.slice(0, pages.size - MAX_WINDOWS)) pages.delete(index)
  }

  /** The list shows rows `start..end` (inclusive): fetch the windows they fall in that are missing. */
  function ensure(start: number, end: number): void {
    wanted = { start, end }
    if (throttle !== undefined) {
      again = true
      return
    }
    const last = Math.min(end, total.value - 1)
    for (let w = Math.floor(start / HISTORY_WINDOW); w <= Math.floor(last / HISTORY_WINDOW); w += 1) {
      if (!pages.has(w) && !inflight.has(w)) void fetchWindow(w)
    }
    throttle = setTimeout(() => {
      throttle = undefined
      if (!again) return
      again = false
      ensure(wanted.start, wanted.end)
    }, FETCH_THROTTLE_MS)
  }

  function rowAt(index: number): HistoryEntry | undefined {
    return pages.get(Math.floor(index / HISTORY_WINDOW))?.[index % HISTORY_WINDOW]
  }

  /** A preset ("last 7 days") sets both dates; typing a date makes the period custom. */
  function setPeriod(next: Period): void {
    const range = periodRange(next)
    period.value = next
    if (range) {
      from.value = range.from
      to.value = range.to
    }
  }

  function toggleColumn(id: string, show: boolean): void {
    hidden.value = show ? hidden.value.filter((h) => h !== id) : [...new Set([...hidden.value, id])]
  }

  function toggleSort(key: HistorySortKey): void {
    const { key: now, dir } = sort.value
    sort.value = { key, dir: now === key ? (dir === 'asc' ? 'desc' : 'asc') : FIRST_DIR[key] }
  }

  /** The history view is on screen: queries run. Off screen, nothing is fetched or kept. */
  function activate(): void {
    active = true
    // "Saved 42 contacts to …" was news when it happened, not on the next visit.
    lastExport.value = null
    void refresh()
  }

  function deactivate(): void {
    active = false
    pages.clear()
    inflight.clear()
  }

  async function exportView(format: ExportFormat): Promise<Result<ExportResult>> {
    lastExport.value = null
    const result = await run('export', null, () =>
      bridge().history.export({ query: { ...buildQuery() }, format })
    )
    // A cancelled save dialog (path null) is the person's choice, not news.
    if (result.ok && result.value.path !== null)
      lastExport.value = { path: result.value.path, count: result.value.count }
    return result
  }

  async function undo(id: string): Promise<Result<HistoryEntry>> {
    const result = await run('undo', id, () => bridge().history.undo({ id }))
    if (result.ok) patch(result.value)
    return result
  }

  /** Replaces an entry in whichever cached window holds it; the window is replaced, not mutated. */
  function patch(entry: HistoryEntry): void {
    for (const [index, rows] of pages) {
      const at = rows.findIndex((r) => r.id === entry.id)
      if (at < 0) continue
      pages.set(
        index,
        rows.map((r, i) => (i === at ? entry : r))
      )
    }
  }

  /** The cached entry with this ID, as last patched (a row's details follow its edits). */
  function find(id: string): HistoryEntry | undefined {
    for (const rows of pages.values()) {
      const hit = rows.find((r) => r.id === id)
      if (hit) return hit
    }
    return undefined
  }

  /** "Show in folder" for the file just exported: the file manager opens on it. */
  async function showExport(): Promise<Result<null> | null> {
    const path = lastExport.value?.path
    if (!path) return null
    const result = await guarded(() => bridge().app.showInFolder({ path }))
    if (!result.ok) lastError.value = { action: 'export', id: null, error: result.error }
    return result
  }

  function findByEmail(profileId: string, email: string): Promise<Result<HistoryEntry[]>> {
    return guarded(() => bridge().history.findByEmail({ profileId, email }))
  }

  watch(text, search)
  watch([scope, from, to, sort, () => profiles.selectedId], () => void refresh())
  watch([from, to], ([f, t]) => {
    const range = periodRange(period.value)
    if (range && (range.from !== f || range.to !== t)) period.value = 'custom'
  })
  watch(
    [sort, scope, period, from, to, hidden],
    () =>
      writeHistoryView({
        sort: { ...sort.value },
        scope: scope.value,
        period: period.value,
        from: period.value === 'custom' ? from.value : '',
        to: period.value === 'custom' ? to.value : '',
        hidden: [...hidden.value]
      }),
    { flush: 'sync' }
  )

  return {
    text,
    scope,
    from,
    to,
    sort,
    period,
    hidden,
    setPeriod,
    toggleColumn,
    total,
    loading,
    partial,
    generation,
    lastError,
    lastExport,
    busy,
    undoing,
    activate,
    deactivate,
    refresh,
    ensure,
    rowAt,
    toggleSort,
    exportView,
    showExport,
    undo,
    patch,
    find,
    findByEmail
  }
})
