import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import DraftsView from './DraftsView.vue'
import { useAppStore } from '../stores/app'
import { useDraftsStore } from '../stores/drafts'
import { useOutboxStore } from '../stores/outbox'
import { openBackend, person, type Backend } from '../testing/backend'
import { button, buttonNames, settle, textbox } from '../testing/dom'
import { loadProfiles, testPinia } from '../testing/setup'

let backend: Backend
let pinia: Pinia
let a: string
let wrapper: VueWrapper | null = null

const MINUTE = 60_000

async function mountDrafts(): Promise<VueWrapper> {
  await loadProfiles()
  wrapper = mount(DraftsView, { global: { plugins: [pinia] }, attachTo: document.body })
  await vi.waitFor(() => expect(useDraftsStore().loaded && useOutboxStore().loaded).toBe(true))
  await settle()
  return wrapper
}

/** Runs `save` with main's clock `ago` ms in the past, so what it saves was last edited then. */
async function editedAgo<T>(ago: number, save: () => Promise<T>): Promise<T> {
  const then = Date.now() - ago
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(then)
  try {
    return await save()
  } finally {
    vi.useRealTimers()
  }
}

const contact = (firstname: string, lastname: string) => ({
  firstname,
  lastname,
  email: `${firstname}.${lastname}@example.com`.toLowerCase()
})

/**
 * Three drafts of Acme AB: Anna's (d1, 5 minutes old) waits in the outbox, having been sent while
 * offline; Bo's (d2, a minute old) is only a draft; Cia's (d3, an hour old) was sent and HostUp
 * answered 500, so its outcome is unknown.
 */
async function seed(): Promise<void> {
  await editedAgo(5 * MINUTE, () => backend.queued(a, contact('Anna', 'Svensson'), 'd1'))
  await editedAgo(MINUTE, () => backend.draft(a, contact('Bo', 'Ek'), 'd2'))
  await editedAgo(60 * MINUTE, () => backend.unknown(a, contact('Cia', 'Berg'), 'd3'))
}

async function draftIds(): Promise<string[]> {
  const listed = await backend.handlers['drafts:list']({ profileId: a })
  if (!listed.ok) throw new Error(listed.error.message)
  return listed.value.map((d) => d.id)
}

async function outboxIds(): Promise<string[]> {
  const listed = await backend.handlers['outbox:list']({ profileId: a })
  if (!listed.ok) throw new Error(listed.error.message)
  return listed.value.map((i) => i.id)
}

beforeEach(async () => {
  pinia = testPinia()
  backend = await openBackend()
  a = await backend.seedProfile('Acme AB')
})

describe('the drafts list', () => {
  it('shows each draft with its e-mail, last edit and where it stands in the outbox', async () => {
    await seed()
    const view = await mountDrafts()
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
    await seed()
    const view = await mountDrafts()
    expect(button(view, 'Delete Cia Berg').attributes('disabled')).toBeDefined()
    expect(view.text()).toContain('Decide in the outbox whether it was created')
  })

  it('asks before deleting, naming the person, and then deletes by ID', async () => {
    await seed()
    const view = await mountDrafts()
    await button(view, 'Delete Anna Svensson').trigger('click')
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Delete the draft for Anna Svensson?')
    expect(dialog.text()).toContain('It is also taken out of the outbox')
    expect(backend.callsTo('drafts:remove')).toEqual([])
    await button(view, 'Delete draft').trigger('click')
    await vi.waitFor(() =>
      expect(view.find('[role="status"]').text()).toBe('The draft for Anna Svensson was deleted.')
    )
    expect(backend.callsTo('drafts:remove')).toEqual([{ id: 'd1' }])
    expect(view.find('dialog').exists()).toBe(false)
    expect(buttonNames(view)).not.toContain('Open Anna Svensson')
    // Gone from main too, draft and queued send alike.
    expect(await draftIds()).not.toContain('d1')
    expect(await outboxIds()).toEqual(['d3'])
  })

  it('keeps the draft when the person cancels', async () => {
    await seed()
    const view = await mountDrafts()
    await button(view, 'Delete Bo Ek').trigger('click')
    await button(view, 'Cancel').trigger('click')
    await settle()
    expect(backend.callsTo('drafts:remove')).toEqual([])
    expect(buttonNames(view)).toContain('Open Bo Ek')
    expect(await draftIds()).toContain('d2')
  })

  it('duplicates a draft into a copy without its e-mail', async () => {
    await seed()
    const view = await mountDrafts()
    await button(view, 'Duplicate Bo Ek').trigger('click')
    await vi.waitFor(() => expect(view.text()).toContain('A copy of Bo Ek is at the top of the list'))
    expect(backend.callsTo('drafts:duplicate')).toEqual([{ id: 'd2' }])
    const first = view.findAll('li')[0]!
    expect(first.text()).toContain('Bo Ek')
    expect(first.text()).toContain('No e-mail yet')
    expect(await draftIds()).toHaveLength(4)
  })

  it('opens a draft in the form', async () => {
    await seed()
    const view = await mountDrafts()
    useAppStore().show('settings')
    await button(view, 'Open Anna Svensson').trigger('click')
    expect(useAppStore().view).toBe('newContact')
    expect(useDraftsStore().openDraftId).toBe('d1')
  })

  it('drops a draft the outbox sent by itself', async () => {
    await seed()
    const view = await mountDrafts()
    const lists = backend.callsTo('drafts:list').length
    // The outbox starts sending by itself: Anna's queued contact goes out.
    await backend.start()
    await vi.waitFor(() => expect(buttonNames(view)).not.toContain('Open Anna Svensson'))
    expect(backend.sandbox.contacts.map((c) => c.email)).toEqual(['anna.svensson@example.com'])
    expect(buttonNames(view)).toContain('Open Bo Ek')
    // The drafts reload on the changes the outbox reported, at most once per change.
    await settle()
    const reloads = backend.callsTo('drafts:list').length - lists
    expect(reloads).toBeGreaterThanOrEqual(1)
    expect(reloads).toBeLessThanOrEqual(useOutboxStore().revision)
  })

  it('explains what drafts are when there are none', async () => {
    const view = await mountDrafts()
    expect(view.text()).toContain('Contacts you start are saved here as you type')
    expect(view.find('ul').exists()).toBe(false)
  })

  it('speaks Swedish', async () => {
    await seed()
    useAppStore().setLocale('sv')
    const view = await mountDrafts()
    expect(view.find('h1').text()).toBe('Utkast')
    expect(buttonNames(view)).toContain('Öppna Anna Svensson')
    expect(view.text()).toContain('Ändrat för 5 minuter sedan')
  })
})

describe('bulk actions', () => {
  /** A draft as the form keeps one once everything is typed: its password in the keychain. */
  async function complete(firstname: string, lastname: string, id: string): Promise<void> {
    const { password, ...fields } = person(contact(firstname, lastname))
    const saved = await backend.handlers['drafts:save']({ id, profileId: a, fields, password })
    if (!saved.ok) throw new Error(saved.error.message)
  }
  const checkbox = (view: VueWrapper, name: string) =>
    view.find<HTMLInputElement>(`input[type="checkbox"][aria-label="Select ${name}"]`)
  const selectAll = (view: VueWrapper) =>
    view
      .findAll<HTMLInputElement>('label')
      .find((l) => l.text() === 'Select all shown')!
      .find('input')
  const titles = (view: VueWrapper) => view.findAll('.list-row__title').map((t) => t.text())

  it('searches by name or e-mail, and "Select all shown" picks only what the search shows', async () => {
    await seed()
    const view = await mountDrafts()
    await textbox(view, 'Search drafts').setValue('svensson')
    expect(titles(view)).toEqual(['Anna Svensson'])
    await textbox(view, 'Search drafts').setValue('bo.ek@')
    expect(titles(view)).toEqual(['Bo Ek'])
    await selectAll(view).setValue(true)
    expect(checkbox(view, 'Bo Ek').element.checked).toBe(true)
    expect(buttonNames(view)).toContain('Delete 1 selected…')
    await textbox(view, 'Search drafts').setValue('')
    // Anna was never picked: a hidden draft is not acted on by surprise.
    expect(checkbox(view, 'Anna Svensson').element.checked).toBe(false)
    expect(buttonNames(view)).toContain('Delete 1 selected…')
  })

  it('asks once, saying how many, then deletes the picked drafts (never one awaiting a decision)', async () => {
    await seed()
    const view = await mountDrafts()
    await selectAll(view).setValue(true)
    // Cia's outcome is unknown: it may be a contact already, so it is not deleted.
    await button(view, 'Delete 2 selected…').trigger('click')
    const dialog = view.find('dialog')
    expect(dialog.text()).toContain('Delete 2 drafts?')
    expect(dialog.text()).toContain('Those waiting in the outbox are taken out of it too')
    expect(backend.callsTo('drafts:remove')).toEqual([])
    await button(view, 'Delete drafts').trigger('click')
    await vi.waitFor(() => expect(view.find('[role="status"]').text()).toBe('2 drafts deleted.'))
    expect(await draftIds()).toEqual(['d3'])
    expect(await outboxIds()).toEqual(['d3'])
  })

  it('sends the picked drafts that are complete and valid, skips an e-mail already created, and says so', async () => {
    await complete('Dan', 'Lund', 'd4')
    await complete('Eva', 'Holm', 'd5')
    await complete('Fia', 'Berg', 'd6')
    await backend.created(a, { email: 'fia.berg@example.com' })
    // Bo has no password kept, Gun no e-mail: neither can be sent as it stands.
    await backend.draft(a, contact('Bo', 'Ek'), 'd2')
    await backend.draft(a, { ...contact('Gun', 'Ny'), email: '' }, 'd7')
    const view = await mountDrafts()
    await selectAll(view).setValue(true)
    expect(view.text()).toContain('Only complete drafts with a saved password')
    await button(view, 'Send 3 selected now').trigger('click')
    await vi.waitFor(() =>
      expect(view.find('[role="status"]').text()).toBe(
        '2 contacts created. 1 was not sent: a contact with that e-mail was already created.'
      )
    )
    const created = backend.sandbox.contacts.map((c) => c.email)
    expect(created).toEqual(expect.arrayContaining(['dan.lund@example.com', 'eva.holm@example.com']))
    expect(created.filter((e) => e === 'fia.berg@example.com')).toHaveLength(1)
    expect(backend.callsTo('contacts:create')).toHaveLength(2)
    await vi.waitFor(() => expect(titles(view)).toEqual(expect.arrayContaining(['Bo Ek', 'Fia Berg'])))
    expect(titles(view)).not.toContain('Dan Lund')
    expect(await draftIds()).not.toContain('d4')
  })

  it('speaks Swedish', async () => {
    await seed()
    useAppStore().setLocale('sv')
    const view = await mountDrafts()
    await view
      .findAll<HTMLInputElement>('label')
      .find((l) => l.text() === 'Markera alla som visas')!
      .find('input')
      .setValue(true)
    expect(buttonNames(view)).toContain('Ta bort 2 markerade…')
    expect(textbox(view, 'Sök bland utkasten').exists()).toBe(true)
  })
})
