/**
 * Data written by an earlier release opens in this one, complete: the data directory 0.1.0 wrote
 * (src/main/testing/fixtures/data-0.1.0) through today's services, with its keychain in memory.
 */
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Handlers } from '../../shared/ipc'
import { defaultPresets } from '../../shared/permissions'
import { defaultProfileColor } from '../../shared/profile'
import type { StoreNotice } from '../../shared/notice'
import type { Result } from '../../shared/result'
import { createHandlers, type Services } from '../ipc'
import { createServices } from '../services'
import { english } from '../testing/english'
import { memorySecretBackend, type MemoryBackend } from '../testing/memory-secrets'
import { DRAFTS_FILE } from './drafts'
import { HISTORY_FILE } from './history'
import { OUTBOX_DOCUMENT_FILE, OUTBOX_FILE } from './outbox'
import { migrate } from './migrations'
import { PROFILES_FILE, PROFILES_MIGRATIONS } from './profiles'

const FIXTURE = resolve(__dirname, '../testing/fixtures/data-0.1.0')
const SERVICE = 'hostup-contacts-fixture'
// As 0.1.0 left them: the outbox becomes its journal only once it is read (see the last test).
const FILES = [DRAFTS_FILE, HISTORY_FILE, OUTBOX_DOCUMENT_FILE, PROFILES_FILE].sort()

let dir: string
let backend: MemoryBackend
let notices: StoreNotice[]
let services: Services
let handlers: Handlers

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${english(result.error)}`)
  return result.value
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-upgrade-'))
  await cp(join(FIXTURE, 'data'), dir, { recursive: true })
  const keychain = JSON.parse(await readFile(join(FIXTURE, 'keychain.json'), 'utf8')) as {
    entries: { service: string; account: string; password: string }[]
  }
  backend = memorySecretBackend(keychain.entries)
  notices = []
  services = await createServices({
    dataDir: dir,
    secretService: SERVICE,
    secretBackend: backend,
    // Offline: nothing from 0.1.0's outbox may go out while it is being looked at.
    isOnline: () => false,
    version: 'test',
    platform: 'linux',
    emit: () => undefined,
    chooseSavePath: async () => null,
    notices: (n) => notices.push(n)
  })
  handlers = createHandlers(services)
})

afterEach(async () => {
  await services.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('a data directory written by 0.1.0', () => {
  it('opens with every profile and key, and sets nothing aside', async () => {
    const state = value(await handlers['profiles:list'](undefined))
    expect(state.profiles.map((p) => p.name)).toEqual(['Acme AB', 'Bolaget i Norr'])
    expect(state.selectedId).toBe(state.profiles[0]?.id)
    // 0.1.0 had no permission presets: each profile starts with the built-in ones.
    for (const profile of state.profiles) expect(profile.presets).toEqual(defaultPresets())
    // Nor colours: each gets the one its ID gives, as a profile created today would.
    for (const profile of state.profiles) expect(profile.color).toBe(defaultProfileColor(profile.id))
    for (const profile of state.profiles) {
      expect(value(await handlers['apiKey:status']({ profileId: profile.id })).set).toBe(true)
    }
    expect(notices).toEqual([])
    expect((await readdir(dir)).sort()).toEqual(FILES)
  })

  it('opens with every draft, and every kept password still in the keychain', async () => {
    const [acme, other] = value(await handlers['profiles:list'](undefined)).profiles
    const drafts = value(await handlers['drafts:list']({ profileId: acme?.id ?? '' }))
    expect(drafts.map((d) => d.id).sort()).toEqual(
      [
        'draft-csv',
        'draft-nopass',
        'draft-typing',
        'form-queued',
        'form-recorded',
        'form-rejected',
        'form-retryable',
        'form-sending',
        'form-unknown'
      ].sort()
    )
    expect(drafts.find((d) => d.id === 'draft-typing')).toMatchObject({
      hasPassword: true,
      fields: { email: 'half@', city: 'Malmö' }
    })
    expect(drafts.find((d) => d.id === 'draft-csv')).toMatchObject({ source: 'csv', hasPassword: false })
    expect(value(await handlers['drafts:list']({ profileId: other?.id ?? '' })).map((d) => d.id)).toEqual([
      'draft-other'
    ])
    expect(backend.entries.get(`${SERVICE}\u0000draft:draft-typing`)).toBe('Half-typed-9')
    expect(notices).toEqual([])
  })

  it('opens with every outbox item in its state, its error said in the catalogue’s words', async () => {
    const [acme] = value(await handlers['profiles:list'](undefined)).profiles
    const items = value(await handlers['outbox:list']({ profileId: acme?.id ?? '' }))
    expect(Object.fromEntries(items.map((i) => [i.id, i.state]))).toEqual({
      'form-unknown': 'unknown',
      'form-rejected': 'rejected',
      'form-retryable': 'retryable',
      'form-queued': 'queued',
      // Cut off mid-send by 0.1.0: unknown now, waiting for the person, as it always was.
      'form-sending': 'unknown',
      'form-recorded': 'created'
    })
    const byId = Object.fromEntries(items.map((i) => [i.id, i]))
    expect(byId['form-unknown']?.error).toMatchObject({
      code: 'server',
      message: 'errors.code.server',
      status: 500,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/)
    })
    // 0.1.0 kept HostUp's words about a field as text: they are HostUp's words now, beside a key.
    expect(byId['form-rejected']?.error).toMatchObject({
      fields: { country: 'errors.hostup.field.refused' },
      fieldDetails: { country: 'Country code must be a 2-letter ISO country code.' }
    })
    expect(byId['form-retryable']).toMatchObject({
      nextAttemptAt: expect.any(String),
      error: { retryAfterMs: 86_400_000 }
    })
    for (const item of items) if (item.error) expect(english(item.error)).toMatch(/^[A-Z].*\.$/)
    expect(value(await handlers['outbox:counts'](undefined))).toEqual({ waiting: 2, needsDecision: 2 })
    expect(notices).toEqual([])
  })

  it('opens with every history entry, the removed one still marked removed', async () => {
    const page = value(await handlers['history:query']({ sort: { key: 'contactId', dir: 'asc' } }))
    expect(page.total).toBe(5)
    expect(page.rows.map((r) => [r.contactId, r.fields.email, r.removedAt !== undefined])).toEqual([
      [14087, 'person.1@example.se', false],
      [14088, 'person.2@example.se', true],
      [14089, 'person.3@example.se', false],
      [14090, 'person.13@example.se', false],
      [99001, 'person.7@example.se', false]
    ])
    expect(page.rows.find((r) => r.contactId === 99001)).toMatchObject({
      confirmedByPerson: true,
      source: 'outbox'
    })
    expect(notices).toEqual([])
  })

  it('settles what 0.1.0 left unfinished on start, and writes the outbox in its new version', async () => {
    await services.start()
    const [acme] = value(await handlers['profiles:list'](undefined)).profiles
    const items = value(await handlers['outbox:list']({ profileId: acme?.id ?? '' }))
    // The created contact was in the history already: its draft and item go, it is not recorded twice.
    expect(items.map((i) => i.id)).not.toContain('form-recorded')
    expect(value(await handlers['history:query']({})).total).toBe(5)
    // The document became the journal: its header says the journal's version, and outbox.json is gone.
    const header = (await readFile(join(dir, OUTBOX_FILE), 'utf8')).split('\n')[0] ?? ''
    expect(JSON.parse(header)).toEqual({ schemaVersion: 1, kind: 'hostup-contacts.outbox' })
    await expect(readFile(join(dir, OUTBOX_DOCUMENT_FILE), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' })
    expect(notices).toEqual([])
  })
})

describe('the profiles.json step from 1 to 2', () => {
  it('gives each profile the colour its ID gives, and keeps one it already has', () => {
    const migrated = migrate(
      {
        profiles: [
          { id: 'p-1', name: 'A' },
          { id: 'p-2', name: 'B', color: 'teal' }
        ],
        selectedId: null
      },
      1,
      PROFILES_MIGRATIONS
    )
    expect(migrated).toMatchObject({
      ok: true,
      data: {
        profiles: [
          { id: 'p-1', color: defaultProfileColor('p-1') },
          { id: 'p-2', color: 'teal' }
        ]
      }
    })
  })
})
