import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import OutboxView from './OutboxView.vue'
import { useAppStore } from '../stores/app'
import { useDraftsStore } from '../stores/drafts'
import { useProfilesStore } from '../stores/profiles'
import { accessibleName, button, textbox } from '../testing/dom'
import { createFakeListsApi, outboxItem, settle, type FakeListsApi } from '../testing/fakeListsApi'

let pinia: Pinia
let fake: FakeListsApi
let wrapper: VueWrapper | null = null

const seed = () => ({
  outbox: [
    outboxItem('q1', 'Anna', 'Svensson'),
    outboxItem('u1', 'Bo', 'Ek', {
      state: 'unknown' as const,
      attempts: 1,
      requestId: 'req-77',
      error: { code: 'timeout' as const, message: 'no answer in 15 s' }
    }),
    outboxItem('r1', 'Cia', 'Berg', {
      state: 'rejected' as const,
      attempts: 1,
      error: { code: 'validation' as const, message: 'bad', fields: { email: 'contact.email.invalid' } }
    }),
    outboxItem('t1', 'Dan', 'Lund', {
      state: 'retryable' as const,
      attempts: 2,
      nextAttemptAt: '2026-11-27T09:42:00.000Z'
    })
  ]
})

async function mountOutbox(data: Parameters<typeof createFakeListsApi>[0] = seed()): Promise<VueWrapper> {
  fake = createFakeListsApi(data)
  window.api = fake.api
  await useProfilesStore().load()
  wrapper = mount(OutboxView, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle()
  return wrapper
}

function card(view: VueWrapper, name: string): DOMWrapper<Element> {
  const found = view.findAll('.outbox-item').find((c) => c.find('h2').text() === name)
  if (!found) throw new Error(`No outbox item for ${name}`)
  return found
}

const names = (el: DOMWrapper<Element>) => el.findAll('button').map((b) => accessibleName(b.element))

beforeEach(() => {
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('the outbox', () => {
  it('shows each item’s state, attempts, last error and request ID', async () => {
    const view = await mountOutbox()
    expect(card(view, 'Anna Svensson').find('.badge').text()).toBe('Queued')
    const bo = card(view, 'Bo Ek')
    expect(bo.find('.badge').text()).toBe('Needs your decision')
    expect(bo.text()).toContain('1 attempt')
    expect(bo.text()).toContain('Request ID: req-77')
    expect(bo.text()).toContain('Last error: HostUp did not answer in time.')
    expect(bo.text()).not.toContain('no answer in 15 s')
    expect(card(view, 'Dan Lund').find('.badge').text()).toMatch(/^Waiting until \d{2}:\d{2} \(retry\)$/)
    expect(card(view, 'Dan Lund').text()).toContain('2 attempts')
  })

  it('holds an unknown item for the person: two choices, and no Send now', async () => {
    const view = await mountOutbox()
    const bo = names(card(view, 'Bo Ek'))
    expect(bo).toContain('I checked: it exists')
    expect(bo).toContain('I checked: it does not exist, send again')
    expect(bo.some((n) => /Send .* now/.test(n))).toBe(false)
  })

  it('records the contact ID the person found in the dashboard', async () => {
    const view = await mountOutbox()
    await button(view, 'I checked: it exists').trigger('click')
    await textbox(view, 'Contact ID').setValue('14 087')
    await view.find('.unknown-choice form').trigger('submit')
    expect(view.text()).toContain('Enter the contact ID as a number')
    expect(fake.callsTo('outbox:resolve')).toEqual([])
    await textbox(view, 'Contact ID').setValue('20001')
    await view.find('.unknown-choice form').trigger('submit')
    await settle()
    expect(fake.callsTo('outbox:resolve')).toEqual([{ id: 'u1', decision: 'exists', contactId: 20001 }])
    expect(view.text()).toContain('Bo Ek is marked as created (ID 20001)')
  })

  it('sends an unknown item again only when the person says it does not exist', async () => {
    const view = await mountOutbox()
    await button(view, 'I checked: it does not exist, send again').trigger('click')
    await settle()
    expect(fake.callsTo('outbox:resolve')).toEqual([{ id: 'u1', decision: 'resend' }])
  })

  it('offers a rejected item back to the form, with the server’s complaint by field', async () => {
    const view = await mountOutbox()
    const cia = card(view, 'Cia Berg')
    expect(cia.text()).toContain('E-mail: Enter a valid e-mail address')
    expect(names(cia)).toEqual(['Open Cia Berg in the form', 'Discard Cia Berg'])
    await button(view, 'Open Cia Berg in the form').trigger('click')
    expect(useDraftsStore().openDraftId).toBe('r1')
    expect(useAppStore().view).toBe('newContact')
  })

  it('sends a queued item now, but not while offline', async () => {
    const view = await mountOutbox()
    await button(view, 'Send Anna Svensson now').trigger('click')
    await settle()
    expect(fake.callsTo('outbox:sendNow')).toEqual([{ id: 'q1' }])
    useAppStore().online = false
    await settle()
    expect(button(view, 'Send Dan Lund now').attributes('disabled')).toBeDefined()
    expect(view.text()).toContain('Can be sent once you are online again.')
    expect(view.text()).toContain('You’re offline. 1 contact will be sent when the connection is back.')
  })

  it('discards only after the person confirms, warning that an unknown one may exist', async () => {
    const view = await mountOutbox()
    await button(view, 'Discard Bo Ek').trigger('click')
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Discard the contact Bo Ek?')
    expect(dialog.text()).toContain('It may already exist in HostUp')
    await dialog.findAll('button').at(-1)!.trigger('click')
    await settle()
    expect(fake.callsTo('outbox:resolve')).toEqual([{ id: 'u1', decision: 'discard' }])
    expect(view.findAll('.outbox-item')).toHaveLength(3)
  })

  it('shows what will be sent, without any password', async () => {
    const view = await mountOutbox()
    const details = card(view, 'Anna Svensson').find('details')
    expect(details.find('summary').text()).toBe('What will be sent')
    expect(details.text()).toContain('anna.svensson@example.com')
    expect(details.text()).toContain('Sweden (SE)')
    expect(details.findAll('dt').map((dt) => dt.text())).not.toContain('Password')
    expect(details.findAll('dt')).toHaveLength(8)
    expect(card(view, 'Bo Ek').find('summary').text()).toBe('What was sent')
  })

  it('says what the outbox is for when it is empty', async () => {
    const view = await mountOutbox({})
    expect(view.text()).toContain('The outbox is empty.')
  })
})
