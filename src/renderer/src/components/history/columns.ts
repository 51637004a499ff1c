import type { HistorySortKey } from '@shared/history'
import type { MessageKey } from '../../i18n'

export type HistoryColumnId =
  'contactId' | 'name' | 'permissions' | 'email' | 'city' | 'profile' | 'created' | 'source'

export interface HistoryColumn {
  id: HistoryColumnId
  label: MessageKey
  /** Where the header's short label needs its full name (the column chooser). */
  longLabel?: MessageKey
  /** Null: the column cannot be sorted by (main sorts only by these keys). */
  sort: HistorySortKey | null
  /** The narrowest it may be, in px, and its share of what is left over (0: fixed). */
  min: number
  grow: number
  /**
   * The width its usual content needs (a full name, an e-mail address): before an `optional`
   * column is shown, the columns that have one get it, so they are not cut short.
   */
  comfortable?: number
  /** Left out first when the name and e-mail need the room (the row's details still show it). */
  optional?: true
  /** 1 is kept longest: when the table is narrow, the highest numbers go first. */
  priority: number
  /** The name is always shown: without it a row says nothing. */
  required?: boolean
}

/** The data columns, in order; the row's menu button follows them. */
export const HISTORY_COLUMNS: readonly HistoryColumn[] = [
  {
    id: 'contactId',
    label: 'history.col.id',
    longLabel: 'history.col.contactId',
    sort: 'contactId',
    min: 72,
    grow: 0,
    priority: 5,
    optional: true
  },
  {
    id: 'name',
    label: 'history.col.name',
    sort: 'name',
    min: 112,
    grow: 1.3,
    comfortable: 176,
    priority: 1,
    required: true
  },
  // Beside the name, so a contact still without its permissions shows without scrolling sideways.
  { id: 'permissions', label: 'history.col.permissions', sort: null, min: 104, grow: 0, priority: 4 },
  {
    id: 'email',
    label: 'history.col.email',
    sort: 'email',
    min: 156,
    grow: 1.6,
    comfortable: 248,
    priority: 2
  },
  { id: 'city', label: 'history.col.city', sort: 'city', min: 84, grow: 0.6, priority: 6, optional: true },
  // Only of use when the list holds more than one profile's contacts (see `fittingColumns`).
  {
    id: 'profile',
    label: 'history.col.profile',
    sort: 'profileName',
    min: 90,
    grow: 0.6,
    priority: 7,
    optional: true
  },
  // The numeric date and time ('26/11/2026, 15:25' in en-GB, shorter in sv-SE) and its padding.
  { id: 'created', label: 'history.col.created', sort: 'createdAt', min: 142, grow: 0, priority: 3 },
  { id: 'source', label: 'history.col.source', sort: 'source', min: 80, grow: 0, priority: 8, optional: true }
]

/** The row's menu button at the end of every row (and the column chooser above them). */
export const ACTIONS_WIDTH = 42

/**
 * The columns the table shows at `width` px: those the person has not hidden, then, while their
 * narrowest widths do not fit, the lowest-priority one dropped (never the name). Then the optional
 * ones (ID, city, profile, source) give way while the name and e-mail lack their comfortable width,
 * which they get once it fits: a full name reads whole in a window of the usual size. In a smaller
 * one they are cut with an ellipsis. Nothing overlaps and nothing scrolls sideways; what is dropped
 * is still in the row's details.
 */
export function fittingColumns(
  width: number,
  hidden: readonly string[],
  oneProfile = false
): HistoryColumn[] {
  // Showing one profile's contacts, its name on every row says nothing the sidebar does not.
  const shown = HISTORY_COLUMNS.filter(
    (c) => c.required || (!hidden.includes(c.id) && !(oneProfile && c.id === 'profile'))
  )
  const need = (comfort: boolean) =>
    shown.reduce((sum, c) => sum + (comfort ? (c.comfortable ?? c.min) : c.min), ACTIONS_WIDTH)
  const dropWhile = (tooWide: () => boolean, droppable: (c: HistoryColumn) => boolean): void => {
    while (tooWide()) {
      const drop = shown.filter(droppable).sort((a, b) => b.priority - a.priority)[0]
      if (!drop) break
      shown.splice(shown.indexOf(drop), 1)
    }
  }
  dropWhile(
    () => need(false) > width,
    (c) => !c.required
  )
  dropWhile(
    () => need(true) > width,
    (c) => c.optional === true
  )
  if (need(true) > width) return shown
  return shown.map((c) => (c.comfortable ? { ...c, min: c.comfortable } : c))
}

/** The grid for those columns: fixed ones at their width, the others sharing what is left. */
export function gridTemplate(columns: readonly HistoryColumn[]): string {
  const tracks = columns.map((c) => (c.grow === 0 ? `${c.min}px` : `minmax(${c.min}px, ${c.grow}fr)`))
  return [...tracks, `${ACTIONS_WIDTH}px`].join(' ')
}

/** Fixed, so the list's height is rows × this and the virtualizer never has to measure. */
export const ROW_HEIGHT = 40
export const OVERSCAN = 10
