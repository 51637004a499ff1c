import type { AppInfo } from '../shared/ipc'
import { createContactService } from './contacts'
import type { Services } from './ipc'
import { createProfileService } from './profiles'
import { createSecretStore, type SecretBackend } from './secrets'
import type { StoreNotice } from './store/json-file'

export interface ServiceOptions {
  /** Where every file of the app lives (in the app: `app.getPath('userData')`). */
  dataDir: string
  /** Keychain service name; tests and the harness pass one unique to the run. */
  secretService: string
  secretBackend?: SecretBackend
  isOnline: () => boolean
  version: string
  platform: string
  fetch?: typeof fetch
  timeoutMs?: number
  notices?: (notice: StoreNotice) => void
}

/** Wires the plain-Node services together; shared by the Electron bootstrap and the harness. */
export async function createServices(options: ServiceOptions): Promise<Services> {
  const secrets = createSecretStore(options.secretService, options.secretBackend)
  const profiles = createProfileService({
    dir: options.dataDir,
    secrets,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    notices: options.notices
  })
  return {
    profiles,
    contacts: createContactService({ profiles }),
    appInfo: (): AppInfo => ({
      name: 'HostUp Contacts',
      version: options.version,
      platform: options.platform,
      online: options.isOnline()
    })
  }
}
