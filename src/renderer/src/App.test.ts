import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import App from './App.vue'
import { GOOD_KEY, createFakeApi, profile, settle, type FakeApi } from './testing/fakeApi'
import { button, textbox } from './testing/dom'
import { prefetchViews } from './views'

let pinia: Pinia
let fake: FakeApi
let wrapper: VueWrapper | null = null

async function mountApp(): Promise<VueWrapper> {
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
  // Started: the first view is shown and the other views' code (loaded in the background) is in.
  await prefetchViews()
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

describe('App', () => {
  it('opens Settings first when no profile has a key yet', async () => {
    window.api = createFakeApi().api
    const app = await mountApp()
    expect(app.find('h1').text()).toBe('Settings')
    expect(app.find('[aria-current="page"]').text()).toContain('Settings')
  })

  it('opens New contact when the selected profile has a key, and switches views from the sidebar', async () => {
    window.api = createFakeApi({ profiles: [profile('a', 'Acme')], keys: { a: GOOD_KEY } }).api
    const app = await mountApp()
    expect(app.find('h1').text()).toBe('New contact')
    expect(app.find('.target').text()).toContain('Adds to: Acme')
    await button(app, 'Settings').trigger('click')
    expect(app.find('h1').text()).toBe('Settings')
  })

  it('keeps a half-typed contact while the person visits Settings', async () => {
    window.api = createFakeApi({ profiles: [profile('a', 'Acme')], keys: { a: GOOD_KEY } }).api
    const app = await mountApp()
    await textbox(app, 'First name').setValue('Anna')
    await textbox(app, 'Password').setValue('Hemligt-42!')
    await button(app, 'Settings').trigger('click')
    await button(app, 'New contact').trigger('click')
    expect(textbox(app, 'First name').element.value).toBe('Anna')
    expect(textbox(app, 'Password').element.value).toBe('Hemligt-42!')
  })

  it('shows the selected profile in the sidebar and switches it there', async () => {
    fake = createFakeApi({ profiles: [profile('a', 'Acme'), profile('b', 'Bolaget')], selectedId: 'a' })
    window.api = fake.api
    const app = await mountApp()
    const select = app.find<HTMLSelectElement>('#sidebar-profile')
    expect(select.element.value).toBe('a')
    await select.setValue('b')
    await settle()
    expect(fake.calls.at(-1)).toEqual({ channel: 'profiles:select', payload: { id: 'b' } })
    expect(app.find('.profile-row--selected').text()).toContain('Bolaget')
  })

  it('tells the person when main says the network is gone', async () => {
    fake = createFakeApi()
    window.api = fake.api
    const app = await mountApp()
    expect(app.find('.connection').text()).toBe('Online')
    fake.emit('app:online', { online: false })
    await settle()
    expect(app.find('.connection').text()).toBe('Offline')
  })

  it('renders, with a calm error, when opened without its preload', async () => {
    delete (window as { api?: unknown }).api
    const app = await mountApp()
    expect(app.find('h1').text()).toBe('Settings')
    expect(app.find('[role="alert"]').text()).toContain(
      'Something went wrong inside the app. Restart it and try again.'
    )
  })
})
