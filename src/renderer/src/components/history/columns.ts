import type { HistorySortKey } from '@shared/history'
import type { MessageKey } from '../../i18n'

export interface HistoryColumn {
  id: string
  label: MessageKey
  /** Null: the column cannot be sorted by (main sorts only by these keys). */
  sort: HistorySortKey | null
}

/** The data columns, in order; the actions column follows them. */
export const HISTORY_COLUMNS: readonly HistoryColumn[] = [
  { id: 'contactId', label: 'history.col.contactId', sort: 'contactId' },
  { id: 'name', label: 'history.col.name', sort: 'name' },
  // Beside the name, so a contact still without its permissions shows without scrolling sideways.
  { id: 'permissions', label: 'history.col.permissions', sort: null },
  { id: 'email', label: 'history.col.email', sort: 'email' },
  { id: 'city', label: 'history.col.city', sort: 'city' },
  { id: 'profile', label: 'history.col.profile', sort: 'profileName' },
  { id: 'created', label: 'history.col.created', sort: 'createdAt' },
  { id: 'source', label: 'history.col.source', sort: 'source' }
]

/** Fixed, so the list's height is rows × this and the virtualizer never has to measure. */
export const ROW_HEIGHT = 40
export const OVERSCAN = 10
