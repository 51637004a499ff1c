import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { builtInSet } from '@shared/permissions'
import { button, description, settle, textbox } from '../testing/dom'
import { closeBackend } from '../testing/backend'
import { ANNA, fill, focused, mountNewContact } from '../testing/contactForm'
import { useAppStore } from '../stores/app'
import { testPinia } from '../testing/setup'

let pinia: Pinia
let view: VueWrapper | null = null

beforeEach(() => {
  pinia = testPinia()
})

async function open() {
  const mounted = await mountNewContact(pinia)
  view = mounted.view
  return mounted
}

/** Types a value, leaves the field, and returns the field with what it now says about itself. */
async function leave(label: string, value: string) {
  const input = textbox(view!, label)
  await input.setValue(value)
  await input.trigger('blur')
  await settle()
  return { input, text: description(view!, input) }
}

describe('the contact form fields', () => {
  it('labels every field in order, marking the four required ones', async () => {
    await open()
    const labels = view!.findAll('form label').map((l) => l.text().trim())
    expect(labels).toEqual([
      'First name',
      'Last name',
      'E-mail',
      'Password',
      'Phone',
      'Street address',
      'Postcode',
      'City',
      'Country'
    ])
    for (const name of ['First name', 'Last name', 'E-mail', 'Password']) {
      expect(textbox(view!, name).attributes('aria-required')).toBe('true')
      expect(
        view!.find(`label[for="${textbox(view!, name).attributes('id')}"] + .field__required`).text()
      ).toBe('*')
    }
    expect(textbox(view!, 'Phone').attributes('aria-required')).toBeUndefined()
    expect(description(view!, textbox(view!, 'Phone'))).toBe(
      'Digits, spaces and + - ( ) . — e.g. +46 8 123 45 67'
    )
  })

  it('says nothing while a field is being typed in for the first time', async () => {
    await open()
    await textbox(view!, 'E-mail').setValue('anna@')
    await settle()
    expect(textbox(view!, 'E-mail').attributes('aria-invalid')).toBeUndefined()
    expect(view!.text()).not.toContain('Enter a valid e-mail address')
  })

  it.each([
    ['First name', 'Enter a first name'],
    ['Last name', 'Enter a last name'],
    ['E-mail', 'Enter an e-mail address'],
    ['Password', 'Enter a password']
  ])('requires %s once it is left empty', async (label, message) => {
    await open()
    const { input, text } = await leave(label, '')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(text).toContain(message)
  })

  it.each([
    ['E-mail', 'anna@example', 'Enter a valid e-mail address, e.g. anna@example.com'],
    ['E-mail', 'anna.example.com', 'An e-mail address needs an @'],
    ['Password', 'kort', 'Use at least 8 characters for the password'],
    ['Phone', '070-123 45 67 ext', 'Use only digits, spaces and + - ( ) . in the phone number'],
    ['Postcode', '1234567890123', 'Use at most 12 characters for the postcode'],
    ['First name', '1234', 'A first name needs at least one letter']
  ])('refuses %s "%s" with a message tied to the field', async (label, value, message) => {
    await open()
    const { input, text } = await leave(label, value)
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(text).toContain(message)
  })

  it('shows a key’s verdict within the key’s own work, before any timer runs', async () => {
    await open()
    const { input } = await leave('E-mail', 'anna@example.com')
    expect(input.attributes('aria-invalid')).toBeUndefined()
    input.element.value = 'anna@example.c'
    input.element.dispatchEvent(new Event('input'))
    // Microtasks only: a check batched behind a timer (as the whole-form check was) has not run yet.
    for (let i = 0; i < 50; i += 1) await Promise.resolve()
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(description(view!, input)).toContain('Enter a valid e-mail address')
  })

  it('refuses a country that is not in the list, typed into the combobox', async () => {
    await open()
    const { input, text } = await leave('Country', 'Narnia')
    expect(input.attributes('role')).toBe('combobox')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(text).toContain('Choose a country from the list, or a two-letter code such as SE')
  })

  it('accepts a country typed as its code or its full name', async () => {
    await open()
    expect((await leave('Country', 'no')).input.element.value).toBe('Norway')
    expect((await leave('Country', 'finland')).input.element.value).toBe('Finland')
    expect(textbox(view!, 'Country').attributes('aria-invalid')).toBeUndefined()
  })
})

describe('submitting', () => {
  it('shows every error on submit and moves focus to the first invalid field, in form order', async () => {
    const { backend } = await open()
    await fill(view!, { 'First name': 'Anna', Password: 'kort', Phone: 'x' })
    await button(view!, 'Create contact').trigger('submit')
    await settle()
    expect(focused()).toBe('contact-lastname')
    for (const label of ['Last name', 'E-mail', 'Password', 'Phone'])
      expect(textbox(view!, label).attributes('aria-invalid'), label).toBe('true')
    expect(textbox(view!, 'First name').attributes('aria-invalid')).toBeUndefined()
    expect(backend.callsTo('contacts:create')).toEqual([])
  })

  it('disables the button and says "Creating…" while the contact is sent, then enables it again', async () => {
    const { backend } = await open()
    await fill(view!, ANNA)
    const release = backend.hold('contacts:create')
    expect(button(view!, 'Create contact').element.disabled).toBe(false)
    await view!.find('form').trigger('submit')
    await settle()
    const busy = button(view!, 'Creating…')
    expect(busy.element.disabled).toBe(true)
    expect(busy.attributes('aria-busy')).toBe('true')

    // A second press, and Ctrl+Enter, while the first is in flight send nothing more.
    await view!.find('form').trigger('submit')
    await textbox(view!, 'E-mail').trigger('keydown', { key: 'Enter', ctrlKey: true })
    release()
    await vi.waitFor(() => expect(view!.find('h2').text()).toContain('Contact created'))
    expect(backend.callsTo('contacts:create')).toHaveLength(1)
    expect(backend.sandbox.contacts).toHaveLength(1)
  })

  it('re-enables the button after an answer that keeps the form', async () => {
    const { backend } = await open()
    await fill(view!, ANNA)
    // What main answers while the same form is still being sent (outbox/service.ts).
    backend.failNext('contacts:create', { code: 'busy', message: 'errors.code.busy' })
    await view!.find('form').trigger('submit')
    await vi.waitFor(() => expect(view!.find('#send-problem').exists()).toBe(true))
    expect(view!.find('[role="alert"]').text()).toContain('The app is still working on a previous request')
    expect(button(view!, 'Create contact').element.disabled).toBe(false)
  })

  it('submits with Ctrl+Enter from any field, sending exactly the nine fields and the chosen permissions', async () => {
    const { backend, profileId } = await open()
    await fill(view!, { ...ANNA, 'First name': '  Anna ', Postcode: '114 55', City: 'Stockholm' })
    await leave('Country', 'se')
    await textbox(view!, 'City').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await settle()
    expect(backend.callsTo('contacts:create')).toEqual([
      {
        profileId,
        formId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        contact: {
          firstname: 'Anna',
          lastname: 'Svensson',
          email: 'anna@example.com',
          password: ANNA.Password,
          phonenumber: '',
          address1: '',
          city: 'Stockholm',
          country: 'SE',
          postcode: '114 55'
        },
        // Nothing chosen: a new contact has no access, and main makes no permissions call for it.
        permissions: { presetId: 'none', name: '', set: builtInSet('none') }
      }
    ])
    await vi.waitFor(() => expect(backend.sandbox.contacts).toHaveLength(1))
  })

  it('shows which account the contact goes to, and the way to Settings when there is no key', async () => {
    await open()
    expect(view!.find('.target').text()).toContain('Adds to: Acme AB')
    view!.unmount()
    await closeBackend()
    setActivePinia((pinia = createPinia()))
    view = (await mountNewContact(pinia, { noProfile: true })).view
    expect(view.find('.target').text()).toContain('No profile is set up yet')
    await button(view, 'Set up in Settings').trigger('click')
    expect(useAppStore().view).toBe('settings')
  })

  it('reads in Swedish: labels, hints, button', async () => {
    useAppStore().setLocale('sv')
    await open()
    for (const label of [
      'Förnamn',
      'Efternamn',
      'E-post',
      'Lösenord',
      'Telefon',
      'Gatuadress',
      'Postnummer',
      'Ort',
      'Land'
    ])
      expect(() => textbox(view!, label)).not.toThrow()
    expect(() => button(view!, 'Skapa kontakt')).not.toThrow()
    expect(view!.find('.target').text()).toContain('Läggs till i: Acme AB')
  })
})
