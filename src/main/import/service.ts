/**
 * An import, from file to batch: the file is read in main (its bytes never reach the renderer), its
 * columns mapped, every row checked, the person corrects or excludes rows, and the valid ones become
 * a batch of drafts. Passwords (from the file, or generated per contact) go straight to the keychain.
 */
import { randomInt, randomUUID } from 'node:crypto'
import { stat, readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { DraftFields } from '../../shared/draft'
import {
  countRows,
  IMPORT_MAX_BYTES,
  statusOf,
  type Batch,
  type ColumnMapping,
  type ImportReport,
  type ImportRow,
  type RowsChanged
} from '../../shared/import'
import type { PermissionChoice } from '../../shared/permissions'
import { err, ok, type Result } from '../../shared/result'
import type { HistoryService } from '../history'
import type { DraftStore } from '../store/drafts'
import { storageError } from '../store/durable'
import type { BatchService } from './batches'
import type { Sheet, SheetPart, Spreadsheet } from './read'
import type { SheetReader } from './reader'
import { autoMapping, checkRows, mapRows, rowChecker, type RowInput } from './rows'

export interface ImportService {
  /** Opens a file the person chose in a dialog: null when they cancelled. */
  choose(profileId: string): Promise<Result<ImportReport | null>>
  /** Opens a file the person dropped on the window. */
  open(profileId: string, path: string): Promise<Result<ImportReport>>
  sheet(id: string, sheet: string): Promise<Result<ImportReport>>
  map(id: string, mapping: ColumnMapping): Promise<Result<ImportReport>>
  /** Corrects one cell: the rows whose state changed, and the counts. */
  edit(id: string, row: number, field: keyof DraftFields, value: string): Promise<Result<RowsChanged>>
  exclude(id: string, row: number, excluded: boolean): Promise<Result<RowsChanged>>
  /** The valid, included rows become a batch of drafts; the import closes. */
  commit(id: string, name: string, permissions?: PermissionChoice): Promise<Result<Batch>>
  discard(id: string): Result<null>
}

export interface ImportDeps {
  drafts: DraftStore
  history: Pick<HistoryService, 'emailsOf'>
  batches: Pick<BatchService, 'add'>
  /** Reads the file off main's thread (`createSheetReader`). */
  reader: Pick<SheetReader, 'read'>
  chooseOpenPath(): Promise<string | null>
  newId?: () => string
  now?: () => Date
}

interface Session {
  id: string
  profileId: string
  fileName: string
  book: Spreadsheet
  sheet: string
  mapping: ColumnMapping
  edits: Map<number, Partial<DraftFields>>
  excluded: Set<number>
  inputs: RowInput[]
  rows: ImportRow[]
  /** The re-check under way (or the last one): the next waits for it. */
  checking: Promise<unknown>
}

/** A CSV's header is its row 1, so its first data row is 2; a sheet's likewise. */
const FIRST_ROW = 2

// No look-alikes (0/O, 1/l/I): a generated password may be read aloud or typed from a printout.
const LOWER = 'abcdefghijkmnpqrstuvwxyz'
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const DIGITS = '23456789'
const SYMBOLS = '!#%+-=?@'

/** 16 characters with every kind in them, from the OS's random source. */
export function generatePassword(): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS
  const pick = (set: string): string => set.charAt(randomInt(set.length))
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)]
  while (chars.length < 16) chars.push(pick(all))
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1)
    ;[chars[i], chars[j]] = [chars[j] as string, chars[i] as string]
  }
  return chars.join('')
}

export function createImportService(deps: ImportDeps): ImportService {
  const newId = deps.newId ?? randomUUID
  const now = deps.now ?? (() => new Date())
  const sessions = new Map<string, Session>()

  function report(s: Session): ImportReport {
    const sheet = s.book.sheets.find((x) => x.name === s.sheet)
    return {
      id: s.id,
      profileId: s.profileId,
      fileName: s.fileName,
      format: s.book.format,
      ...(s.book.encoding ? { encoding: s.book.encoding } : {}),
      ...(s.book.delimiter ? { delimiter: s.book.delimiter } : {}),
      sheets: s.book.sheets.map((x) => x.name),
      sheet: s.sheet,
      headers: sheet?.header ?? [],
      mapping: { ...s.mapping },
      passwordsFromFile: s.mapping.password !== undefined,
      counts: countRows(s.rows),
      rows: s.rows
    }
  }

  /**
   * Every row mapped and checked again, in turns (main answers other calls between them). One
   * session's re-checks run one after another, each over the state it started with, so a quick
   * second correction never ends with the first one's rows.
   */
  function recheck(s: Session): Promise<Result<void>> {
    const run = s.checking
      .catch(() => undefined)
      .then(async (): Promise<Result<void>> => {
        const sheet = s.book.sheets.find((x) => x.name === s.sheet)
        if (!sheet) return err('validation', 'import.sheet.invalid')
        const created = await deps.history.emailsOf(s.profileId)
        if (!created.ok) return created
        const inputs = await mapRows(sheet.rows, s.mapping, new Map(s.edits), FIRST_ROW)
        const rows = await checkRows(inputs, new Set(s.excluded), created.value)
        s.inputs = inputs
        s.rows = rows
        return ok(undefined)
      })
    s.checking = run
    return run
  }

  function session(id: string): Result<Session> {
    const found = sessions.get(id)
    return found ? ok(found) : err('not_found', 'errors.import.notFound')
  }

  async function open(profileId: string, path: string): Promise<Result<ImportReport>> {
    let bytes: Buffer
    try {
      const info = await stat(path)
      if (!info.isFile()) return err('validation', 'errors.import.notAFile')
      // Told before reading it: a file of gigabytes is not loaded only to be refused.
      if (info.size > IMPORT_MAX_BYTES)
        return err('validation', 'errors.import.tooLarge', {
          params: { mb: IMPORT_MAX_BYTES / (1024 * 1024) }
        })
      bytes = await readFile(path)
    } catch (error) {
      return storageError('errors.storage.readFailed', { text: basename(path) }, path, error)
    }
    const early = checkAsRead(profileId)
    const book = await deps.reader.read(bytes, basename(path), early.take)
    const first = book.ok ? book.value.sheets[0] : undefined
    if (!book.ok || !first) {
      // The parts checked so far were for nothing (a file of too many rows, say): no more of them.
      early.drop()
      return book.ok ? err('validation', 'errors.import.empty') : book
    }
    const s: Session = {
      id: newId(),
      profileId,
      fileName: basename(path),
      book: book.value,
      sheet: first.name,
      mapping: autoMapping(first.header),
      edits: new Map(),
      excluded: new Set(),
      inputs: [],
      rows: [],
      checking: Promise.resolve()
    }
    const checked = (await early.finish(s, first)) ?? (await recheck(s))
    if (!checked.ok) return checked
    sessions.set(s.id, s)
    return ok(report(s))
  }

  /**
   * A CSV's rows mapped and checked part by part as the worker parses it (`read`'s `onPart`), as
   * `recheck` maps and checks a whole sheet (nothing corrected or left out yet): main's work and
   * the worker's at once, not one after the other.
   */
  function checkAsRead(profileId: string) {
    let dropped = false
    /** Every part has the sheet's header: its mapping, once the first part came. */
    let mapping: ColumnMapping | undefined
    const inputs: RowInput[] = []
    const rows: ImportRow[] = []
    let work: Promise<Result<(part: RowInput[]) => Promise<ImportRow[]>>> | undefined
    const take = (part: SheetPart): void => {
      const partMapping = (mapping ??= autoMapping(part.header))
      work = (work ?? firstPart())
        .then(async (check) => {
          if (!check.ok || dropped) return check
          const mapped = await mapRows(part.rows, partMapping, new Map(), FIRST_ROW + inputs.length)
          inputs.push(...mapped)
          rows.push(...(await check.value(mapped)))
          return check
        })
        // Nothing here throws but a bug; the open then says so rather than leave a rejection.
        .catch(() => err('internal', 'errors.app.unexpected'))
    }
    async function firstPart(): Promise<Result<(part: RowInput[]) => Promise<ImportRow[]>>> {
      const created = await deps.history.emailsOf(profileId)
      return created.ok ? ok(rowChecker(new Set(), created.value)) : created
    }
    return {
      take,
      /** The file will not open: parts still to check are left alone. */
      drop: (): void => {
        dropped = true
      },
      /** The rest of the sheet the same way, into the session; null when no part came. */
      async finish(s: Session, sheet: Sheet): Promise<Result<void> | null> {
        if (mapping === undefined) return null
        // Every part checked first: the rest is what they did not hold.
        const before = await work
        if (before && !before.ok) return before
        take({ header: sheet.header, rows: sheet.rows.slice(inputs.length) })
        const done = await work
        if (done && !done.ok) return done
        s.inputs = inputs
        s.rows = rows
        return ok(undefined)
      }
    }
  }

  /** Re-checks after a change to one row: every row's duplicate state may follow from it. */
  async function changed(s: Session, row: number): Promise<Result<RowsChanged>> {
    const before = new Map(s.rows.map((r) => [r.row, JSON.stringify(r)]))
    const checked = await recheck(s)
    if (!checked.ok) return checked
    const rows = s.rows.filter((r) => r.row === row || before.get(r.row) !== JSON.stringify(r))
    return ok({ rows, counts: countRows(s.rows) })
  }

  return {
    async choose(profileId) {
      let path: string | null
      try {
        path = await deps.chooseOpenPath()
      } catch {
        return err('internal', 'errors.history.saveDialogFailed')
      }
      return path === null ? ok(null) : open(profileId, path)
    },

    open,

    async sheet(id, name) {
      const s = session(id)
      if (!s.ok) return s
      const sheet = s.value.book.sheets.find((x) => x.name === name)
      if (!sheet) return err('validation', 'import.sheet.invalid')
      Object.assign(s.value, {
        sheet: name,
        mapping: autoMapping(sheet.header),
        edits: new Map(),
        excluded: new Set()
      })
      const checked = await recheck(s.value)
      return checked.ok ? ok(report(s.value)) : checked
    },

    async map(id, mapping) {
      const s = session(id)
      if (!s.ok) return s
      const width = s.value.book.sheets.find((x) => x.name === s.value.sheet)?.header.length ?? 0
      if (Object.values(mapping).some((col) => col === undefined || col >= width))
        return err('validation', 'import.mapping.invalid')
      s.value.mapping = { ...mapping }
      const checked = await recheck(s.value)
      return checked.ok ? ok(report(s.value)) : checked
    },

    async edit(id, row, field, value) {
      const s = session(id)
      if (!s.ok) return s
      if (!s.value.rows.some((r) => r.row === row)) return err('validation', 'import.row.invalid')
      s.value.edits.set(row, { ...s.value.edits.get(row), [field]: value })
      return changed(s.value, row)
    },

    async exclude(id, row, excluded) {
      const s = session(id)
      if (!s.ok) return s
      if (!s.value.rows.some((r) => r.row === row)) return err('validation', 'import.row.invalid')
      if (excluded) s.value.excluded.add(row)
      else s.value.excluded.delete(row)
      return changed(s.value, row)
    },

    async commit(id, name, permissions) {
      const s = session(id)
      if (!s.ok) return s
      if (s.value.mapping.email === undefined) return err('validation', 'errors.import.noEmailColumn')
      const checked = await recheck(s.value)
      if (!checked.ok) return checked
      const passwords = new Map(s.value.inputs.map((i) => [i.row, i.password]))
      const valid = s.value.rows.filter((r) => statusOf(r) === 'valid')
      if (valid.length === 0) return err('validation', 'errors.import.noValidRows')
      const batchId = newId()
      const planned = valid.map((row) => ({
        row,
        draft: {
          id: newId(),
          profileId: s.value.profileId,
          fields: row.fields,
          password: passwords.get(row.row) || generatePassword(),
          source: 'csv' as const,
          batchId,
          ...(permissions ? { permissions } : {})
        }
      }))
      // All or nothing, in one write: a batch is the rows the person saw, not the ones that happened to be saved.
      const saved = await deps.drafts.saveMany(planned.map((p) => p.draft))
      if (!saved.ok) return saved
      const rows = planned.map(({ row, draft }) => ({
        id: draft.id,
        row: row.row,
        name: `${row.fields.firstname} ${row.fields.lastname}`.trim(),
        email: row.fields.email
      }))
      sessions.delete(id)
      return deps.batches.add({
        id: batchId,
        name: name.trim(),
        profileId: s.value.profileId,
        createdAt: now().toISOString(),
        state: 'ready',
        ...(permissions ? { permissions } : {}),
        loginsKept: true,
        rows
      })
    },

    discard(id) {
      sessions.delete(id)
      return ok(null)
    }
  }
}
