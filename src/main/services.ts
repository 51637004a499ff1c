import { mkdir } from 'node:fs/promises'
import type { ExportFormat } from '../shared/history'
import type { Locale } from '../shared/i18n'
import type { AppInfo, EventChannel, EventPayload } from '../shared/ipc'
import type { StoreNotice } from '../shared/notice'
import { err, ok } from '../shared/result'
import type { OutboxItem } from '../shared/outbox'
import { createContactsService, createPermissionsService } from './contacts'
import { createDraftService } from './drafts'
import { DEFAULT_TIMEOUT_MS } from './hostup/client'
import { createHistoryService } from './history'
import { createBatchService, createImportService } from './import'
import { sharedSheetReader } from './import/reader'
import type { Services } from './ipc'
import { createOutboxService } from './outbox'
import { createProfileService } from './profiles'
import type { AppLog } from './log'
import { createSecretStore, type SecretBackend, type SecretStore } from './secrets'
import { createDraftStore } from './store/drafts'
import { createHistoryStore } from './store/history'
import { BATCHES_DOCUMENT } from './store/batches'
import { createJsonDocument } from './store/json-document'
import { createOutboxStore } from './store/outbox'
import { createUpdates, type UpdatePolicy, type Updater } from './updates'

export interface ServiceOptions {
  /** Where every file of the app lives (in the app: `app.getPath('userData')`). */
  dataDir: string
  /** Keychain service name; tests and the harness pass one unique to the run. */
  secretService: string
  secretBackend?: SecretBackend
  isOnline: () => boolean
  version: string
  platform: string
  /** Main → renderer events (the app: `webContents.send`; the harness: `page.evaluate`). */
  emit: <E extends EventChannel>(event: E, payload: EventPayload<E>) => void
  /** The save dialog: a path, or null when the person cancelled. */
  chooseSavePath: (defaultName: string, format: ExportFormat) => Promise<string | null>
  /** Reveals a file in the system's file manager (the app: `shell.showItemInFolder`). */
  showItemInFolder?: (path: string) => void
  /** The open dialog for a spreadsheet (.csv, .xlsx): a path, or null when the person cancelled. */
  chooseOpenPath?: () => Promise<string | null>
  /** The built spreadsheet-reading worker (the app: electron-vite's `?modulePath`); default: its source. */
  importWorker?: string
  fetch?: typeof fetch
  timeoutMs?: number
  /** Backoff between automatic resends of a retryable contact (default 2 s doubling to 60 s). */
  outboxBackoff?: (attempt: number) => number
  /** The person chose a language (the bootstrap rebuilds the menu in it). */
  localeChanged?: (locale: Locale) => void
  /** Also told about every damaged file moved aside (the harness keeps a list). */
  notices?: (notice: StoreNotice) => void
  /** The app's log (the bootstrap's file log); told every secret the keychain handles, to mask it. */
  log?: AppLog
  /** Whether this run looks for updates (default: off, no feed); the bootstrap decides it at start. */
  updatePolicy?: UpdatePolicy
  /** `electron-updater`'s `autoUpdater` when updates are on and the package is there. */
  updater?: Updater | null
}

/** The keychain, telling the log every secret that passes through it so no line can carry one. */
function watched(store: SecretStore, log: AppLog | undefined): SecretStore {
  if (!log) return store
  return {
    ...store,
    async set(account, secret) {
      log.knowSecret(secret)
      return store.set(account, secret)
    },
    async get(account) {
      const result = await store.get(account)
      if (result.ok && typeof result.value === 'string') log.knowSecret(result.value)
      return result
    }
  }
}

/** Wires the plain-Node services together; shared by the Electron bootstrap and the harness. */
export async function createServices(options: ServiceOptions): Promise<Services> {
  const { dataDir: dir } = options
  // The stores refuse to recreate a data dir that vanished while running; at start it may be new.
  await mkdir(dir, { recursive: true })

  // A damaged file is kept in mind until the person dismisses it (a reloaded or reopened window asks
  // again: a file set aside before the first window asked is still told), and announced if one listens.
  let pendingNotices: StoreNotice[] = []
  const notices = (notice: StoreNotice): void => {
    options.log?.warn(`store: ${notice.kind} ${notice.file}`)
    pendingNotices.push(notice)
    options.notices?.(notice)
    options.emit('app:notice', notice)
  }

  const { log } = options
  const secrets = watched(createSecretStore(options.secretService, options.secretBackend), log)
  const profiles = createProfileService({
    dir,
    secrets,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    notices,
    onExchange: log ? (record) => log.exchange(record) : undefined
  })
  // The files the person saved through the app's save dialog in this run: the only ones it shows.
  const saved = new Set<string>()
  const chooseSavePath = async (name: string, format: ExportFormat): Promise<string | null> => {
    const path = await options.chooseSavePath(name, format)
    if (path !== null) saved.add(path)
    return path
  }
  const historyStore = createHistoryStore({ dir, notices })
  const history = createHistoryService({ store: historyStore, chooseSavePath })
  const drafts = createDraftStore({ dir, secrets, notices })
  const permissions = createPermissionsService({ profiles })
  // The language the person chose, for what main writes in words (a batch's report).
  let locale: Locale = 'en'
  // The outbox asks the batches which items wait; the batches need the outbox: bound once both exist.
  let held: (item: OutboxItem) => boolean = () => false
  const outbox = createOutboxService({
    drafts,
    store: createOutboxStore({ dir, notices }),
    profiles,
    async recordCreated(entry) {
      const profileName = entry.profileName ?? (await profiles.nameOf(entry.profileId))
      const { batchId, ...rest } = entry
      const batchName = batchId === undefined ? undefined : batches.nameOf(batchId)
      return history.record({
        ...rest,
        profileName,
        ...(batchId !== undefined && batchName !== undefined
          ? { batch: { id: batchId, name: batchName } }
          : {})
      })
    },
    async findCreated(id) {
      const found = await historyStore.get(id)
      if (!found.ok) return found
      const entry = found.value
      return ok(
        entry && { contactId: entry.contactId, ...(entry.requestId ? { requestId: entry.requestId } : {}) }
      )
    },
    isHeld: (item) => held(item),
    applyPermissions: (profileId, contactId, set) => permissions.apply(profileId, contactId, set),
    markHistoryPermissions: (historyId, state) => history.markPermissions(historyId, state),
    isOnline: options.isOnline,
    emit: (event) => options.emit('outbox:changed', event),
    backoff: options.outboxBackoff
  })

  const batches = createBatchService({
    file: createJsonDocument(BATCHES_DOCUMENT, { dir, notices }),
    drafts,
    outbox,
    history,
    password: (id) => drafts.password(id),
    forgetPassword: (id) => drafts.forgetPassword(id),
    chooseSavePath,
    locale: () => locale
  })
  held = batches.isHeld
  const updates = createUpdates({
    policy: options.updatePolicy ?? { enabled: false, reason: 'no-feed' },
    updater: options.updater ?? null,
    batchSending: () => batches.sending(),
    emit: (state) => options.emit('updates:changed', state),
    ...(log ? { log } : {})
  })
  const reader = sharedSheetReader(options.importWorker)
  const imports = createImportService({
    drafts,
    history,
    batches,
    reader,
    chooseOpenPath: options.chooseOpenPath ?? (async () => null)
  })

  return {
    profiles,
    drafts: createDraftService({ drafts, outbox }),
    imports,
    batches,
    outbox,
    contacts: createContactsService({ outbox, history, profiles, permissions }),
    history,
    updates,
    notices: () => [...pendingNotices],
    dismissNotice(movedTo) {
      pendingNotices = pendingNotices.filter((n) => n.movedTo !== movedTo)
      return null
    },
    appInfo: (): AppInfo => ({
      name: 'HostUp Contacts',
      version: options.version,
      platform: options.platform,
      online: options.isOnline(),
      requestTimeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    }),
    showInFolder(path) {
      if (!saved.has(path) || !options.showItemInFolder) return err('not_found', 'errors.app.notSaved')
      options.showItemInFolder(path)
      return ok(null)
    },
    setLocale: (chosen) => {
      locale = chosen
      options.localeChanged?.(chosen)
    },
    async start() {
      // Which batches are paused must be known before the outbox sends anything by itself.
      await batches.load()
      await outbox.start()
      // Reading 100,000 history entries takes about a second: do it now, in the background,
      // rather than on the first duplicate check or the first look at History.
      void history.query({ limit: 1 })
      updates.start()
    },
    onlineChanged: (online) => outbox.onlineChanged(online),
    async stop() {
      updates.stop()
      await outbox.stop()
      await drafts.flush()
    }
  }
}
