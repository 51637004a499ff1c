import { parseDraftFields, pickFields, type Draft, type DraftInput } from '../../shared/draft'
import { parsePermissionChoice } from '../../shared/permissions'
import { isId, isRecord } from '../../shared/guards'
import type { StoreNotice } from '../../shared/notice'
import { err, ok, type Result } from '../../shared/result'
import type { SecretStore } from '../secrets'
import { folderMaker } from './durable'
import { createJsonDocument, type DocumentSpec } from './json-document'
import type { MigrationChain } from './migrations'

export interface DraftStore {
  /**
   * Creates or replaces the draft with `input.id`. A `password` goes to the keychain
   * (`draft:<id>`), `''` deletes the kept one, undefined leaves it as it is. Resolves once both
   * the keychain and `drafts.json` hold the change.
   */
  save(input: DraftInput): Promise<Result<Draft>>
  /**
   * Creates the drafts of `inputs` (new IDs: an import's rows) in one write of `drafts.json`: all of
   * them, or none (passwords already kept are taken back). One save per draft would rewrite the
   * whole file once per row, and an import's commit grew quadratically (some 14 s of a
   * thousand-row commit went to those rewrites).
   */
  saveMany(inputs: readonly DraftInput[]): Promise<Result<Draft[]>>
  /** `not_found` when there is no such draft. */
  get(id: string): Promise<Result<Draft>>
  /** Newest `updatedAt` first (saved together: the last saved first); only one profile's when `profileId` is given. */
  list(profileId?: string): Promise<Result<Draft[]>>
  /** The IDs of one profile's drafts (or every draft's): what `list` would hold, without the drafts. */
  ids(profileId?: string): Promise<Result<Set<string>>>
  /**
   * Removes the draft and its kept password; removing a draft that is not there is not an error.
   * `keepPassword`: the password stays in the keychain (an import's login details, until taken).
   */
  remove(id: string, opts?: { keepPassword?: boolean }): Promise<Result<void>>
  /**
   * Lets go of a draft that became a contact: it leaves every list and `get` at once, its file entry
   * and kept password follow in the background (several together in one write). Nothing depends on
   * that write reaching the disk: the contact's history entry is its durable record, and a draft
   * left behind by a crash is removed at the next start (the outbox's recovery).
   */
  forget(id: string, opts?: { keepPassword?: boolean }): void
  /**
   * Writes now what `forget` left for the background (the file entries and kept passwords of the
   * drafts let go of), and resolves once it is done: before the folder is removed (tests). The app
   * does not wait for it at quit: what a quit leaves behind, the next start's recovery removes.
   */
  flush(): Promise<void>
  /** Deletes a kept password whose draft is gone (login details the person has taken). */
  forgetPassword(id: string): Promise<Result<void>>
  /** The kept password, or null when there is none. For main only (sending); never crosses IPC. */
  password(id: string): Promise<Result<string | null>>
}

export interface DraftStoreOptions {
  /** The data directory; drafts live in `<dir>/drafts.json`. */
  dir: string
  secrets: SecretStore
  notices?: (n: StoreNotice) => void
  now?: () => Date
  /** How long drafts let go of wait to leave the file together; tests shorten it. */
  sweepMs?: number
}

export const DRAFTS_FILE = 'drafts.json'

interface DraftsDocument {
  drafts: Draft[]
}

/**
 * 1 (0.1.0) → 2: a draft may carry the permissions chosen for its contact, and the import batch it
 * came from. Nothing to fill in: a draft without a choice gives its contact none, as 0.1.0 did.
 */
export const DRAFTS_MIGRATIONS: MigrationChain = [(data) => data]

const account = (id: string): string => `draft:${id}`

/**
 * How long the drafts let go of wait to be removed from the file together: each removal rewrites
 * the whole file, and a batch's thousand drafts go faster than a second each (at 1 s, the
 * rewrites were a tenth of a batch's time on main).
 */
const SWEEP_MS = 5_000

export function createDraftStore(opts: DraftStoreOptions): DraftStore {
  const { secrets } = opts
  const now = opts.now ?? (() => new Date())
  const sweepMs = opts.sweepMs ?? SWEEP_MS
  const file = createJsonDocument(DRAFTS_DOCUMENT, opts)
  // Saves of one draft run in order, so its keychain entry and its file entry never end up
  // from two different saves.
  const tails = new Map<string, Promise<unknown>>()
  const ensureFolder = folderMaker(opts.dir, DRAFTS_DOCUMENT.label)
  /** Drafts let go of (`forget`) whose file entry is still to be removed: hidden from every read. */
  const doomed = new Set<string>()
  let sweeping: ReturnType<typeof setTimeout> | undefined

  function inOrder<T>(id: string, job: () => Promise<T>): Promise<T> {
    const run = (tails.get(id) ?? Promise.resolve()).then(job, job)
    tails.set(id, run)
    void run.finally(() => {
      if (tails.get(id) === run) tails.delete(id)
    })
    return run
  }

  async function find(id: string): Promise<Result<Draft | undefined>> {
    if (doomed.has(id)) return ok(undefined)
    return file.view((doc) => {
      const draft = doc.drafts.find((d) => d.id === id)
      return draft && structuredClone(draft)
    })
  }

  const listed = (d: Draft, profileId: string | undefined): boolean =>
    (profileId === undefined || d.profileId === profileId) && !doomed.has(d.id)

  /** One rewrite for every draft let go of since the last: a batch's contacts finish faster than a rewrite. */
  function sweep(): Promise<void> {
    clearTimeout(sweeping)
    sweeping = undefined
    const gone = new Set(doomed)
    if (gone.size === 0) return Promise.resolve()
    return file
      .update((doc) =>
        doc.drafts.some((d) => gone.has(d.id)) ? { drafts: doc.drafts.filter((d) => !gone.has(d.id)) } : doc
      )
      .then((written) => {
        // Failed: the drafts stay hidden for this run, and the next start removes them.
        if (written.ok) for (const id of gone) doomed.delete(id)
      })
  }

  async function writeDraft(input: DraftInput): Promise<Result<Draft>> {
    // Saved again after it was let go of: the save is the newer word (the services refuse it for a created contact).
    doomed.delete(input.id)
    const made = await ensureFolder()
    if (!made.ok) return made
    if (input.password !== undefined) {
      const kept =
        input.password === ''
          ? await secrets.delete(account(input.id))
          : await secrets.set(account(input.id), input.password)
      if (!kept.ok) return kept
    }
    let saved: Draft | undefined
    const written = await file.update((doc) => {
      saved = place(
        doc,
        input,
        now().toISOString(),
        doc.drafts.findIndex((d) => d.id === input.id)
      )
      return doc
    })
    if (!written.ok) return written
    return saved ? ok(saved) : err('internal', 'errors.app.unexpected')
  }

  async function writeDrafts(inputs: readonly DraftInput[]): Promise<Result<Draft[]>> {
    for (const input of inputs) doomed.delete(input.id)
    const made = await ensureFolder()
    if (!made.ok) return made
    const kept: string[] = []
    // Taken back when the drafts are not all saved: no password is kept for a draft no one can see.
    const giveBack = async (): Promise<void> => {
      for (const id of kept) await secrets.delete(account(id))
    }
    for (const input of inputs) {
      if (input.password === undefined || input.password === '') continue
      const stored = await secrets.set(account(input.id), input.password)
      if (!stored.ok) {
        await giveBack()
        return stored
      }
      kept.push(input.id)
    }
    const saved: Draft[] = []
    const written = await file.update((doc) => {
      const at = now().toISOString()
      const positions = new Map(doc.drafts.map((d, i) => [d.id, i]))
      // The IDs are distinct: a draft placed here is never looked for again.
      for (const input of inputs) saved.push(place(doc, input, at, positions.get(input.id) ?? -1))
      return doc
    })
    if (!written.ok) {
      await giveBack()
      return written
    }
    return ok(saved)
  }

  async function removeDraft(id: string, keepPassword: boolean): Promise<Result<void>> {
    const existing = await find(id)
    if (!existing.ok) return existing
    // The keychain first: a failure then leaves the draft listed, so the person can try again,
    // rather than a password kept for a draft no one can see.
    if (!keepPassword) {
      const deleted = await secrets.delete(account(id))
      if (!deleted.ok && existing.value?.hasPassword) return deleted
    }
    if (!existing.value) return ok(undefined)
    const written = await file.update((doc) => ({ drafts: doc.drafts.filter((d) => d.id !== id) }))
    return written.ok ? ok(undefined) : written
  }

  return {
    async save(input) {
      return inOrder(input.id, () => writeDraft(input))
    },

    async saveMany(inputs) {
      if (new Set(inputs.map((i) => i.id)).size !== inputs.length)
        return err('internal', 'errors.app.unexpected')
      // Queued like a save (under its first draft's ID), so `flush` waits for it too.
      return inOrder(inputs[0]?.id ?? '', () => writeDrafts(inputs))
    },

    async get(id) {
      if (!isId(id)) return notFound()
      const draft = await find(id)
      if (!draft.ok) return draft
      return draft.value ? ok(draft.value) : notFound()
    },

    async list(profileId) {
      // Only the drafts handed out are copied: a batch's thousand drafts are looked at often.
      const drafts = await file.view((doc) =>
        doc.drafts.filter((d) => listed(d, profileId)).map((d) => structuredClone(d))
      )
      if (!drafts.ok) return drafts
      // Saved at the same moment (an import's rows): the one later in the file first, as if saved
      // one after the other (the sort is stable).
      return ok(drafts.value.reverse().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)))
    },

    ids(profileId) {
      return file.view((doc) => new Set(doc.drafts.filter((d) => listed(d, profileId)).map((d) => d.id)))
    },

    async remove(id, opts = {}) {
      if (!isId(id)) return ok(undefined)
      return inOrder(id, () => removeDraft(id, opts.keepPassword === true))
    },

    forget(id, opts = {}) {
      if (!isId(id)) return
      doomed.add(id)
      sweeping ??= setTimeout(() => void sweep(), sweepMs)
      sweeping.unref?.()
      if (opts.keepPassword !== true) {
        void inOrder(id, async () => {
          // Gone from memory at once; a keychain that fails here keeps an entry no draft names.
          await secrets.delete(account(id))
        })
      }
    },

    async flush() {
      await Promise.all([sweep(), ...tails.values()])
    },

    async forgetPassword(id) {
      if (!isId(id)) return ok(undefined)
      const deleted = await secrets.delete(account(id))
      return deleted.ok ? ok(undefined) : deleted
    },

    async password(id) {
      if (!isId(id)) return ok(null)
      const secret = await secrets.get(account(id))
      if (secret.ok) return secret
      return secret.error.code === 'not_found' ? ok(null) : secret
    }
  }
}

/** Puts the draft `input` describes into `doc` (replacing the one at `index`, if any) and returns it. */
function place(doc: DraftsDocument, input: DraftInput, at: string, index: number): Draft {
  const existing = index === -1 ? undefined : doc.drafts[index]
  const permissions = input.permissions ?? existing?.permissions
  const batchId = input.batchId ?? existing?.batchId
  const saved: Draft = {
    id: input.id,
    profileId: input.profileId,
    fields: pickFields(input.fields),
    hasPassword: input.password === undefined ? (existing?.hasPassword ?? false) : input.password !== '',
    source: input.source ?? existing?.source ?? 'form',
    ...(permissions ? { permissions: structuredClone(permissions) } : {}),
    ...(batchId ? { batchId } : {}),
    createdAt: existing?.createdAt ?? at,
    updatedAt: at
  }
  if (index === -1) doc.drafts.push(saved)
  else doc.drafts[index] = saved
  return saved
}

function notFound(): Result<never> {
  return err('not_found', 'errors.drafts.notFound')
}

function parseDraft(value: unknown): Draft | null {
  if (!isRecord(value)) return null
  const { id, profileId, hasPassword, source, createdAt, updatedAt } = value
  const fields = parseDraftFields(value.fields)
  if (!isId(id) || !isId(profileId) || !fields || typeof hasPassword !== 'boolean') return null
  if (source !== 'form' && source !== 'csv') return null
  if (typeof createdAt !== 'string' || typeof updatedAt !== 'string') return null
  const permissions = value.permissions === undefined ? undefined : parsePermissionChoice(value.permissions)
  if (permissions === null) return null
  if (value.batchId !== undefined && !isId(value.batchId)) return null
  return {
    id,
    profileId,
    fields,
    hasPassword,
    source,
    ...(permissions ? { permissions } : {}),
    ...(typeof value.batchId === 'string' ? { batchId: value.batchId } : {}),
    createdAt,
    updatedAt
  }
}

export function parseDraftsDocument(data: unknown): DraftsDocument | null {
  if (!isRecord(data) || !Array.isArray(data.drafts)) return null
  const drafts: Draft[] = []
  const ids = new Set<string>()
  for (const raw of data.drafts) {
    const draft = parseDraft(raw)
    if (!draft || ids.has(draft.id)) return null
    ids.add(draft.id)
    drafts.push(draft)
  }
  return { drafts }
}

/** What can still be used of a damaged file: every draft that reads back. */
function salvageDrafts(data: unknown): DraftsDocument | null {
  if (!isRecord(data) || !Array.isArray(data.drafts)) return null
  const drafts: Draft[] = []
  for (const raw of data.drafts) {
    const draft = parseDraft(raw)
    if (draft && !drafts.some((d) => d.id === draft.id)) drafts.push(draft)
  }
  return drafts.length > 0 ? { drafts } : null
}

const DRAFTS_DOCUMENT: DocumentSpec<DraftsDocument> = {
  file: DRAFTS_FILE,
  label: 'errors.storage.what.drafts',
  migrations: DRAFTS_MIGRATIONS,
  parse: parseDraftsDocument,
  empty: () => ({ drafts: [] }),
  salvage: salvageDrafts,
  // Saved on every pause in typing: the draft's bytes are fsynced before each save resolves.
  directorySync: 'soon'
}
