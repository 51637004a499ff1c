import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import OutboxBadge from './OutboxBadge.vue'
import { useOutboxStore } from '../../stores/outbox'
import { accessibleName, settle } from '../../testing/dom'
import { openBackend, type Backend } from '../../testing/backend'
import { testPinia } from '../../testing/setup'

let pinia: Pinia
let backend: Backend
let profileId: string
let wrapper: VueWrapper | null = null

beforeEach(async () => {
  pinia = testPinia()
  backend = await openBackend()
  profileId = await backend.seedProfile()
  useOutboxStore().start()
  wrapper = mount(OutboxBadge, { global: { plugins: [pinia] } })
  await settle()
})

const badge = () => wrapper!.find('.nav-badge')

describe('the outbox badge', () => {
  it('shows nothing while the outbox is empty', () => {
    expect(badge().exists()).toBe(false)
  })

  it('counts what waits, says what it is, and asks for attention when a decision is due', async () => {
    for (let n = 0; n < 3; n += 1) await backend.queued(profileId)
    await vi.waitFor(() => expect(badge().find('[aria-hidden="true"]').text()).toBe('3'))
    expect(accessibleName(badge().element)).toBe('(3 waiting to be sent)')
    expect(badge().classes()).not.toContain('nav-badge--attention')

    await backend.unknown(profileId)
    await vi.waitFor(() =>
      expect(accessibleName(badge().element)).toBe('(3 waiting to be sent, 1 needs your decision)')
    )
    expect(badge().classes()).toContain('nav-badge--attention')
  })
})
