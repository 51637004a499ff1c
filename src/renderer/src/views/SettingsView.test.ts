import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import SettingsView from './SettingsView.vue'
import { useProfilesStore } from '../stores/profiles'
import { useAppStore } from '../stores/app'
import {
  ACCOUNT,
  GOOD_KEY,
  NO_SCOPE_KEY,
  createFakeApi,
  profile,
  settle,
  type FakeApi
} from '../testing/fakeApi'
import { button, description, textbox } from '../testing/dom'

let fake: FakeApi
let pinia: Pinia
let wrapper: VueWrapper | null = null

async function mountSettings(seed: Parameters<typeof createFakeApi>[0] = {}): Promise<VueWrapper> {
  fake = createFakeApi(seed)
  window.api = fake.api
  await useProfilesStore().load()
  wrapper = mount(SettingsView, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle()
  return wrapper
}

beforeEach(() => {
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
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
    expect(fake.calls.some((c) => c.channel === 'profiles:save')).toBe(false)
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
    await textbox(view, 'API base URL').setValue('http://127.0.0.1:4010/api/')
    await button(view, 'Save profile').trigger('click')
    await settle()

    expect(fake.calls.find((c) => c.channel === 'profiles:save')?.payload).toEqual({
      name: 'Sandbox',
      baseUrl: 'http://127.0.0.1:4010/api'
    })
    expect(useProfilesStore().selected?.name).toBe('Sandbox')
    expect(view.text()).toContain('API key for Sandbox')
  })

  it('puts a server field error on its field', async () => {
    const view = await mountSettings({ profiles: [profile('a', 'Acme'), profile('b', 'Bolaget')] })
    await textbox(view, 'Profile name').setValue('Bolaget')
    await button(view, 'Save profile').trigger('click')
    await settle()
    const name = textbox(view, 'Profile name')
    expect(name.attributes('aria-invalid')).toBe('true')
    expect(description(view, name)).toContain('Another profile already has this name')
  })
})

describe('the API key section', () => {
  const seed = () => ({ profiles: [profile('a', 'Acme')], selectedId: 'a' })

  it('keeps Save key disabled while the field is empty', async () => {
    const view = await mountSettings(seed())
    expect(button(view, 'Save key').element.disabled).toBe(true)
    await textbox(view, 'API key').setValue('   ')
    expect(button(view, 'Save key').element.disabled).toBe(true)
  })

  it('masks the key input and keeps browsers from remembering or checking it', async () => {
    const view = await mountSettings(seed())
    const input = textbox(view, 'API key')
    expect(input.attributes('type')).toBe('password')
    expect(input.attributes('autocomplete')).toBe('off')
    expect(input.attributes('spellcheck')).toBe('false')
  })

  it('clears the input after saving and shows only the last four characters', async () => {
    const view = await mountSettings(seed())
    const input = textbox(view, 'API key')
    await input.setValue(`${GOOD_KEY}\n`)
    await button(view, 'Save key').trigger('click')
    await settle()

    expect(input.element.value).toBe('')
    expect(view.text()).toContain('Key set (…a1b2)')
    expect(view.html()).not.toContain(GOOD_KEY)
    expect(fake.calls.find((c) => c.channel === 'apiKey:set')?.payload).toEqual({
      profileId: 'a',
      apiKey: GOOD_KEY
    })
  })

  it('keeps the typed key after a failed save so a typo can be fixed', async () => {
    const view = await mountSettings(seed())
    fake.failNext('apiKey:set', { code: 'keychain_locked', message: 'locked' })
    const input = textbox(view, 'API key')
    await input.setValue(GOOD_KEY)
    await button(view, 'Save key').trigger('click')
    await settle()

    expect(input.element.value).toBe(GOOD_KEY)
    expect(view.text()).toContain('Your keychain is locked. Unlock it and try again.')
  })

  it('shows whose account a verified key opens', async () => {
    const view = await mountSettings({ ...seed(), keys: { a: GOOD_KEY } })
    await button(view, 'Verify key').trigger('click')
    await settle()

    const card = view.find('.account-card')
    expect(card.text()).toContain('Astrid Lindqvist')
    expect(card.text()).toContain(ACCOUNT.companyname)
    expect(card.text()).toContain(ACCOUNT.email)
    expect(card.text()).toContain(ACCOUNT.id)
  })

  it('says a wrong key was refused, with the request ID for support', async () => {
    const view = await mountSettings({ ...seed(), keys: { a: 'hk_live_wrong_key_0000' } })
    await button(view, 'Verify key').trigger('click')
    await settle()

    const alert = view.find('[role="alert"]')
    expect(alert.text()).toContain(
      'HostUp did not accept this API key. Check it in the dashboard under API keys'
    )
    expect(alert.text()).toContain('Request ID: req-401-abc')
    expect(view.find('.account-card').exists()).toBe(false)
  })

  it('explains a valid key that may not read account details', async () => {
    const view = await mountSettings({ ...seed(), keys: { a: NO_SCOPE_KEY } })
    await button(view, 'Verify key').trigger('click')
    await settle()
    expect(view.text()).toContain('The key is valid but can’t read account details (missing scope)')
  })

  it('clears a key only after the person confirms', async () => {
    const view = await mountSettings({ ...seed(), keys: { a: GOOD_KEY } })
    await button(view, 'Clear key').trigger('click')
    await settle()
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Clear the API key for “Acme”?')
    expect(fake.calls.some((c) => c.channel === 'apiKey:clear')).toBe(false)

    await button(view, 'Clear').trigger('click')
    await settle()
    expect(fake.calls.some((c) => c.channel === 'apiKey:clear')).toBe(true)
    expect(view.find('dialog').exists()).toBe(false)
    expect(view.text()).toContain('No key set')
  })

  it('never lets the key reach store state', async () => {
    const view = await mountSettings(seed())
    await textbox(view, 'API key').setValue(GOOD_KEY)
    await button(view, 'Save key').trigger('click')
    await settle()
    await button(view, 'Verify key').trigger('click')
    await settle()

    expect(JSON.stringify(pinia.state.value)).not.toContain(GOOD_KEY)
    expect(JSON.stringify(pinia.state.value)).not.toContain(GOOD_KEY.slice(0, -4))
  })
})

describe('the profiles list', () => {
  it('names the profile and the keychain in the delete confirmation', async () => {
    const view = await mountSettings({
      profiles: [profile('a', 'Acme'), profile('b', 'Bolaget')],
      keys: { a: GOOD_KEY }
    })
    await view
      .findAll('.profile-row')[0]!
      .findAll('button')
      .find((b) => b.text() === 'Delete profile')!
      .trigger('click')
    await settle()
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Delete the profile “Acme”?')
    expect(dialog.text()).toContain('deleted from your system keychain')

    await button(view, 'Delete').trigger('click')
    await settle()
    expect(fake.calls.find((c) => c.channel === 'profiles:delete')?.payload).toEqual({ id: 'a' })
    expect(view.findAll('.profile-row').map((r) => r.find('label').text())).toEqual(['Bolaget'])
  })

  it('renames a profile inline', async () => {
    const view = await mountSettings({ profiles: [profile('a', 'Acme')] })
    await button(view, 'Rename').trigger('click')
    await settle()
    await textbox(view, 'New name for Acme').setValue('Acme AB')
    await button(view, 'Save name').trigger('click')
    await settle()
    expect(useProfilesStore().profiles[0]?.name).toBe('Acme AB')
    expect(view.find('.profile-row__name').text()).toBe('Acme AB')
  })

  it('shows each profile with its key badge', async () => {
    const view = await mountSettings({
      profiles: [profile('a', 'Acme'), profile('b', 'Bolaget')],
      keys: { a: GOOD_KEY }
    })
    const rows = view.findAll('.profile-row').map((r) => r.text())
    expect(rows[0]).toContain('Key set (…a1b2)')
    expect(rows[1]).toContain('No key')
  })
})

describe('language', () => {
  it('switches every label to Swedish and remembers the choice', async () => {
    const view = await mountSettings({ profiles: [profile('a', 'Acme')] })
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
  })
})
