import { mkdir } from 'node:fs/promises'
import type { ExportFormat } from '../shared/history'
import type { Locale } from '../shared/i18n'
import type { AppInfo, EventChannel, EventPayload } from '../shared/ipc'
import type { StoreNotice } from '../shared/notice'
import { createContactsService, createPermissionsService } from './contacts'
import { createDraftService } from './drafts'
import { createHistoryService } from './history'
import type { Services } from './ipc'
import { createOutboxService } from './outbox'
import { createProfileService } from './profiles'
import { createSecretStore, type SecretBackend } from './secrets'
import { createDraftStore } from './store/drafts'
import { createHistoryStore } from './store/history'
import { createOutboxStore } from './store/outbox'

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
  fetch?: typeof fetch
  timeoutMs?: number
  /** Backoff between automatic resends of a retryable contact (default 2 s doubling to 60 s). */
  outboxBackoff?: (attempt: number) => number
  /** The person chose a language (the bootstrap rebuilds the menu in it). */
  localeChanged?: (locale: Locale) => void
  /** Also told about every damaged file moved aside (the harness keeps a list). */
  notices?: (notice: StoreNotice) => void
}

/** Wires the plain-Node services together; shared by the Electron bootstrap and the harness. */
export async function createServices(options: ServiceOptions): Promise<Services> {
  const { dataDir: dir } = options
  // The stores refuse to recreate a data dir that vanished while running; at start it may be new.
  await mkdir(dir, { recursive: true })

  // A damaged file is told once: kept until the renderer asks, and announced if it is listening.
  let pendingNotices: StoreNotice[] = []
  const notices = (notice: StoreNotice): void => {
    pendingNotices.push(notice)
    options.notices?.(notice)
    options.emit('app:notice', notice)
  }

  const secrets = createSecretStore(options.secretService, options.secretBackend)
  const profiles = createProfileService({
    dir,
    secrets,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    notices
  })
  const history = createHistoryService({
    store: createHistoryStore({ dir, notices }),
    chooseSavePath: options.chooseSavePath
  })
  const drafts = createDraftStore({ dir, secrets, notices })
  const permissions = createPermissionsService({ profiles })
  const outbox = createOutboxService({
    drafts,
    store: createOutboxStore({ dir, notices }),
    profiles,
    async recordCreated(entry) {
      const profileName = entry.profileName ?? (await profiles.nameOf(entry.profileId))
      return history.record({ ...entry, profileName })
    },
    applyPermissions: (profileId, contactId, set) => permissions.apply(profileId, contactId, set),
    markHistoryPermissions: (historyId, state) => history.markPermissions(historyId, state),
    isOnline: options.isOnline,
    emit: (event) => options.emit('outbox:changed', event),
    backoff: options.outboxBackoff
  })

  return {
    profiles,
    drafts: createDraftService({ drafts, outbox }),
    outbox,
    contacts: createContactsService({ outbox, history, profiles, permissions }),
    history,
    drainNotices() {
      const told = pendingNotices
      pendingNotices = []
      return told
    },
    appInfo: (): AppInfo => ({
      name: 'HostUp Contacts',
      version: options.version,
      platform: options.platform,
      online: options.isOnline()
    }),
    setLocale: (locale) => options.localeChanged?.(locale),
    async start() {
      await outbox.start()
      // Reading 100,000 history entries takes about a second: do it now, in the background,
      // rather than on the first duplicate check or the first look at History.
      void history.query({ limit: 1 })
    },
    onlineChanged: (online) => outbox.onlineChanged(online),
    stop: () => outbox.stop()
  }
}
