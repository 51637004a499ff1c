// Used by src/main/secrets.test.ts: writes a secret through the real keytar in whatever
// environment this process was started with, and prints the resulting error (or null) as JSON.
import { createSecretStore } from '../src/main/secrets'

async function main(): Promise<void> {
  const store = createSecretStore('hostup-contacts-probe', undefined, { timeoutMs: 10_000 })
  const result = await store.set('profile:probe', 'probe-secret-value')
  if (result.ok) await store.delete('profile:probe')
  process.stdout.write(JSON.stringify(result.ok ? null : result.error))
}

void main()
