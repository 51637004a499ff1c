/**
 * What the person set up in History and finds again next time: the sort, the profile filter, the
 * period (a preset such as "last 7 days", which moves with the calendar, or a fixed range) and the
 * columns they hid. Kept in the page's storage: none of it is a secret or the person's data.
 */
import type { HistorySortKey } from '@shared/history'
import { isRealDate, isRecord } from '@shared/guards'
import { HISTORY_COLUMNS } from '../components/history/columns'

export const HISTORY_VIEW_KEY = 'hostup-contacts.history-view'

export const PERIODS = ['any', 'today', 'last7', 'last30', 'thisMonth', 'custom'] as const
export type Period = (typeof PERIODS)[number]
export type SortDir = 'asc' | 'desc'
export type ProfileScope = 'this' | 'all'

export interface HistoryViewSettings {
  sort: { key: HistorySortKey; dir: SortDir }
  scope: ProfileScope
  period: Period
  /** Only for `custom`: ISO dates, '' for open-ended. */
  from: string
  to: string
  hidden: string[]
}

const SORT_KEYS: readonly HistorySortKey[] = [
  'createdAt',
  'contactId',
  'name',
  'email',
  'city',
  'profileName',
  'source'
]

export const DEFAULT_VIEW: HistoryViewSettings = {
  sort: { key: 'createdAt', dir: 'desc' },
  scope: 'this',
  period: 'any',
  from: '',
  to: '',
  hidden: []
}

const isDateOrEmpty = (v: unknown): v is string =>
  v === '' || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v))

/** What was stored, each part checked on its own: one bad part falls back alone. */
export function readHistoryView(): HistoryViewSettings {
  let raw: unknown
  try {
    raw = JSON.parse(localStorage.getItem(HISTORY_VIEW_KEY) ?? 'null')
  } catch {
    raw = null
  }
  if (!isRecord(raw)) return structuredClone(DEFAULT_VIEW)
  const out = structuredClone(DEFAULT_VIEW)
  const sort = raw['sort']
  if (
    isRecord(sort) &&
    SORT_KEYS.includes(sort['key'] as HistorySortKey) &&
    (sort['dir'] === 'asc' || sort['dir'] === 'desc')
  )
    out.sort = { key: sort['key'] as HistorySortKey, dir: sort['dir'] }
  if (raw['scope'] === 'this' || raw['scope'] === 'all') out.scope = raw['scope']
  if (PERIODS.includes(raw['period'] as Period)) out.period = raw['period'] as Period
  if (out.period === 'custom' && isDateOrEmpty(raw['from']) && isDateOrEmpty(raw['to'])) {
    out.from = raw['from']
    out.to = raw['to']
  }
  const hidden = raw['hidden']
  if (Array.isArray(hidden))
    out.hidden = HISTORY_COLUMNS.filter((c) => !c.required && hidden.includes(c.id)).map((c) => c.id)
  return out
}

export function writeHistoryView(settings: HistoryViewSettings): void {
  try {
    localStorage.setItem(HISTORY_VIEW_KEY, JSON.stringify(settings))
  } catch {
    // Storage may be disabled: the view still works, it is only not remembered.
  }
}

/** A local calendar date as ISO (yyyy-mm-dd). */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** The dates a period stands for today (`any`: none); `custom` is whatever the person typed. */
export function periodRange(period: Period, now: Date = new Date()): { from: string; to: string } | null {
  const today = isoDay(now)
  const daysAgo = (n: number) => isoDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - n))
  switch (period) {
    case 'today':
      return { from: today, to: today }
    case 'last7':
      return { from: daysAgo(6), to: today }
    case 'last30':
      return { from: daysAgo(29), to: today }
    case 'thisMonth':
      return { from: isoDay(new Date(now.getFullYear(), now.getMonth(), 1)), to: today }
    case 'any':
      return { from: '', to: '' }
    default:
      return null
  }
}
