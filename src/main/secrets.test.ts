import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AppError } from '../shared/result'
import { english, saying } from './testing/english'
import { createSecretStore, keychainError, type SecretBackend } from './secrets'

// These tests use the real OS keychain (a private gnome-keyring under `npm test` on Linux).
const runId = randomUUID().slice(0, 8)
const serviceA = `hostup-contacts-test-a-${runId}`
const serviceB = `hostup-contacts-test-b-${runId}`
const storeA = createSecretStore(serviceA)
const storeB = createSecretStore(serviceB)
const used: [typeof storeA, string][] = []

function account(kind: 'profile' | 'draft'): string {
  const name = `${kind}:${randomUUID()}`
  used.push([storeA, name], [storeB, name])
  return name
}

afterAll(async () => {
  for (const [store, name] of used) await store.delete(name)
})

describe('secret store on the real keychain', () => {
  it('sets, reads back, reports and deletes a secret', async () => {
    const name = account('profile')
    expect(await storeA.has(name)).toEqual({ ok: true, value: false })
    expect(await storeA.set(name, 'hk_live_1234567890')).toEqual({ ok: true, value: undefined })
    expect(await storeA.get(name)).toEqual({ ok: true, value: 'hk_live_1234567890' })
    expect(await storeA.has(name)).toEqual({ ok: true, value: true })
    expect(await storeA.delete(name)).toEqual({ ok: true, value: true })
    expect(await storeA.has(name)).toEqual({ ok: true, value: false })
    expect(await storeA.delete(name)).toEqual({ ok: true, value: false })
  })

  it('overwrites a secret instead of adding a second one', async () => {
    const name = account('profile')
    await storeA.set(name, 'first-value')
    await storeA.set(name, 'second-value')
    expect(await storeA.get(name)).toEqual({ ok: true, value: 'second-value' })
  })

  it('keeps two services apart', async () => {
    const name = account('draft')
    await storeA.set(name, 'secret-of-a')
    expect(await storeB.has(name)).toEqual({ ok: true, value: false })
    await storeB.set(name, 'secret-of-b')
    expect(await storeA.get(name)).toEqual({ ok: true, value: 'secret-of-a' })
    expect(await storeB.get(name)).toEqual({ ok: true, value: 'secret-of-b' })
    await storeB.delete(name)
    expect(await storeA.get(name)).toEqual({ ok: true, value: 'secret-of-a' })
  })

  it('stores unicode and a 2,000-character value exactly', async () => {
    const unicode = account('draft')
    const value = 'Lösenord 李 🔑 ñ\u00a0 trailing space '
    await storeA.set(unicode, value)
    expect(await storeA.get(unicode)).toEqual({ ok: true, value })

    const long = account('profile')
    const longValue = Array.from({ length: 2000 }, (_, i) => 'abcdefghij0123456789åäö'[i % 23]).join('')
    await storeA.set(long, longValue)
    const back = await storeA.get(long)
    expect(back.ok && back.value.length).toBe(2000)
    expect(back).toEqual({ ok: true, value: longValue })
  })

  it('says "not found or locked" for a missing secret, never just "no key"', async () => {
    const result = await storeA.get(account('profile'))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('not_found')
    expect(english(result.error)).toMatch(/locked/)
  })

  it('refuses account names outside profile:/draft: and empty or oversized secrets', async () => {
    expect((await storeA.get('login')).ok).toBe(false)
    expect((await storeA.set('profile:../../etc', 'x')).ok).toBe(false)
    const name = account('profile')
    const empty = await storeA.set(name, '')
    expect(!empty.ok && empty.error.code).toBe('validation')
    const huge = await storeA.set(name, 'x'.repeat(10_000))
    expect(!huge.ok && huge.error.code).toBe('validation')
  })
})

describe('secret store without a usable keychain', () => {
  // A real keytar in a child process whose environment has no session bus: the same failure a
  // person gets on a Linux machine without a desktop session.
  const script = resolve(__dirname, '../../scripts/secret-store-probe.ts')
  const run = (env: NodeJS.ProcessEnv): AppError => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      encoding: 'utf8',
      timeout: 15_000
    })
    expect(child.status, child.stderr).toBe(0)
    return JSON.parse(child.stdout) as AppError
  }

  it.runIf(process.platform === 'linux')('reports keychain_unavailable when there is no session bus', () => {
    const error = run({})
    expect(error.code).toBe('keychain_unavailable')
    expect(english(error)).toMatch(/desktop session|keyring/i)
    expect(JSON.stringify(error)).not.toContain('probe-secret-value')
  })

  it.runIf(process.platform === 'linux')(
    'reports keychain_unavailable when the bus address points nowhere',
    () => {
      const error = run({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/hostup-bus' })
      expect(error.code).toBe('keychain_unavailable')
      expect(JSON.stringify(error)).not.toContain('probe-secret-value')
    }
  )

  it.runIf(process.platform === 'linux')('reports keychain_locked when the keyring is locked', () => {
    const child = spawnSync(
      'dbus-run-session',
      ['--', 'bash', resolve(__dirname, '../../scripts/locked-keyring-probe.sh')],
      {
        encoding: 'utf8',
        timeout: 20_000
      }
    )
    expect(child.status, child.stderr).toBe(0)
    const error = JSON.parse(child.stdout) as AppError
    expect(error.code).toBe('keychain_locked')
    expect(english(error)).toMatch(/unlock/i)
  })

  it('tells the person what to install when no Secret Service exists', () => {
    // keytar's exact message on a Linux session bus with no keyring package installed.
    expect(
      keychainError(new Error('The name org.freedesktop.secrets was not provided by any .service files'))
    ).toMatchObject({
      code: 'keychain_unavailable',
      message: saying(/install .*gnome-keyring/i)
    })
  })

  it('turns a keychain that never answers into keychain_unavailable instead of hanging', async () => {
    // The one stand-in here: a backend that never settles, as a hung keyring daemon does.
    const hung: SecretBackend = {
      getPassword: () => new Promise(() => undefined),
      setPassword: () => new Promise(() => undefined),
      deletePassword: () => new Promise(() => undefined)
    }
    const store = createSecretStore('hostup-contacts-hung', hung, { timeoutMs: 50 })
    const result = await store.get('profile:abc')
    expect(!result.ok && result.error.code).toBe('keychain_unavailable')
  })
})

describe('keychain round trips', () => {
  // The real keychain, with every call to it counted.
  async function counted(): Promise<{ backend: SecretBackend; calls: string[] }> {
    const keytar = (await import('keytar')).default
    const calls: string[] = []
    const backend: SecretBackend = {
      getPassword: (s, a) => (calls.push('get'), keytar.getPassword(s, a)),
      setPassword: (s, a, p) => (calls.push('set'), keytar.setPassword(s, a, p)),
      deletePassword: (s, a) => (calls.push('delete'), keytar.deletePassword(s, a))
    }
    return { backend, calls }
  }

  it('reads an entry from the keychain once, and then knows it', async () => {
    const { backend, calls } = await counted()
    const name = account('profile')
    await storeA.set(name, 'hk_live_read_once')
    const store = createSecretStore(serviceA, backend)
    for (let i = 0; i < 3; i += 1)
      expect(await store.get(name)).toEqual({ ok: true, value: 'hk_live_read_once' })
    expect(await store.has(name)).toEqual({ ok: true, value: true })
    expect(calls).toEqual(['get'])
  })

  it('does not write the same secret twice, and writes a changed one', async () => {
    const { backend, calls } = await counted()
    const store = createSecretStore(serviceB, backend)
    const name = account('draft')
    await store.set(name, 'Sommar-Regn-2026!')
    await store.set(name, 'Sommar-Regn-2026!')
    await store.set(name, 'Vinter-Sol-2027!')
    expect(await store.get(name)).toEqual({ ok: true, value: 'Vinter-Sol-2027!' })
    expect(calls).toEqual(['set', 'set'])
    // What this store wrote is what the keychain holds.
    expect(await createSecretStore(serviceB).get(name)).toEqual({ ok: true, value: 'Vinter-Sol-2027!' })
  })

  it('knows a deleted entry is gone, and a failed write is not taken for done', async () => {
    const { backend, calls } = await counted()
    const name = account('draft')
    let failing = false
    const store = createSecretStore(serviceA, {
      ...backend,
      setPassword: (s, a, p) =>
        failing
          ? Promise.reject(new Error('Cannot create an item in a locked collection'))
          : backend.setPassword(s, a, p)
    })
    await store.set(name, 'first-secret')
    await store.delete(name)
    expect(await store.get(name)).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(calls).toEqual(['set', 'delete'])
    failing = true
    expect(await store.set(name, 'second-secret')).toMatchObject({
      ok: false,
      error: { code: 'keychain_locked' }
    })
    expect(await store.get(name)).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(calls).toEqual(['set', 'delete', 'get'])
  })

  it('does not delete again an entry it knows holds nothing', async () => {
    const { backend, calls } = await counted()
    const name = account('draft')
    const store = createSecretStore(serviceA, backend)
    await store.set(name, 'a-secret')
    expect(await store.delete(name)).toEqual({ ok: true, value: true })
    expect(await store.delete(name)).toEqual({ ok: true, value: false })
    expect(calls).toEqual(['set', 'delete'])
  })
})
