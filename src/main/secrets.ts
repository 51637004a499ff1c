import * as keytarModule from 'keytar'
import { err, ok, type Result } from '../shared/result'

/** What the secret store needs from an OS keychain: keytar's shape, so keytar itself fits. */
export interface SecretBackend {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export interface SecretStore {
  readonly service: string
  set(account: string, secret: string): Promise<Result<void>>
  /**
   * `not_found` when the keychain answered "nothing": on Linux a locked keyring answers the
   * same way as an empty one, so the message says both.
   */
  get(account: string): Promise<Result<string>>
  has(account: string): Promise<Result<boolean>>
  /** Resolves `false` when there was nothing to delete. */
  delete(account: string): Promise<Result<boolean>>
}

/** Accounts are `profile:<id>` or `draft:<id>`; anything else is a programming error. */
const ACCOUNT_PATTERN = /^(profile|draft):[A-Za-z0-9_-]{1,64}$/
const MAX_SECRET_LENGTH = 8192
/** Long enough for a person to answer an unlock prompt; short enough that a dead daemon is reported. */
const DEFAULT_TIMEOUT_MS = 60_000

export interface SecretStoreOptions {
  timeoutMs?: number
}

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service) behind
 * one service name. Every failure becomes a `Result` with a code and a message that says what
 * to install or unlock; no message ever contains a secret.
 */
export function createSecretStore(
  service: string,
  backend: SecretBackend = loadKeytar(),
  options: SecretStoreOptions = {}
): SecretStore {
  if (!service.trim()) throw new Error('createSecretStore: the service name must not be empty')
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS

  async function call<T>(account: string, op: () => Promise<T>): Promise<Result<T>> {
    if (!ACCOUNT_PATTERN.test(account))
      return err('validation', `Not a keychain entry name: ${describe(account)}`)
    try {
      return ok(await withTimeout(op(), timeoutMs))
    } catch (error) {
      return { ok: false, error: keychainError(error) }
    }
  }

  return {
    service,
    async set(account, secret) {
      if (typeof secret !== 'string' || secret.length === 0 || secret.length > MAX_SECRET_LENGTH) {
        return err('validation', `A secret must be 1 to ${MAX_SECRET_LENGTH} characters long.`)
      }
      return call(account, () => backend.setPassword(service, account, secret))
    },
    async get(account) {
      const result = await call(account, () => backend.getPassword(service, account))
      if (!result.ok) return result
      if (result.value === null) {
        return err(
          'not_found',
          'Nothing was found in the keychain for this entry, or the keychain is locked. Unlock your keychain, or set the value again.'
        )
      }
      return ok(result.value)
    },
    async has(account) {
      const result = await call(account, () => backend.getPassword(service, account))
      return result.ok ? ok(result.value !== null) : result
    },
    async delete(account) {
      return call(account, () => backend.deletePassword(service, account))
    }
  }
}

/** Only names whose shape is safe to echo: an account name never holds a secret, but stay brief. */
function describe(account: string): string {
  return JSON.stringify(account.slice(0, 40))
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeychainTimeout()), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      }
    )
  })
}

class KeychainTimeout extends Error {
  constructor() {
    super('keychain timeout')
  }
}

/**
 * keytar reports Secret Service failures as bare messages (see NOTES-MACHINE.md); each is
 * turned into advice a person can act on.
 */
export function keychainError(error: unknown): {
  code: 'keychain_unavailable' | 'keychain_locked'
  message: string
} {
  const raw = error instanceof Error ? error.message : String(error)
  if (error instanceof KeychainTimeout) {
    return {
      code: 'keychain_unavailable',
      message:
        'The keychain did not answer in time. Make sure your keyring is running and unlocked, then try again.'
    }
  }
  if (/locked collection|is locked|user canceled|cancelled/i.test(raw)) {
    return {
      code: 'keychain_locked',
      message:
        'The keychain is locked. Unlock it (for example by logging in to your desktop session) and try again.'
    }
  }
  if (/not provided by any \.service files/i.test(raw)) {
    return {
      code: 'keychain_unavailable',
      message:
        'No keychain service is installed. Install a Secret Service provider such as GNOME Keyring (sudo apt install gnome-keyring) or KeePassXC with Secret Service enabled, then restart the app.'
    }
  }
  if (/autolaunch D-Bus|Could not connect|DBUS_SESSION_BUS_ADDRESS|org\.freedesktop/i.test(raw)) {
    return {
      code: 'keychain_unavailable',
      message:
        'No keychain is reachable: the app found no desktop session bus. Run the app inside a desktop session with a keyring (GNOME Keyring or KWallet) running, then try again.'
    }
  }
  return {
    code: 'keychain_unavailable',
    message: `The OS keychain refused the request (${truncate(raw)}). Check that your keychain is available and unlocked, then try again.`
  }
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > 160 ? `${oneLine.slice(0, 157)}…` : oneLine
}

/** keytar is CommonJS: bundlers give its functions directly, Node's ESM loader under `default`. */
function loadKeytar(): SecretBackend {
  const mod = keytarModule as SecretBackend & { default?: SecretBackend }
  return mod.default ?? mod
}
