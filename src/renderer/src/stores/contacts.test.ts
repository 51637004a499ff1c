import { beforeEach, describe, expect, it, vi } from 'vitest'
import { type Pinia } from 'pinia'
import { isReactive, reactive } from 'vue'
import type { ContactInput } from '@shared/contact'
import { useContactsStore } from './contacts'
import { openBackend, type Backend } from '../testing/backend'
import { settle } from '../testing/dom'
import { loadProfiles, testPinia } from '../testing/setup'

const PASSWORD = 'Canary-Pässword-1234'
const contact = (email = 'anna@example.com'): ContactInput => ({
  firstname: ' Anna ',
  lastname: 'Svensson',
  email,
  password: PASSWORD,
  phonenumber: '',
  address1: '',
  city: '',
  country: 'se',
  postcode: ''
})
let ACME: { id: string; name: string }
let b: string
let pinia: Pinia
let backend: Backend
const creates = () => backend.calls.filter((c) => c.channel === 'contacts:create')

beforeEach(async () => {
  pinia = testPinia()
  backend = await openBackend()
  ACME = { id: await backend.seedProfile('Acme AB'), name: 'Acme AB' }
  b = await backend.seedProfile('Bolaget')
  await loadProfiles()
})

describe('useContactsStore', () => {
  it('sends a plain, normalized object with the form’s ID, never a Vue proxy', async () => {
    const store = useContactsStore()
    await store.submit(ACME, reactive(contact()))
    const [sent] = backend.callsTo('contacts:create')
    expect(isReactive(sent)).toBe(false)
    expect(isReactive((sent as { contact: unknown }).contact)).toBe(false)
    expect(sent).toEqual({
      profileId: ACME.id,
      formId: store.formId,
      contact: { ...contact(), firstname: 'Anna', country: 'SE' }
    })
  })

  it('refuses a second send while one is in flight', async () => {
    const store = useContactsStore()
    const release = backend.hold('contacts:create')
    const first = store.submit(ACME, contact())
    await settle()
    expect(store.pending).toBe(true)
    const second = await store.submit(ACME, contact())
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } })
    release()
    expect((await first).ok).toBe(true)
    expect(store.pending).toBe(false)
    expect(creates()).toHaveLength(1)
  })

  it('keeps the same form ID for resends and a new one after newForm', async () => {
    const store = useContactsStore()
    const first = store.formId
    await backend.sandbox.goOffline()
    await store.submit(ACME, contact())
    await store.submit(ACME, contact())
    expect(store.submission?.result).toMatchObject({ ok: true, value: { kind: 'retryable' } })
    await backend.sandbox.goOnline()
    store.newForm()
    expect(store.formId).not.toBe(first)
    expect(store.submission).toBeNull()
    const ids = creates().map((c) => (c.payload as { formId: string }).formId)
    expect(ids).toEqual([first, first])
  })

  it('remembers created e-mails per profile, case-insensitively', async () => {
    const store = useContactsStore()
    await store.submit(ACME, contact('Anna@Example.com'))
    expect(store.findCreated(ACME.id, ' anna@example.COM ')).toMatchObject({
      contactId: 14087,
      name: 'Anna Svensson'
    })
    expect(store.findCreated(b, 'anna@example.com')).toBeNull()
    backend.sandbox.failNext({ kind: 'inner-failure' }, { path: '/api/teams' })
    store.newForm()
    await store.submit(ACME, contact('bo@example.com'))
    expect(store.submission?.result).toMatchObject({ ok: true, value: { kind: 'rejected' } })
    expect(store.findCreated(ACME.id, 'bo@example.com')).toBeNull()
  })

  it('records a contact the person confirmed after an unknown outcome', async () => {
    const store = useContactsStore()
    backend.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
    await store.submit(ACME, contact())
    expect(await store.confirmCreated(20001)).toEqual({ ok: true, value: null })
    expect(backend.calls.at(-1)).toEqual({
      channel: 'outbox:resolve',
      payload: { id: store.formId, decision: 'exists', contactId: 20001 }
    })
    expect(store.submission).toMatchObject({
      confirmedByUser: true,
      result: { ok: true, value: { kind: 'created', contactId: 20001 } }
    })
    expect(store.findCreated(ACME.id, 'anna@example.com')?.contactId).toBe(20001)
  })

  it('never keeps the password in any store, whatever the answer', async () => {
    const store = useContactsStore()
    for (const fault of [
      { kind: 'problem', code: 'password_too_weak' },
      { kind: 'server-error' },
      { kind: 'rate-limited', retryAfter: '1' }
    ] as const) {
      store.newForm()
      backend.sandbox.failNext(fault, { path: '/api/teams' })
      await store.submit(ACME, contact())
      expect(store.submission?.result).toMatchObject({
        ok: true,
        value: { kind: expect.not.stringMatching(/created/) }
      })
      expect(JSON.stringify(pinia.state.value)).not.toContain(PASSWORD)
    }
    store.newForm()
    await store.submit(ACME, contact())
    expect(store.submission?.result).toMatchObject({ ok: true, value: { kind: 'created' } })
    expect(JSON.stringify(pinia.state.value)).not.toContain(PASSWORD)
    expect(JSON.stringify(store.submission)).not.toContain('password')
  })

  it('resends an unknown contact through the outbox, as the same form', async () => {
    const store = useContactsStore()
    backend.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
    await store.submit(ACME, contact())
    const result = await store.resend()
    expect(result).toMatchObject({ ok: true, value: { kind: 'created', contactId: 14087 } })
    expect(backend.calls.at(-1)).toEqual({
      channel: 'outbox:resolve',
      payload: { id: store.formId, decision: 'resend' }
    })
    expect(store.findCreated(ACME.id, 'anna@example.com')?.contactId).toBe(14087)
  })

  it('shows a contact the outbox created by itself after a retryable answer', async () => {
    const store = useContactsStore()
    store.listen()
    backend.sandbox.failNext({ kind: 'rate-limited', retryAfter: '1' }, { path: '/api/teams' })
    await backend.start()
    await store.submit(ACME, contact())
    expect(store.submission?.result).toMatchObject({ ok: true, value: { kind: 'retryable' } })
    await vi.waitFor(
      () =>
        expect(store.submission?.result).toEqual({ ok: true, value: { kind: 'created', contactId: 14087 } }),
      { timeout: 5000 }
    )
    expect(store.findCreated(ACME.id, 'anna@example.com')?.contactId).toBe(14087)
    store.dispose()
  })

  it('takes the outbox’s word when main refuses to resend a form it already created', async () => {
    const store = useContactsStore()
    backend.sandbox.failNext({ kind: 'rate-limited', retryAfter: '1' }, { path: '/api/teams' })
    await backend.start()
    await store.submit(ACME, contact())
    // The event that would have said so was missed (no listener): main refuses, the history knows.
    // HostUp has it once the sandbox answers; main knows once it has read that answer.
    await vi.waitFor(
      async () => {
        const history = await backend.services.history.query({})
        expect(history.ok && history.value.rows).toHaveLength(1)
      },
      { timeout: 5000 }
    )
    const result = await store.submit(ACME, contact())
    expect(result).toMatchObject({ ok: true, value: { kind: 'created', contactId: 14087 } })
    expect(creates()).toHaveLength(2)
    expect(backend.sandbox.contacts).toHaveLength(1)
  })

  it('turns a call that throws into an error instead of a form stuck "Creating…"', async () => {
    const store = useContactsStore()
    window.api = {
      ...backend.api,
      contacts: { ...backend.api.contacts, create: () => Promise.reject(new Error('boom')) }
    }
    const result = await store.submit(ACME, contact())
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(store.pending).toBe(false)
  })
})
