import { expect, test, type Locator, type Page } from '@playwright/test'
import { launchHarness, type Harness, type HarnessOptions } from './harness'
import { expectNoAxeViolations, fillContact, seedContact, seedProfile, teamPosts } from './support/app'

// Issue 11: the New contact form from the first field to its outcome, as an admin meets it all day.

let harness: Harness

test.afterEach(async () => {
  await harness?.forget()
})

const SIZES = [
  { width: 1100, height: 760 },
  { width: 900, height: 600 }
] as const

async function ready(options: HarnessOptions = {}): Promise<Harness> {
  harness = await launchHarness(options)
  await seedProfile(harness)
  await sidebarNewContact(harness.page)
  await expect(harness.page.getByLabel(options.locale === 'sv-SE' ? 'Förnamn' : 'First name')).toBeVisible()
  return harness
}

const sidebarNewContact = (page: Page) =>
  page
    .getByRole('navigation')
    .getByRole('button', { name: /^(New contact|Ny kontakt)/ })
    .click()

const createButton = (page: Page) => page.locator('form.contact-form button[type="submit"]')

/** The whole of `locator` lies inside the window (not scrolled out of sight in the main area). */
async function expectInViewport(page: Page, locator: Locator): Promise<void> {
  await expect(locator).toBeVisible()
  const box = await locator.boundingBox()
  const window = page.viewportSize()
  expect(box, 'the element is rendered').not.toBeNull()
  expect(window).not.toBeNull()
  if (!box || !window) return
  expect(box.y, 'top inside the window').toBeGreaterThanOrEqual(0)
  expect(box.x, 'left inside the window').toBeGreaterThanOrEqual(0)
  expect(box.y + box.height, 'bottom inside the window').toBeLessThanOrEqual(window.height)
  expect(box.x + box.width, 'right inside the window').toBeLessThanOrEqual(window.width)
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} "Create contact", the send state and the draft state stay in sight`, async () => {
    const h = await ready({ viewport: size })
    const page = h.page
    await expectInViewport(page, createButton(page))
    // The form at its longest: Permissions unfolded on a preset.
    await page.locator('details.perm-section summary').click()
    await page.locator('.perm__chip').nth(1).click()
    await fillContact(page, seedContact())
    await expect(page.locator('.contact-form__draft')).toContainText(/Draft saved/)
    await page.getByLabel('First name').focus()
    await expectInViewport(page, createButton(page))
    await expectInViewport(page, page.locator('.contact-form__draft'))
    // Scrolled to the very end, the bar is still on top of the form's last part.
    await page.locator('main').evaluate((main) => main.scrollTo(0, main.scrollHeight))
    await expectInViewport(page, createButton(page))
    await page.locator('main').evaluate((main) => main.scrollTo(0, 0))

    h.sandbox.setDelay(1500)
    await createButton(page).click()
    await expect(page.locator('.contact-form__sending')).toBeVisible()
    await expectInViewport(page, page.locator('.contact-form__sending'))
    await expectInViewport(page, createButton(page))
    await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
    await expectNoAxeViolations(page)
  })
}

test('while HostUp is asked, the fields are locked and the seconds counted; then the outcome', async () => {
  const h = await ready()
  const page = h.page
  h.sandbox.setDelay(2600)
  await fillContact(page, seedContact())
  await createButton(page).click()
  await expect(createButton(page)).toHaveText('Creating…')
  await expect(page.getByLabel('E-mail', { exact: true })).toBeDisabled()
  await expect(page.getByRole('combobox', { name: 'Country' })).toBeDisabled()
  await expect(page.locator('.contact-form__sending')).toHaveText(/Sending to HostUp… [12] s of at most 5 s/)
  await h.screenshot('form/sending-en-light-1100', { wholeView: false })
  await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
  expect(teamPosts(h)).toBe(1)
})

test('after "Outcome unknown" the sidebar’s New contact starts afresh, and a reload shows the decision, not a form', async () => {
  const h = await ready()
  const page = h.page
  h.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
  await fillContact(page, seedContact())
  await createButton(page).click()
  await expect(page.getByRole('heading', { name: 'Outcome unknown' })).toBeVisible()

  await sidebarNewContact(page)
  await expect(page.getByLabel('First name')).toBeVisible()
  await expect(page.getByLabel('E-mail', { exact: true })).toHaveValue('')
  await expect(page.getByRole('heading', { name: 'Outcome unknown' })).toHaveCount(0)
  // The undecided contact waits in the outbox for the person.
  const items = await h.services.outbox.all()
  expect(items.ok && items.value.map((i) => i.state)).toEqual(['unknown'])

  // Back to it after a reload (the draft being edited comes back): its outcome, never a form to send blindly.
  await page.locator('.outbox-badge, nav').first().waitFor()
  const undecided = items.ok ? items.value[0]!.id : ''
  await page.evaluate(
    ([profileId, draftId]) =>
      localStorage.setItem('hostup-contacts.editing-draft', JSON.stringify({ profileId, draftId })),
    [items.ok ? items.value[0]!.profileId : '', undecided] as const
  )
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Outcome unknown' })).toBeVisible()
  await expect(createButton(page)).toBeHidden()
  await expectNoAxeViolations(page)
  await page.getByRole('main').getByRole('button', { name: 'New contact' }).click()
  await expect(page.getByLabel('First name')).toBeFocused()
  await fillContact(page, seedContact('bo@example.com'))
  await createButton(page).click()
  await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
  expect(teamPosts(h)).toBe(2)
})

test('a duplicate is pointed out on leaving the e-mail field, and one HostUp refuses marks the e-mail', async () => {
  const h = await ready()
  const page = h.page
  await fillContact(page, seedContact())
  await createButton(page).click()
  await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
  await page.getByRole('button', { name: 'Add another' }).click()

  const email = page.getByLabel('E-mail', { exact: true })
  await page.getByLabel('First name').fill('Anna')
  await email.fill('anna.svensson@example.com')
  await email.press('Tab')
  const warning = page.locator('.contact-form__email').getByRole('alert')
  await expect(warning).toContainText('was already created from this app under Acme AB')
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused()
  await expect(page.getByRole('button', { name: 'Create anyway' })).not.toHaveClass(/button--primary/)
  expect(teamPosts(h)).toBe(1)

  // Sent anyway: HostUp refuses the taken login e-mail with its generic answer (an HTTP 200).
  await page.getByLabel('Last name').fill('Svensson')
  await page.getByLabel('Password', { exact: true }).fill('YOUR_PASSWORD')
  await page.getByRole('button', { name: 'Create anyway' }).click()
  const banner = page.locator('#send-problem')
  await expect(banner).toContainText('A contact with the same e-mail may already exist')
  await expect(banner).not.toContainText(/HTTP/)
  await expect(email).toHaveAttribute('aria-invalid', 'true')
  await expect(email).toHaveAccessibleDescription(/HostUp may already have a contact with this e-mail/)
  await expect(email).toBeFocused()
  await expect(banner.getByText(/Request ID/)).toBeHidden()
  await banner.getByText('Details from HostUp').click()
  await expect(banner.getByText(/HostUp’s own words: “Failed to add contact”/)).toBeVisible()
  await expect(banner.getByText(/Request ID: [0-9a-f]{8}-/)).toBeVisible()
  await banner.getByRole('button', { name: 'Copy request ID' }).click()
  await expect(banner.getByRole('status')).toHaveText('Copied')
  await expectNoAxeViolations(page)
  expect(teamPosts(h)).toBe(2)
})

test('the Created card copies the login details and asks before a generated password is lost', async () => {
  const h = await ready()
  const page = h.page
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(page.url()).origin
  })
  await page.getByLabel('First name').fill('Anna')
  await page.getByLabel('Last name').fill('Svensson')
  await page.getByLabel('E-mail', { exact: true }).fill('anna.svensson@example.com')
  await page.getByRole('button', { name: 'Generate password' }).click()
  const password = await page.getByLabel('Password', { exact: true }).inputValue()
  await createButton(page).click()
  await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
  await expect(page.getByText('The generated password is shown nowhere else')).toBeVisible()

  // Another view, then Add another: both ask first; staying keeps the card.
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^History/ })
    .click()
  const dialog = page.getByRole('dialog', { name: 'Leave without the password?' })
  await expect(dialog).toBeVisible()
  await expectNoAxeViolations(page)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
  await page.getByRole('button', { name: 'Add another' }).click()
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Cancel' }).click()

  await page.getByRole('button', { name: 'Copy login details' }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `E-mail: anna.svensson@example.com\nPassword: ${password}`
  )
  await expect(page.getByText('The generated password is shown nowhere else')).toHaveCount(0)
  await page.getByRole('button', { name: 'Add another' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('')
})
