/**
 * Test support only: a recording stand-in for electron-updater's `autoUpdater`. It decides nothing:
 * every call is recorded in order, and a test plays the updater's events (a version downloaded, an
 * error) as the real one would emit them.
 */
import type { DownloadedUpdate, Updater } from '../updates'

export interface RecordingUpdater extends Updater {
  calls: { method: string; args: unknown[] }[]
  /** The method names called, in order. */
  names(): string[]
  /** Emits `update-downloaded` as electron-updater does once a newer version is on disk. */
  downloaded(info: DownloadedUpdate): void
  failed(error: Error): void
}

export function recordingUpdater(options: { checkFails?: boolean } = {}): RecordingUpdater {
  const listeners = new Map<string, ((value: never) => void)[]>()
  const calls: RecordingUpdater['calls'] = []
  const emit = (event: string, value: unknown): void => {
    for (const listener of listeners.get(event) ?? []) (listener as (v: unknown) => void)(value)
  }
  let autoDownload = false
  let autoInstallOnAppQuit = true
  const updater: RecordingUpdater = {
    calls,
    names: () => calls.map((c) => c.method),
    get autoDownload() {
      return autoDownload
    },
    set autoDownload(value: boolean) {
      calls.push({ method: 'autoDownload=', args: [value] })
      autoDownload = value
    },
    get autoInstallOnAppQuit() {
      return autoInstallOnAppQuit
    },
    set autoInstallOnAppQuit(value: boolean) {
      calls.push({ method: 'autoInstallOnAppQuit=', args: [value] })
      autoInstallOnAppQuit = value
    },
    setFeedURL(feed) {
      calls.push({ method: 'setFeedURL', args: [feed] })
    },
    async checkForUpdates() {
      calls.push({ method: 'checkForUpdates', args: [] })
      if (options.checkFails) throw new Error('net::ERR_NAME_NOT_RESOLVED https://updates.example/latest.yml')
      return null
    },
    on(event: string, listener: (value: never) => void) {
      calls.push({ method: 'on', args: [event] })
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return updater
    },
    quitAndInstall(...args: unknown[]) {
      calls.push({ method: 'quitAndInstall', args })
    },
    downloaded: (info) => emit('update-downloaded', info),
    failed: (error) => emit('error', error)
  }
  return updater
}
