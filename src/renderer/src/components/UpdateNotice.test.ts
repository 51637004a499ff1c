import { beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import UpdateNotice from './UpdateNotice.vue'
import { useAppStore } from '../stores/app'
import { button, buttonNames, settle } from '../testing/dom'
import { openBackend, type Backend } from '../testing/backend'
import { testPinia } from '../testing/setup'
import { recordingUpdater, type RecordingUpdater } from '../../../main/testing/updater'

let pinia: Pinia
let backend: Backend
let updater: RecordingUpdater
let wrapper: VueWrapper | null = null

const FEED = 'https://updates.example.se/hostup-contacts/'

/** The notice over the real services with updates on and electron-updater stood in for. */
async function mountNotice(): Promise<VueWrapper> {
  updater = recordingUpdater()
  backend = await openBackend({ updates: { policy: { enabled: true, feedUrl: FEED }, updater } })
  await backend.start()
  wrapper = mount(UpdateNotice, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle()
  return wrapper
}

const text = (w: VueWrapper): string => w.text().replace(/\s+/g, ' ').trim()

beforeEach(() => {
  pinia = testPinia()
})

describe('the update notice', () => {
  it('says nothing until a version is downloaded, then its version and notes, as text', async () => {
    const view = await mountNotice()
    expect(view.find('section').exists()).toBe(false)
    updater.downloaded({ version: '1.4.0', releaseNotes: '<p>Faster <b>History</b></p><script>x()</script>' })
    await settle()
    const region = view.find('section[aria-label="App update"]')
    expect(region.exists()).toBe(true)
    expect(text(view)).toContain(
      'Version 1.4.0 of HostUp Contacts is ready to install. It installs when you restart the app. ' +
        'Nothing is lost: drafts, the outbox and History stay as they are.'
    )
    expect(view.find('summary').text()).toBe('What is new in 1.4.0')
    expect(view.find('.update-notice__text').text()).toBe('Faster History\nx()')
    expect(view.html()).not.toContain('<b>')
    expect(buttonNames(view)).toEqual(['Restart and install', 'Later'])
    expect(updater.names()).not.toContain('quitAndInstall')
  })

  it('restarts only when the person chooses to', async () => {
    const view = await mountNotice()
    updater.downloaded({ version: '1.4.0' })
    await settle()
    await button(view, 'Restart and install').trigger('click')
    await settle()
    expect(updater.calls.at(-1)).toEqual({ method: 'quitAndInstall', args: [false, true] })
    expect(backend.callsTo('updates:restart')).toHaveLength(1)
  })

  it('tells the person why a restart is refused, in words', async () => {
    const view = await mountNotice()
    updater.downloaded({ version: '1.4.0' })
    await settle()
    backend.failNext('updates:restart', { code: 'busy', message: 'errors.updates.batchSending' })
    await button(view, 'Restart and install').trigger('click')
    await settle()
    expect(view.find('[role="alert"]').text()).toContain(
      'A batch is being sent, and a restart now would interrupt it. Restart once it is done, or pause the batch first.'
    )
    expect(updater.names()).not.toContain('quitAndInstall')
  })

  it('"Later" hides this version; a newer one is told again', async () => {
    const view = await mountNotice()
    updater.downloaded({ version: '1.4.0' })
    await settle()
    await button(view, 'Later').trigger('click')
    await settle()
    expect(view.find('section').exists()).toBe(false)
    updater.downloaded({ version: '1.4.1' })
    await settle()
    expect(text(view)).toContain('Version 1.4.1 of HostUp Contacts is ready to install.')
  })

  it('shows a version downloaded before the page opened, in Swedish', async () => {
    useAppStore().setLocale('sv')
    updater = recordingUpdater()
    backend = await openBackend({ updates: { policy: { enabled: true, feedUrl: FEED }, updater } })
    await backend.start()
    updater.downloaded({ version: '2.0.0', releaseNotes: 'Nytt' })
    wrapper = mount(UpdateNotice, { global: { plugins: [pinia] }, attachTo: document.body })
    await settle()
    expect(text(wrapper)).toContain('Version 2.0.0 av HostUp Contacts är redo att installeras.')
    expect(buttonNames(wrapper)).toEqual(['Starta om och installera', 'Senare'])
    expect(wrapper.find('summary').text()).toBe('Nyheter i 2.0.0')
  })
})
