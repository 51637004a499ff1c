import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../e2e/sandbox'
import type { ContactInput } from '../shared/contact'
import { createContactService, type ContactService } from './contacts'
import { createProfileService, type ProfileService } from './profiles'
import { createSecretStore } from './secrets'

let sandbox: Sandbox
let dir: string
let profiles: ProfileService
let contacts: ContactService
let profileId: string

const anna = (email = `anna.${randomUUID().slice(0, 8)}@example.com`): ContactInput => ({
  firstname: 'Anna',
  lastname: 'Svensson',
  email,
  password: 'YOUR_PASSWORD',
  phonenumber: '',
  address1: '',
  city: '',
  country: '',
  postcode: ''
})
const posts = (): number => sandbox.log.filter((r) => r.method === 'POST' && r.path === '/api/teams').length

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
  dir = await mkdtemp(join(tmpdir(), 'hostup-contacts-'))
  profiles = createProfileService({ dir, secrets: createSecretStore(`hostup-contacts-test-${randomUUID()}`), timeoutMs: 3000 })
  const saved = await profiles.save({ name: 'Sandbox', baseUrl: sandbox.url })
  if (!saved.ok) throw new Error(saved.error.message)
  profileId = saved.value.id
  await profiles.setKey(profileId, DEMO_KEY)
  contacts = createContactService({ profiles })
})

afterEach(() => sandbox.reset())

afterAll(async () => {
  await profiles.clearKey(profileId)
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

describe('contact service', () => {
  it('creates the seed example contact and returns its ID', async () => {
    const result = await contacts.create({ profileId, formId: 'form-1', contact: anna() })
    expect(result).toMatchObject({ ok: true, value: { kind: 'created', contactId: expect.any(Number) } })
    expect(posts()).toBe(1)
  })

  it('re-checks the contact in main and sends nothing invalid', async () => {
    const result = await contacts.create({ profileId, formId: 'form-2', contact: { ...anna(), email: 'anna@', country: 'xx' } })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { email: expect.stringMatching(/^contact\.email\./), country: 'contact.country.invalid' } }
    })
    expect(posts()).toBe(0)
  })

  it('refuses a second send of the same form while the first is in flight', async () => {
    sandbox.setDelay(300)
    const contact = anna()
    const [first, second] = await Promise.all([
      contacts.create({ profileId, formId: 'form-3', contact }),
      contacts.create({ profileId, formId: 'form-3', contact })
    ])
    expect(first).toMatchObject({ ok: true, value: { kind: 'created' } })
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } })
    expect(posts()).toBe(1)
  })

  it('lets the same form send again once the first answer is in', async () => {
    const first = await contacts.create({ profileId, formId: 'form-4', contact: anna() })
    const second = await contacts.create({ profileId, formId: 'form-4', contact: anna() })
    expect(first.ok && second.ok).toBe(true)
    expect(posts()).toBe(2)
  })

  it('says there is no key when the profile has none', async () => {
    const other = await profiles.save({ name: `No key ${randomUUID().slice(0, 4)}`, baseUrl: sandbox.url })
    if (!other.ok) throw new Error(other.error.message)
    const result = await contacts.create({ profileId: other.value.id, formId: 'form-5', contact: anna() })
    expect(result).toMatchObject({ ok: false, error: { code: 'no_key' } })
    expect(posts()).toBe(0)
  })

  it('passes the outcome of a reset connection through as unknown, sent once', async () => {
    sandbox.failNext({ kind: 'reset-after-request' })
    const result = await contacts.create({ profileId, formId: 'form-6', contact: anna() })
    expect(result).toMatchObject({ ok: true, value: { kind: 'unknown' } })
    expect(posts()).toBe(1)
  })

  it('rejects a payload with extra keys or a missing contact', async () => {
    expect(await contacts.create({ profileId, formId: 'f', contact: anna(), extra: 1 })).toMatchObject({ ok: false })
    expect(await contacts.create({ profileId, formId: 'f' })).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await contacts.create(null)).toMatchObject({ ok: false, error: { code: 'validation' } })
  })
})
