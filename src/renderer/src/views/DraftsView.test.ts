import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import DraftsView from './DraftsView.vue'
import { useAppStore } from '../stores/app'
import { useDraftsStore } from '../stores/drafts'
import { useProfilesStore } from '../stores/profiles'
import { button, buttonNames } from '../testing/dom'
import { createFakeListsApi, draft, outboxItem, settle, type FakeListsApi } from '../testing/fakeListsApi'

let pinia: Pinia
let fake: FakeListsApi
let wrapper: VueWrapper | null = null

async function mountDrafts(seed: Parameters<typeof createFakeListsApi>[0]): Promise<VueWrapper> {
  fake = createFakeListsApi(seed)
  window.api = fake.api
  await useProfilesStore().load()
  wrapper = mount(DraftsView, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle()
  return wrapper
}

const seed = () => ({
  drafts: [
    draft('d1', 'Anna', 'Svensson', { updatedAt: new Date(Date.now() - 5 * 60_000).toISOString() }),
    draft('d2', 'Bo', 'Ek', { updatedAt: new Date(Date.now() - 60_000).toISOString() }),
    draft('d3', 'Cia', 'Berg', { updatedAt: new Date(Date.now() - 3_600_000).toISOString() })
  ],
  outbox: [
    outboxItem('d1', 'Anna', 'Svensson'),
    outboxItem('d3', 'Cia', 'Berg', { state: 'unknown' as const })
  ]
})

beforeEach(() => {
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('the drafts list', () => {
  it('shows each draft with its e-mail, last edit and where it stands in the outbox', async () => {
    const view = await mountDrafts(seed())
    const rows = view.findAll('li')
    expect(rows.map((r) => r.find('.list-row__title').text())).toEqual(['Bo Ek', 'Anna Svensson', 'Cia Berg'])
    const anna = rows[1]!
    expect(anna.text()).toContain('anna.svensson@example.com')
    expect(anna.text()).toContain('Edited 5 minutes ago')
    expect(anna.find('time').attributes('title')).toMatch(/\d{4}/)
    expect(anna.find('.badge').text()).toBe('Queued')
    expect(rows[0]!.find('.badge').text()).toBe('Draft')
    expect(rows[2]!.find('.badge').text()).toBe('Needs your decision')
  })

  it('does not offer to delete a draft whose outcome awaits a decision', async () => {
    const view = await mountDrafts(seed())
    expect(button(view, 'Delete Cia Berg').attributes('disabled')).toBeDefined()
    expect(view.text()).toContain('Decide in the outbox whether it was created')
  })

  it('asks before deleting, naming the person, and then deletes by ID', async () => {
    const view = await mountDrafts(seed())
    await button(view, 'Delete Anna Svensson').trigger('click')
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Delete the draft for Anna Svensson?')
    expect(dialog.text()).toContain('It is also taken out of the outbox')
    expect(fake.callsTo('drafts:remove')).toEqual([])
    await button(view, 'Delete draft').trigger('click')
    await settle()
    expect(fake.callsTo('drafts:remove')).toEqual([{ id: 'd1' }])
    expect(view.find('dialog').exists()).toBe(false)
    expect(buttonNames(view)).not.toContain('Open Anna Svensson')
    expect(view.find('[role="status"]').text()).toBe('The draft for Anna Svensson was deleted.')
  })

  it('keeps the draft when the person cancels', async () => {
    const view = await mountDrafts(seed())
    await button(view, 'Delete Bo Ek').trigger('click')
    await button(view, 'Cancel').trigger('click')
    expect(fake.callsTo('drafts:remove')).toEqual([])
    expect(buttonNames(view)).toContain('Open Bo Ek')
  })

  it('duplicates a draft into a copy without its e-mail', async () => {
    const view = await mountDrafts(seed())
    await button(view, 'Duplicate Bo Ek').trigger('click')
    await settle()
    expect(fake.callsTo('drafts:duplicate')).toEqual([{ id: 'd2' }])
    const first = view.findAll('li')[0]!
    expect(first.text()).toContain('Bo Ek')
    expect(first.text()).toContain('No e-mail yet')
    expect(view.text()).toContain('A copy of Bo Ek is at the top of the list')
  })

  it('opens a draft in the form', async () => {
    const view = await mountDrafts(seed())
    useAppStore().show('settings')
    await button(view, 'Open Anna Svensson').trigger('click')
    expect(useAppStore().view).toBe('newContact')
    expect(useDraftsStore().openDraftId).toBe('d1')
  })

  it('drops a draft the outbox sent by itself', async () => {
    const view = await mountDrafts(seed())
    fake.drafts.splice(0, 1)
    fake.outbox.splice(0, 1)
    fake.emit('outbox:changed', {
      counts: { waiting: 0, needsDecision: 1 },
      sent: [{ id: 'd1', name: 'Anna Svensson', contactId: 14087 }]
    })
    await settle()
    expect(buttonNames(view)).not.toContain('Open Anna Svensson')
    expect(fake.callsTo('drafts:list')).toHaveLength(2)
  })

  it('explains what drafts are when there are none', async () => {
    const view = await mountDrafts({})
    expect(view.text()).toContain('Contacts you start are saved here as you type')
    expect(view.find('ul').exists()).toBe(false)
  })

  it('speaks Swedish', async () => {
    useAppStore().setLocale('sv')
    const view = await mountDrafts(seed())
    expect(view.find('h1').text()).toBe('Utkast')
    expect(buttonNames(view)).toContain('Öppna Anna Svensson')
    expect(view.text()).toContain('Ändrat för 5 minuter sedan')
  })
})
