import { randomBytes, randomUUID } from 'node:crypto'
import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../../e2e/sandbox'
import {
  defaultProfileColor,
  PROFILE_COLORS,
  type KeyStatus,
  type Profile,
  type ProfileInput
} from '../../shared/profile'
import type { Result } from '../../shared/result'
import { createProfileService, type ProfileService, type ProfileServiceDeps } from './service'
import { createSecretStore, type SecretBackend } from '../secrets'
import type { StoreNotice } from '../../shared/notice'
import { defaultPresets } from '../../shared/permissions'
import { parsers } from '../ipc'
import { english } from '../testing/english'

/** What the `profiles:save` handler does: the raw payload through the boundary's parser, then the service. */
async function saveThrough(profiles: ProfileService, payload: unknown): Promise<Result<Profile>> {
  const input = parsers['profiles:save'](payload)
  return input.ok ? profiles.save(input.value) : input
}

/** What the `apiKey:set` handler does. */
async function setKeyThrough(
  profiles: ProfileService,
  profileId: string,
  apiKey: unknown
): Promise<Result<KeyStatus>> {
  const request = parsers['apiKey:set']({ profileId, apiKey })
  return request.ok ? profiles.setKey(request.value.profileId, request.value.apiKey) : request
}

// Real files, the real keychain (a private gnome-keyring under `with-keyring.sh`) and the real sandbox.
const secrets = createSecretStore(`hostup-contacts-test-${randomUUID()}`)
const usedProfileIds = new Set<string>()

let sandbox: Sandbox
let dir: string
let notices: StoreNotice[]
let clock: Date

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
})

afterAll(async () => {
  for (const id of usedProfileIds) await secrets.delete(`profile:${id}`)
  await sandbox.close()
})

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'hostup-profiles-'))
  notices = []
  clock = new Date('2024-05-01T10:00:00.000Z')
})

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

function service(extra: Partial<ProfileServiceDeps> = {}): ProfileService {
  return createProfileService({
    dir,
    secrets,
    timeoutMs: 5_000,
    now: () => clock,
    notices: (n) => notices.push(n),
    ...extra
  })
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.value
}

async function create(profiles: ProfileService, input: ProfileInput): Promise<string> {
  const { id } = value(await saveThrough(profiles, input))
  usedProfileIds.add(id)
  return id
}

const sandboxProfile = (name = 'Sandbox'): ProfileInput => ({ name, baseUrl: sandbox.url })

function canaryKey(): string {
  return `hk_canary_${randomBytes(24).toString('hex')}`
}

describe('profiles', () => {
  it('creates a profile with a fresh ID and selects the first one', async () => {
    const profiles = service()
    expect(value(await profiles.list())).toEqual({ profiles: [], selectedId: null })

    const first = value(
      await saveThrough(profiles, { name: 'Acme AB', baseUrl: 'https://cloud.hostup.se/api' })
    )
    usedProfileIds.add(first.id)
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Acme AB',
      baseUrl: 'https://cloud.hostup.se/api',
      presets: defaultPresets(),
      color: defaultProfileColor(first.id),
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedAt: '2024-05-01T10:00:00.000Z'
    })
    const second = await create(profiles, { name: 'Beta HB', baseUrl: 'https://cloud.hostup.se/api' })

    const state = value(await profiles.list())
    expect(state.profiles.map((p) => p.id)).toEqual([first.id, second])
    expect(state.selectedId).toBe(first.id)
  })

  it('renames a profile and changes its base URL, keeping its ID and creation time', async () => {
    const profiles = service()
    const id = await create(profiles, { name: 'Acme', baseUrl: 'https://cloud.hostup.se/api' })
    clock = new Date('2024-05-02T12:00:00.000Z')

    const renamed = value(
      await saveThrough(profiles, { id, name: '  Acme AB  ', baseUrl: 'https://staging.hostup.se/api/' })
    )
    expect(renamed).toEqual({
      id,
      name: 'Acme AB',
      baseUrl: 'https://staging.hostup.se/api',
      presets: defaultPresets(),
      color: defaultProfileColor(id),
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedAt: '2024-05-02T12:00:00.000Z'
    })
    expect(value(await profiles.list()).profiles).toEqual([renamed])
  })

  it('refuses a second profile with the same name in any case', async () => {
    const profiles = service()
    await create(profiles, { name: 'Acme AB', baseUrl: 'https://cloud.hostup.se/api' })
    const other = await create(profiles, { name: 'Beta', baseUrl: 'https://cloud.hostup.se/api' })

    const duplicate = await saveThrough(profiles, {
      name: ' acme ab',
      baseUrl: 'https://cloud.hostup.se/api'
    })
    expect(duplicate).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { name: 'profile.name.taken' } }
    })
    const renamed = await saveThrough(profiles, {
      id: other,
      name: 'ACME AB',
      baseUrl: 'https://cloud.hostup.se/api'
    })
    expect(renamed).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { name: 'profile.name.taken' } }
    })
    expect(value(await profiles.list()).profiles.map((p) => p.name)).toEqual(['Acme AB', 'Beta'])
  })

  it('lets a profile change the case of its own name', async () => {
    const profiles = service()
    const id = await create(profiles, { name: 'acme', baseUrl: 'https://cloud.hostup.se/api' })
    expect(
      value(await saveThrough(profiles, { id, name: 'Acme', baseUrl: 'https://cloud.hostup.se/api' })).name
    ).toBe('Acme')
  })

  it('creates only one of two profiles with the same name saved at once', async () => {
    const profiles = service()
    const results = await Promise.all([
      saveThrough(profiles, { name: 'Twin', baseUrl: 'https://cloud.hostup.se/api' }),
      saveThrough(profiles, { name: 'twin', baseUrl: 'https://cloud.hostup.se/api' })
    ])
    for (const r of results) if (r.ok) usedProfileIds.add(r.value.id)
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(value(await profiles.list()).profiles).toHaveLength(1)
  })

  it('refuses a plain-http base URL on the internet and accepts a loopback one, normalized', async () => {
    const profiles = service()
    const refused = await saveThrough(profiles, { name: 'Plain', baseUrl: 'http://example.com/api' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { baseUrl: 'profile.baseUrl.invalid' } }
    })

    const local = value(await saveThrough(profiles, { name: 'Local', baseUrl: 'http://127.0.0.1:4010/api/' }))
    usedProfileIds.add(local.id)
    expect(local.baseUrl).toBe('http://127.0.0.1:4010/api')
    expect(value(await profiles.list()).profiles.map((p) => p.name)).toEqual(['Local'])
  })

  it('checks a payload field by field at the boundary', async () => {
    const profiles = service()
    const bad = { name: '', baseUrl: 'ftp://x', apiKey: 'sneaky' } as unknown as ProfileInput
    const result = await saveThrough(profiles, bad)
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } })
    if (!result.ok) {
      expect(result.error.fields).toMatchObject({
        name: expect.stringMatching(/^profile\.name\./),
        baseUrl: 'profile.baseUrl.invalid'
      })
      expect(JSON.stringify(result)).not.toContain('sneaky')
    }
    expect(await saveThrough(profiles, null as unknown as ProfileInput)).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    expect(value(await profiles.list()).profiles).toEqual([])
  })

  it('answers not_found for an ID that is not a profile', async () => {
    const profiles = service()
    const missing = randomUUID()
    expect(
      await saveThrough(profiles, { id: missing, name: 'Ghost', baseUrl: 'https://cloud.hostup.se/api' })
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
    for (const call of [
      profiles.select(missing),
      profiles.remove(missing),
      setKeyThrough(profiles, missing, canaryKey()),
      profiles.keyStatus(missing),
      profiles.clearKey(missing),
      profiles.verifyKey(missing),
      profiles.client(missing),
      profiles.select('../../etc/passwd')
    ]) {
      expect(await call).toMatchObject({ ok: false, error: { code: 'not_found' } })
    }
    expect(value(await profiles.list()).profiles).toEqual([])
  })

  it('selects a profile, and moves the selection to the first remaining one when it is deleted', async () => {
    const profiles = service()
    const a = await create(profiles, { name: 'A', baseUrl: 'https://cloud.hostup.se/api' })
    const b = await create(profiles, { name: 'B', baseUrl: 'https://cloud.hostup.se/api' })
    const c = await create(profiles, { name: 'C', baseUrl: 'https://cloud.hostup.se/api' })

    expect(value(await profiles.select(c)).selectedId).toBe(c)
    expect(value(await profiles.remove(b))).toMatchObject({ selectedId: c })
    expect(value(await profiles.remove(c))).toMatchObject({ selectedId: a })
    expect(value(await profiles.remove(a))).toEqual({ profiles: [], selectedId: null })
  })

  it('keeps profiles and the selection across a restart', async () => {
    const before = service()
    await create(before, { name: 'A', baseUrl: 'https://cloud.hostup.se/api' })
    const b = await create(before, { name: 'B', baseUrl: 'http://localhost:4010/api' })
    await before.select(b)

    const after = service()
    expect(await after.list()).toEqual(await before.list())
    expect(value(await after.list()).selectedId).toBe(b)
  })

  it('moves a corrupt profiles.json aside, starts empty and says so', async () => {
    const path = join(dir, 'profiles.json')
    await fs.writeFile(path, '{"schemaVersion":1,"data":{"profiles":[{"id":')
    const profiles = service()

    expect(value(await profiles.list())).toEqual({ profiles: [], selectedId: null })
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ kind: 'quarantined', file: path, reason: 'unparseable' })
    const aside = notices[0]?.movedTo ?? ''
    expect(aside).toBe(join(dir, 'profiles.unparseable-20240501-100000.json'))
    expect(await fs.readFile(aside, 'utf8')).toBe('{"schemaVersion":1,"data":{"profiles":[{"id":')
    await create(profiles, { name: 'Fresh', baseUrl: 'https://cloud.hostup.se/api' })
    expect(value(await service().list()).profiles.map((p) => p.name)).toEqual(['Fresh'])
  })

  it('moves aside a file whose profile has a forbidden base URL', async () => {
    const profile = {
      id: 'p1',
      name: 'Evil',
      baseUrl: 'http://example.com/api',
      createdAt: clock.toISOString(),
      updatedAt: clock.toISOString()
    }
    await fs.writeFile(
      join(dir, 'profiles.json'),
      JSON.stringify({ schemaVersion: 1, data: { profiles: [profile], selectedId: 'p1' } })
    )
    expect(value(await service().list())).toEqual({ profiles: [], selectedId: null })
    expect(notices).toMatchObject([{ reason: 'invalid' }])
  })

  it('repairs a selection that points to no profile instead of discarding the profiles', async () => {
    const profile = {
      id: 'p1',
      name: 'Kept',
      baseUrl: 'https://cloud.hostup.se/api',
      createdAt: clock.toISOString(),
      updatedAt: clock.toISOString()
    }
    await fs.writeFile(
      join(dir, 'profiles.json'),
      JSON.stringify({ schemaVersion: 1, data: { profiles: [profile], selectedId: 'gone' } })
    )
    // A file 0.1.0 wrote: its profiles gain the default presets on the way in.
    expect(value(await service().list())).toEqual({
      profiles: [{ ...profile, presets: defaultPresets(), color: defaultProfileColor('p1') }],
      selectedId: 'p1'
    })
    expect(notices).toEqual([])
  })
})

describe('a profile’s colour', () => {
  it('starts as the colour its ID gives, the same for the same ID, and every colour is given to some ID', () => {
    const id = randomUUID()
    expect(defaultProfileColor(id)).toBe(defaultProfileColor(id))
    const seen = new Set(Array.from({ length: 400 }, () => defaultProfileColor(randomUUID())))
    expect([...seen].sort()).toEqual([...PROFILE_COLORS].sort())
  })

  it('is the one chosen when the profile is created, and stays across a restart', async () => {
    const profiles = service()
    const id = await create(profiles, { ...sandboxProfile(), color: 'teal' })
    expect(value(await service().list()).profiles.find((p) => p.id === id)?.color).toBe('teal')
  })

  it('changes when another is chosen, and is kept when a save leaves it out', async () => {
    const profiles = service()
    // Created with a colour of its own: its default colour could be the pink chosen below (1 in 8),
    // and choosing the colour a profile already has changes nothing, its updatedAt included.
    const id = await create(profiles, { ...sandboxProfile(), color: 'teal' })
    clock = new Date('2024-05-02T12:00:00.000Z')
    const same = value(
      await saveThrough(profiles, { id, name: 'Sandbox', baseUrl: sandbox.url, color: 'teal' })
    )
    expect(same).toMatchObject({ color: 'teal', updatedAt: '2024-05-01T10:00:00.000Z' })
    const recoloured = value(
      await saveThrough(profiles, { id, name: 'Sandbox', baseUrl: sandbox.url, color: 'pink' })
    )
    expect(recoloured).toMatchObject({ color: 'pink', updatedAt: '2024-05-02T12:00:00.000Z' })
    const renamed = value(await saveThrough(profiles, { id, name: 'Sandbox AB', baseUrl: sandbox.url }))
    expect(renamed.color).toBe('pink')
  })

  it('refuses a colour that is not one of the palette at the boundary', async () => {
    const result = await saveThrough(service(), { ...sandboxProfile(), color: '#ff0000' })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { color: 'profile.color.invalid' } }
    })
  })

  it('reads a profile stored without a colour, or with one it does not know, with its default colour', async () => {
    const profiles = service()
    const a = await create(profiles, sandboxProfile('A'))
    const b = await create(profiles, sandboxProfile('B'))
    const path = join(dir, 'profiles.json')
    const doc = JSON.parse(await fs.readFile(path, 'utf8')) as {
      schemaVersion: number
      data: { profiles: Record<string, unknown>[] }
    }
    expect(doc.schemaVersion).toBe(2)
    delete doc.data.profiles[0]!.color
    doc.data.profiles[1]!.color = 'chartreuse'
    await fs.writeFile(path, JSON.stringify(doc))
    const state = value(await service().list())
    expect(state.profiles.map((p) => [p.id, p.color])).toEqual([
      [a, defaultProfileColor(a)],
      [b, defaultProfileColor(b)]
    ])
    expect(notices).toEqual([])
  })
})

describe('API keys', () => {
  it('stores a key in the keychain and reports only that it is set and its last four characters', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    const key = canaryKey()

    expect(value(await profiles.keyStatus(id))).toEqual({ set: false, hint: null })
    const set = await setKeyThrough(profiles, id, key)
    expect(set).toEqual({ ok: true, value: { set: true, hint: key.slice(-4) } })
    expect(value(await profiles.keyStatus(id))).toEqual({ set: true, hint: key.slice(-4) })
    expect(await secrets.get(`profile:${id}`)).toEqual({ ok: true, value: key })
  })

  it('never writes the key into profiles.json or any answer', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    const key = canaryKey()
    const answers = [
      await setKeyThrough(profiles, id, key),
      await profiles.keyStatus(id),
      await saveThrough(profiles, { id, name: 'Renamed', baseUrl: sandbox.url }),
      await profiles.list(),
      await profiles.verifyKey(id),
      await profiles.select(id)
    ]
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(key)
    for (const name of await fs.readdir(dir)) {
      expect(await fs.readFile(join(dir, name), 'utf8')).not.toContain(key)
    }
    expect(await fs.readFile(join(dir, 'profiles.json'), 'utf8')).toContain('Renamed')
  })

  it('trims a pasted key and refuses one with spaces inside, without echoing it', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    const key = canaryKey()
    expect(value(await setKeyThrough(profiles, id, `  ${key}\n`))).toEqual({ set: true, hint: key.slice(-4) })
    expect(await secrets.get(`profile:${id}`)).toEqual({ ok: true, value: key })

    const mangled = `${key.slice(0, 20)} ${key.slice(20)}`
    const refused = await setKeyThrough(profiles, id, mangled)
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { apiKey: 'apiKey.invalidChars' } }
    })
    expect(JSON.stringify(refused)).not.toContain(key.slice(20))
    expect(await setKeyThrough(profiles, id, '')).toMatchObject({
      ok: false,
      error: { fields: { apiKey: 'apiKey.required' } }
    })
    expect(await secrets.get(`profile:${id}`)).toEqual({ ok: true, value: key })
  })

  it('clears a key', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    await setKeyThrough(profiles, id, canaryKey())
    expect(await profiles.clearKey(id)).toEqual({ ok: true, value: { set: false, hint: null } })
    expect(value(await profiles.keyStatus(id))).toEqual({ set: false, hint: null })
    expect(await secrets.has(`profile:${id}`)).toEqual({ ok: true, value: false })
    expect(await profiles.clearKey(id)).toEqual({ ok: true, value: { set: false, hint: null } })
  })

  it('deletes the key with its profile', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    await setKeyThrough(profiles, id, canaryKey())
    value(await profiles.remove(id))
    expect(await secrets.has(`profile:${id}`)).toEqual({ ok: true, value: false })
  })

  it('keeps the profile when the keychain cannot delete its key, so no key is left orphaned', async () => {
    const failing: SecretBackend = {
      getPassword: () => Promise.resolve(null),
      setPassword: () => Promise.resolve(),
      deletePassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))
    }
    const profiles = service({ secrets: createSecretStore('hostup-contacts-test-failing', failing) })
    const id = await create(profiles, sandboxProfile())
    expect(await profiles.remove(id)).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } })
    expect(value(await profiles.list()).profiles.map((p) => p.id)).toEqual([id])
  })
})

describe('verifying a key against the sandbox', () => {
  it('shows whose account the demo key opens', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    await setKeyThrough(profiles, id, DEMO_KEY)
    const verified = value(await profiles.verifyKey(id))
    expect(verified.account).toMatchObject({ firstname: 'Anna', lastname: 'Svensson' })
    expect(JSON.stringify(verified)).not.toContain('reset_token')
  })

  it('reports a key the server does not know as unauthorized', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    await setKeyThrough(profiles, id, canaryKey())
    const result = await profiles.verifyKey(id)
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  })

  it('says there is no key when none is set', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    const result = await profiles.verifyKey(id)
    expect(result).toMatchObject({ ok: false, error: { code: 'no_key' } })
    if (!result.ok) expect(english(result.error)).toMatch(/Settings/)
    expect(await profiles.client(id)).toMatchObject({ ok: false, error: { code: 'no_key' } })
  })

  it('reports a sandbox that went offline as a network problem', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    await setKeyThrough(profiles, id, DEMO_KEY)
    await sandbox.goOffline()
    try {
      const result = await profiles.verifyKey(id)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(['offline', 'network']).toContain(result.error.code)
    } finally {
      await sandbox.goOnline()
    }
    expect((await profiles.verifyKey(id)).ok).toBe(true)
  })

  it('hands out a client bound to the profile for sending contacts', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    await setKeyThrough(profiles, id, DEMO_KEY)
    const client = value(await profiles.client(id))
    expect(value(await client.verifyKey()).account).toMatchObject({ firstname: 'Anna' })
  })
})

describe('what HostUp last said about a key', () => {
  const checkOf = async (profiles: ProfileService, id: string) =>
    value(await profiles.list()).profiles.find((p) => p.id === id)?.keyCheck

  it('keeps the verified account across a restart, and forgets it when the key changes', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    await setKeyThrough(profiles, id, DEMO_KEY)
    expect(await checkOf(profiles, id)).toBeUndefined()
    value(await profiles.verifyKey(id))
    const restarted = service()
    expect(await checkOf(restarted, id)).toEqual({
      state: 'verified',
      account: expect.objectContaining({ firstname: 'Anna', lastname: 'Svensson' }),
      at: clock.toISOString()
    })
    // The public summary only: nothing else of the account reaches the file.
    const file = await fs.readFile(join(dir, 'profiles.json'), 'utf8')
    expect(file).not.toContain('reset_token')
    expect(file).not.toContain(DEMO_KEY)

    await setKeyThrough(restarted, id, canaryKey())
    expect(await checkOf(restarted, id)).toBeUndefined()
  })

  it('marks a key HostUp refuses, on verifying and on any call made with it, until a new key is set', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    await setKeyThrough(profiles, id, canaryKey())
    await profiles.verifyKey(id)
    expect(await checkOf(profiles, id)).toEqual({ state: 'refused', at: clock.toISOString() })

    await setKeyThrough(profiles, id, DEMO_KEY)
    value(await profiles.verifyKey(id))
    // The key is revoked in the dashboard while the app runs: the next create is answered 401.
    sandbox.failNext({ kind: 'v1-unauthorized' }, { path: '/api/teams' })
    const client = value(await profiles.client(id))
    const outcome = await client.createContact({
      firstname: 'Anna',
      lastname: 'Svensson',
      email: `anna.${randomUUID().slice(0, 6)}@example.com`,
      password: 'Sommar-Regn-2026!',
      phonenumber: '',
      address1: '',
      city: '',
      country: '',
      postcode: ''
    })
    expect(outcome).toMatchObject({ kind: 'rejected', error: { code: 'unauthorized' } })
    await expect.poll(() => checkOf(profiles, id)).toEqual({ state: 'refused', at: clock.toISOString() })

    await profiles.clearKey(id)
    expect(await checkOf(profiles, id)).toBeUndefined()
  })

  it('does not change what it knows when HostUp cannot be reached', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    await setKeyThrough(profiles, id, DEMO_KEY)
    value(await profiles.verifyKey(id))
    await sandbox.goOffline()
    try {
      expect((await profiles.verifyKey(id)).ok).toBe(false)
    } finally {
      await sandbox.goOnline()
    }
    expect(await checkOf(profiles, id)).toMatchObject({ state: 'verified' })
  })

  it('reads a check that no longer makes sense as none, keeping the profile', async () => {
    const profiles = service()
    const id = await create(profiles, sandboxProfile())
    const path = join(dir, 'profiles.json')
    const doc = JSON.parse(await fs.readFile(path, 'utf8')) as {
      data: { profiles: Record<string, unknown>[] }
    }
    doc.data.profiles[0]!.keyCheck = { state: 'verified', account: { id: 7 }, at: 'yesterday' }
    await fs.writeFile(path, JSON.stringify(doc))
    const state = value(await service().list())
    expect(state.profiles.map((p) => p.id)).toEqual([id])
    expect(state.profiles[0]?.keyCheck).toBeUndefined()
    expect(notices).toEqual([])
  })
})
