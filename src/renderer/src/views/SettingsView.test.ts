import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import SettingsView from './SettingsView.vue'
import { useProfilesStore } from '../stores/profiles'
import { useAppStore } from '../stores/app'
import { DEMO_KEY, openBackend, type Backend } from '../testing/backend'
import { button, description, settle, textbox } from '../testing/dom'
import { loadProfiles, testPinia } from '../testing/setup'

/** A key of its own on the sandbox, opening an account with a company name. */
const ASTRID_KEY = 'hk_live_5f3b9c2e7a1d4b8fa1b2'
const ASTRID = {
  id: '4711',
  firstname: 'Astrid',
  lastname: 'Lindqvist',
  companyname: 'Lindqvist Bygg AB',
  email: 'astrid@lindqvistbygg.se'
}
/** A key the sandbox accepts for contacts but not for reading the account. */
const NO_SCOPE_KEY = 'hk_live_scopeless_000099c3'
const WRONG_KEY = 'hk_live_wrong_key_0000'
const hint = (key: string) => key.slice(-4)

let backend: Backend
let pinia: Pinia
let wrapper: VueWrapper | null = null

async function mountSettings(): Promise<VueWrapper> {
  await loadProfiles()
  wrapper = mount(SettingsView, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle()
  return wrapper
}

/** What main has stored: the profiles by name, and the selected one's. */
async function stored(): Promise<{ names: string[]; selected: string | null }> {
  const listed = await backend.handlers['profiles:list'](undefined)
  if (!listed.ok) throw new Error(listed.error.message)
  const { profiles, selectedId } = listed.value
  return {
    names: profiles.map((p) => p.name),
    selected: profiles.find((p) => p.id === selectedId)?.name ?? null
  }
}

async function keyStatus(profileId: string) {
  const status = await backend.handlers['apiKey:status']({ profileId })
  if (!status.ok) throw new Error(status.error.message)
  return status.value
}

beforeEach(async () => {
  pinia = testPinia()
  backend = await openBackend()
  backend.sandbox.addKey(ASTRID_KEY, { account: ASTRID })
  backend.sandbox.addKey(NO_SCOPE_KEY, { scopes: ['contacts'] })
})

describe('the profile editor', () => {
  it('shows why a blank name and a plain-http remote URL are refused, tied to their fields', async () => {
    const view = await mountSettings()
    const name = textbox(view, 'Profile name')
    const baseUrl = textbox(view, 'API base URL')
    await name.setValue('')
    await baseUrl.setValue('http://api.example.com/api')
    await button(view, 'Save profile').trigger('click')
    await settle()

    expect(name.attributes('aria-invalid')).toBe('true')
    expect(description(view, name)).toContain('Enter a profile name')
    expect(baseUrl.attributes('aria-invalid')).toBe('true')
    expect(description(view, baseUrl)).toContain('https required; http only for localhost.')
    expect(description(view, baseUrl)).toContain('Enter a full https:// address')
    expect(backend.callsTo('profiles:save')).toEqual([])
    expect((await stored()).names).toEqual([])
  })

  it('says nothing about a field until the person leaves it', async () => {
    const view = await mountSettings()
    const name = textbox(view, 'Profile name')
    await name.setValue('')
    await settle()
    expect(view.text()).not.toContain('Enter a profile name')
    await name.trigger('blur')
    await settle()
    expect(view.text()).toContain('Enter a profile name')
  })

  it('accepts http for a loopback sandbox and selects the new profile', async () => {
    const view = await mountSettings()
    await textbox(view, 'Profile name').setValue('Sandbox')
    // The sandbox's own loopback address, typed with a trailing slash.
    await textbox(view, 'API base URL').setValue(`${backend.sandbox.url}/`)
    await button(view, 'Save profile').trigger('click')
    await vi.waitFor(() => expect(useProfilesStore().selected?.name).toBe('Sandbox'))
    await settle()

    expect(backend.callsTo('profiles:save')).toEqual([
      { name: 'Sandbox', baseUrl: backend.sandbox.url, color: 'blue' }
    ])
    expect(await stored()).toEqual({ names: ['Sandbox'], selected: 'Sandbox' })
    expect(view.text()).toContain('API key for Sandbox')
  })

  it('puts a server field error on its field', async () => {
    await backend.seedProfile('Acme', null)
    await backend.seedProfile('Bolaget', null)
    const view = await mountSettings()
    await textbox(view, 'Profile name').setValue('Bolaget')
    await button(view, 'Save profile').trigger('click')
    await vi.waitFor(() => expect(textbox(view, 'Profile name').attributes('aria-invalid')).toBe('true'))
    const name = textbox(view, 'Profile name')
    expect(description(view, name)).toContain('Another profile already has this name')
    expect(backend.callsTo('profiles:save')).toHaveLength(1)
    expect((await stored()).names).toEqual(['Acme', 'Bolaget'])
  })
})

describe('the API key section', () => {
  let a: string

  /** One profile, "Acme", with `key` in the keychain (none by default). */
  async function mountWithKey(key: string | null = null): Promise<VueWrapper> {
    a = await backend.seedProfile('Acme', key)
    return mountSettings()
  }

  it('keeps Save key disabled while the field is empty', async () => {
    const view = await mountWithKey()
    expect(button(view, 'Save key').element.disabled).toBe(true)
    await textbox(view, 'API key').setValue('   ')
    expect(button(view, 'Save key').element.disabled).toBe(true)
  })

  it('masks the key input and keeps browsers from remembering or checking it', async () => {
    const view = await mountWithKey()
    const input = textbox(view, 'API key')
    expect(input.attributes('type')).toBe('password')
    expect(input.attributes('autocomplete')).toBe('off')
    expect(input.attributes('spellcheck')).toBe('false')
  })

  it('clears the input after saving and shows only the last four characters', async () => {
    const view = await mountWithKey()
    const input = textbox(view, 'API key')
    await input.setValue(`${DEMO_KEY}\n`)
    await button(view, 'Save key').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain(`Key set (…${hint(DEMO_KEY)})`))

    expect(input.element.value).toBe('')
    expect(view.html()).not.toContain(DEMO_KEY)
    expect(backend.callsTo('apiKey:set')).toEqual([{ profileId: a, apiKey: DEMO_KEY }])
    expect([...backend.keychain.entries.values()]).toContain(DEMO_KEY)
    expect(await keyStatus(a)).toEqual({ set: true, hint: hint(DEMO_KEY) })
  })

  it('keeps the typed key after a failed save so a typo can be fixed', async () => {
    const view = await mountWithKey()
    // The keychain answers as a locked Secret Service collection does.
    backend.keychain.setPassword = () =>
      Promise.reject(new Error('Cannot create an item in a locked collection'))
    const input = textbox(view, 'API key')
    await input.setValue(DEMO_KEY)
    await button(view, 'Save key').trigger('click')
    await vi.waitFor(() => expect(view.find('[role="alert"]').exists()).toBe(true))

    expect(input.element.value).toBe(DEMO_KEY)
    expect(view.find('[role="alert"]').text()).toContain(
      'The keychain is locked. Unlock it (for example by logging in to your desktop session) and try again.'
    )
    expect(await keyStatus(a)).toEqual({ set: false, hint: null })
  })

  it('shows whose account a verified key opens', async () => {
    const view = await mountWithKey(ASTRID_KEY)
    await button(view, 'Verify key').trigger('click')
    await vi.waitFor(() => expect(view.find('.account-card').exists()).toBe(true))

    const card = view.find('.account-card')
    expect(card.text()).toContain('Astrid Lindqvist')
    expect(card.text()).toContain(ASTRID.companyname)
    expect(card.text()).toContain(ASTRID.email)
    expect(card.text()).toContain(ASTRID.id)
    expect(backend.sandbox.log.map((r) => r.path)).toContain('/api/account/details')
  })

  it('says a wrong key was refused, with the request ID for support', async () => {
    const view = await mountWithKey(WRONG_KEY)
    await button(view, 'Verify key').trigger('click')
    await vi.waitFor(() => expect(view.find('[role="alert"]').exists()).toBe(true))

    const alert = view.find('[role="alert"]')
    expect(alert.text()).toContain(
      'The API key was not accepted by HostUp. Check the key in the profile, or create a new one in the HostUp dashboard.'
    )
    // The request ID the sandbox gave its 401, as main passed it on.
    const verification = useProfilesStore().verification[a]
    const requestId = verification && !verification.ok ? verification.error.requestId : undefined
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(alert.text()).toContain(`Request ID: ${requestId}`)
    expect(view.find('.account-card').exists()).toBe(false)
    // The key is set, but not usable: its badge and status say so, and what to do.
    await vi.waitFor(() => expect(view.get('.profile-row .badge').text()).toBe('Key refused'))
    expect(view.get('.profile-row .badge').classes()).toContain('badge--danger')
    expect(view.get('.key-status').text()).toBe('Key refused')
    expect(view.text()).toContain(
      'HostUp no longer accepts this key. Create a new one in the HostUp dashboard'
    )

    // A new key is a new start: nothing HostUp said about the old one sticks to it.
    await textbox(view, 'API key').setValue(DEMO_KEY)
    await button(view, 'Save key').trigger('click')
    await vi.waitFor(() =>
      expect(view.get('.profile-row .badge').text()).toBe(`Key set (…${hint(DEMO_KEY)})`)
    )
    expect(view.get('.profile-row .badge').classes()).toContain('badge--success')
    expect(view.text()).not.toContain('HostUp no longer accepts this key.')
  })

  it('explains a valid key that may not read account details', async () => {
    const view = await mountWithKey(NO_SCOPE_KEY)
    await button(view, 'Verify key').trigger('click')
    await vi.waitFor(() =>
      expect(view.text()).toContain('The key is valid but can’t read account details (missing scope)')
    )
    expect(view.find('.account-card').exists()).toBe(false)
    expect(view.find('[role="alert"]').exists()).toBe(false)
  })

  it('clears a key only after the person confirms', async () => {
    const view = await mountWithKey(DEMO_KEY)
    await button(view, 'Clear key').trigger('click')
    await settle()
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Clear the API key for “Acme”?')
    expect(backend.callsTo('apiKey:clear')).toEqual([])

    await button(view, 'Clear').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain('No key set'))
    expect(backend.callsTo('apiKey:clear')).toEqual([{ profileId: a }])
    expect(view.find('dialog').exists()).toBe(false)
    expect(await keyStatus(a)).toEqual({ set: false, hint: null })
    expect([...backend.keychain.entries.values()]).not.toContain(DEMO_KEY)
  })

  it('never lets the key reach store state', async () => {
    const view = await mountWithKey()
    await textbox(view, 'API key').setValue(ASTRID_KEY)
    await button(view, 'Save key').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain(`Key set (…${hint(ASTRID_KEY)})`))
    await button(view, 'Verify key').trigger('click')
    await vi.waitFor(() => expect(view.find('.account-card').exists()).toBe(true))

    expect(JSON.stringify(pinia.state.value)).not.toContain(ASTRID_KEY)
    expect(JSON.stringify(pinia.state.value)).not.toContain(ASTRID_KEY.slice(0, -4))
  })
})

describe('the profiles list', () => {
  it('names the profile and the keychain in the delete confirmation', async () => {
    const a = await backend.seedProfile('Acme', DEMO_KEY)
    await backend.seedProfile('Bolaget', null)
    const view = await mountSettings()
    await view
      .findAll('.profile-row')[0]!
      .findAll('button')
      .find((b) => b.text() === 'Delete profile')!
      .trigger('click')
    await settle()
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Delete the profile “Acme”?')
    expect(dialog.text()).toContain('deleted from your system keychain')
    expect(backend.callsTo('profiles:delete')).toEqual([])

    await button(view, 'Delete').trigger('click')
    await vi.waitFor(() =>
      expect(view.findAll('.profile-row').map((r) => r.find('label').text())).toEqual(['Bolaget'])
    )
    expect(backend.callsTo('profiles:delete')).toEqual([{ id: a }])
    expect((await stored()).names).toEqual(['Bolaget'])
    // Its key went with it.
    expect([...backend.keychain.entries.values()]).not.toContain(DEMO_KEY)
  })

  it('renames a profile inline', async () => {
    await backend.seedProfile('Acme', null)
    const view = await mountSettings()
    await button(view, 'Rename').trigger('click')
    await settle()
    await textbox(view, 'New name for Acme').setValue('Acme AB')
    await button(view, 'Save name').trigger('click')
    await vi.waitFor(() => expect(view.find('.profile-row__name').text()).toBe('Acme AB'))
    expect(useProfilesStore().profiles[0]?.name).toBe('Acme AB')
    expect((await stored()).names).toEqual(['Acme AB'])
  })

  it('saves the colour chosen for a profile, shown on its chip with its initials', async () => {
    const id = await backend.seedProfile('Bolaget i Norr', DEMO_KEY)
    const view = await mountSettings()
    const teal = view.findAll<HTMLInputElement>('.colors input').find((i) => i.element.value === 'teal')
    expect(teal?.element.closest('label')?.textContent).toContain('Teal')
    await teal?.setValue(true)
    await button(view, 'Save profile').trigger('click')
    await vi.waitFor(() =>
      expect(view.get('.profile-row .profile-chip').classes()).toContain('profile-chip--teal')
    )
    expect(view.get('.profile-row .profile-chip').text()).toBe('BN')
    const listed = await backend.handlers['profiles:list'](undefined)
    expect(listed.ok && listed.value.profiles.find((p) => p.id === id)?.color).toBe('teal')
  })

  it('offers a new profile a colour no other profile has', async () => {
    await backend.seedProfile('Acme', DEMO_KEY)
    const view = await mountSettings()
    const taken = useProfilesStore().profiles[0]?.color
    await button(view, 'Add profile').trigger('click')
    const checked = view.findAll<HTMLInputElement>('.colors input').find((i) => i.element.checked)
    expect(checked?.element.value).toBeDefined()
    expect(checked?.element.value).not.toBe(taken)
  })

  it('shows each profile with its key badge', async () => {
    await backend.seedProfile('Acme', DEMO_KEY)
    await backend.seedProfile('Bolaget', null)
    const view = await mountSettings()
    const rows = view.findAll('.profile-row').map((r) => r.text())
    expect(rows[0]).toContain(`Key set (…${hint(DEMO_KEY)})`)
    expect(rows[1]).toContain('No key')
  })
})

describe('language', () => {
  it('switches every label to Swedish and remembers the choice', async () => {
    await backend.seedProfile('Acme', null)
    const view = await mountSettings()
    const svenska = view.findAll('input[name="language"]').find((i) => i.attributes('value') === 'sv')!
    await svenska.setValue(true)
    await settle()

    expect(() => textbox(view, 'Profilnamn')).not.toThrow()
    expect(() => textbox(view, 'API-adress')).not.toThrow()
    expect(() => textbox(view, 'API-nyckel')).not.toThrow()
    for (const name of [
      'Spara profil',
      'Spara nyckel',
      'Verifiera nyckel',
      'Rensa nyckel',
      'Ta bort profil',
      'Lägg till profil'
    ]) {
      expect(() => button(view, name)).not.toThrow()
    }
    expect(document.documentElement.lang).toBe('sv')
    expect(localStorage.getItem('hostup-contacts.locale')).toBe('sv')
    expect(useAppStore().locale).toBe('sv')
    // Main (its menu) is told too.
    expect(backend.callsTo('app:setLocale').at(-1)).toEqual({ locale: 'sv' })
  })
})

describe('the theme', () => {
  const radio = (view: VueWrapper, name: string) =>
    view
      .findAll<HTMLInputElement>('input[name="theme"]')
      .find((i) => i.element.parentElement?.textContent?.trim() === name)!

  it('follows the system until the person picks light or dark, and remembers the pick', async () => {
    document.documentElement.removeAttribute('data-theme')
    const view = await mountSettings()
    expect(view.find('#theme-title').text()).toBe('Theme')
    expect(radio(view, 'As the system').element.checked).toBe(true)
    expect(view.text()).toContain('Follows the light or dark setting of your computer.')
    await radio(view, 'Dark').setValue(true)
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark')
    expect(localStorage.getItem('hostup-contacts.theme')).toBe('dark')
    view.unmount()

    // The next start: the same storage, the choice still made.
    const again = await mountSettings()
    expect(radio(again, 'Dark').element.checked).toBe(true)
    await radio(again, 'Light').setValue(true)
    expect(document.documentElement.getAttribute('data-theme')).toBe('light')
    await radio(again, 'As the system').setValue(true)
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false)
    expect(localStorage.getItem('hostup-contacts.theme')).toBeNull()
  })

  it('reads in Swedish', async () => {
    const view = await mountSettings()
    useAppStore().setLocale('sv')
    await settle()
    expect(view.find('#theme-title').text()).toBe('Tema')
    expect(radio(view, 'Som systemet').exists()).toBe(true)
    expect(radio(view, 'Mörkt').exists()).toBe(true)
  })
})
