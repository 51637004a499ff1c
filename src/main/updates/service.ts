import { err, ok, type Result } from '../../shared/result'
import { MAX_NOTES_LENGTH, type UpdateState } from '../../shared/updates'
import type { UpdatePolicy } from './policy'
import type { DownloadedUpdate, Updater } from './updater'

export interface UpdatesService {
  status(): UpdateState
  /** Turns the updater on (when the policy allows) and checks now and every `intervalMs`. */
  start(): void
  /** One check for a newer version; put off while a batch is sending. */
  check(): Promise<void>
  /** The person chose to restart: installs the downloaded version, unless a batch is sending. */
  restart(): Promise<Result<null>>
  stop(): void
}

export interface UpdatesDeps {
  policy: UpdatePolicy
  /** `electron-updater`'s `autoUpdater`; null when it is not installed. */
  updater: Updater | null
  /** Whether a batch is sending now (src/main/import batches): no check and no restart then. */
  batchSending(): Promise<boolean>
  emit(state: UpdateState): void
  log?: { info(line: string): void; warn(line: string): void }
  /** Between checks (default 4 hours). */
  intervalMs?: number
}

const FOUR_HOURS = 4 * 60 * 60 * 1000
const VERSION = /^[0-9A-Za-z.+-]{1,64}$/

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' }

/** Release notes as plain text: HTML tags dropped (they are never rendered as HTML), at most MAX_NOTES_LENGTH. */
export function notesText(notes: DownloadedUpdate['releaseNotes']): string {
  const raw =
    typeof notes === 'string'
      ? notes
      : Array.isArray(notes)
        ? notes.map((n) => [n.version, n.note ?? ''].filter(Boolean).join(': ')).join('\n')
        : ''
  const text = raw
    .replace(/<(br|\/p|\/li|\/h[1-6])\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return text.length > MAX_NOTES_LENGTH ? `${text.slice(0, MAX_NOTES_LENGTH - 1)}…` : text
}

export function createUpdates(deps: UpdatesDeps): UpdatesService {
  const { policy, updater, log } = deps
  let state: UpdateState = !policy.enabled
    ? { state: 'off', reason: policy.reason }
    : updater
      ? { state: 'idle' }
      : { state: 'off', reason: 'no-updater' }
  let timer: ReturnType<typeof setInterval> | undefined
  let checking = false
  let started = false

  function set(next: UpdateState): void {
    state = next
    deps.emit(next)
  }

  async function check(): Promise<void> {
    if (!updater || state.state !== 'idle' || checking) return
    checking = true
    try {
      if (await deps.batchSending()) {
        log?.info('updates: check put off while a batch is sending')
        return
      }
      // A failed check is told by the updater's 'error' event (logged there); the app goes on.
      await updater.checkForUpdates().catch(() => undefined)
    } finally {
      checking = false
    }
  }

  return {
    status: () => state,
    check,
    start() {
      if (started) return
      started = true
      if (state.state === 'off') {
        log?.info(`updates: off (${state.reason})`)
        return
      }
      if (!updater || !policy.enabled) return
      // Downloaded in the background, installed only when the person restarts: never on quit by surprise.
      updater.autoDownload = true
      updater.autoInstallOnAppQuit = false
      updater.setFeedURL({ provider: 'generic', url: policy.feedUrl })
      updater.on('update-downloaded', (info) => {
        if (typeof info?.version !== 'string' || !VERSION.test(info.version)) {
          log?.warn('updates: a download arrived without a usable version; ignored')
          return
        }
        log?.info(`updates: version ${info.version} downloaded; installs when the person restarts`)
        set({ state: 'ready', version: info.version, notes: notesText(info.releaseNotes) })
      })
      updater.on('error', (error) => {
        log?.warn(
          `updates: the check or download failed (${error instanceof Error ? error.name : 'unknown'})`
        )
      })
      log?.info('updates: on')
      void check()
      timer = setInterval(() => void check(), deps.intervalMs ?? FOUR_HOURS)
      timer.unref?.()
    },
    async restart() {
      if (!updater || state.state !== 'ready') return err('not_found', 'errors.updates.nothingToInstall')
      if (await deps.batchSending()) return err('busy', 'errors.updates.batchSending')
      log?.info(`updates: restarting to install version ${state.version}`)
      try {
        updater.quitAndInstall(false, true)
      } catch (error) {
        log?.warn(`updates: the install could not start (${error instanceof Error ? error.name : 'unknown'})`)
        return err('internal', 'errors.updates.installFailed')
      }
      return ok(null)
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = undefined
    }
  }
}
