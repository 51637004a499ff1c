import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import ToastHost from './ToastHost.vue'
import { TOAST_MS, useOutboxStore } from '../stores/outbox'
import { useAppStore } from '../stores/app'
import { settle } from '../testing/dom'
import { openBackend, type Backend } from '../testing/backend'
import { testPinia } from '../testing/setup'

let pinia: Pinia
let backend: Backend
let profileId: string
let wrapper: VueWrapper | null = null

beforeEach(async () => {
  pinia = testPinia()
  backend = await openBackend()
  profileId = await backend.seedProfile()
  useOutboxStore().start()
  wrapper = mount(ToastHost, { global: { plugins: [pinia] }, attachTo: document.body })
})

const NAMES = ['Adam', 'Bertil', 'Cesar', 'David', 'Erik']

/** Contacts queued while offline, then sent by the outbox by itself once it starts. */
async function sentByOutbox(count: number): Promise<void> {
  for (let n = 0; n < count; n += 1)
    await backend.queued(profileId, { firstname: 'Person', lastname: NAMES[n] })
  await backend.start()
}

describe('the toasts', () => {
  it('announces a contact the outbox sent, politely, and lets it go after 6 s', async () => {
    // Time runs as usual (main and the sandbox need it), and can be jumped ahead.
    vi.useFakeTimers({
      shouldAdvanceTime: true,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval']
    })
    const host = wrapper!
    expect(host.attributes('aria-live')).toBe('polite')
    await backend.queued(profileId, { firstname: 'Anna', lastname: 'Svensson' })
    await backend.start()
    await vi.waitFor(() => expect(host.find('.toast').text()).toContain('Sent: Anna Svensson (ID 14087)'))
    vi.advanceTimersByTime(TOAST_MS / 2)
    await settle()
    expect(host.find('.toast').exists()).toBe(true)
    vi.advanceTimersByTime(TOAST_MS / 2)
    await settle()
    expect(host.find('.toast').exists()).toBe(false)
  })

  it('names the first few of a batch and counts the rest', async () => {
    const host = wrapper!
    await sentByOutbox(5)
    await vi.waitFor(() =>
      expect(host.find('.toast__text').text()).toBe(
        'Sent 5 contacts: Person Adam (ID 14087), Person Bertil (ID 14088), Person Cesar (ID 14089) and 2 more'
      )
    )
  })

  it('says nothing for a change that sent nothing, and can be dismissed by hand', async () => {
    const host = wrapper!
    await backend.queued(profileId, { firstname: 'Person', lastname: 'Adam' })
    await backend.queued(profileId, { firstname: 'Person', lastname: 'Bertil' })
    await vi.waitFor(() => expect(useOutboxStore().counts.waiting).toBe(2))
    await settle()
    expect(host.find('.toast').exists()).toBe(false)
    useAppStore().setLocale('sv')
    await backend.start()
    await vi.waitFor(() =>
      expect(host.find('.toast__text').text()).toBe(
        'Skickade 2 kontakter: Person Adam (ID 14087), Person Bertil (ID 14088)'
      )
    )
    await host.find('button[aria-label="Stäng"]').trigger('click')
    expect(host.find('.toast').exists()).toBe(false)
  })
})
