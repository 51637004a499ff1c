import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { isReactive, reactive } from 'vue'
import type { ContactInput } from '@shared/contact'
import { useContactsStore } from './contacts'
import { useProfilesStore } from './profiles'
import { GOOD_KEY, createFakeApi, profile, settle, type FakeApi } from '../testing/fakeApi'

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
const ACME = { id: 'a', name: 'Acme AB' }

let pinia: Pinia
let fake: FakeApi

beforeEach(async () => {
  pinia = createPinia()
  setActivePinia(pinia)
  fake = createFakeApi({
    profiles: [profile('a', 'Acme AB'), profile('b', 'Bolaget')],
    keys: { a: GOOD_KEY, b: GOOD_KEY }
  })
  window.api = fake.api
  await useProfilesStore().load()
})

describe('useContactsStore', () => {
  it('sends a plain, normalized object with the form’s ID, never a Vue proxy', async () => {
    const store = useContactsStore()
    let sent: unknown
    const create = fake.api.contacts.create
    window.api = { ...fake.api, contacts: { ...fake.api.contacts, create: (r) => ((sent = r), create(r)) } }
    await store.submit(ACME, reactive(contact()))
    expect(isReactive(sent)).toBe(false)
    expect(isReactive((sent as { contact: unknown }).contact)).toBe(false)
    expect(sent).toEqual({
      profileId: 'a',
      formId: store.formId,
      contact: { ...contact(), firstname: 'Anna', country: 'SE' }
    })
  })

  it('refuses a second send while one is in flight', async () => {
    const store = useContactsStore()
    const release = fake.hold()
    const first = store.submit(ACME, contact())
    await settle()
    expect(store.pending).toBe(true)
    const second = await store.submit(ACME, contact())
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } })
    release()
    expect((await first).ok).toBe(true)
    expect(store.pending).toBe(false)
    expect(fake.calls.filter((c) => c.channel === 'contacts:create')).toHaveLength(1)
  })

  it('keeps the same form ID for resends and a new one after newForm', async () => {
    const store = useContactsStore()
    const first = store.formId
    fake.nextOutcome({ kind: 'retryable', error: { code: 'network', message: 'refused' } })
    await store.submit(ACME, contact())
    await store.submit(ACME, contact())
    store.newForm()
    expect(store.formId).not.toBe(first)
    expect(store.submission).toBeNull()
    const ids = fake.calls
      .filter((c) => c.channel === 'contacts:create')
      .map((c) => (c.payload as { formId: string }).formId)
    expect(ids).toEqual([first, first])
  })

  it('remembers created e-mails per profile, case-insensitively', async () => {
    const store = useContactsStore()
    await store.submit(ACME, contact('Anna@Example.com'))
    expect(store.findCreated('a', ' anna@example.COM ')).toMatchObject({
      contactId: 14087,
      name: 'Anna Svensson'
    })
    expect(store.findCreated('b', 'anna@example.com')).toBeNull()
    fake.nextOutcome({ kind: 'rejected', error: { code: 'rejected', message: 'Failed to add contact' } })
    store.newForm()
    await store.submit(ACME, contact('bo@example.com'))
    expect(store.findCreated('a', 'bo@example.com')).toBeNull()
  })

  it('records a contact the person confirmed after an unknown outcome', async () => {
    const store = useContactsStore()
    fake.nextOutcome({ kind: 'unknown', error: { code: 'timeout', message: 'no answer' } })
    await store.submit(ACME, contact())
    expect(await store.confirmCreated(20001)).toEqual({ ok: true, value: null })
    expect(fake.calls.at(-1)).toEqual({
      channel: 'outbox:resolve',
      payload: { id: store.formId, decision: 'exists', contactId: 20001 }
    })
    expect(store.submission).toMatchObject({
      confirmedByUser: true,
      result: { ok: true, value: { kind: 'created', contactId: 20001 } }
    })
    expect(store.findCreated('a', 'anna@example.com')?.contactId).toBe(20001)
  })

  it('never keeps the password in any store, whatever the answer', async () => {
    const store = useContactsStore()
    for (const outcome of [
      { kind: 'rejected', error: { code: 'validation', message: 'no', fields: { password: 'too weak' } } },
      { kind: 'unknown', error: { code: 'timeout', message: 'no answer' } },
      { kind: 'retryable', error: { code: 'rate_limited', message: 'wait', retryAfterMs: 1000 } }
    ] as const) {
      store.newForm()
      fake.nextOutcome(outcome)
      await store.submit(ACME, contact())
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
    fake.nextOutcome({ kind: 'unknown', error: { code: 'timeout', message: 'no answer' } })
    await store.submit(ACME, contact())
    const result = await store.resend()
    expect(result).toMatchObject({ ok: true, value: { kind: 'created', contactId: 14087 } })
    expect(fake.calls.at(-1)).toEqual({
      channel: 'outbox:resolve',
      payload: { id: store.formId, decision: 'resend' }
    })
    expect(store.findCreated('a', 'anna@example.com')?.contactId).toBe(14087)
  })

  it('shows a contact the outbox created by itself after a retryable answer', async () => {
    const store = useContactsStore()
    store.listen()
    fake.nextOutcome({
      kind: 'retryable',
      error: { code: 'rate_limited', message: 'wait', retryAfterMs: 1000 }
    })
    await store.submit(ACME, contact())
    expect(fake.sendByOutbox(store.formId)).toBe(true)
    expect(store.submission?.result).toEqual({ ok: true, value: { kind: 'created', contactId: 14087 } })
    expect(store.findCreated('a', 'anna@example.com')?.contactId).toBe(14087)
    store.dispose()
  })

  it('takes the outbox’s word when main refuses to resend a form it already created', async () => {
    const store = useContactsStore()
    fake.nextOutcome({
      kind: 'retryable',
      error: { code: 'rate_limited', message: 'wait', retryAfterMs: 1000 }
    })
    await store.submit(ACME, contact())
    // The event that would have said so was missed (no listener): main refuses, the history knows.
    fake.sendByOutbox(store.formId)
    const result = await store.submit(ACME, contact())
    expect(result).toMatchObject({ ok: true, value: { kind: 'created', contactId: 14087 } })
    expect(fake.calls.filter((c) => c.channel === 'contacts:create')).toHaveLength(2)
  })

  it('turns a call that throws into an error instead of a form stuck "Creating…"', async () => {
    const store = useContactsStore()
    window.api = { ...fake.api, contacts: { create: () => Promise.reject(new Error('boom')) } }
    const result = await store.submit(ACME, contact())
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(store.pending).toBe(false)
  })
})
