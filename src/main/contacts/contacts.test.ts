import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../../e2e/sandbox'
import type { ContactInput } from '../../shared/contact'
import type { Handlers } from '../../shared/ipc'
import { createHandlers, type Services } from '../ipc'
import { createServices } from '../services'

// The `contacts:create` channel end to end in main: handler → outbox → client → sandbox → history.
let sandbox: Sandbox
let dir: string
let services: Services
let handlers: Handlers
let profileId: string
let online = true

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
const formId = (): string => randomUUID()

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 })
  dir = await mkdtemp(join(tmpdir(), 'hostup-contacts-'))
  services = await createServices({
    dataDir: dir,
    secretService: `hostup-contacts-test-${randomUUID()}`,
    isOnline: () => online,
    version: '0.0.0',
    platform: 'linux',
    emit: () => undefined,
    chooseSavePath: async () => null,
    timeoutMs: 3000
  })
  handlers = createHandlers(services)
  const saved = await services.profiles.save({ name: 'Sandbox', baseUrl: sandbox.url })
  if (!saved.ok) throw new Error(saved.error.message)
  profileId = saved.value.id
  await services.profiles.setKey(profileId, DEMO_KEY)
  await services.start()
})

afterEach(() => {
  sandbox.reset()
  online = true
})

afterAll(async () => {
  await services.stop()
  await services.profiles.clearKey(profileId)
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

describe('contacts:create', () => {
  it('creates the contact, records it in history and forgets the draft and its password', async () => {
    const contact = anna()
    const id = formId()
    const result = await handlers['contacts:create']({ profileId, formId: id, contact })
    expect(result).toMatchObject({ ok: true, value: { kind: 'created', contactId: expect.any(Number) } })
    expect(posts()).toBe(1)
    const found = await handlers['history:findByEmail']({ profileId, email: contact.email })
    expect(found).toMatchObject({
      ok: true,
      value: [{ profileName: 'Sandbox', source: 'form', fields: { email: contact.email } }]
    })
    expect(await handlers['drafts:get']({ id })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    for (const file of await readdir(dir))
      expect(await readFile(join(dir, file), 'utf8')).not.toContain('YOUR_PASSWORD')
  })

  it('re-checks the contact in main and sends nothing invalid', async () => {
    const result = await handlers['contacts:create']({
      profileId,
      formId: formId(),
      contact: { ...anna(), email: 'anna@', country: 'xx' }
    })
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        fields: { email: expect.stringMatching(/^contact\.email\./), country: 'contact.country.invalid' }
      }
    })
    expect(posts()).toBe(0)
  })

  it('refuses a second send of the same form while the first is in flight', async () => {
    sandbox.setDelay(300)
    const contact = anna()
    const id = formId()
    const [first, second] = await Promise.all([
      handlers['contacts:create']({ profileId, formId: id, contact }),
      handlers['contacts:create']({ profileId, formId: id, contact })
    ])
    expect(first).toMatchObject({ ok: true, value: { kind: 'created' } })
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } })
    expect(posts()).toBe(1)
  })

  it('never sends a form again once it created its contact', async () => {
    const id = formId()
    const contact = anna()
    expect(await handlers['contacts:create']({ profileId, formId: id, contact })).toMatchObject({ ok: true })
    const again = await handlers['contacts:create']({ profileId, formId: id, contact })
    expect(again).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(posts()).toBe(1)
  })

  it('queues the contact while main is offline, and sends nothing', async () => {
    online = false
    const result = await handlers['contacts:create']({ profileId, formId: formId(), contact: anna() })
    expect(result).toEqual({ ok: true, value: { kind: 'queued', reason: 'offline' } })
    expect(posts()).toBe(0)
    const items = await handlers['outbox:list']({ profileId })
    expect(items.ok && items.value.some((i) => i.state === 'queued')).toBe(true)
    // Leave no queued item behind for the outbox to send during the next test.
    if (items.ok)
      for (const item of items.value) await handlers['outbox:resolve']({ id: item.id, decision: 'discard' })
  })

  it('says there is no key when the profile has none', async () => {
    const other = await services.profiles.save({
      name: `No key ${randomUUID().slice(0, 4)}`,
      baseUrl: sandbox.url
    })
    if (!other.ok) throw new Error(other.error.message)
    const result = await handlers['contacts:create']({
      profileId: other.value.id,
      formId: formId(),
      contact: anna()
    })
    expect(JSON.stringify(result)).toMatch(/no_key|API key/)
    expect(posts()).toBe(0)
  })

  it('passes a reset connection through as unknown, sent once, and refuses a blind resend', async () => {
    sandbox.failNext({ kind: 'reset-after-request' })
    const id = formId()
    const contact = anna()
    const result = await handlers['contacts:create']({ profileId, formId: id, contact })
    expect(result).toMatchObject({ ok: true, value: { kind: 'unknown' } })
    const blind = await handlers['contacts:create']({ profileId, formId: id, contact })
    expect(blind).toMatchObject({ ok: false })
    expect(posts()).toBe(1)
  })

  it('rejects a payload with extra keys or a missing contact', async () => {
    expect(
      await handlers['contacts:create']({ profileId, formId: formId(), contact: anna(), extra: 1 })
    ).toMatchObject({ ok: false })
    expect(await handlers['contacts:create']({ profileId, formId: formId() })).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
    expect(await handlers['contacts:create'](null)).toMatchObject({
      ok: false,
      error: { code: 'validation' }
    })
  })
})
