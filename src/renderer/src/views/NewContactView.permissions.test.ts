import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { accessibleName, button, settle, textbox } from '../testing/dom'
import { closeBackend, DEMO_KEY, type Backend, type BackendOptions } from '../testing/backend'
import { loadProfiles } from '../testing/setup'
import { ANNA, fill, mountNewContact } from '../testing/contactForm'
import { useAppStore } from '../stores/app'
import { useOutboxStore } from '../stores/outbox'
import OutboxView from './OutboxView.vue'

let pinia: Pinia
let view: VueWrapper
let backend: Backend
let profileId: string
let outbox: VueWrapper | null = null
let mounted = true

const PERMISSIONS = /^\/api\/contacts\/\d+\/permissions$/
const teamPosts = () => backend.sandbox.log.filter((r) => r.method === 'POST' && r.path === '/api/teams')
const permissionPosts = () =>
  backend.sandbox.log.filter((r) => r.method === 'POST' && PERMISSIONS.test(r.path))

/** The New contact view over the real main, started (so the outbox sets permissions by itself). */
async function open(seed?: (backend: Backend) => Promise<void>, options: BackendOptions = {}): Promise<void> {
  ;({ view, backend, profileId } = await mountNewContact(pinia, {
    ...options,
    seed: async (b) => {
      await seed?.(b)
      await b.start()
    }
  }))
}

beforeEach(() => {
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
})

afterEach(async () => {
  outbox?.unmount()
  outbox = null
  if (mounted) view.unmount()
  mounted = true
  await closeBackend()
})

function control(name: string, type: 'checkbox' | 'radio'): DOMWrapper<HTMLInputElement> {
  const label = view.findAll('label').find((l) => {
    const input = l.find(`input[type="${type}"]`)
    return (
      input.exists() && accessibleName(input.attributes('aria-label') ? input.element : l.element) === name
    )
  })
  if (!label) throw new Error(`No ${type} labelled "${name}"`)
  return label.find<HTMLInputElement>(`input[type="${type}"]`)
}
const checkbox = (name: string) => control(name, 'checkbox')
const radio = (name: string) => control(name, 'radio')

const summary = () => view.find('.perm-section summary').text().replace(/\s+/g, ' ').trim()

/** Opens the folded Permissions section, as a click on its summary does. */
async function openSection(): Promise<void> {
  const details = view.find<HTMLDetailsElement>('details.perm-section')
  details.element.open = true
  await details.trigger('toggle')
  await vi.waitFor(() => expect(view.find('.perm-section [role="status"]').exists()).toBe(false))
  await settle()
}

async function createContact(values: Record<string, string> = ANNA): Promise<void> {
  await fill(view, values)
  await view.find('form').trigger('submit')
  await vi.waitFor(() => expect(view.find('.outcome--created').exists()).toBe(true))
}

const card = () => view.find('.outcome--created')

describe('the Permissions section', () => {
  it('is folded to one line naming the choice, and opens on every switch, grouped, and the presets', async () => {
    await open()
    expect(summary()).toBe('Permissions: None. No access until you give it some')
    await openSection()
    // No contact exists yet: HostUp cannot list the account's items, and the form says what to do.
    expect(view.find('.perm__lists').text()).toContain('this profile has created none yet')
    const legends = view.findAll('.perm legend').map((l) => l.text())
    expect(legends).toEqual(['Preset', 'Billing', 'Support', 'Access', 'Services', 'Domains', 'DNS zones'])
    const presets = view.findAll('.perm__chip').map((c) => c.text())
    expect(presets).toEqual(['None', 'Billing', 'Support', 'Technical', 'Full', 'Custom'])
    expect(view.findAll('.perm__groups')[0]!.findAll('input[type="checkbox"]')).toHaveLength(10)

    await radio('Billing').setValue(true)
    await settle()
    expect(summary()).toBe('Permissions: Billing. Set right after the contact is created')
    expect(view.find('.perm__description').text()).toBe('View and receive invoices, and place orders.')
    for (const on of ['View invoices', 'Receive invoices by e-mail', 'Place orders'])
      expect(checkbox(on).element.checked, on).toBe(true)
    expect(checkbox('Open tickets').element.checked).toBe(false)

    // Any switch changed by hand makes it Custom, saying where it came from.
    await checkbox('Open tickets').setValue(true)
    await settle()
    expect(radio('Custom').element.checked).toBe(true)
    expect(view.find('.perm__description').text()).toBe('Changed from Billing.')
  })

  it('is saved with the draft as it is typed, and comes back with it', async () => {
    await open()
    await openSection()
    await radio('Support').setValue(true)
    await fill(view, { 'First name': 'Lena' })
    const formId = () => (backend.callsTo('drafts:save').at(-1) as { id: string } | undefined)?.id
    await vi.waitFor(() => expect(formId()).toBeDefined(), { timeout: 3000 })
    await vi.waitFor(async () => {
      const draft = await backend.handlers['drafts:get']({ id: formId() })
      expect(draft).toMatchObject({ ok: true, value: { permissions: { presetId: 'support' } } })
    })

    // A new page over the same main: the draft being edited opens again, its permissions too.
    view.unmount()
    setActivePinia((pinia = createPinia()))
    await loadProfiles()
    const NewContactView = (await import('./NewContactView.vue')).default
    view = mount(NewContactView, { global: { plugins: [pinia] }, attachTo: document.body })
    await vi.waitFor(() => expect(textbox(view, 'First name').element.value).toBe('Lena'))
    expect(summary()).toContain('Support')
  })

  it('offers the account’s own services, domains and DNS zones once a contact exists, and sends exactly those', async () => {
    await open(async (b) => void (await b.created(await selectedProfile(b))))
    await openSection()
    expect(view.find('.perm__lists').text()).not.toContain('created none yet')
    expect(checkbox('VPS sto-2, VPS').exists()).toBe(true)
    await checkbox('exempel.nu').setValue(true)
    await checkbox('Every DNS zone listed').setValue(true)
    await checkbox('View tickets').setValue(true)
    await settle()
    expect(summary()).toContain('Custom')
    await createContact()
    await vi.waitFor(() => expect(card().text()).toContain('Permissions set: Custom.'), { timeout: 5000 })
    expect(permissionPosts()).toHaveLength(1)
    expect(permissionPosts()[0]?.body).toEqual({
      services: [
        { id: '5101', name: 'VPS sto-2', hasAccess: false },
        { id: '5102', name: 'Webbhotell Bas', hasAccess: false },
        { id: '5103', name: 'example.se', hasAccess: false }
      ],
      domains: [
        { id: '7201', name: 'example.se', hasAccess: false },
        { id: '7202', name: 'exempel.nu', hasAccess: true }
      ],
      dnsZones: [{ id: '8301', name: 'example.se', hasAccess: true }],
      canViewInvoices: false,
      canReceiveInvoices: false,
      canPlaceOrders: false,
      canOpenTickets: false,
      canViewTickets: true,
      canCloseTickets: false,
      canReceiveTicketEmails: false,
      accessAllVps: false,
      accessAllHosting: false,
      accessAllDomains: false
    })
  })

  it('lists the account’s items for the next contact once the first one exists', async () => {
    await open()
    await openSection()
    expect(view.find('.perm__lists').text()).toContain('created none yet')
    await createContact()
    await button(view, 'Add another').trigger('click')
    await vi.waitFor(() => expect(checkbox('VPS sto-2, VPS').exists()).toBe(true))
    expect(view.find('.perm__lists').text()).not.toContain('created none yet')
  })

  it('saves a set as a named preset of the profile, renames it and deletes it', async () => {
    await open()
    await openSection()
    await checkbox('Place orders').setValue(true)
    await button(view, 'Save as preset…').trigger('click')
    await settle()
    expect(document.activeElement).toBe(textbox(view, 'Preset name').element)
    // A name is required, and must not be another preset's.
    await button(view, 'Save preset').trigger('click')
    await settle()
    expect(view.find('.perm__naming .field__error').text()).toBe('Give the preset a name.')
    await textbox(view, 'Preset name').setValue('billing ')
    await button(view, 'Save preset').trigger('click')
    await settle()
    expect(view.find('.perm__naming .field__error').text()).toContain('exists already')
    await textbox(view, 'Preset name').setValue('Inköp')
    await button(view, 'Save preset').trigger('click')
    await vi.waitFor(() => expect(radio('Inköp').element.checked).toBe(true))
    const stored = async () => {
      const listed = await backend.handlers['profiles:list'](undefined)
      return listed.ok ? listed.value.profiles.find((p) => p.id === profileId)?.presets : []
    }
    expect((await stored())?.find((p) => p.name === 'Inköp')?.set.flags.canPlaceOrders).toBe(true)
    expect(summary()).toContain('Inköp')

    await button(view, 'Rename Inköp…').trigger('click')
    await textbox(view, 'Preset name').setValue('Beställare')
    await textbox(view, 'Preset name').trigger('keydown', { key: 'Enter' })
    await vi.waitFor(() => expect(radio('Beställare').element.checked).toBe(true))
    expect(teamPosts()).toHaveLength(0) // Enter in the name field never sends the contact form.

    await button(view, 'Delete Beställare').trigger('click')
    await vi.waitFor(async () => expect((await stored())?.map((p) => p.id)).toHaveLength(5))
    await vi.waitFor(() => expect(radio('Custom').element.checked).toBe(true))
    // What the deleted preset granted stays chosen, as a custom set.
    expect(checkbox('Place orders').element.checked).toBe(true)
  })

  it('reads in Swedish', async () => {
    await open()
    useAppStore().setLocale('sv')
    await settle()
    expect(summary()).toBe('Behörigheter: Inga. Ingen åtkomst förrän du ger den någon')
    await openSection()
    expect(view.findAll('.perm__chip').map((c) => c.text())).toEqual([
      'Inga',
      'Ekonomi',
      'Support',
      'Teknik',
      'Fullständig',
      'Anpassad'
    ])
    expect(view.findAll('.perm legend').map((l) => l.text())).toContain('DNS-zoner')
  })
})

describe('the Created card', () => {
  it('says the permissions are being set, then that they are set; the create is sent once', async () => {
    await open()
    await openSection()
    await radio('Technical').setValue(true)
    await createContact()
    expect(card().text()).toMatch(/Setting permissions \(Technical\)…|Permissions set: Technical\./)
    await vi.waitFor(() => expect(card().text()).toContain('Permissions set: Technical.'), { timeout: 5000 })
    expect(teamPosts()).toHaveLength(1)
    expect(permissionPosts()[0]?.body).toMatchObject({
      services: [
        { id: '5101', hasAccess: true },
        { id: '5102', hasAccess: true },
        { id: '5103', hasAccess: true }
      ],
      accessAllVps: true,
      canViewInvoices: false
    })
  })

  it('tells a key without the permissions scope that the contact exists and what to ask HostUp for', async () => {
    const NO_SCOPE = 'sandbox-no-permissions-0001'
    await open(async (b) => {
      b.sandbox.addKey(NO_SCOPE, { scopes: ['contacts', 'account'] })
      await b.handlers['apiKey:set']({ profileId: await selectedProfile(b), apiKey: NO_SCOPE })
    })
    await openSection()
    await radio('Billing').setValue(true)
    await createContact()
    const alert = () => card().find('.perm-progress__failed')
    await vi.waitFor(() => expect(alert().exists()).toBe(true), { timeout: 5000 })
    expect(alert().attributes('role')).toBe('alert')
    expect(alert().find('p').text().replace(/\s+/g, ' ')).toBe(
      'Contact 14087 was created. Its permissions were not set: This API key may not read or set permissions. ' +
        'Ask HostUp, or the account owner, for a key with the “permissions” scope, then retry the permissions.'
    )
    expect(alert().text()).toContain('The contact exists: do not create it again.')
    expect(card().find('.outcome__id-value').text()).toBe('14087')
    expect(teamPosts()).toHaveLength(1)
    // The key is put right; "Retry permissions" sets them, and the contact is still created once.
    await backend.handlers['apiKey:set']({ profileId, apiKey: DEMO_KEY })
    await button(view, 'Retry permissions').trigger('click')
    await vi.waitFor(() => expect(card().text()).toContain('Permissions set: Billing.'), { timeout: 5000 })
    expect(teamPosts()).toHaveLength(1)
  })

  it('tries again by itself after server errors, and the create is sent once', async () => {
    await open()
    await openSection()
    await radio('Support').setValue(true)
    // Two 500s, each tried again by itself after a backoff: setting permissions is safe to repeat.
    backend.sandbox.failNext({ kind: 'server-error' }, { path: PERMISSIONS, times: 2 })
    await createContact()
    await vi.waitFor(() => expect(card().text()).toContain('Permissions set: Support.'), { timeout: 5000 })
    expect(teamPosts()).toHaveLength(1)
    expect(permissionPosts()).toHaveLength(1)
  })
})

describe('permissions that wait', () => {
  it('say why and when they are tried again, and "Retry permissions" tries them now', async () => {
    // A minute between tries: long enough that only the person's click can set them in this test.
    await open(undefined, { backoff: () => 60_000 })
    await openSection()
    await radio('Billing').setValue(true)
    backend.sandbox.failNext({ kind: 'server-error' }, { path: PERMISSIONS })
    await createContact()
    await vi.waitFor(() => expect(card().find('.perm-progress__wait').exists()).toBe(true), {
      timeout: 5000
    })
    expect(card().find('.perm-progress__wait').text()).toMatch(
      /^HostUp could not take them yet; trying again by itself at \d\d:\d\d\. /
    )
    expect(card().find('.perm-progress__failed').exists()).toBe(false)
    await button(view, 'Retry permissions').trigger('click')
    await vi.waitFor(() => expect(card().text()).toContain('Permissions set: Billing.'), { timeout: 5000 })
    expect(teamPosts()).toHaveLength(1)
    expect(permissionPosts()).toHaveLength(1)
  })
})

describe('the Outbox', () => {
  it('shows a created contact whose permissions were refused, with Retry permissions', async () => {
    await open()
    await openSection()
    await radio('Full').setValue(true)
    backend.sandbox.failNext({ kind: 'problem', code: 'invalid_request' }, { path: PERMISSIONS })
    await createContact()
    await vi.waitFor(() => expect(card().find('.perm-progress__failed').exists()).toBe(true), {
      timeout: 5000
    })
    view.unmount()
    mounted = false
    outbox = mount(OutboxView, { global: { plugins: [pinia] }, attachTo: document.body })
    await vi.waitFor(() => expect(outbox!.find('.outbox-item').exists()).toBe(true))
    const item = outbox.find('.outbox-item')
    expect(item.find('.badge').text()).toBe('Permissions not set')
    expect(item.text()).toContain('Contact 14087 was created. Its permissions were not set: ')
    await useOutboxStore().loadCounts()
    expect(useOutboxStore().counts.needsDecision).toBe(1)
    await button(outbox, 'Retry permissions of Anna Svensson').trigger('click')
    await vi.waitFor(() => expect(outbox!.find('.outbox-item').exists()).toBe(false), { timeout: 5000 })
    expect(teamPosts()).toHaveLength(1)
  })
})

async function selectedProfile(b: Backend): Promise<string> {
  const listed = await b.handlers['profiles:list'](undefined)
  if (!listed.ok || !listed.value.selectedId) throw new Error('no profile')
  return listed.value.selectedId
}
