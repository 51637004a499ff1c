import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import ToastHost from './ToastHost.vue'
import { TOAST_MS, useOutboxStore } from '../stores/outbox'
import { useAppStore } from '../stores/app'
import { createFakeListsApi, type FakeListsApi } from '../testing/fakeListsApi'

let pinia: Pinia
let fake: FakeListsApi
let wrapper: VueWrapper | null = null

beforeEach(() => {
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
  fake = createFakeListsApi()
  window.api = fake.api
  useOutboxStore().start()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  wrapper = mount(ToastHost, { global: { plugins: [pinia] }, attachTo: document.body })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  useOutboxStore().dispose()
  vi.useRealTimers()
})

const sent = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `o${i}`, name: `Person ${i}`, contactId: 14087 + i }))

describe('the toasts', () => {
  it('announces a contact the outbox sent, politely, and lets it go after 6 s', async () => {
    const host = wrapper!
    expect(host.attributes('aria-live')).toBe('polite')
    fake.emit('outbox:changed', {
      counts: { waiting: 0, needsDecision: 0 },
      sent: [{ id: 'o1', name: 'Anna Svensson', contactId: 14087 }]
    })
    await host.vm.$nextTick()
    expect(host.find('.toast').text()).toContain('Sent: Anna Svensson (ID 14087)')
    vi.advanceTimersByTime(TOAST_MS)
    await host.vm.$nextTick()
    expect(host.find('.toast').exists()).toBe(false)
  })

  it('names the first few of a batch and counts the rest', async () => {
    const host = wrapper!
    fake.emit('outbox:changed', { counts: { waiting: 0, needsDecision: 0 }, sent: sent(5) })
    await host.vm.$nextTick()
    expect(host.find('.toast__text').text()).toBe(
      'Sent 5 contacts: Person 0 (ID 14087), Person 1 (ID 14088), Person 2 (ID 14089) and 2 more'
    )
  })

  it('says nothing for a change that sent nothing, and can be dismissed by hand', async () => {
    const host = wrapper!
    fake.emit('outbox:changed', { counts: { waiting: 2, needsDecision: 0 } })
    await host.vm.$nextTick()
    expect(host.find('.toast').exists()).toBe(false)
    useAppStore().setLocale('sv')
    fake.emit('outbox:changed', { counts: { waiting: 0, needsDecision: 0 }, sent: sent(2) })
    await host.vm.$nextTick()
    expect(host.find('.toast__text').text()).toBe(
      'Skickade 2 kontakter: Person 0 (ID 14087), Person 1 (ID 14088)'
    )
    await host.find('button[aria-label="Stäng"]').trigger('click')
    expect(host.find('.toast').exists()).toBe(false)
  })
})
