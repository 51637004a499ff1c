import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import OutboxBadge from './OutboxBadge.vue'
import { useOutboxStore } from '../../stores/outbox'
import { accessibleName } from '../../testing/dom'
import { createFakeListsApi, type FakeListsApi } from '../../testing/fakeListsApi'

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
  wrapper = mount(OutboxBadge, { global: { plugins: [pinia] } })
})

afterEach(() => {
  wrapper?.unmount()
  useOutboxStore().dispose()
})

describe('the outbox badge', () => {
  it('shows nothing while the outbox is empty', () => {
    expect(wrapper!.find('.nav-badge').exists()).toBe(false)
  })

  it('counts what waits, says what it is, and asks for attention when a decision is due', async () => {
    fake.emit('outbox:changed', { counts: { waiting: 3, needsDecision: 0 } })
    await wrapper!.vm.$nextTick()
    const badge = wrapper!.find('.nav-badge')
    expect(badge.find('[aria-hidden="true"]').text()).toBe('3')
    expect(accessibleName(badge.element)).toBe('(3 waiting to be sent)')
    expect(badge.classes()).not.toContain('nav-badge--attention')
    fake.emit('outbox:changed', { counts: { waiting: 1, needsDecision: 1 } })
    await wrapper!.vm.$nextTick()
    expect(accessibleName(badge.element)).toBe('(1 waiting to be sent, 1 needs your decision)')
    expect(badge.classes()).toContain('nav-badge--attention')
  })
})
