// Permissions journeys: the built app in Chromium over the real main services and the sandbox.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { DEMO_KEY, startSandbox, type Sandbox } from './sandbox'
import { launchHarness, type Harness } from './harness'
import { expectNoAxeViolations, fillContact, openNewContact, seedProfile, teamPosts } from './support/app'

let harness: Harness | undefined
let second: Harness | undefined
let shared: Sandbox | undefined

test.afterEach(async () => {
  await second?.forget()
  second = undefined
  // The first of two harnesses over one data dir was closed already: only its keys and files remain.
  await harness?.forget().catch(() => undefined)
  harness = undefined
  await shared?.close()
  shared = undefined
})

const PERMISSIONS = /^\/api\/contacts\/\d+\/permissions$/
const permissionCalls = (h: Harness, method: string) =>
  h.sandbox.log.filter((r) => r.method === method && PERMISSIONS.test(r.path))

const ANNA = {
  firstname: 'Anna',
  lastname: 'Svensson',
  email: 'anna.svensson@example.com',
  password: 'Sommar-Regn-2026!'
}

/** Opens the form's Permissions section (folded by default) and picks a preset by its name. */
async function choosePreset(page: Page, preset: string): Promise<void> {
  const section = page.locator('details.perm-section')
  if (!(await section.evaluate((d) => (d as HTMLDetailsElement).open)))
    await section.locator('summary').click()
  await page.getByRole('radio', { name: preset, exact: true }).check()
}

async function create(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Create contact' }).click()
  await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
}

/** Axe over the page as it is, in the light theme and in the dark one. */
async function axeBothThemes(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    // Buttons fade their colours (120 ms): contrast is measured once the new theme has settled.
    await page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition)))
    await expectNoAxeViolations(page)
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

test('choose a preset, create, see "permissions set": the full body uses the account’s own IDs', async () => {
  harness = await launchHarness()
  const h = harness
  const profileId = await seedProfile(h)
  // One contact exists already, so HostUp can list the account's services, domains and DNS zones.
  await h.services.outbox.submit({
    profileId,
    formId: crypto.randomUUID(),
    contact: {
      ...ANNA,
      email: 'bo.ek@example.com',
      firstname: 'Bo',
      lastname: 'Ek',
      phonenumber: '',
      address1: '',
      city: '',
      country: '',
      postcode: ''
    }
  })
  await h.page.reload()
  await openNewContact(h.page)
  await expect(h.page.locator('.perm-section summary')).toContainText('Permissions: None.')
  await choosePreset(h.page, 'Technical')
  await expect(h.page.getByRole('checkbox', { name: 'VPS sto-2, VPS' })).toBeChecked()
  await expect(h.page.getByRole('checkbox', { name: 'VPS sto-2, VPS' })).toBeDisabled()
  await h.page.getByRole('checkbox', { name: 'Every domain listed' }).uncheck()
  await h.page.getByRole('checkbox', { name: 'exempel.nu' }).check()
  await expect(h.page.getByRole('radio', { name: 'Custom' })).toBeChecked()
  await expect(h.page.getByText('Changed from Technical.')).toBeVisible()
  await axeBothThemes(h.page)

  await fillContact(h.page, ANNA)
  await create(h.page)
  await expect(h.page.getByRole('status').filter({ hasText: 'Permissions set: Custom.' })).toBeVisible()
  expect(teamPosts(h)).toBe(2)
  const [post] = permissionCalls(h, 'POST')
  expect(post?.body).toEqual({
    services: [
      { id: '5101', name: 'VPS sto-2', hasAccess: true },
      { id: '5102', name: 'Webbhotell Bas', hasAccess: true },
      { id: '5103', name: 'example.se', hasAccess: true }
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
    canViewTickets: false,
    canCloseTickets: false,
    canReceiveTicketEmails: false,
    accessAllVps: true,
    accessAllHosting: true,
    accessAllDomains: true
  })
  await axeBothThemes(h.page)
})

test('permissions fail with a 500: the contact is shown at once, History holds it, the Outbox retries them', async () => {
  // A minute between automatic tries: only "Retry permissions" can set them within this test.
  harness = await launchHarness({ outboxBackoff: () => 60_000 })
  const h = harness
  await seedProfile(h)
  await openNewContact(h.page)
  await choosePreset(h.page, 'Support')
  h.sandbox.failNext({ kind: 'server-error' }, { path: PERMISSIONS })
  await fillContact(h.page, ANNA)
  await create(h.page)
  await expect(h.page.locator('.outcome__id-value')).toHaveText('14087')
  await expect(
    h.page.getByText(/^HostUp could not take them yet; trying again by itself at \d\d:\d\d\./)
  ).toBeVisible()

  await h.page.getByRole('button', { name: 'History' }).click()
  const row = h.page.getByRole('row').filter({ hasText: 'Anna Svensson' })
  await expect(row.getByText('Pending', { exact: true })).toBeVisible()

  await h.page.getByRole('button', { name: 'Outbox' }).click()
  const card = h.page.locator('.outbox-item').filter({ hasText: 'Anna Svensson' })
  await expect(card.getByText('Permissions pending')).toBeVisible()
  await axeBothThemes(h.page)
  await card.getByRole('button', { name: 'Retry permissions of Anna Svensson' }).click()
  await expect(card).toHaveCount(0)

  await h.page.getByRole('button', { name: 'History' }).click()
  await expect(row.getByText('Support', { exact: true })).toBeVisible()
  expect(teamPosts(h)).toBe(1)
  expect(permissionCalls(h, 'POST')).toHaveLength(1)
})

test('a key without the permissions scope (403): the contact exists, and the card says what to ask HostUp for', async () => {
  harness = await launchHarness()
  const h = harness
  const profileId = await seedProfile(h)
  h.sandbox.addKey('sandbox-no-permissions-0001', { scopes: ['contacts', 'account'] })
  await h.services.profiles.setKey(profileId, 'sandbox-no-permissions-0001')
  await h.page.reload()
  await openNewContact(h.page)
  await choosePreset(h.page, 'Billing')
  await fillContact(h.page, ANNA)
  await create(h.page)
  const alert = h.page.locator('.perm-progress__failed')
  await expect(alert).toBeVisible()
  await expect(alert.locator('p').first()).toHaveText(
    'Contact 14087 was created. Its permissions were not set: This API key may not read or set permissions. ' +
      'Ask HostUp, or the account owner, for a key with the “permissions” scope, then retry the permissions.'
  )
  await axeBothThemes(h.page)

  // The key is put right in Settings' stead; Retry permissions sets them without a second create.
  await h.services.profiles.setKey(profileId, DEMO_KEY)
  await h.page.getByRole('button', { name: 'Retry permissions' }).click()
  await expect(h.page.getByText('Permissions set: Billing.')).toBeVisible()
  expect(teamPosts(h)).toBe(1)
})

test('the app stops while permissions are pending: the next start applies them, and the create is never repeated', async () => {
  shared = await startSandbox({ port: 0 })
  // Backoff 0: the try cut off by the stop leaves them due at once, as a kill mid-call does.
  harness = await launchHarness({ sandbox: shared, outboxBackoff: () => 0 })
  const first = harness
  await seedProfile(first)
  await openNewContact(first.page)
  await choosePreset(first.page, 'Billing')
  // HostUp never answers the first read: the app is stopped with the permissions mid-call.
  shared.failNext({ kind: 'hang' }, { path: PERMISSIONS })
  await fillContact(first.page, ANNA)
  await create(first.page)
  await expect(first.page.getByText('Setting permissions (Billing)…')).toBeVisible()
  await expect.poll(() => permissionCalls(first, 'GET').length).toBe(1)
  await first.close()
  // The cut-off call fails; what it leaves on disk is the contact, created, its permissions pending.
  await shared.goOffline()
  // The outbox is a journal (a header, then one line per change): the item as its last line put it.
  const outboxFile = join(first.dataDir, 'outbox.jsonl')
  const lastPut = (text: string): { permissions?: { attempts?: number } } | undefined =>
    text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as { t: string; item?: { permissions?: { attempts?: number } } })
      .filter((change) => change.t === 'put')
      .at(-1)?.item
  await expect.poll(async () => lastPut(await readFile(outboxFile, 'utf8'))?.permissions?.attempts).toBe(1)
  await shared.goOnline()
  expect(permissionCalls(first, 'POST')).toHaveLength(0)

  second = await launchHarness({ dataDir: first.dataDir, sandbox: shared })
  await expect.poll(() => permissionCalls(second!, 'POST').length).toBe(1)
  await second.page.getByRole('button', { name: 'History' }).click()
  const row = second.page.getByRole('row').filter({ hasText: 'Anna Svensson' })
  await expect(row.getByText('Billing', { exact: true })).toBeVisible()
  await second.page.getByRole('button', { name: 'Outbox' }).click()
  await expect(second.page.getByText('The outbox is empty.', { exact: false })).toBeVisible()
  expect(shared.log.filter((r) => r.method === 'POST' && r.path === '/api/teams')).toHaveLength(1)
  expect(shared.contacts).toHaveLength(1)
})

test('edit from History: the contact’s current permissions, a new preset saved, HostUp’s answer and request ID', async () => {
  harness = await launchHarness()
  const h = harness
  await seedProfile(h)
  await openNewContact(h.page)
  await choosePreset(h.page, 'Support')
  await fillContact(h.page, ANNA)
  await create(h.page)
  await expect(h.page.getByText('Permissions set: Support.')).toBeVisible()

  await h.page.getByRole('button', { name: 'History' }).click()
  // The row's details, then "Permissions…" in them.
  await h.page.getByRole('button', { name: 'Details of Anna Svensson (ID 14087)' }).click()
  await h.page.getByRole('button', { name: 'Permissions of Anna Svensson (ID 14087)…' }).click()
  const dialog = h.page.getByRole('dialog', { name: 'Permissions of Anna Svensson (ID 14087)' })
  await expect(dialog.getByRole('radio', { name: 'Support' })).toBeChecked()
  await expect(dialog.getByText(/Request ID: [0-9a-f-]{36}/)).toBeVisible()
  await axeBothThemes(h.page)
  await dialog.getByRole('radio', { name: 'Full' }).check()
  await dialog.getByRole('button', { name: 'Save permissions' }).click()
  await expect(
    dialog.getByText('HostUp saved the permissions (Full) and reading them back confirms them.')
  ).toBeVisible()
  await expect(dialog.getByText('HostUp says: “Permissions updated”')).toBeVisible()
  await axeBothThemes(h.page)
  await dialog.getByRole('button', { name: 'Close' }).click()
  // The details, still open, follow the change; closing them shows the row.
  await expect(h.page.getByRole('dialog').getByText('Full · Permissions set')).toBeVisible()
  await h.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
  await expect(
    h.page.getByRole('row').filter({ hasText: 'Anna Svensson' }).getByText('Full', { exact: true })
  ).toBeVisible()
  const last = permissionCalls(h, 'POST').at(-1)
  expect(last?.body).toMatchObject({ canViewInvoices: true, accessAllDomains: true })
})

test('in Swedish: the section, the presets and the outcome', async () => {
  harness = await launchHarness({ locale: 'sv-SE', colorScheme: 'dark' })
  const h = harness
  await seedProfile(h)
  await h.page.getByRole('button', { name: 'Ny kontakt' }).click()
  await expect(h.page.locator('.perm-section summary')).toContainText('Behörigheter: Inga.')
  await h.page.locator('.perm-section summary').click()
  await h.page.getByRole('radio', { name: 'Ekonomi' }).check()
  await expect(h.page.getByText('Se och ta emot fakturor, och lägga beställningar.')).toBeVisible()
  await expect(h.page.getByText('Förvalen sparas för den här profilen.')).toBeVisible()
  await axeBothThemes(h.page)
  await h.page.getByLabel('Förnamn').fill('Anna')
  await h.page.getByLabel('Efternamn').fill('Svensson')
  await h.page.getByLabel('E-post', { exact: true }).fill(ANNA.email)
  await h.page.getByLabel('Lösenord', { exact: true }).fill(ANNA.password)
  await h.page.getByRole('button', { name: 'Skapa kontakt' }).click()
  await expect(h.page.getByText('Behörigheter inställda: Ekonomi.')).toBeVisible()
})
