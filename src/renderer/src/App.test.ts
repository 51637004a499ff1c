import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import App from './App.vue'
import { button, settle, textbox } from './testing/dom'
import { mountApp } from './testing/app'
import { prefetchViews } from './views'
import { testPinia } from './testing/setup'

let pinia: Pinia
let wrapper: VueWrapper | null = null

beforeEach(() => {
  pinia = testPinia()
})

describe('App', () => {
  it('opens Settings first when no profile has a key yet', async () => {
    const { app } = await mountApp(pinia, { seed: (backend) => backend.seedProfile('Acme', null) })
    wrapper = app
    expect(app.find('h1').text()).toBe('Settings')
    expect(app.find('[aria-current="page"]').text()).toContain('Settings')
  })

  it('opens New contact when the selected profile has a key, and switches views from the sidebar', async () => {
    const { app } = await mountApp(pinia, { seed: (backend) => backend.seedProfile('Acme') })
    wrapper = app
    expect(app.find('h1').text()).toBe('New contact')
    expect(app.find('.target').text()).toContain('Adds to: Acme')
    await button(app, 'Settings').trigger('click')
    expect(app.find('h1').text()).toBe('Settings')
  })

  it('keeps a half-typed contact while the person visits Settings', async () => {
    const { app } = await mountApp(pinia, { seed: (backend) => backend.seedProfile('Acme') })
    wrapper = app
    await textbox(app, 'First name').setValue('Anna')
    await textbox(app, 'Password').setValue('Hemligt-42!')
    await button(app, 'Settings').trigger('click')
    await button(app, 'New contact').trigger('click')
    expect(textbox(app, 'First name').element.value).toBe('Anna')
    expect(textbox(app, 'Password').element.value).toBe('Hemligt-42!')
  })

  it('shows the selected profile in the sidebar and switches it there', async () => {
    let first = ''
    let second = ''
    const { app, backend } = await mountApp(pinia, {
      seed: async (b) => {
        // No keys yet: the app opens Settings, with the profile list.
        first = await b.seedProfile('Acme', null)
        second = await b.seedProfile('Bolaget', null)
      }
    })
    wrapper = app
    const current = button(app, 'Switch profile: Acme No API key yet')
    expect(current.attributes('aria-expanded')).toBe('false')
    expect(first).not.toBe('')
    await current.trigger('click')
    expect(current.attributes('aria-expanded')).toBe('true')
    await button(app, 'Bolaget No API key yet').trigger('click')
    await vi.waitFor(() => expect(app.find('.profile-row--selected').text()).toContain('Bolaget'))
    expect(backend.callsTo('profiles:select')).toEqual([{ id: second }])
    const state = await backend.handlers['profiles:list'](undefined)
    expect(state.ok && state.value.selectedId).toBe(second)
  })

  it('tells the person when main says the network is gone', async () => {
    const { app, backend } = await mountApp(pinia)
    wrapper = app
    expect(app.find('.connection').text()).toBe('Online')
    backend.setOnline(false)
    await settle()
    expect(app.find('.connection').text()).toBe('Offline')
  })

  it('renders, with a calm error, when opened without its preload', async () => {
    delete (window as { api?: unknown }).api
    wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
    await prefetchViews()
    await settle()
    expect(wrapper.find('h1').text()).toBe('Settings')
    expect(wrapper.find('[role="alert"]').text()).toContain(
      'The window could not reach the app’s main process. Restart the app.'
    )
  })
})
