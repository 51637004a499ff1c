import { describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { button, buttonNames, description, settle, textbox } from '../testing/dom'
import type { Backend } from '../testing/backend'
import { ANNA, fill, focused, mountNewContact } from '../testing/contactForm'
import { EDITING_KEY } from '../components/contact/useDraftAutosave'
import { useAppStore } from '../stores/app'
import { useContactsStore } from '../stores/contacts'
import { testPinia } from '../testing/setup'

const heading = (view: VueWrapper) => view.find('h2').text()
const creates = (backend: Backend) => backend.callsTo('contacts:create')

/** Buttons a person can see (the form is hidden, not removed, while an outcome stands in for it). */
function visibleButtons(view: VueWrapper): string[] {
  return buttonNames(view).filter((name) =>
    view
      .findAll('button')
      .find((b) => b.text() === name)
      ?.isVisible()
  )
}

async function submitted(view: VueWrapper, backend: Backend): Promise<void> {
  const before = creates(backend).length
  await view.find('form').trigger('submit')
  await vi.waitFor(() => expect(creates(backend).length).toBeGreaterThan(before))
  await vi.waitFor(() => expect(view.find('form').attributes('aria-busy')).toBeUndefined())
  await settle()
}

function clipboard() {
  const writeText = vi.fn((_text: string) => Promise.resolve())
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } })
  return writeText
}

describe('after "Outcome unknown": never a dead end', () => {
  it('"New contact" on the card starts a fresh form while the contact waits in the outbox', async () => {
    const { view, backend, profileId } = await mountNewContact(testPinia())
    backend.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
    await fill(view, ANNA)
    await submitted(view, backend)
    expect(heading(view)).toContain('Outcome unknown')
    const undecidedId = useContactsStore().formId
    expect(view.text()).toContain('Decide later: the contact waits in the Outbox')

    await button(view, 'New contact').trigger('click')
    await settle()
    expect(view.find('form.contact-form').isVisible()).toBe(true)
    for (const label of ['First name', 'E-mail', 'Password'])
      expect(textbox(view, label).element.value).toBe('')
    expect(focused()).toBe('contact-firstname')
    expect(useContactsStore().formId).not.toBe(undecidedId)
    const items = await backend.api.outbox.list({ profileId })
    expect(items.ok && items.value.map((i) => [i.id, i.state])).toEqual([[undecidedId, 'unknown']])

    // The fresh form sends a contact of its own.
    await fill(view, { ...ANNA, 'E-mail': 'bo@example.com' })
    await submitted(view, backend)
    expect(heading(view)).toContain('Contact created')
  })

  it('the sidebar’s "New contact" while the card is shown starts a fresh form too', async () => {
    const { view, backend } = await mountNewContact(testPinia())
    backend.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
    await fill(view, ANNA)
    await submitted(view, backend)
    expect(heading(view)).toContain('Outcome unknown')
    // What the sidebar's button (and its shortcut) does while New contact is the view shown.
    useAppStore().show('newContact')
    await settle()
    expect(view.find('form.contact-form').isVisible()).toBe(true)
    expect(textbox(view, 'E-mail').element.value).toBe('')
    // …while a half-typed form is left alone.
    await fill(view, { 'First name': 'Bo' })
    useAppStore().show('newContact')
    await settle()
    expect(textbox(view, 'First name').element.value).toBe('Bo')
  })

  it('"Open Outbox" goes where the decision is made', async () => {
    const { view, backend } = await mountNewContact(testPinia())
    backend.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
    await fill(view, ANNA)
    await submitted(view, backend)
    await button(view, 'Open Outbox').trigger('click')
    expect(useAppStore().view).toBe('outbox')
  })

  it('reopened after a reload, it shows the outcome and its choices, not a form to send blindly', async () => {
    let undecidedId = ''
    const { view, backend } = await mountNewContact(testPinia(), {
      seed: async (b) => {
        const listed = await b.services.profiles.list()
        const profileId = listed.ok ? (listed.value.profiles[0]?.id ?? '') : ''
        const item = await b.unknown(profileId, { email: 'undecided@example.com' })
        undecidedId = item.id
        localStorage.setItem(EDITING_KEY, JSON.stringify({ profileId, draftId: item.id }))
      }
    })
    await vi.waitFor(() => expect(heading(view)).toContain('Outcome unknown'))
    expect(view.find('.outcome--unknown dl').text()).toContain('undecided@example.com')
    expect(view.find('form.contact-form').isVisible()).toBe(false)
    const visible = visibleButtons(view)
    expect(visible).not.toContain('Create contact')
    expect(visible).toEqual(
      expect.arrayContaining(['I checked: it does not exist, send again', 'New contact'])
    )
    expect(creates(backend)).toEqual([])

    // The person decides: it does not exist. The outbox sends the kept draft again.
    await button(view, 'I checked: it does not exist, send again').trigger('click')
    await vi.waitFor(() => expect(heading(view)).toContain('Contact created'))
    expect(backend.callsTo('outbox:resolve')).toEqual([{ id: undecidedId, decision: 'resend' }])
  })

  it('a send refused because an earlier one is undecided says so, and offers the Outbox', async () => {
    const { view, backend, profileId } = await mountNewContact(testPinia())
    await fill(view, ANNA)
    // This form's earlier send ended unknown elsewhere (another window, an import): main refuses a blind resend.
    await backend.unknown(profileId, { email: 'anna@example.com' }, useContactsStore().formId)
    await submitted(view, backend)
    const alert = view.find('#send-problem')
    expect(alert.text()).toContain(
      'The last send of this contact has an unknown outcome. Decide in the Outbox whether it was created or should be sent again.'
    )
    expect(alert.text()).not.toContain('highlighted')
    expect(view.findAll('[aria-invalid="true"]')).toHaveLength(0)
    await button(view, 'Open Outbox').trigger('click')
    expect(useAppStore().view).toBe('outbox')
  })
})

describe('while a contact is sent', () => {
  it('locks the fields and counts the seconds HostUp has been asked, against main’s limit', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    const { view, backend } = await mountNewContact(testPinia(), { timeoutMs: 30_000 })
    // As App does at start: main says how long it waits for HostUp.
    await useAppStore().init()
    await fill(view, ANNA)
    const release = backend.hold('contacts:create')
    await view.find('form').trigger('submit')
    await vi.waitFor(() => expect(creates(backend)).toHaveLength(1))
    await settle()
    expect(view.find('fieldset').element.disabled).toBe(true)
    expect(view.find('.contact-form__sending').text()).toBe('Sending to HostUp… 0 s of at most 30 s')
    expect(view.find('.contact-form__bar [role="status"]').text()).toContain('The form is locked')
    await vi.advanceTimersByTimeAsync(3000)
    expect(view.find('.contact-form__sending').text()).toBe('Sending to HostUp… 3 s of at most 30 s')
    expect(view.find<HTMLElement>('.contact-form__progress').element.style.width).toBe('10%')
    release()
    await vi.waitFor(() => expect(heading(view)).toContain('Contact created'))
    expect(view.find('fieldset').element.disabled).toBe(false)
    expect(view.find('.contact-form__sending').exists()).toBe(false)
  })
})

describe('the duplicate warning', () => {
  it('comes as soon as the e-mail is left, beside it, with "Create anyway" not the primary action', async () => {
    const { view, backend } = await mountNewContact(testPinia(), {
      seed: async (b) => {
        const listed = await b.services.profiles.list()
        const profileId = listed.ok ? (listed.value.profiles[0]?.id ?? '') : ''
        await b.created(profileId, { email: 'anna@example.com' })
      }
    })
    await fill(view, { 'First name': 'Anna', 'E-mail': 'Anna@Example.com' })
    await textbox(view, 'E-mail').trigger('focusout')
    await vi.waitFor(() => expect(view.find('.duplicate').exists()).toBe(true))
    // Beside the e-mail field, before anything was sent; the focus is left where the person put it.
    expect(view.find('.contact-form__email .duplicate[role="alert"]').text()).toContain(
      'A contact with anna@example.com was already created from this app under Acme AB'
    )
    expect(creates(backend)).toEqual([])
    expect(button(view, 'Create anyway').classes()).not.toContain('button--primary')
    expect(view.findAll('form .button--primary').map((b) => b.text())).toEqual(['Create contact'])

    // "Change e-mail" waves it away and goes to the field; leaving it unchanged keeps quiet.
    await button(view, 'Change e-mail').trigger('click')
    await settle()
    expect(focused()).toBe('contact-email')
    expect(view.find('.duplicate').exists()).toBe(false)
    await textbox(view, 'E-mail').trigger('focusout')
    await settle()
    expect(view.find('.duplicate').exists()).toBe(false)

    // A send still stops at it, and focuses the safe answer.
    await fill(view, { 'Last name': 'Svensson', Password: ANNA.Password })
    await view.find('form').trigger('submit')
    await vi.waitFor(() => expect(view.find('.duplicate').exists()).toBe(true))
    expect(focused()).toBe('duplicate-change-email')
    expect(creates(backend)).toEqual([])
  })

  it('goes away when the e-mail is changed to a new one', async () => {
    const { view } = await mountNewContact(testPinia(), {
      seed: async (b) => {
        const listed = await b.services.profiles.list()
        await b.created(listed.ok ? (listed.value.profiles[0]?.id ?? '') : '', { email: 'anna@example.com' })
      }
    })
    await fill(view, { 'E-mail': 'anna@example.com' })
    await textbox(view, 'E-mail').trigger('focusout')
    await vi.waitFor(() => expect(view.find('.duplicate').exists()).toBe(true))
    await fill(view, { 'E-mail': 'bo@example.com' })
    await textbox(view, 'E-mail').trigger('focusout')
    await vi.waitFor(() => expect(view.find('.duplicate').exists()).toBe(false))
  })
})

describe('the Created card keeps the login details safe', () => {
  async function createdWithGenerated() {
    const mounted = await mountNewContact(testPinia())
    const { view, backend } = mounted
    await fill(view, { 'First name': 'Anna', 'Last name': 'Svensson', 'E-mail': 'anna@example.com' })
    await button(view, 'Generate password').trigger('click')
    await settle()
    const password = textbox(view, 'Password').element.value
    expect(password.length).toBeGreaterThan(11)
    await submitted(view, backend)
    expect(heading(view)).toContain('Contact created')
    return { ...mounted, password }
  }

  it('copies the e-mail and the password together', async () => {
    const writeText = clipboard()
    const { view, password } = await createdWithGenerated()
    expect(view.find('.outcome--created').text()).toContain('The generated password is shown nowhere else')
    await button(view, 'Copy login details').trigger('click')
    await settle()
    expect(writeText).toHaveBeenCalledWith(`E-mail: anna@example.com\nPassword: ${password}`)
    expect(view.find('.outcome--created').text()).not.toContain('shown nowhere else')
    // Copied: "Add another" goes on without asking.
    await button(view, 'Add another').trigger('click')
    await settle()
    expect(view.find('dialog').exists()).toBe(false)
    expect(textbox(view, 'Password').element.value).toBe('')
  })

  it('asks before "Add another" wipes a generated password never copied, and can copy it there', async () => {
    const writeText = clipboard()
    const { view, password } = await createdWithGenerated()
    await button(view, 'Add another').trigger('click')
    await settle()
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Leave without the password?')
    expect(dialog.text()).toContain('The generated password was never copied')
    // Cancel: the card and the password stay.
    await button(view, 'Cancel').trigger('click')
    await settle()
    expect(view.find('dialog').exists()).toBe(false)
    expect(heading(view)).toContain('Contact created')

    await button(view, 'Add another').trigger('click')
    await settle()
    await view
      .find('dialog')
      .findAll('button')
      .find((b) => b.text() === 'Copy login details')!
      .trigger('click')
    await settle()
    expect(writeText).toHaveBeenCalledWith(`E-mail: anna@example.com\nPassword: ${password}`)
    // Copied, so on to the fresh form the person asked for.
    expect(view.find('dialog').exists()).toBe(false)
    expect(view.find('form.contact-form').isVisible()).toBe(true)
    expect(textbox(view, 'Password').element.value).toBe('')
  })

  it('asks before "New contact" and before another view too; leaving without copying is the person’s call', async () => {
    const { view } = await createdWithGenerated()
    const app = useAppStore()
    app.show('history')
    await settle()
    expect(app.view).toBe('newContact')
    expect(view.find('dialog').text()).toContain('Leave without the password?')
    await button(view, 'Cancel').trigger('click')
    await settle()

    app.show('newContact')
    await settle()
    expect(view.find('dialog').exists()).toBe(true)
    await button(view, 'Leave without copying').trigger('click')
    await settle()
    expect(view.find('form.contact-form').isVisible()).toBe(true)
    expect(textbox(view, 'Password').element.value).toBe('')
    expect(description(view, textbox(view, 'Password'))).not.toContain('saved with this draft')
  })

  it('does not ask about a password the person typed', async () => {
    const { view, backend } = await mountNewContact(testPinia())
    await fill(view, ANNA)
    await submitted(view, backend)
    expect(view.find('.outcome--created').text()).not.toContain('shown nowhere else')
    expect(buttonNames(view)).toContain('Copy login details')
    useAppStore().show('history')
    expect(useAppStore().view).toBe('history')
  })
})
