import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import type { ContactInput } from '@shared/contact'
import type { OutboxItem } from '@shared/outbox'
import OutboxView from './OutboxView.vue'
import { useAppStore } from '../stores/app'
import { useDraftsStore } from '../stores/drafts'
import { useOutboxStore } from '../stores/outbox'
import { openBackend, person, type Backend } from '../testing/backend'
import { accessibleName, button, settle, textbox } from '../testing/dom'
import { loadProfiles, testPinia } from '../testing/setup'

let backend: Backend
let pinia: Pinia
let a: string
let wrapper: VueWrapper | null = null

const contact = (firstname: string, lastname: string): Partial<ContactInput> => ({
  firstname,
  lastname,
  email: `${firstname}.${lastname}@example.com`.toLowerCase()
})

/** The password every seeded contact was sent with: it must never reach the page. */
const { password: PASSWORD } = person()

/** What HostUp said about Cia's e-mail when it refused her. */
const EMAIL_TAKEN = 'The e-mail address is already used by another contact.'

/** Sends a contact through main as the form does, and returns its outbox item. */
async function send(formId: string, fields: Partial<ContactInput>): Promise<OutboxItem> {
  const sent = await backend.handlers['contacts:create']({ profileId: a, formId, contact: person(fields) })
  if (!sent.ok) throw new Error(sent.error.message)
  return item(formId)
}

async function item(id: string): Promise<OutboxItem> {
  const listed = await backend.handlers['outbox:list']({ profileId: a })
  if (!listed.ok) throw new Error(listed.error.message)
  const found = listed.value.find((i) => i.id === id)
  if (!found) throw new Error(`${id} is not in the outbox`)
  return found
}

async function outboxIds(): Promise<string[]> {
  const listed = await backend.handlers['outbox:list']({ profileId: a })
  if (!listed.ok) throw new Error(listed.error.message)
  return listed.value.map((i) => i.id)
}

/**
 * Acme AB's outbox, each item as main leaves it: Anna (q1) was sent while offline; Bo's send (u1)
 * got a 500, so its outcome is unknown; HostUp refused Cia's (r1) e-mail; Dan's (t1) was rate
 * limited twice and waits ten minutes. The outbox does not send by itself (not started).
 */
async function seed(): Promise<{ bo: OutboxItem }> {
  await backend.queued(a, contact('Anna', 'Svensson'), 'q1')
  const bo = await backend.unknown(a, contact('Bo', 'Ek'), 'u1')
  backend.sandbox.failNext(
    {
      kind: 'problem',
      code: 'invalid_request',
      errors: [{ pointer: '/email', detail: EMAIL_TAKEN }]
    },
    { path: '/api/teams' }
  )
  await send('r1', contact('Cia', 'Berg'))
  backend.sandbox.failNext({ kind: 'rate-limited', retryAfter: '600' }, { path: '/api/teams', times: 2 })
  await send('t1', contact('Dan', 'Lund'))
  const sentAgain = await backend.handlers['outbox:sendNow']({ id: 't1' })
  if (!sentAgain.ok) throw new Error(sentAgain.error.message)
  return { bo }
}

async function mountOutbox(): Promise<VueWrapper> {
  await loadProfiles()
  await useAppStore().init()
  wrapper = mount(OutboxView, { global: { plugins: [pinia] }, attachTo: document.body })
  await vi.waitFor(() => expect(useOutboxStore().loaded).toBe(true))
  await settle()
  return wrapper
}

function card(view: VueWrapper, name: string): DOMWrapper<Element> {
  const found = view.findAll('.outbox-item').find((c) => c.find('h2').text() === name)
  if (!found) throw new Error(`No outbox item for ${name}`)
  return found
}

const cardNames = (view: VueWrapper) => view.findAll('.outbox-item').map((c) => c.find('h2').text())
const names = (el: DOMWrapper<Element>) => el.findAll('button').map((b) => accessibleName(b.element))

beforeEach(async () => {
  pinia = testPinia()
  backend = await openBackend()
  a = await backend.seedProfile('Acme AB')
})

describe('the outbox', () => {
  it('shows each item’s state, attempts, last error and request ID', async () => {
    const { bo: sent } = await seed()
    const view = await mountOutbox()
    expect(card(view, 'Anna Svensson').find('.badge').text()).toBe('Queued')
    const bo = card(view, 'Bo Ek')
    expect(bo.find('.badge').text()).toBe('Needs your decision')
    expect(bo.text()).toContain('1 attempt')
    expect(sent.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(bo.text()).toContain(`Request ID: ${sent.requestId}`)
    expect(bo.text()).toContain(
      'Last error: HostUp answered with a server error. It is unknown whether the contact was created: ' +
        'check the account in the HostUp dashboard before you send it again.'
    )
    // The sentence is main's; the sandbox's own words stay out of it.
    expect(bo.text()).not.toContain('An unexpected error occurred.')
    // Said once: the general explanation is left out when the last error already says it.
    expect(bo.text()).not.toContain('no reliable answer came back')
    const dan = card(view, 'Dan Lund')
    expect(dan.find('.badge').text()).toMatch(/^Waiting until \d{2}:\d{2} \(retry\)$/)
    expect(dan.text()).toContain('2 attempts')
  })

  it('holds an unknown item for the person: two choices, and no Send now', async () => {
    await seed()
    const view = await mountOutbox()
    const bo = names(card(view, 'Bo Ek'))
    expect(bo).toContain('I checked: it exists')
    expect(bo).toContain('I checked: it does not exist, send again')
    expect(bo.some((n) => /Send .* now/.test(n))).toBe(false)
    // Offline, sending again waits, and the card says why in words beside the greyed-out choice.
    expect(card(view, 'Bo Ek').find('.unknown-choice').text()).not.toContain(
      'Can be sent once you are online'
    )
    backend.setOnline(false)
    await settle()
    const choice = card(view, 'Bo Ek').find('.unknown-choice')
    const resend = choice
      .findAll('button')
      .find((b) => b.text() === 'I checked: it does not exist, send again')
    expect(resend?.attributes('disabled')).toBeDefined()
    expect(choice.text()).toContain('Can be sent once you are online again.')
    // Read with the button, once: its description is the words beside it, not a tooltip as well.
    expect(resend?.attributes('title')).toBeUndefined()
    expect(choice.find(`#${resend?.attributes('aria-describedby') ?? 'none'}`).text()).toBe(
      'Can be sent once you are online again.'
    )
  })

  it('records the contact ID the person found in the dashboard', async () => {
    await seed()
    const view = await mountOutbox()
    await button(view, 'I checked: it exists').trigger('click')
    await textbox(view, 'Contact ID').setValue('14 087')
    await view.find('.unknown-choice form').trigger('submit')
    expect(view.text()).toContain('Enter the contact ID as a number')
    expect(backend.callsTo('outbox:resolve')).toEqual([])
    await textbox(view, 'Contact ID').setValue('20001')
    await view.find('.unknown-choice form').trigger('submit')
    await vi.waitFor(() => expect(view.text()).toContain('Bo Ek is marked as created (ID 20001)'))
    expect(backend.callsTo('outbox:resolve')).toEqual([{ id: 'u1', decision: 'exists', contactId: 20001 }])
    // In the history under that ID, and out of the outbox.
    const history = await backend.handlers['history:query']({ sort: { key: 'createdAt', dir: 'desc' } })
    expect(history.ok && history.value.rows.map((e) => e.contactId)).toEqual([20001])
    expect(cardNames(view)).not.toContain('Bo Ek')
    expect(await outboxIds()).not.toContain('u1')
  })

  it('sends an unknown item again only when the person says it does not exist', async () => {
    await seed()
    const view = await mountOutbox()
    const before = backend.sandbox.contacts.length
    await button(view, 'I checked: it does not exist, send again').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain('Bo Ek was sent again.'))
    expect(backend.callsTo('outbox:resolve')).toEqual([{ id: 'u1', decision: 'resend' }])
    expect(backend.sandbox.contacts.slice(before).map((c) => c.email)).toEqual(['bo.ek@example.com'])
  })

  it('offers a rejected item back to the form, with the server’s complaint by field', async () => {
    await seed()
    const view = await mountOutbox()
    const cia = card(view, 'Cia Berg')
    expect(cia.find('.badge').text()).toBe('Rejected')
    expect(cia.text()).toContain(`E-mail: HostUp did not accept this value. (HostUp says: “${EMAIL_TAKEN}”)`)
    expect(names(cia)).toEqual(['Open Cia Berg in the form', 'Discard Cia Berg'])
    await button(view, 'Open Cia Berg in the form').trigger('click')
    expect(useDraftsStore().openDraftId).toBe('r1')
    expect(useAppStore().view).toBe('newContact')
  })

  it('sends a queued item now, but not while offline', async () => {
    await seed()
    const view = await mountOutbox()
    await button(view, 'Send Anna Svensson now').trigger('click')
    await vi.waitFor(() => expect(cardNames(view)).not.toContain('Anna Svensson'))
    expect(backend.callsTo('outbox:sendNow')).toEqual([{ id: 'q1' }])
    expect(backend.sandbox.contacts.map((c) => c.email)).toContain('anna.svensson@example.com')
    backend.setOnline(false)
    await settle()
    expect(button(view, 'Send Dan Lund now').attributes('disabled')).toBeDefined()
    expect(view.text()).toContain('Can be sent once you are online again.')
    expect(view.text()).toContain('You’re offline. 1 contact will be sent when the connection is back.')
  })

  it('discards only after the person confirms, warning that an unknown one may exist', async () => {
    await seed()
    const view = await mountOutbox()
    await button(view, 'Discard Bo Ek').trigger('click')
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Discard the contact Bo Ek?')
    expect(dialog.text()).toContain('It may already exist in HostUp')
    expect(backend.callsTo('outbox:resolve')).toEqual([])
    await dialog.findAll('button').at(-1)!.trigger('click')
    await vi.waitFor(() => expect(view.findAll('.outbox-item')).toHaveLength(3))
    expect(backend.callsTo('outbox:resolve')).toEqual([{ id: 'u1', decision: 'discard' }])
    expect(cardNames(view)).not.toContain('Bo Ek')
    expect(await outboxIds()).not.toContain('u1')
  })

  it('shows what will be sent, without any password', async () => {
    await seed()
    const view = await mountOutbox()
    const details = card(view, 'Anna Svensson').find('details')
    expect(details.find('summary').text()).toBe('What will be sent')
    expect(details.text()).toContain('anna.svensson@example.com')
    expect(details.text()).toContain('Sweden (SE)')
    expect(details.findAll('dt').map((dt) => dt.text())).not.toContain('Password')
    expect(details.findAll('dt')).toHaveLength(8)
    expect(view.html()).not.toContain(PASSWORD)
    expect(card(view, 'Bo Ek').find('summary').text()).toBe('What was sent')
  })

  it('says what the outbox is for when it is empty', async () => {
    const view = await mountOutbox()
    expect(view.text()).toContain('The outbox is empty.')
  })
})

describe('a pause of automatic sending', () => {
  // A pause as long as the app's, not the 50 ms the other tests use: it must still be on when looked at.
  beforeEach(async () => {
    await backend.close()
    backend = await openBackend({ backoff: () => 60_000 })
    a = await backend.seedProfile('Acme AB')
  })

  it('says sending is paused after an unknown outcome, why and until when, and "Send all now" sends the rest', async () => {
    // Two contacts wait while offline; when the network is back the first one's send gets a 500.
    backend.setOnline(false)
    await backend.queued(a, contact('Anna', 'Svensson'), 'p1')
    await backend.queued(a, contact('Bo', 'Ek'), 'p2')
    const view = await mountOutbox()
    await backend.start()
    backend.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
    backend.setOnline(true)
    await useAppStore().init()
    await vi.waitFor(() => expect(view.find('.pause-banner').exists()).toBe(true), { timeout: 5000 })
    const banner = view.find('.pause-banner')
    expect(banner.text()).toMatch(/^!Automatic sending is paused until \d{2}:\d{2}\./)
    expect(banner.text()).toContain(
      'Decide on the contact marked “Needs your decision” below; the others wait.'
    )
    await vi.waitFor(() =>
      expect(card(view, 'Anna Svensson').find('.badge').text()).toBe('Needs your decision')
    )
    expect(card(view, 'Bo Ek').find('.badge').text()).toMatch(/^Paused until \d{2}:\d{2}$/)
    const posts = () =>
      backend.sandbox.log.filter((r) => r.method === 'POST' && r.path === '/api/teams').length
    expect(posts()).toBe(1)

    await button(view, 'Send all now').trigger('click')
    expect(backend.callsTo('outbox:sendAll')).toHaveLength(1)
    await vi.waitFor(() => expect(cardNames(view)).toEqual(['Anna Svensson']), { timeout: 5000 })
    expect(posts()).toBe(2)
    expect(view.find('.pause-banner').exists()).toBe(false)
  })

  it('reads in Swedish', async () => {
    backend.setOnline(false)
    await backend.queued(a, contact('Anna', 'Svensson'), 'p1')
    await backend.queued(a, contact('Bo', 'Ek'), 'p2')
    const view = await mountOutbox()
    useAppStore().setLocale('sv')
    await backend.start()
    backend.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
    backend.setOnline(true)
    await useAppStore().init()
    await vi.waitFor(() => expect(view.find('.pause-banner').exists()).toBe(true), { timeout: 5000 })
    expect(view.find('.pause-banner').text()).toMatch(/Automatiskt skickande är pausat till \d{2}:\d{2}\./)
    expect(button(view, 'Skicka alla nu').exists()).toBe(true)
  })
})

describe('deciding an unknown outcome', () => {
  it('shows what was sent and when, with the way to the HostUp dashboard, beside the two choices', async () => {
    await seed()
    const view = await mountOutbox()
    const bo = card(view, 'Bo Ek')
    // en-GB medium dates: "3 Dec 2026", but "3 Sept 2026" in September (ICU).
    expect(bo.find('.outbox-item__check').text()).toMatch(
      /^Sent \d{1,2} [A-Za-z]{3,4} \d{4}, \d{2}:\d{2}\. Look for bo\.ek@example\.com among the account’s contacts: Open the HostUp dashboard$/
    )
    const link = bo.find('.outbox-item__check a')
    expect(link.attributes('href')).toBe('https://cloud.hostup.se/')
    expect(link.attributes('rel')).toContain('noopener')
    // What was sent is open already; for the others it waits behind its summary.
    expect((bo.find('details').element as HTMLDetailsElement).open).toBe(true)
    expect((card(view, 'Anna Svensson').find('details').element as HTMLDetailsElement).open).toBe(false)
    expect(bo.find('details').text()).toContain('bo.ek@example.com')
    expect(names(bo)).toEqual(
      expect.arrayContaining(['I checked: it exists', 'I checked: it does not exist, send again'])
    )
  })
})

describe('search and bulk actions', () => {
  it('finds items by name or e-mail, sends the picked ones now and discards others after asking', async () => {
    await seed()
    await backend.queued(a, contact('Eva', 'Ek'), 'q2')
    const view = await mountOutbox()
    await textbox(view, 'Search the outbox').setValue('ek')
    await settle()
    expect(cardNames(view).sort()).toEqual(['Bo Ek', 'Eva Ek'])
    await textbox(view, 'Search the outbox').setValue('')
    await settle()
    const pick = (name: string) =>
      view.find<HTMLInputElement>(`input[aria-label="Select ${name}"]`).setValue(true)
    await pick('Anna Svensson')
    await pick('Eva Ek')
    await pick('Bo Ek')
    // Bo's outcome is unknown: never sent again in bulk; the two queued ones go.
    await button(view, 'Send 2 selected now').trigger('click')
    await vi.waitFor(() => expect(backend.callsTo('outbox:sendNow')).toEqual([{ id: 'q1' }, { id: 'q2' }]))
    await vi.waitFor(() => expect(cardNames(view)).not.toContain('Eva Ek'))
    expect(cardNames(view)).not.toContain('Anna Svensson')

    await pick('Cia Berg')
    await pick('Dan Lund')
    await button(view, 'Discard 2 selected…').trigger('click')
    const dialog = view.find('dialog')
    expect(dialog.find('h2').text()).toBe('Discard 2 contacts?')
    expect(backend.callsTo('outbox:resolve')).toEqual([])
    await button(view, 'Discard').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain('2 contacts discarded.'))
    expect(backend.callsTo('outbox:resolve')).toEqual([
      { id: 'r1', decision: 'discard' },
      { id: 't1', decision: 'discard' }
    ])
    expect(await outboxIds()).toEqual(['u1'])
  })
})
