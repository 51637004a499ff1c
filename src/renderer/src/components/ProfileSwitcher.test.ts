import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { DEMO_KEY, type Backend } from '../testing/backend'
import { mountApp } from '../testing/app'
import { accessibleName, button, settle, textbox } from '../testing/dom'
import { testPinia } from '../testing/setup'

let pinia: Pinia

beforeEach(() => {
  pinia = testPinia()
})

/** The button that shows the profile in use (and opens the list of the others). */
const current = (app: VueWrapper) => app.get<HTMLButtonElement>('.switcher__current')
const currentName = (app: VueWrapper) => accessibleName(current(app).element)
const alerts = (app: VueWrapper) => app.findAll('[role="alert"]')

async function seedVerified(backend: Backend, name: string): Promise<string> {
  const id = await backend.seedProfile(name)
  const verified = await backend.handlers['apiKey:verify']({ profileId: id })
  if (!verified.ok) throw new Error(verified.error.message)
  return id
}

describe('the profile switcher', () => {
  it('shows the profile in use with its initials and whose account its key opens', async () => {
    const { app } = await mountApp(pinia, { seed: (b) => b.seedProfile('Bolaget i Norr') })
    // Verified quietly at start: the owner appears without anyone pressing Verify.
    await vi.waitFor(() =>
      expect(currentName(app)).toBe('Switch profile: Bolaget i Norr account of Anna Svensson')
    )
    expect(current(app).find('.profile-chip').text()).toBe('BN')
    expect(alerts(app)).toHaveLength(0)
  })

  it('still knows whose account the key opens after a restart, with HostUp out of reach', async () => {
    const { app } = await mountApp(pinia, {
      seed: async (b) => {
        await seedVerified(b, 'Acme AB')
        // What the run before said is all there is: this start's check cannot get through.
        await b.sandbox.goOffline()
      }
    })
    await settle()
    expect(currentName(app)).toBe('Switch profile: Acme AB account of Anna Svensson')
    expect(app.get('.target').text()).toContain('account of Anna Svensson')
    // A network failure is not a refusal: nothing turns red, nothing is said.
    expect(app.find('.switcher__current--refused').exists()).toBe(false)
    expect(alerts(app)).toHaveLength(0)
  })

  it('turns red and says to set a new key when the check at start finds the key revoked', async () => {
    const { app } = await mountApp(pinia, {
      seed: async (b) => {
        await seedVerified(b, 'Acme AB')
        b.sandbox.revokeKey(DEMO_KEY)
      }
    })
    await vi.waitFor(() =>
      expect(currentName(app)).toBe('Switch profile: Acme AB Key refused: set a new key in Settings')
    )
    expect(current(app).classes()).toContain('switcher__current--refused')
    expect(app.get('.target').text()).toContain('HostUp no longer accepts the API key of “Acme AB”.')
    expect(alerts(app)).toHaveLength(0)

    await button(app, 'Set a new key in Settings').trigger('click')
    await vi.waitFor(() => expect(app.find('.profile-row .badge').exists()).toBe(true))
    const badge = app.get('.profile-row .badge')
    expect(badge.text()).toBe('Key refused')
    expect(badge.classes()).toContain('badge--danger')
    expect(app.text()).toContain('HostUp no longer accepts this key.')
  })

  it('checks the key of the profile switched to, and shows it refused there', async () => {
    let other = ''
    const { app, backend } = await mountApp(pinia, {
      seed: async (b) => {
        await b.seedProfile('Acme AB')
        b.sandbox.addKey('key-revoked-later-0001')
        other = await b.seedProfile('Bolaget', 'key-revoked-later-0001')
        const verified = await b.handlers['apiKey:verify']({ profileId: other })
        if (!verified.ok) throw new Error(verified.error.message)
      }
    })
    await vi.waitFor(() => expect(currentName(app)).toContain('account of Anna Svensson'))
    backend.sandbox.revokeKey('key-revoked-later-0001')
    await current(app).trigger('click')
    await button(app, 'Bolaget account of Anna Svensson').trigger('click')
    await vi.waitFor(() =>
      expect(currentName(app)).toBe('Switch profile: Bolaget Key refused: set a new key in Settings')
    )
    expect(backend.callsTo('apiKey:verify')).toContainEqual({ profileId: other })
    expect(alerts(app)).toHaveLength(0)
  })

  it('folds its list away on Escape and gives the focus back to the profile in use', async () => {
    const { app } = await mountApp(pinia, {
      seed: async (b) => {
        await b.seedProfile('Acme AB')
        await b.seedProfile('Bolaget')
      }
    })
    await current(app).trigger('click')
    const list = app.get('.switcher__list')
    expect(list.isVisible()).toBe(true)
    expect(list.attributes('id')).toBe(current(app).attributes('aria-controls'))
    await list.get('button').trigger('keydown', { key: 'Escape' })
    await settle()
    expect(current(app).attributes('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(current(app).element)
  })
})

describe('switching profile with a half-typed contact', () => {
  async function twoProfiles() {
    let acme = ''
    let bolaget = ''
    const mounted = await mountApp(pinia, {
      seed: async (b) => {
        acme = await b.seedProfile('Acme AB')
        bolaget = await b.seedProfile('Bolaget')
      }
    })
    await vi.waitFor(() => expect(currentName(mounted.app)).toContain('account of Anna Svensson'))
    return { ...mounted, acme, bolaget }
  }

  async function pick(app: VueWrapper, name: string): Promise<void> {
    await current(app).trigger('click')
    const option = app.findAll('.switcher__option').find((o) => accessibleName(o.element).startsWith(name))
    if (!option) throw new Error(`no option ${name}`)
    await option.trigger('click')
    await settle()
  }

  it('asks first, saying the draft is kept and where it would be added; Cancel stays', async () => {
    const { app, backend, acme } = await twoProfiles()
    await textbox(app, 'First name').setValue('Anna')
    await pick(app, 'Bolaget')
    const dialog = app.get('dialog')
    expect(dialog.text()).toContain('Switch to “Bolaget” with a contact half typed?')
    expect(dialog.text()).toContain(
      'The contact you started stays in the form and is kept as a draft. If you create it after switching, ' +
        // Bolaget's key was never verified: its name alone; Acme's was, at start.
        'it is added to Bolaget, not to Acme AB (account of Anna Svensson).'
    )
    await button(app, 'Cancel').trigger('click')
    await settle()
    expect(app.find('dialog').exists()).toBe(false)
    expect(backend.callsTo('profiles:select')).toEqual([])
    const state = await backend.handlers['profiles:list'](undefined)
    expect(state.ok && state.value.selectedId).toBe(acme)
  })

  it('switches when the person says so, the typed contact still in the form', async () => {
    const { app, backend, bolaget } = await twoProfiles()
    await textbox(app, 'First name').setValue('Anna')
    await pick(app, 'Bolaget')
    await button(app, 'Switch profile').trigger('click')
    await vi.waitFor(() => expect(currentName(app)).toContain('Bolaget'))
    expect(backend.callsTo('profiles:select')).toEqual([{ id: bolaget }])
    expect(textbox(app, 'First name').element.value).toBe('Anna')
    expect(app.get('.target').text()).toContain('Adds to: Bolaget')
  })

  it('asks from the profile list in Settings too, while the form waits behind it', async () => {
    const { app, backend } = await twoProfiles()
    await textbox(app, 'First name').setValue('Anna')
    await button(app, 'Settings').trigger('click')
    const radios = app.findAll<HTMLInputElement>('input[name="profile-in-use"]')
    await radios[1]?.setValue(true)
    await settle()
    expect(app.get('dialog').text()).toContain('Switch to “Bolaget”')
    await button(app, 'Cancel').trigger('click')
    await settle()
    // The dot goes back to the profile still in use.
    expect(radios[0]?.element.checked).toBe(true)
    expect(backend.callsTo('profiles:select')).toEqual([])
  })

  async function deleteInSettings(app: VueWrapper, row: number): Promise<void> {
    await button(app, 'Settings').trigger('click')
    await app
      .findAll('.profile-row')
      [row]!.findAll('button')
      .find((b) => b.text() === 'Delete profile')!
      .trigger('click')
    await settle()
    await button(app, 'Delete').trigger('click')
    await settle()
  }

  it('asks before a new profile saved in Settings takes over; Cancel keeps the one in use', async () => {
    const { app, backend, acme } = await twoProfiles()
    await textbox(app, 'First name').setValue('Anna')
    await button(app, 'Settings').trigger('click')
    await button(app, 'Add profile').trigger('click')
    await textbox(app, 'Profile name').setValue('Cedergren')
    await button(app, 'Save profile').trigger('click')
    await vi.waitFor(() => expect(app.find('dialog').exists()).toBe(true))
    expect(app.get('dialog').text()).toContain('Switch to “Cedergren” with a contact half typed?')
    expect(app.get('dialog').text()).toContain('it is added to Cedergren, not to Acme AB')
    expect(backend.callsTo('profiles:select')).toEqual([])
    await button(app, 'Cancel').trigger('click')
    await settle()
    // Saved, but not in use: the contact still goes to Acme AB.
    const state = await backend.handlers['profiles:list'](undefined)
    expect(state.ok && state.value.profiles.map((p) => p.name)).toContain('Cedergren')
    expect(state.ok && state.value.selectedId).toBe(acme)
    expect(currentName(app)).toContain('Acme AB')
  })

  it('switches to the new profile once the person says so', async () => {
    const { app, backend } = await twoProfiles()
    await textbox(app, 'First name').setValue('Anna')
    await button(app, 'Settings').trigger('click')
    await button(app, 'Add profile').trigger('click')
    await textbox(app, 'Profile name').setValue('Cedergren')
    await button(app, 'Save profile').trigger('click')
    await vi.waitFor(() => expect(app.find('dialog').exists()).toBe(true))
    await button(app, 'Switch profile').trigger('click')
    await vi.waitFor(() => expect(currentName(app)).toContain('Cedergren'))
    const state = await backend.handlers['profiles:list'](undefined)
    const created = state.ok ? state.value.profiles.find((p) => p.name === 'Cedergren') : undefined
    expect(backend.callsTo('profiles:select')).toEqual([{ id: created?.id }])
  })

  it('asks before deleting the profile in use; Cancel keeps it, and it stays in use', async () => {
    const { app, backend, acme } = await twoProfiles()
    await textbox(app, 'First name').setValue('Anna')
    await deleteInSettings(app, 0)
    const dialog = app.get('dialog')
    expect(dialog.text()).toContain('Switch to “Bolaget” with a contact half typed?')
    expect(dialog.text()).toContain('“Acme AB” is deleted when you switch; Cancel keeps it.')
    expect(backend.callsTo('profiles:delete')).toEqual([])
    await button(app, 'Cancel').trigger('click')
    await settle()
    expect(app.find('dialog').exists()).toBe(false)
    expect(backend.callsTo('profiles:delete')).toEqual([])
    const state = await backend.handlers['profiles:list'](undefined)
    expect(state.ok && state.value.selectedId).toBe(acme)
    expect(app.findAll('.profile-row')).toHaveLength(2)
  })

  it('deletes the profile in use and switches once the person says so', async () => {
    const { app, backend, acme, bolaget } = await twoProfiles()
    await textbox(app, 'First name').setValue('Anna')
    await deleteInSettings(app, 0)
    await button(app, 'Switch profile').trigger('click')
    await vi.waitFor(() => expect(currentName(app)).toContain('Bolaget'))
    expect(backend.callsTo('profiles:delete')).toEqual([{ id: acme }])
    const state = await backend.handlers['profiles:list'](undefined)
    expect(state.ok && state.value.selectedId).toBe(bolaget)
  })

  it('deletes a profile not in use without the question', async () => {
    const { app, backend, acme, bolaget } = await twoProfiles()
    await textbox(app, 'First name').setValue('Anna')
    await deleteInSettings(app, 1)
    await vi.waitFor(() => expect(backend.callsTo('profiles:delete')).toEqual([{ id: bolaget }]))
    await vi.waitFor(() => expect(app.find('dialog').exists()).toBe(false))
    const state = await backend.handlers['profiles:list'](undefined)
    expect(state.ok && state.value.selectedId).toBe(acme)
  })

  it('switches without asking when the form is empty', async () => {
    const { app, backend, bolaget } = await twoProfiles()
    await pick(app, 'Bolaget')
    expect(app.find('dialog').exists()).toBe(false)
    expect(backend.callsTo('profiles:select')).toEqual([{ id: bolaget }])
  })
})
