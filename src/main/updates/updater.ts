/**
 * What the app needs of `electron-updater`'s `autoUpdater`: its shape, so the real one fits and a
 * test can hand in a recording stand-in. The package is loaded only when updates are on.
 */
export interface ReleaseNote {
  version: string
  note: string | null
}

export interface DownloadedUpdate {
  version: string
  releaseNotes?: string | readonly ReleaseNote[] | null
}

export interface Updater {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  setFeedURL(options: { provider: 'generic'; url: string }): void
  checkForUpdates(): Promise<unknown>
  on(event: 'update-downloaded', listener: (info: DownloadedUpdate) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
}

/** The package's name; the bootstrap imports it by this name only when updates are on. */
export const UPDATER_MODULE = 'electron-updater'

const METHODS = ['setFeedURL', 'checkForUpdates', 'on', 'quitAndInstall'] as const

function isUpdater(value: unknown): value is Updater {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return METHODS.every((name) => typeof record[name] === 'function')
}

/**
 * `electron-updater`'s `autoUpdater`, or null with one logged line when the package is not installed
 * or is not what it should be: the app runs on without updates.
 */
export async function loadUpdater(
  importModule: () => Promise<unknown>,
  log: (line: string) => void
): Promise<Updater | null> {
  let loaded: unknown
  try {
    loaded = await importModule()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown'
    log(`updates: off, ${UPDATER_MODULE} could not be loaded (${code}); install it to turn updates on`)
    return null
  }
  let candidate: unknown
  try {
    // electron-updater makes the platform's updater when `autoUpdater` is first read: that may throw.
    const record = (typeof loaded === 'object' && loaded !== null ? loaded : {}) as Record<string, unknown>
    const fromDefault = record['default']
    candidate =
      record['autoUpdater'] ??
      (typeof fromDefault === 'object' && fromDefault !== null
        ? (fromDefault as Record<string, unknown>)['autoUpdater']
        : undefined)
  } catch {
    candidate = undefined
  }
  if (!isUpdater(candidate)) {
    log(`updates: off, ${UPDATER_MODULE} has no usable autoUpdater`)
    return null
  }
  return candidate
}
