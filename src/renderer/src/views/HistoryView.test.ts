import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { HistoryQuery } from '@shared/history'
import HistoryView from './HistoryView.vue'
import { useProfilesStore } from '../stores/profiles'
import { SEARCH_DEBOUNCE_MS } from '../stores/history'
import { button, textbox } from '../testing/dom'
import { createFakeListsApi, fields, historyEntry, settle, type FakeListsApi } from '../testing/fakeListsApi'

let pinia: Pinia
let fake: FakeListsApi
let wrapper: VueWrapper | null = null

// happy-dom lays nothing out: give the list's scroller the height a window would.
const VIEWPORT = 480
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('history-table__scroller') ? VIEWPORT : 0
    }
  })
})
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight)
})

async function mountHistory(seed: Parameters<typeof createFakeListsApi>[0]): Promise<VueWrapper> {
  fake = createFakeListsApi(seed)
  window.api = fake.api
  await useProfilesStore().load()
  wrapper = mount(HistoryView, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle()
  return wrapper
}

const queries = () => fake.callsTo('history:query') as HistoryQuery[]
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const dataRows = (view: VueWrapper) => view.findAll('.history-table__body [role="row"]')
const header = (view: VueWrapper, name: string) =>
  view.findAll('[role="columnheader"]').find((h) => h.text().startsWith(name))!

const people = () => [
  historyEntry(1, { fields: fields('Anna', 'Svensson') }),
  historyEntry(2, { fields: fields('Bo', 'Ek') })
]

beforeEach(() => {
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('the history', () => {
  it('counts the matches and lists them with their ID, name, e-mail, city, profile, time and source', async () => {
    const view = await mountHistory({ history: people() })
    expect(view.find('.history-view__count').text()).toBe('2 contacts')
    const anna = dataRows(view)[0]!
    const cells = anna.findAll('[role="cell"]').map((c) => c.text())
    expect(cells.slice(0, 5)).toEqual([
      '14088',
      'Anna Svensson',
      'anna.svensson@example.com',
      'Malmö',
      'Acme AB'
    ])
    expect(cells[5]).toMatch(/2026/)
    expect(cells[6]).toBe('Form')
    expect(anna.attributes('aria-rowindex')).toBe('2')
  })

  it('searches as the person types, in one query per pause', async () => {
    const view = await mountHistory({ history: people() })
    const search = textbox(view, 'Search history')
    expect(search.attributes('placeholder')).toBe('Name, e-mail, ID or city')
    const before = queries().length
    for (const text of ['a', 'an', 'ann', 'anna']) await search.setValue(text)
    await wait(SEARCH_DEBOUNCE_MS + 50)
    await settle()
    expect(queries().slice(before)).toEqual([
      { sort: { key: 'createdAt', dir: 'desc' }, text: 'anna', profileId: 'a', offset: 0, limit: 200 }
    ])
    expect(view.find('.history-view__count').text()).toBe('1 contact')
  })

  it('sorts by a column header and tells assistive technology which way', async () => {
    const view = await mountHistory({ history: people() })
    expect(header(view, 'Created').attributes('aria-sort')).toBe('descending')
    expect(header(view, 'Name').attributes('aria-sort')).toBe('none')
    expect(header(view, 'Source').attributes('aria-sort')).toBe('none')
    await button(view, 'Created').trigger('click')
    await settle()
    expect(header(view, 'Created').attributes('aria-sort')).toBe('ascending')
    await button(view, 'Name').trigger('click')
    await settle()
    expect(header(view, 'Name').attributes('aria-sort')).toBe('ascending')
    expect(header(view, 'Created').attributes('aria-sort')).toBe('none')
    expect(queries().at(-1)?.sort).toEqual({ key: 'name', dir: 'asc' })
  })

  it('renders a window of rows out of 100,000 and fetches only the windows in view', async () => {
    const view = await mountHistory({ historySize: 100_000 })
    const table = view.find('[role="table"]')
    expect(table.attributes('aria-rowcount')).toBe('100001')
    expect(view.find('.history-view__count').text()).toBe('100,000 contacts')
    expect(dataRows(view).length).toBeGreaterThan(10)
    expect(dataRows(view).length).toBeLessThan(100)
    expect(queries().map((q) => q.offset)).toEqual([0])

    const scroller = view.find('.history-table__scroller').element as HTMLElement
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 50_000 * 40 })
    scroller.dispatchEvent(new Event('scroll'))
    await wait(120)
    await settle()
    expect(queries().map((q) => q.offset)).toEqual([0, 49_800, 50_000])
    const rows = dataRows(view)
    expect(rows.length).toBeLessThan(100)
    const indexes = rows.map((r) => Number(r.attributes('aria-rowindex')))
    expect(indexes).toContain(50_002)
    expect(rows.find((r) => r.attributes('aria-rowindex') === '50002')?.text()).toContain('Person50000')
  })

  it('says where an export was saved', async () => {
    const view = await mountHistory({ history: people() })
    fake.exports.push({ path: '/home/anna/hostup-contacts-history-2026-11-27.csv', count: 42 })
    await button(view, 'Export CSV').trigger('click')
    await settle()
    expect(view.text()).toContain('Saved 42 contacts to /home/anna/hostup-contacts-history-2026-11-27.csv')
    expect(fake.callsTo('history:export')[0]).toMatchObject({ format: 'csv' })
  })

  it('says nothing alarming when the person cancels the save dialog', async () => {
    const view = await mountHistory({ history: people() })
    await button(view, 'Export JSON').trigger('click')
    await settle()
    expect(fake.callsTo('history:export')[0]).toMatchObject({ format: 'json' })
    expect(view.find('[role="alert"]').exists()).toBe(false)
    expect(view.find('.lists-view__status').text()).toBe('')
  })

  it('removes a contact from HostUp only after confirming, and keeps the row marked removed', async () => {
    const view = await mountHistory({ history: people() })
    await button(view, 'Remove Anna Svensson (ID 14088) from HostUp…').trigger('click')
    const dialog = view.find('dialog')
    expect(dialog.find('h2').text()).toBe('Remove Anna Svensson (ID 14088) from HostUp?')
    expect(dialog.text()).toContain('The entry stays in your history, marked removed.')
    expect(fake.callsTo('history:undo')).toEqual([])
    await button(view, 'Remove from HostUp').trigger('click')
    await settle()
    expect(fake.callsTo('history:undo')).toEqual([{ id: 'h1' }])
    const anna = dataRows(view)[0]!
    expect(anna.classes()).toContain('history-row--removed')
    expect(anna.text()).toContain('Removed')
    expect(anna.findAll('button').map((b) => b.text())).not.toContain('Remove…')
    expect(view.text()).toContain('Anna Svensson (ID 14088) was removed from HostUp.')
  })

  it('explains an empty history', async () => {
    const view = await mountHistory({})
    expect(view.text()).toContain('No contacts created yet.')
    expect(view.find('[role="table"]').exists()).toBe(false)
  })
})
