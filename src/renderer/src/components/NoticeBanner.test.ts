import { beforeEach, describe, expect, it, vi } from 'vitest'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { mount, type VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import NoticeBanner from './NoticeBanner.vue'
import { button, settle } from '../testing/dom'
import { openBackend, type Backend } from '../testing/backend'
import { testPinia } from '../testing/setup'

let pinia: Pinia
let backend: Backend
let profileId: string
let wrapper: VueWrapper | null = null

/** The banner over a main that found `drafts.json` unreadable when it opened it (with `damaged`). */
async function mountBanner(damaged = false): Promise<VueWrapper> {
  backend = await openBackend({
    before: async (dir) => {
      if (damaged) await writeFile(join(dir, 'drafts.json'), '{"schemaVersion": 2, "drafts": [')
    }
  })
  // The app reads its drafts as it starts: that is when a damaged file is found and set aside.
  profileId = await backend.seedProfile()
  await backend.handlers['drafts:list']({ profileId })
  wrapper = mount(NoticeBanner, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle()
  return wrapper
}

beforeEach(() => {
  pinia = testPinia()
})

describe('the damaged-file notice', () => {
  it('says which file was set aside and where the original is kept', async () => {
    const view = await mountBanner(true)
    const alert = view.find('[role="alert"]')
    const text = alert.text().replace(/\s+/g, ' ')
    expect(text).toContain(
      'A damaged file was set aside: drafts.json could not be read, so the app started without it.'
    )
    expect(text).toMatch(
      new RegExp(
        `The original is kept at ${backend.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/drafts\\.unparseable-`
      )
    )
  })

  it('shows a file moved aside while the app runs, once, however it is told', async () => {
    const view = await mountBanner()
    expect(view.find('[role="alert"]').exists()).toBe(false)
    // Another program (or a half-finished restore) leaves the batches file in a shape the app cannot use.
    await writeFile(join(backend.dataDir, 'batches.json'), '{"schemaVersion": 1, "batches": "none"}')
    await backend.handlers['batches:list']({ profileId })
    await vi.waitFor(() => expect(view.findAll('[role="alert"]')).toHaveLength(1))
    const notices = await backend.handlers['app:notices'](undefined)
    if (!notices.ok) throw new Error('no notices')
    // Told twice (the event, and the list the page asks for): shown once.
    for (const notice of notices.value) backend.emit('app:notice', notice)
    await settle()
    const alerts = view.findAll('[role="alert"]')
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.text()).toContain('batches.json held data the app could not use')
  })

  it('goes away when dismissed, and a reloaded window shows only what was not dismissed', async () => {
    const view = await mountBanner(true)
    // A reload before the person saw it: main still knows, the new window shows it.
    view.unmount()
    pinia = testPinia()
    const reloaded = mount(NoticeBanner, { global: { plugins: [pinia] }, attachTo: document.body })
    wrapper = reloaded
    await settle()
    expect(reloaded.findAll('[role="alert"]')).toHaveLength(1)
    await button(reloaded, 'Dismiss').trigger('click')
    expect(reloaded.find('[role="alert"]').exists()).toBe(false)
    // Dismissed means dismissed: main forgets it, so the next window of this run does not bring it back.
    await settle()
    const told = await backend.handlers['app:notices'](undefined)
    expect(told.ok && told.value).toEqual([])
    reloaded.unmount()
    pinia = testPinia()
    const again = mount(NoticeBanner, { global: { plugins: [pinia] }, attachTo: document.body })
    wrapper = again
    await settle()
    expect(again.find('[role="alert"]').exists()).toBe(false)
  })
})
