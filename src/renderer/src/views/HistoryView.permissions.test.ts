import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { randomUUID } from 'node:crypto'
import { mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { builtInSet, type BuiltInPreset } from '@shared/permissions'
import HistoryView from './HistoryView.vue'
import { useAppStore } from '../stores/app'
import { useHistoryStore } from '../stores/history'
import { closeBackend, openBackend, person, type Backend } from '../testing/backend'
import { loadProfiles } from '../testing/setup'
import { accessibleName, button, settle } from '../testing/dom'

let backend: Backend
let pinia: Pinia
let profileId: string
let wrapper: VueWrapper | null = null

// happy-dom lays nothing out: give the list's scroller the height a window would.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('history-table__scroller') ? 480 : 0
    }
  })
})
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight)
})

const PERMISSIONS = /^\/api\/contacts\/\d+\/permissions$/

beforeEach(async () => {
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
  backend = await openBackend()
  profileId = await backend.seedProfile('Acme AB')
  await backend.start()
})

afterEach(async () => {
  wrapper?.unmount()
  wrapper = null
  await closeBackend()
})

/** A contact created through the app with `preset`, waiting until the outbox is done with it. */
async function created(firstname: string, preset?: BuiltInPreset): Promise<number> {
  const formId = randomUUID()
  const answer = await backend.handlers['contacts:create']({
    profileId,
    formId,
    contact: person({ firstname, lastname: 'Ek' }),
    ...(preset ? { permissions: { presetId: preset, name: '', set: builtInSet(preset) } } : {})
  })
  if (!answer.ok || answer.value.kind !== 'created') throw new Error('not created')
  await vi.waitFor(async () => {
    const items = await backend.handlers['outbox:list']({ profileId })
    const item = items.ok ? items.value.find((i) => i.id === formId) : undefined
    expect(item === undefined || item.permissions?.state === 'failed').toBe(true)
  })
  return answer.value.contactId
}

async function mountHistory(): Promise<VueWrapper> {
  await loadProfiles()
  wrapper = mount(HistoryView, { global: { plugins: [pinia] }, attachTo: document.body })
  await vi.waitFor(() => expect(useHistoryStore().loading).toBe(false))
  await settle()
  return wrapper
}

const rowOf = (view: VueWrapper, name: string) =>
  view.findAll('.history-table__body [role="row"]').find((r) => r.text().includes(name))!
const permissionsCell = (view: VueWrapper, name: string) =>
  rowOf(view, name).findAll('[role="cell"]')[2]!.text().replace(/\s+/g, ' ').trim()
const dialog = (view: VueWrapper) => view.find('dialog.perm-dialog')

function radio(view: VueWrapper, name: string): DOMWrapper<HTMLInputElement> {
  const label = view.findAll('dialog label').find((l) => accessibleName(l.element) === name)
  if (!label) throw new Error(`No option "${name}"`)
  return label.find<HTMLInputElement>('input')
}

/** The row's details, then "Permissions…" in them. */
async function openEditor(view: VueWrapper, name: string, id: number): Promise<void> {
  await button(view, `Details of ${name} Ek (ID ${id})`).trigger('click')
  await button(view, `Permissions of ${name} Ek (ID ${id})…`).trigger('click')
  await vi.waitFor(() => expect(dialog(view).find('.perm').exists()).toBe(true))
  await settle()
}

describe('permissions in History', () => {
  it('shows on each row whether the contact’s permissions are set, and which', async () => {
    backend.sandbox.failNext({ kind: 'problem', code: 'forbidden' }, { path: PERMISSIONS })
    await created('Cia', 'support')
    await created('Bo', 'billing')
    await created('Ada')
    const view = await mountHistory()
    expect(permissionsCell(view, 'Cia')).toBe('Not set')
    expect(rowOf(view, 'Cia').find('.badge').attributes('title')).toBe('Permissions not set')
    expect(permissionsCell(view, 'Bo')).toBe('Billing')
    expect(permissionsCell(view, 'Ada')).toContain('None chosen in this app')
  })

  it('"Permissions…" reads the contact’s permissions from HostUp, saves a change and shows HostUp’s answer', async () => {
    const id = await created('Bo', 'billing')
    const view = await mountHistory()
    const gets = () => backend.sandbox.log.filter((r) => r.method === 'GET' && PERMISSIONS.test(r.path))
    const before = gets().length
    await openEditor(view, 'Bo', id)
    expect(gets()).toHaveLength(before + 1)
    const d = dialog(view)
    expect(d.find('h2').text()).toBe(`Permissions of Bo Ek (ID ${id})`)
    expect(d.text()).toContain('As HostUp has them now.')
    expect(d.text()).toMatch(/Request ID: [0-9a-f-]{36}/)
    // What HostUp has is recognised as the preset it is.
    expect(radio(view, 'Billing').element.checked).toBe(true)

    await radio(view, 'Support').setValue(true)
    await button(view, 'Save permissions').trigger('click')
    await vi.waitFor(() => expect(d.find('.notice--info').exists()).toBe(true))
    const answer = d.find('.notice--info').text()
    expect(answer).toContain('HostUp saved the permissions (Support) and reading them back confirms them.')
    expect(answer).toContain('HostUp says: “Permissions updated”')
    expect(answer).toMatch(/Request ID: [0-9a-f-]{36}/)
    const post = backend.sandbox.log.filter((r) => r.method === 'POST' && PERMISSIONS.test(r.path)).at(-1)
    expect(post?.body).toMatchObject({ canOpenTickets: true, canViewInvoices: false, canPlaceOrders: false })

    await button(view, 'Close').trigger('click')
    await settle()
    expect(dialog(view).exists()).toBe(false)
    expect(permissionsCell(view, 'Bo')).toBe('Support')
    // The row's details, still open behind it, follow the change.
    expect(view.find('dialog.drawer').text()).toContain('Support · Permissions set')
  })

  it('says why, and keeps the dialog, when HostUp refuses to read or to save', async () => {
    const id = await created('Bo', 'billing')
    const view = await mountHistory()
    backend.sandbox.failNext({ kind: 'server-error' }, { path: PERMISSIONS })
    await button(view, `Details of Bo Ek (ID ${id})`).trigger('click')
    await button(view, `Permissions of Bo Ek (ID ${id})…`).trigger('click')
    await vi.waitFor(() => expect(dialog(view).find('[role="alert"]').exists()).toBe(true))
    await button(view, 'Read them again').trigger('click')
    await vi.waitFor(() => expect(dialog(view).find('.perm').exists()).toBe(true))

    backend.sandbox.failNext({ kind: 'problem', code: 'forbidden' }, { path: PERMISSIONS, method: 'POST' })
    await radio(view, 'Full').setValue(true)
    await button(view, 'Save permissions').trigger('click')
    await vi.waitFor(() => expect(dialog(view).find('[role="alert"]').exists()).toBe(true))
    expect(dialog(view).find('[role="alert"]').text()).toContain(
      'Ask HostUp, or the account owner, for a key with the “permissions” scope'
    )
    expect(dialog(view).find('.notice--info').exists()).toBe(false)
    expect(permissionsCell(view, 'Bo')).toBe('Billing')
  })

  it('reads in Swedish', async () => {
    const id = await created('Bo', 'technical')
    const view = await mountHistory()
    useAppStore().setLocale('sv')
    await settle()
    expect(permissionsCell(view, 'Bo')).toBe('Teknik')
    await button(view, `Detaljer om Bo Ek (ID ${id})`).trigger('click')
    await button(view, `Behörigheter för Bo Ek (ID ${id})…`).trigger('click')
    await vi.waitFor(() => expect(dialog(view).find('.perm').exists()).toBe(true))
    expect(dialog(view).find('h2').text()).toBe(`Behörigheter för Bo Ek (ID ${id})`)
    expect(radio(view, 'Teknik').element.checked).toBe(true)
    expect(button(view, 'Spara behörigheter').exists()).toBe(true)
  })
})
