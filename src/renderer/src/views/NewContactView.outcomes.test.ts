import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import { button, buttonNames, description, settle, textbox } from '../testing/dom'
import { type Backend } from '../testing/backend'
import { ANNA, PASSWORD, fill, focused, mountNewContact } from '../testing/contactForm'
import { useAppStore } from '../stores/app'
import { useContactsStore } from '../stores/contacts'
import { testPinia } from '../testing/setup'

let pinia: Pinia
let view: VueWrapper
let backend: Backend
let profileId: string

beforeEach(async () => {
  pinia = testPinia()
  ;({ view, backend, profileId } = await mountNewContact(pinia))
})

const creates = () => backend.callsTo('contacts:create')
const formIds = () => creates().map((c) => (c as { formId: string }).formId)
const heading = () => view.find('h2').text()

/** Fills the form and submits it; waits for main's answer (the form gives way to an outcome, or says why not). */
async function submit(values: Record<string, string> = ANNA): Promise<void> {
  await fill(view, values)
  const before = creates().length
  await view.find('form').trigger('submit')
  await answered(before)
}

/** Waits until the page has shown main's answer to the `count + 1`-th send. */
async function answered(count: number): Promise<void> {
  await vi.waitFor(() => expect(creates().length).toBeGreaterThan(count))
  await vi.waitFor(() =>
    expect(view.find('form button[type="submit"]').attributes('aria-busy')).toBeUndefined()
  )
  await settle()
}

describe('created', () => {
  it('shows the new ID, who was created and where, and focuses the heading', async () => {
    await submit({ ...ANNA, City: 'Malmö' })
    const heading = view.find('h2')
    expect(heading.text()).toContain('Contact created')
    expect(document.activeElement).toBe(heading.element)
    const card = view.find('.outcome--created')
    expect(card.find('.outcome__id-value').text()).toBe('14087')
    expect(card.text()).toContain('Anna Svensson')
    expect(card.text()).toContain('anna@example.com')
    expect(card.text()).toContain('Acme AB')
    expect(card.text()).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/)
    expect(buttonNames(view)).toContain('Copy contact ID')
    expect(view.find('form.contact-form').isVisible()).toBe(false)
  })

  it('copies the contact ID and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } })
    await submit()
    await button(view, 'Copy contact ID').trigger('click')
    await settle()
    expect(writeText).toHaveBeenCalledWith('14087')
    expect(view.find('.outcome__id [role="status"]').text()).toBe('Copied')
  })

  it('"Add another" clears the whole form, the password too, and starts a new form', async () => {
    await submit({ ...ANNA, 'Street address': 'Storgatan 1', City: 'Malmö' })
    await button(view, 'Add another').trigger('click')
    await settle()
    for (const label of ['First name', 'E-mail', 'Password', 'Street address', 'City'])
      expect(textbox(view, label).element.value, label).toBe('')
    expect(focused()).toBe('contact-firstname')
    expect(textbox(view, 'First name').attributes('aria-invalid')).toBeUndefined()

    await submit({ ...ANNA, 'E-mail': 'bo@example.com', 'First name': 'Bo' })
    expect(new Set(formIds()).size).toBe(2)
  })

  it('keeps the address for the next contact when asked to, and nothing else', async () => {
    await submit({ ...ANNA, 'Street address': 'Storgatan 1', Postcode: '211 22', City: 'Malmö' })
    await view.find('input[type="checkbox"]').setValue(true)
    await button(view, 'Add another').trigger('click')
    await settle()
    expect(textbox(view, 'Street address').element.value).toBe('Storgatan 1')
    expect(textbox(view, 'Postcode').element.value).toBe('211 22')
    expect(textbox(view, 'City').element.value).toBe('Malmö')
    expect(textbox(view, 'Password').element.value).toBe('')
    expect(textbox(view, 'E-mail').element.value).toBe('')
  })

  it('warns before creating the same e-mail again under the same profile', async () => {
    await submit()
    await button(view, 'Add another').trigger('click')
    await fill(view, { ...ANNA, 'E-mail': 'Anna@Example.com ' })
    await view.find('form').trigger('submit')
    await settle()
    const alert = view.find('.duplicate[role="alert"]')
    expect(alert.find('p').text()).toMatch(
      /^A contact with anna@example\.com was already created from this app under Acme AB \(ID 14087, \d\d:\d\d\)\./
    )
    expect(creates()).toHaveLength(1)

    await view.find('form').trigger('keydown', { key: 'Escape' })
    await settle()
    expect(view.find('.duplicate').exists()).toBe(false)

    await view.find('form').trigger('submit')
    await settle()
    await button(view, 'Create anyway').trigger('click')
    await answered(1)
    expect(creates()).toHaveLength(2)
    // It was sent; HostUp (like the sandbox) refuses a second contact with the same login e-mail.
    expect(view.find('#send-problem').text()).toContain('A contact with the same e-mail may already exist')
  })
})

describe('rejected', () => {
  it('puts HostUp’s country message on the country field as it came, keeping the form', async () => {
    backend.sandbox.failNext(
      {
        kind: 'problem',
        code: 'invalid_country_code',
        errors: [{ pointer: '/country', detail: 'Country code must be a 2-letter ISO country code.' }]
      },
      { path: '/api/teams' }
    )
    await fill(view, { ...ANNA, Country: 'se' })
    await textbox(view, 'Country').trigger('blur')
    await view.find('form').trigger('submit')
    await answered(0)
    const country = textbox(view, 'Country')
    expect(country.attributes('aria-invalid')).toBe('true')
    expect(description(view, country)).toContain('Country code must be a 2-letter ISO country code.')
    expect(focused()).toBe('contact-country')
    const alert = view.find('[role="alert"]')
    expect(alert.text()).toMatch(/Request ID: [0-9a-f]{8}-/)
    expect(textbox(view, 'E-mail').element.value).toBe('anna@example.com')
    expect(textbox(view, 'Password').element.value).toBe(PASSWORD)

    // Leaving the field unchanged keeps HostUp's word; changing the value re-checks it.
    await country.trigger('blur')
    await settle()
    expect(description(view, country)).toContain('2-letter ISO country code')
  })

  it('keeps HostUp’s word on one field while another field is typed in', async () => {
    backend.sandbox.failNext(
      {
        kind: 'problem',
        code: 'invalid_country_code',
        errors: [{ pointer: '/country', detail: 'Country code must be a 2-letter ISO country code.' }]
      },
      { path: '/api/teams' }
    )
    await fill(view, { ...ANNA, Country: 'se' })
    await textbox(view, 'Country').trigger('blur')
    await view.find('form').trigger('submit')
    await answered(0)
    // A key re-checks the field it changed: the country's own check would find nothing wrong.
    await textbox(view, 'City').setValue('Stockholm')
    await settle()
    const country = textbox(view, 'Country')
    expect(country.attributes('aria-invalid')).toBe('true')
    expect(description(view, country)).toContain('2-letter ISO country code')
  })

  it('translates our own message keys from main’s re-check', async () => {
    useAppStore().setLocale('sv')
    await settle()
    // What main's own check of the request answers (ipc.ts parsers); the page's check lets nothing
    // invalid through, so the answer is put in its way.
    backend.failNext('contacts:create', {
      code: 'validation',
      message: 'errors.app.invalidFields',
      fields: { email: 'contact.email.invalid' }
    })
    await submit({ Förnamn: 'Anna', Efternamn: 'Svensson', 'E-post': 'anna@example.com', Lösenord: PASSWORD })
    expect(description(view, textbox(view, 'E-post'))).toContain('Ange en giltig e-postadress')
    expect(focused()).toBe('contact-email')
  })

  it('explains an inner failure as a likely existing contact in one sentence, and marks the e-mail', async () => {
    backend.sandbox.failNext({ kind: 'inner-failure' }, { path: '/api/teams' })
    await submit()
    const alert = view.find('#send-problem')
    expect(alert.attributes('role')).toBe('alert')
    // One sentence of what happened and what to do, then HostUp's own words behind Details, closed.
    expect(alert.find('.notice__body > p').text()).toBe(
      'Error: HostUp could not add the contact. Nothing was created. A contact with the same e-mail may already exist; check the details, then send it again.'
    )
    const details = alert.find('details')
    expect(details.element.open).toBe(false)
    expect(details.find('summary').text()).toBe('Details from HostUp')
    expect(details.text()).toContain('HostUp’s own words: “Failed to add contact”')
    expect(details.text()).toMatch(/Request ID: [0-9a-f]{8}-/)
    expect(buttonNames(view)).toContain('Copy request ID')
    expect(alert.text()).not.toMatch(/HTTP|200/)
    // HostUp does not say which field; a taken login e-mail is what it refuses like this.
    const email = textbox(view, 'E-mail')
    expect(email.attributes('aria-invalid')).toBe('true')
    expect(description(view, email)).toContain('HostUp may already have a contact with this e-mail')
    expect(focused()).toBe('contact-email')
    // Leaving the unchanged field keeps the mark; a new address clears it.
    await email.trigger('blur')
    await settle()
    expect(email.attributes('aria-invalid')).toBe('true')
    await email.setValue('anna.svensson@example.com')
    await email.trigger('blur')
    await settle()
    expect(email.attributes('aria-invalid')).toBeUndefined()
  })

  it('sends a 401 to Settings', async () => {
    backend.sandbox.failNext({ kind: 'v1-unauthorized' }, { path: '/api/teams' })
    await submit()
    expect(view.find('[role="alert"]').text()).toContain('The API key was not accepted by HostUp.')
    // Main marked the key refused: the account line above the form says so now, not at the next start.
    await vi.waitFor(() =>
      expect(view.get('.target').text()).toContain('HostUp no longer accepts the API key of “Acme AB”.')
    )
    await button(view, 'Open Settings').trigger('click')
    expect(useAppStore().view).toBe('settings')
  })

  it('sends a missing key to Settings too', async () => {
    // The key went from the keychain after the page last looked (removed in another window, or locked).
    await backend.handlers['apiKey:clear']({ profileId })
    await submit()
    expect(view.find('[role="alert"]').text()).toContain('No API key found for this profile')
    expect(backend.sandbox.log.filter((r) => r.path === '/api/teams')).toEqual([])
    expect(buttonNames(view)).toContain('Open Settings')
  })
})

describe('retryable', () => {
  it('counts down before Try again, then resends the same form', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    backend.sandbox.failNext({ kind: 'rate-limited', retryAfter: '3' }, { path: '/api/teams' })
    await submit()
    expect(view.find('h2').text()).toBe('Nothing was created')
    expect(view.text()).toContain('it’s safe to try again')
    expect(view.find('.outcome__countdown').text()).toBe('You can try again in 3 s')
    expect(view.find('[aria-live="polite"].visually-hidden').text()).toBe('You can try again in 3 s')
    const tryAgain = () => button(view, 'Try again')
    expect(tryAgain().element.disabled).toBe(true)
    expect(button(view, 'Create contact').element.disabled).toBe(true)

    await vi.advanceTimersByTimeAsync(1000)
    expect(view.find('.outcome__countdown').text()).toBe('You can try again in 2 s')
    // Not announced every second.
    expect(view.find('[aria-live="polite"].visually-hidden').text()).toBe('You can try again in 3 s')
    expect(tryAgain().element.disabled).toBe(true)

    await vi.advanceTimersByTimeAsync(2000)
    expect(tryAgain().element.disabled).toBe(false)
    expect(view.find('[aria-live="polite"].visually-hidden').text()).toBe('You can try again now.')

    await tryAgain().trigger('click')
    await vi.waitFor(() => expect(heading()).toContain('Contact created'))
    expect(new Set(formIds())).toEqual(new Set([formIds()[0]]))
    expect(creates()).toHaveLength(2)
  })
})

describe('retryable, sent by the outbox', () => {
  it('turns into "Contact created" when the outbox sends it by itself', async () => {
    await backend.sandbox.goOffline()
    await submit()
    expect(heading()).toBe('Nothing was created')
    await backend.sandbox.goOnline()
    await backend.start()
    await vi.waitFor(() => expect(heading()).toContain('Contact created'))
    expect(creates()).toHaveLength(1)
    expect(view.find('.outcome__id-value').text()).toBe('14087')
  })
})

describe('unknown', () => {
  beforeEach(async () => {
    backend.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
    await submit({ ...ANNA, City: 'Umeå', Country: 'se' })
  })

  it('says the contact may exist, shows what was sent but not the password, and offers no resend', async () => {
    const card = view.find('.outcome--unknown')
    expect(view.find('h2').text()).toContain('Outcome unknown')
    expect(card.text()).toContain('may or may not have been created')
    expect(card.text()).toMatch(/request ID [0-9a-f]{8}-/)
    const sent = card.find('dl').text()
    for (const text of ['Anna', 'Svensson', 'anna@example.com', 'Umeå', 'Sweden (SE)'])
      expect(sent).toContain(text)
    expect(view.text()).not.toContain(PASSWORD)
    expect(card.text()).not.toContain('Password')
    // Where to look, one click away: the dashboard lists the account's contacts.
    const dashboard = card.find('a[href="https://cloud.hostup.se/"]')
    expect(dashboard.text()).toBe('Open the HostUp dashboard')
    expect(dashboard.attributes('target')).toBe('_blank')
    const visible = buttonNames(view).filter((name) =>
      view
        .findAll('button')
        .find((b) => b.text() === name)
        ?.isVisible()
    )
    expect(visible).not.toContain('Try again')
    expect(visible).not.toContain('Create contact')
    // The two choices, and the way on without deciding now (the contact waits in the Outbox).
    expect(visible).toEqual([
      'I checked: it exists',
      'I checked: it does not exist, send again',
      'New contact',
      'Open Outbox',
      'Copy request ID'
    ])
    // What to look for, right above the choices: when it was sent and its e-mail address.
    expect(card.find('.outcome__check').text()).toMatch(
      /^Sent .+\. Look for anna@example\.com among the account’s contacts: Open the HostUp dashboard$/
    )
  })

  it('copies the request ID for HostUp support and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } })
    const card = view.find('.outcome--unknown')
    const requestId = /request ID ([0-9a-f-]{36})/.exec(card.text())?.[1]
    expect(requestId).toBeDefined()
    await button(view, 'Copy request ID').trigger('click')
    await settle()
    expect(writeText).toHaveBeenCalledWith(requestId)
    expect(card.text()).toContain('Copied')
  })

  it('"it exists" takes the ID the person looked up and shows it as created, confirmed by them', async () => {
    await button(view, 'I checked: it exists').trigger('click')
    await settle()
    expect(focused()).toBe(textbox(view, 'Contact ID').attributes('id'))
    await textbox(view, 'Contact ID').setValue('14x')
    await button(view, 'Save').trigger('click')
    await settle()
    expect(view.text()).toContain('Enter the contact ID as a number')

    await textbox(view, 'Contact ID').setValue(' 20001 ')
    await button(view, 'Save').trigger('click')
    await vi.waitFor(() => expect(heading()).toContain('Contact created'))
    expect(view.find('.outcome__id-value').text()).toBe('20001')
    expect(view.find('.outcome--created').text()).toContain('confirmed by you')
    expect(creates()).toHaveLength(1)
    expect(backend.calls.at(-1)?.channel).toBe('outbox:resolve')
    expect(useContactsStore().findCreated(profileId, 'anna@example.com')?.contactId).toBe(20001)
    expect(backend.sandbox.log.filter((r) => r.path === '/api/teams')).toHaveLength(1)
  })

  it('"it does not exist, send again" resends the same form', async () => {
    await button(view, 'I checked: it does not exist, send again').trigger('click')
    await vi.waitFor(() => expect(heading()).toContain('Contact created'))
    expect(backend.callsTo('outbox:resolve')).toEqual([{ id: formIds()[0], decision: 'resend' }])
    // The sandbox's 500 came before anything was created, so the one contact is the resend's.
    expect(backend.sandbox.contacts).toHaveLength(1)
  })
})

describe('Swedish outcomes', () => {
  it('names the outcomes in Swedish', async () => {
    useAppStore().setLocale('sv')
    await settle()
    await submit({ Förnamn: 'Åsa', Efternamn: 'Öberg', 'E-post': 'asa@exempel.se', Lösenord: PASSWORD })
    expect(view.find('h2').text()).toContain('Kontakten har skapats')
    expect(buttonNames(view)).toEqual(expect.arrayContaining(['Kopiera kontakt-ID', 'Lägg till ännu en']))
  })
})
