/** Import batches, in `<dir>/batches.json`: their names, their rows (draft IDs in the sheet's order) and state. */
import { isId, isIsoTimestamp, isRecord } from '../../shared/guards'
import type { BatchState } from '../../shared/import'
import { parsePermissionChoice, type PermissionChoice } from '../../shared/permissions'
import type { DocumentSpec } from './json-document'
import type { MigrationChain } from './migrations'

export const BATCHES_FILE = 'batches.json'

export interface StoredBatch {
  id: string
  name: string
  profileId: string
  createdAt: string
  /** What the person asked for; `done` is not stored, it is read off the rows. */
  state: Exclude<BatchState, 'done'>
  startedAt?: string
  permissions?: PermissionChoice
  loginsKept: boolean
  rows: { id: string; row: number; name: string; email: string }[]
}

export interface BatchesDocument {
  batches: StoredBatch[]
}

/** Version 1 is the first. */
export const BATCHES_MIGRATIONS: MigrationChain = []

const STATES: readonly StoredBatch['state'][] = ['ready', 'sending', 'paused', 'cancelled']

function parseBatch(value: unknown): StoredBatch | null {
  if (!isRecord(value) || !Array.isArray(value.rows)) return null
  const { id, name, profileId, createdAt, state, startedAt, loginsKept } = value
  if (!isId(id) || typeof name !== 'string' || !isId(profileId) || !isIsoTimestamp(createdAt)) return null
  if (!STATES.includes(state as StoredBatch['state']) || typeof loginsKept !== 'boolean') return null
  if (startedAt !== undefined && !isIsoTimestamp(startedAt)) return null
  const permissions = value.permissions === undefined ? undefined : parsePermissionChoice(value.permissions)
  if (permissions === null) return null
  const rows: StoredBatch['rows'] = []
  for (const row of value.rows) {
    if (!isRecord(row) || !isId(row.id) || typeof row.row !== 'number' || typeof row.name !== 'string')
      return null
    if (typeof row.email !== 'string') return null
    rows.push({ id: row.id, row: row.row, name: row.name, email: row.email })
  }
  return {
    id,
    name,
    profileId,
    createdAt,
    state: state as StoredBatch['state'],
    ...(startedAt ? { startedAt } : {}),
    ...(permissions ? { permissions } : {}),
    loginsKept,
    rows
  }
}

export function parseBatchesDocument(data: unknown): BatchesDocument | null {
  if (!isRecord(data) || !Array.isArray(data.batches)) return null
  const batches: StoredBatch[] = []
  for (const raw of data.batches) {
    const batch = parseBatch(raw)
    if (!batch || batches.some((b) => b.id === batch.id)) return null
    batches.push(batch)
  }
  return { batches }
}

export const BATCHES_DOCUMENT: DocumentSpec<BatchesDocument> = {
  file: BATCHES_FILE,
  label: 'errors.storage.what.batches',
  migrations: BATCHES_MIGRATIONS,
  parse: parseBatchesDocument,
  empty: () => ({ batches: [] }),
  // Every batch that reads back; its drafts and outbox items are in their own files either way.
  salvage: (data) => {
    if (!isRecord(data) || !Array.isArray(data.batches)) return null
    const batches = data.batches.map(parseBatch).filter((b): b is StoredBatch => b !== null)
    return batches.length > 0 ? { batches } : null
  }
}
