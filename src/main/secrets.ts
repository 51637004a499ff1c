import * as keytarModule from 'keytar'
import { err, ok, type AppError, type Result } from '../shared/result'

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

/** Accounts are `profile:<id>`, `draft:<id>` or `login:<id>` (an import's login details); anything else is a bug. */
const ACCOUNT_PATTERN = /^(profile|draft|login):[A-Za-z0-9_-]{1,64}$/
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
 *
 * Main is the keychain entries' one writer (the app runs once per user), so what it last wrote or
 * read of an entry is what the entry holds: that is answered from memory, in main only, and a write
 * of the same secret again is not made. A keychain round trip costs milliseconds (a D-Bus call, on
 * macOS a prompt at worst); a send used to make three, an autosave one on every key.
 */
export function createSecretStore(
  service: string,
  backend: SecretBackend = loadKeytar(),
  options: SecretStoreOptions = {}
): SecretStore {
  if (!service.trim()) throw new Error('createSecretStore: the service name must not be empty')
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS

  async function call<T>(account: string, op: () => Promise<T>): Promise<Result<T>> {
    // Only a bug can name another entry; its name is not repeated (it is the caller's, not the person's).
    if (!ACCOUNT_PATTERN.test(account)) return err('internal', 'errors.app.unexpected')
    try {
      return ok(await withTimeout(op(), timeoutMs))
    } catch (error) {
      return { ok: false, error: keychainError(error) }
    }
  }

  // Per entry: the secret it holds (null: none), as this store last wrote or read it.
  const known = new Map<string, string | null>()

  async function read(account: string): Promise<Result<string | null>> {
    if (known.has(account) && ACCOUNT_PATTERN.test(account)) return ok(known.get(account) ?? null)
    const result = await call(account, () => backend.getPassword(service, account))
    if (result.ok) known.set(account, result.value)
    return result
  }

  return {
    service,
    async set(account, secret) {
      if (typeof secret !== 'string' || secret.length === 0 || secret.length > MAX_SECRET_LENGTH) {
        return err('validation', 'errors.keychain.secretLength', { params: { max: MAX_SECRET_LENGTH } })
      }
      if (known.get(account) === secret && ACCOUNT_PATTERN.test(account)) return ok(undefined)
      // Until the keychain says it is written, what it holds is not known.
      known.delete(account)
      const result = await call(account, () => backend.setPassword(service, account, secret))
      if (result.ok) known.set(account, secret)
      return result
    },
    async get(account) {
      const result = await read(account)
      if (!result.ok) return result
      if (result.value === null) {
        return err('not_found', 'errors.keychain.notFound')
      }
      return ok(result.value)
    },
    async has(account) {
      const result = await read(account)
      return result.ok ? ok(result.value !== null) : result
    },
    async delete(account) {
      // Known to hold nothing (deleted or read empty by this store): no round trip to say so again.
      if (known.has(account) && known.get(account) === null && ACCOUNT_PATTERN.test(account)) return ok(false)
      known.delete(account)
      const result = await call(account, () => backend.deletePassword(service, account))
      if (result.ok) known.set(account, null)
      return result
    }
  }
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
export function keychainError(error: unknown): AppError {
  const raw = error instanceof Error ? error.message : String(error)
  const failure = (
    code: 'keychain_unavailable' | 'keychain_locked',
    message: AppError['message']
  ): AppError => ({
    code,
    message
  })
  if (error instanceof KeychainTimeout) return failure('keychain_unavailable', 'errors.keychain.timeout')
  if (/locked collection|is locked|user canceled|cancelled/i.test(raw))
    return failure('keychain_locked', 'errors.keychain.locked')
  if (/not provided by any \.service files/i.test(raw))
    return failure('keychain_unavailable', 'errors.keychain.noService')
  if (/autolaunch D-Bus|Could not connect|DBUS_SESSION_BUS_ADDRESS|org\.freedesktop/i.test(raw))
    return failure('keychain_unavailable', 'errors.keychain.noBus')
  // The keychain's own words, for the Details: they name the system's failure, never a secret.
  return { ...failure('keychain_unavailable', 'errors.keychain.refused'), cause: truncate(raw) }
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
