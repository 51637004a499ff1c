/** Test support: a keychain in memory, for tests that need a backend but not the OS keychain itself. */
import type { SecretBackend } from '../secrets'

export interface MemoryBackend extends SecretBackend {
  /** `service\0account` → secret. */
  readonly entries: Map<string, string>
}

export function memorySecretBackend(
  seed: { service: string; account: string; password: string }[] = []
): MemoryBackend {
  const entries = new Map(seed.map((e) => [`${e.service}\u0000${e.account}`, e.password]))
  return {
    entries,
    getPassword: async (service, account) => entries.get(`${service}\u0000${account}`) ?? null,
    setPassword: async (service, account, password) => {
      entries.set(`${service}\u0000${account}`, password)
    },
    deletePassword: async (service, account) => entries.delete(`${service}\u0000${account}`)
  }
}
