import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { HistoryEntry, HistoryQuery } from '@shared/history'
import HistoryView from './HistoryView.vue'
import { HISTORY_WINDOW, rowsInView, useHistoryStore } from '../stores/history'
import { isoDay } from '../stores/historyView'
import { useAppStore } from '../stores/app'
import { openBackend, writeHistory, type Backend } from '../testing/backend'
import { button, buttonNames, settle, textbox } from '../testing/dom'
import { loadProfiles, testPinia } from '../testing/setup'

let backend: Backend
let pinia: Pinia
let a: string
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

/** Main with Acme AB (selected) and Bolaget; `seeded`: a history of that many entries of another profile. */
async function setUp(seeded = 0): Promise<{ a: string; b: string }> {
  backend = await openBackend(seeded ? { before: (dir) => writeHistory(dir, seeded) } : {})
  a = await backend.seedProfile('Acme AB')
  const b = await backend.seedProfile('Bolaget')
  return { a, b }
}

async function mountHistory(): Promise<VueWrapper> {
  await loadProfiles()
  wrapper = mount(HistoryView, { global: { plugins: [pinia] }, attachTo: document.body })
  // The first query waits for main to have read the history (100,000 entries take a second or more).
  await vi.waitFor(() => expect(useHistoryStore().loading).toBe(false), { timeout: 10_000 })
  await settle()
  return wrapper
}

const contact = (firstname: string, lastname: string) => ({
  firstname,
  lastname,
  email: `${firstname}.${lastname}@example.com`.toLowerCase(),
  city: 'Malmö'
})

/** Acme AB's contacts Bo Ek and then Anna Svensson (the newest). */
async function people(): Promise<{ anna: HistoryEntry; bo: HistoryEntry }> {
  const bo = await backend.created(a, contact('Bo', 'Ek'))
  await new Promise((resolve) => setTimeout(resolve, 5))
  const anna = await backend.created(a, contact('Anna', 'Svensson'))
  return { anna, bo }
}

const queries = () => backend.callsTo('history:query') as HistoryQuery[]
const dataRows = (view: VueWrapper) => view.findAll('.history-table__body [role="row"]')
const names = (view: VueWrapper) => dataRows(view).map((r) => r.findAll('[role="cell"]')[1]?.text())
const header = (view: VueWrapper, name: string) =>
  view.findAll('[role="columnheader"]').find((h) => h.text().startsWith(name))!

beforeEach(() => {
  pinia = testPinia()
})

describe('the history', () => {
  it('counts the matches and lists them with their ID, name, permissions, e-mail, city, profile, time and source', async () => {
    const { b } = await setUp()
    const { anna } = await people()
    await backend.created(b, contact('Cia', 'Lund'))
    const view = await mountHistory()
    // Only the selected profile's.
    expect(view.find('.history-view__count').text()).toBe('2 contacts')
    const row = dataRows(view)[0]!
    const cells = row.findAll('[role="cell"]').map((c) => c.text())
    expect(cells.slice(0, 2)).toEqual([String(anna.contactId), 'Anna Svensson'])
    // No permissions were chosen for her: a dash, read out as these words.
    expect(cells[2]).toContain('None chosen in this app')
    // One profile's contacts: its name on every row would say nothing.
    expect(cells.slice(3, 5)).toEqual(['anna.svensson@example.com', 'Malmö'])
    expect(cells[5]).toContain(String(new Date(anna.createdAt).getFullYear()))
    expect(cells[6]).toBe('Form')
    expect(row.attributes('aria-rowindex')).toBe('2')
    await view.find<HTMLSelectElement>('select[id$="-scope"]').setValue('all')
    await vi.waitFor(() => expect(view.find('.history-view__count').text()).toBe('3 contacts'))
    expect(view.findAll('[role="columnheader"]').map((h) => h.text())).toContain('Profile')
    expect(
      dataRows(view)[0]!
        .findAll('[role="cell"]')
        .map((c) => c.text())
    ).toContain('Bolaget')
  })

  it('searches as the person types: at once, then with the text as it stands once that query is back', async () => {
    const { b } = await setUp()
    await people()
    await backend.created(b, contact('Anna', 'Lund'))
    const view = await mountHistory()
    const search = textbox(view, 'Search history')
    expect(search.attributes('placeholder')).toBe('Name, e-mail, ID or city')
    const before = queries().length
    for (const text of ['a', 'an', 'ann', 'anna']) await search.setValue(text)
    await vi.waitFor(() => expect(queries().at(-1)?.text).toBe('anna'))
    await vi.waitFor(() => expect(view.find('.history-view__count').text()).toBe('1 contact'))
    const asked = queries().slice(before)
    // The first key at once; the keys typed while it ran, in one more query.
    expect(asked[0]?.text).toBe('a')
    expect(asked.length).toBeLessThan(4)
    expect(asked.at(-1)).toEqual({
      sort: { key: 'createdAt', dir: 'desc' },
      text: 'anna',
      profileId: a,
      offset: 0,
      limit: HISTORY_WINDOW,
      first: rowsInView()
    })
    expect(names(view)).toEqual(['Anna Svensson'])
  })

  it('sorts by a column header and tells assistive technology which way', async () => {
    await setUp()
    await people()
    const view = await mountHistory()
    expect(names(view)).toEqual(['Anna Svensson', 'Bo Ek'])
    expect(header(view, 'Created').attributes('aria-sort')).toBe('descending')
    expect(header(view, 'Name').attributes('aria-sort')).toBe('none')
    expect(header(view, 'Source').attributes('aria-sort')).toBe('none')
    await button(view, 'Created').trigger('click')
    await vi.waitFor(() => expect(names(view)).toEqual(['Bo Ek', 'Anna Svensson']))
    expect(header(view, 'Created').attributes('aria-sort')).toBe('ascending')
    await button(view, 'Name').trigger('click')
    await settle()
    expect(header(view, 'Name').attributes('aria-sort')).toBe('ascending')
    expect(header(view, 'Created').attributes('aria-sort')).toBe('none')
    expect(queries().at(-1)?.sort).toEqual({ key: 'name', dir: 'asc' })
    // By last name: Ek before Svensson.
    await vi.waitFor(() => expect(names(view)).toEqual(['Bo Ek', 'Anna Svensson']))
  })

  it('renders a window of rows out of 100,000 and fetches only the windows in view', async () => {
    await setUp(100_000)
    const view = await mountHistory()
    const before = queries().length
    // The seeded history belongs to another profile: show every profile's.
    await view.find('select').setValue('all')
    await vi.waitFor(() => expect(view.find('.history-view__count').text()).toBe('100,000 contacts'), {
      timeout: 10_000
    })
    await settle()
    const table = view.find('[role="table"]')
    expect(table.attributes('aria-rowcount')).toBe('100001')
    expect(dataRows(view).length).toBeGreaterThan(10)
    expect(dataRows(view).length).toBeLessThan(100)
    expect(
      queries()
        .slice(before)
        .map((q) => q.offset)
    ).toEqual([0])
    expect(queries().at(-1)).not.toHaveProperty('profileId')

    const scroller = view.find('.history-table__scroller').element as HTMLElement
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 50_000 * 40 })
    scroller.dispatchEvent(new Event('scroll'))
    // Newest first: row 50,000 is the entry 50,000 places before the newest (h99999).
    await vi.waitFor(() =>
      expect(
        dataRows(view)
          .find((r) => r.attributes('aria-rowindex') === '50002')
          ?.text()
      ).toContain('Person Nr 49999')
    )
    expect(
      queries()
        .slice(before)
        .map((q) => q.offset)
    ).toEqual([0, 50_000 - HISTORY_WINDOW, 50_000])
    const rows = dataRows(view)
    expect(rows.length).toBeLessThan(100)
    expect(rows.map((r) => Number(r.attributes('aria-rowindex')))).toContain(50_002)
  })

  it('says where an export was saved', async () => {
    const { b } = await setUp()
    await people()
    await backend.created(b, contact('Cia', 'Lund'))
    const view = await mountHistory()
    const path = join(backend.dataDir, 'hostup-contacts-history-acme.csv')
    backend.nextSavePath(path)
    await button(view, 'Export CSV').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain(`Saved 2 contacts to ${path}`))
    expect(backend.callsTo('history:export')).toEqual([
      { query: { sort: { key: 'createdAt', dir: 'desc' }, profileId: a }, format: 'csv' }
    ])
    // The file is there, with the profile's contacts and no other's.
    const saved = await readFile(path, 'utf8')
    expect(saved).toContain('anna.svensson@example.com')
    expect(saved).toContain('bo.ek@example.com')
    expect(saved).not.toContain('cia.lund@example.com')
  })

  it('shows the exported file in its folder, and no other file', async () => {
    await setUp()
    await people()
    const view = await mountHistory()
    expect(buttonNames(view)).not.toContain('Show in folder')
    const path = join(backend.dataDir, 'acme.csv')
    backend.nextSavePath(path)
    await button(view, 'Export CSV').trigger('click')
    await vi.waitFor(() => expect(buttonNames(view)).toContain('Show in folder'))
    await button(view, 'Show in folder').trigger('click')
    await vi.waitFor(() => expect(backend.shownInFolder).toEqual([path]))
    expect(view.find('[role="alert"]').exists()).toBe(false)
    // The page cannot have main reveal a path the person did not save through the app.
    const other = await backend.handlers['app:showInFolder']({ path: join(backend.dataDir, 'history.jsonl') })
    expect(other).toMatchObject({ ok: false, error: { code: 'not_found', message: 'errors.app.notSaved' } })
    expect(backend.shownInFolder).toEqual([path])
  })

  it('says nothing alarming when the person cancels the save dialog', async () => {
    await setUp()
    await people()
    const view = await mountHistory()
    const files = await readdir(backend.dataDir)
    backend.nextSavePath(null)
    await button(view, 'Export JSON').trigger('click')
    await vi.waitFor(() => expect(backend.callsTo('history:export')).toHaveLength(1))
    await vi.waitFor(() => expect(useHistoryStore().busy.export).toBe(false))
    await settle()
    expect(backend.callsTo('history:export')[0]).toMatchObject({ format: 'json' })
    expect(view.find('[role="alert"]').exists()).toBe(false)
    expect(view.find('.lists-view__status').text()).toBe('')
    expect(await readdir(backend.dataDir)).toEqual(files)
  })

  it('removes a contact from HostUp only after confirming, and keeps the row marked removed', async () => {
    await setUp()
    const { anna } = await people()
    const view = await mountHistory()
    const id = anna.contactId
    // No red button on every row: Remove is in the row's details.
    expect(buttonNames(view).filter((n) => n.startsWith('Remove'))).toEqual([])
    await button(view, `Details of Anna Svensson (ID ${id})`).trigger('click')
    await button(view, `Remove Anna Svensson (ID ${id}) from HostUp…`).trigger('click')
    const dialog = view.find('dialog:not(.drawer)')
    expect(dialog.find('h2').text()).toBe(`Remove Anna Svensson (ID ${id}) from HostUp?`)
    expect(dialog.text()).toContain('The entry stays in your history, marked removed.')
    expect(backend.callsTo('history:undo')).toEqual([])
    expect(backend.sandbox.contacts.find((c) => c.id === id)?.deleted).toBeFalsy()
    await button(view, 'Remove from HostUp').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain(`Anna Svensson (ID ${id}) was removed from HostUp.`))
    expect(backend.callsTo('history:undo')).toEqual([{ id: anna.id }])
    expect(backend.sandbox.contacts.find((c) => c.id === id)?.deleted).toBe(true)
    const row = dataRows(view)[0]!
    expect(row.classes()).toContain('history-row--removed')
    expect(row.text()).toContain('Removed')
    // The details, still open, say so and offer no second removal; the focus stays in them.
    const drawer = view.find('dialog.drawer')
    expect(drawer.text()).toContain('Removed')
    expect(drawer.findAll('button').map((b) => b.text())).not.toContain('Remove…')
    expect(document.activeElement?.textContent?.trim()).toBe('Close')
  })

  it('explains an empty history', async () => {
    await setUp()
    const view = await mountHistory()
    expect(view.text()).toContain('No contacts created yet.')
    expect(view.find('[role="table"]').exists()).toBe(false)
  })
})

describe('finding one’s way in the history', () => {
  /** A contact recorded `days` days ago, with a request ID. */
  async function recordedDaysAgo(days: number, firstname: string): Promise<HistoryEntry> {
    const at = new Date()
    at.setDate(at.getDate() - days)
    const result = await backend.services.history.record({
      profileId: a,
      profileName: 'Acme AB',
      contactId: 30_000 + days,
      fields: {
        ...contact(firstname, 'Old'),
        phonenumber: '+46 8 123 45 67',
        address1: 'Storgatan 1',
        country: 'NO',
        postcode: '111 22'
      },
      requestId: `req-${firstname}`,
      source: 'form',
      createdAt: at.toISOString()
    })
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }

  it('shows a field the contact was created without as a dash, read as "Not given"', async () => {
    await setUp()
    // Created with its name, e-mail and city alone: no phone.
    const bare = await backend.created(a, contact('Ebba', 'Bare'))
    const view = await mountHistory()
    await button(view, `Details of Ebba Bare (ID ${bare.contactId})`).trigger('click')
    const drawer = view.find('dialog.drawer')
    const phone = drawer.findAll('.drawer__field').find((f) => f.find('dt').text() === 'Phone')
    expect(phone?.find('dd').text()).toBe('—Not given')
    expect(phone?.find('[aria-hidden="true"]').text()).toBe('—')
    expect(phone?.find('.visually-hidden').text()).toBe('Not given')
    expect(drawer.findAll('.drawer__field dd').map((dd) => dd.text())).not.toContain('None')
  })

  it('shows a row whole in its details: every field, the request ID, copies, permissions and remove', async () => {
    await setUp()
    const old = await recordedDaysAgo(3, 'Dag')
    const view = await mountHistory()
    await button(view, `Details of Dag Old (ID ${old.contactId})`).trigger('click')
    const drawer = view.find('dialog.drawer')
    expect(drawer.find('h2').text()).toBe(`Dag Old (ID ${old.contactId})`)
    const text = drawer.text()
    for (const part of [
      'dag.old@example.com',
      '+46 8 123 45 67',
      'Storgatan 1',
      '111 22',
      'Malmö',
      'Norway (NO)',
      'Acme AB',
      'req-Dag',
      'None chosen in this app'
    ])
      expect(text).toContain(part)
    expect(buttonNames(view)).toEqual(
      expect.arrayContaining([
        'Copy e-mail',
        'Copy ID',
        'Copy request ID',
        `Permissions of Dag Old (ID ${old.contactId})…`,
        `Remove Dag Old (ID ${old.contactId}) from HostUp…`
      ])
    )
    await button(view, 'Copy e-mail').trigger('click')
    await vi.waitFor(async () => expect(await navigator.clipboard.readText()).toBe('dag.old@example.com'))
    await button(view, 'Close').trigger('click')
    await settle()
    expect(view.find('dialog.drawer').exists()).toBe(false)
  })

  it('quick periods: the last 7 days, today, any time', async () => {
    await setUp()
    await recordedDaysAgo(3, 'Tre')
    await recordedDaysAgo(20, 'Tjugo')
    const view = await mountHistory()
    expect(view.find('.history-view__count').text()).toBe('2 contacts')
    const period = view.find<HTMLSelectElement>('select[id$="-period"]')
    await period.setValue('last7')
    await vi.waitFor(() => expect(view.find('.history-view__count').text()).toBe('1 contact'))
    const week = new Date()
    week.setDate(week.getDate() - 6)
    expect(queries().at(-1)).toMatchObject({ from: isoDay(week), to: isoDay(new Date()) })
    expect(names(view)).toEqual(['Tre Old'])
    // The dates show in the language's format.
    expect(textbox(view, 'From').element.value).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
    await period.setValue('today')
    await vi.waitFor(() => expect(view.find('.history-view__count').text()).toBe('0 contacts'))
    await period.setValue('any')
    await vi.waitFor(() => expect(view.find('.history-view__count').text()).toBe('2 contacts'))
    expect(queries().at(-1)).not.toHaveProperty('from')
  })

  it('takes dates typed in the language’s format and says how when one is not a date', async () => {
    await setUp()
    const view = await mountHistory()
    const from = textbox(view, 'From')
    expect(from.attributes('placeholder')).toBe('DD/MM/YYYY')
    await from.setValue('1/11/2026')
    await from.trigger('change')
    await vi.waitFor(() => expect(queries().at(-1)).toMatchObject({ from: '2026-11-01' }))
    expect(from.element.value).toBe('01/11/2026')
    expect(view.find<HTMLSelectElement>('select[id$="-period"]').element.value).toBe('custom')

    await from.setValue('31/02/2026')
    await from.trigger('change')
    await settle()
    expect(from.attributes('aria-invalid')).toBe('true')
    expect(view.find('.date-field__error').text()).toBe(
      'Enter a real date as DD/MM/YYYY, for example 31/12/2026.'
    )
    expect(queries().at(-1)).toMatchObject({ from: '2026-11-01' })

    useAppStore().setLocale('sv')
    await settle()
    const fran = textbox(view, 'Från')
    expect(fran.attributes('placeholder')).toBe('ÅÅÅÅ-MM-DD')
    expect(fran.element.value).toBe('2026-11-01')
  })

  it('remembers the sort, the filters and the hidden columns the next time, but not the search', async () => {
    await setUp()
    await people()
    let view = await mountHistory()
    await button(view, 'Name').trigger('click')
    await view.find<HTMLSelectElement>('select[id$="-period"]').setValue('last30')
    await view.find<HTMLSelectElement>('select[id$="-scope"]').setValue('all')
    await textbox(view, 'Search history').setValue('anna')
    await button(view, 'Columns').trigger('click')
    const city = view.findAll('.column-chooser__option').find((o) => o.text().startsWith('City'))!
    await city.find('input').setValue(false)
    await settle()
    expect(view.findAll('[role="columnheader"]').map((h) => h.text())).not.toContain('City')
    view.unmount()

    // A new start of the app: a new Pinia over the same page storage.
    pinia = createPinia()
    setActivePinia(pinia)
    view = await mountHistory()
    expect(useHistoryStore().sort).toEqual({ key: 'name', dir: 'asc' })
    expect(view.find<HTMLSelectElement>('select[id$="-period"]').element.value).toBe('last30')
    expect(view.find<HTMLSelectElement>('select[id$="-scope"]').element.value).toBe('all')
    expect(textbox(view, 'Search history').element.value).toBe('')
    expect(view.findAll('[role="columnheader"]').map((h) => h.text())).not.toContain('City')
    const month = new Date()
    month.setDate(month.getDate() - 29)
    expect(queries().at(-1)).toMatchObject({ sort: { key: 'name', dir: 'asc' }, from: isoDay(month) })
    expect(queries().at(-1)).not.toHaveProperty('profileId')
  })

  it('Ctrl/⌘+F puts the cursor in the history’s search', async () => {
    await setUp()
    await people()
    const view = await mountHistory()
    const search = textbox(view, 'Search history')
    const event = new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, cancelable: true })
    window.dispatchEvent(event)
    expect(event.defaultPrevented).toBe(true)
    expect(document.activeElement).toBe(search.element)
    ;(document.activeElement as HTMLElement).blur()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', metaKey: true }))
    expect(document.activeElement).toBe(search.element)
  })
})
