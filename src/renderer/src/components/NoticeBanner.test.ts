import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { StoreNotice } from '@shared/notice'
import NoticeBanner from './NoticeBanner.vue'
import { button } from '../testing/dom'
import { createFakeListsApi, settle, type FakeListsApi } from '../testing/fakeListsApi'

let pinia: Pinia
let fake: FakeListsApi
let wrapper: VueWrapper | null = null

const DRAFTS: StoreNotice = {
  kind: 'quarantined',
  file: '/home/anna/.config/HostUp Contacts/drafts.json',
  movedTo: '/home/anna/.config/HostUp Contacts/drafts.unparseable-20261127-101500.json',
  reason: 'unparseable',
  at: '2026-11-27T10:15:00.000Z'
}

async function mountBanner(notices: StoreNotice[] = []): Promise<VueWrapper> {
  fake = createFakeListsApi({ notices })
  window.api = fake.api
  wrapper = mount(NoticeBanner, { global: { plugins: [pinia] }, attachTo: document.body })
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

describe('the damaged-file notice', () => {
  it('says which file was set aside and where the original is kept', async () => {
    const view = await mountBanner([DRAFTS])
    const alert = view.find('[role="alert"]')
    expect(alert.text().replace(/\s+/g, ' ')).toContain(
      'A damaged file was set aside: drafts.json could not be read, so the app started without it. ' +
        `The original is kept at ${DRAFTS.movedTo}.`
    )
  })

  it('shows a file moved aside while the app runs, once, however it is told', async () => {
    const view = await mountBanner()
    expect(view.find('[role="alert"]').exists()).toBe(false)
    const outbox = {
      ...DRAFTS,
      file: 'outbox.json',
      movedTo: '/data/outbox.invalid-1.json',
      reason: 'invalid' as const
    }
    fake.emit('app:notice', outbox)
    fake.emit('app:notice', outbox)
    await settle()
    const alerts = view.findAll('[role="alert"]')
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.text()).toContain('outbox.json held data the app could not use')
  })

  it('goes away when dismissed', async () => {
    const view = await mountBanner([DRAFTS])
    await button(view, 'Dismiss').trigger('click')
    expect(view.find('[role="alert"]').exists()).toBe(false)
  })
})
