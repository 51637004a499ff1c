// Issue 11, item 5: confidence in the target account. The profile in use (its colour, initials and
// whose account its key opens) stays known across a restart, its key is checked again quietly at
// start and on a switch, and a switch with a half-typed contact asks first.
import { randomUUID } from 'node:crypto'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { DEMO_KEY, startSandbox, type Sandbox } from './sandbox'
import { launchHarness, type Harness } from './harness'
import { expectNoAxeViolations, seedProfile } from './support/app'

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

const SIZES = [
  { width: 1100, height: 760 },
  { width: 900, height: 600 }
] as const

const current = (page: Page) => page.locator('.switcher__current')

async function axeBothThemes(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    // Buttons fade their colours (120 ms): contrast is measured once the new theme has settled.
    await page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition)))
    await expectNoAxeViolations(page)
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

/** The whole of `locator` lies inside the window. */
async function expectInViewport(page: Page, locator: Locator): Promise<void> {
  await expect(locator).toBeVisible()
  const box = await locator.boundingBox()
  const size = page.viewportSize()
  expect(box && size).toBeTruthy()
  if (!box || !size) return
  expect(box.y).toBeGreaterThanOrEqual(0)
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.y + box.height).toBeLessThanOrEqual(size.height)
  expect(box.x + box.width).toBeLessThanOrEqual(size.width)
}

/** A profile on the sandbox with `key`, made through the real services. */
async function profileWithKey(h: Harness, name: string, key: string): Promise<string> {
  const saved = await h.services.profiles.save({ name, baseUrl: h.sandbox.url })
  if (!saved.ok) throw new Error(saved.error.message)
  const set = await h.services.profiles.setKey(saved.value.id, key)
  if (!set.ok) throw new Error(set.error.message)
  return saved.value.id
}

test('the owner is kept across a restart, even offline; the check at start turns a revoked key red', async () => {
  shared = await startSandbox({ port: 0 })
  const key = `hk-${randomUUID()}`
  shared.addKey(key)
  harness = await launchHarness({ sandbox: shared })
  await profileWithKey(harness, 'Acme AB', key)
  await harness.page.reload()
  // Checked quietly at start: whose account it is, without anyone pressing Verify, and no banner.
  await expect(current(harness.page)).toHaveAccessibleName('Switch profile: Acme AB account of Anna Svensson')
  await expect(current(harness.page).locator('.profile-chip')).toHaveText('AA')
  await expect(harness.page.getByRole('alert')).toHaveCount(0)
  await harness.close()

  // A restart on a train: HostUp cannot be reached, what it said last time is still shown.
  await shared.goOffline()
  second = await launchHarness({ dataDir: harness.dataDir, sandbox: shared })
  const page = second.page
  await expect(page.getByText('Adds to:')).toBeVisible()
  await expect(current(page)).toHaveAccessibleName('Switch profile: Acme AB account of Anna Svensson')
  await expect(page.locator('.target')).toContainText('(account of Anna Svensson)')
  await expect(page.getByText('Key refused')).toHaveCount(0)
  await shared.goOnline()

  // The key is revoked in HostUp's dashboard; the next start finds out before anything is sent.
  shared.revokeKey(key)
  await page.reload()
  await expect(current(page)).toHaveAccessibleName(
    'Switch profile: Acme AB Key refused: set a new key in Settings'
  )
  await expect(page.locator('.target')).toContainText('HostUp no longer accepts the API key of “Acme AB”.')
  await expect(page.getByRole('alert')).toHaveCount(0)
  await axeBothThemes(page)
  await page.getByRole('button', { name: 'Set a new key in Settings', exact: true }).click()
  const badge = page.locator('.profile-row .badge')
  await expect(badge).toHaveText('Key refused')
  await expect(badge).toHaveClass(/badge--danger/)
  await expect(page.getByText('HostUp no longer accepts this key.', { exact: false })).toBeVisible()
  await axeBothThemes(page)
  await second.screenshot('profile-key-refused')
})

for (const { locale, size } of [
  { locale: 'en-US', size: SIZES[0] },
  { locale: 'sv-SE', size: SIZES[1] },
  { locale: 'en-US', size: SIZES[1] },
  { locale: 'sv-SE', size: SIZES[0] }
] as const) {
  const sv = locale === 'sv-SE'
  test(`switching with a half-typed contact asks first, by keyboard (${locale}, ${size.width}×${size.height})`, async () => {
    harness = await launchHarness({ locale, viewport: size })
    const h = harness
    const page = h.page
    await profileWithKey(h, 'Bolaget i Norr', DEMO_KEY)
    await seedProfile(h, 'Acme AB')
    const bolagetName = sv
      ? 'Byt profil: Bolaget i Norr kontot för Anna Svensson'
      : 'Switch profile: Bolaget i Norr account of Anna Svensson'
    await expect(current(page)).toHaveAccessibleName(bolagetName)
    await expectInViewport(page, current(page))
    await expectInViewport(page, page.locator('form.contact-form button[type="submit"]'))

    await page.getByLabel(sv ? 'Förnamn' : 'First name').fill('Anna')
    // The keyboard only: to the switcher, open it, down its list to the other profile.
    await current(page).focus()
    await page.keyboard.press('Enter')
    await expect(current(page)).toHaveAttribute('aria-expanded', 'true')
    const list = page.locator('.switcher__list')
    await expect(list).toBeVisible()
    await axeBothThemes(page)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await expect(page.locator('.switcher__option').nth(1)).toBeFocused()
    await page.keyboard.press('Enter')

    const dialog = page.getByRole('dialog')
    await expect(dialog).toContainText(
      sv ? 'Byta till ”Acme AB” mitt i en kontakt?' : 'Switch to “Acme AB” with a contact half typed?'
    )
    await expect(dialog).toContainText(
      sv
        ? 'Skapar du den efter bytet läggs den till i Acme AB, inte i Bolaget i Norr (kontot för Anna Svensson).'
        : 'If you create it after switching, it is added to Acme AB, not to Bolaget i Norr (account of Anna Svensson).'
    )
    await axeBothThemes(page)
    await h.screenshot(`profile-switch-ask-${locale}-${size.width}`)
    // The safe answer has the focus: Enter stays.
    await page.keyboard.press('Enter')
    await expect(dialog).toBeHidden()
    await expect(current(page)).toHaveAccessibleName(bolagetName)

    await current(page).click()
    await page.locator('.switcher__option').nth(1).click()
    await dialog.getByRole('button', { name: sv ? 'Byt profil' : 'Switch profile' }).click()
    await expect(current(page)).toHaveAccessibleName(
      sv ? 'Byt profil: Acme AB kontot för Anna Svensson' : 'Switch profile: Acme AB account of Anna Svensson'
    )
    await expect(page.getByLabel(sv ? 'Förnamn' : 'First name')).toHaveValue('Anna')
    await expect(page.locator('.target')).toContainText('Acme AB')

    // Settings: the colour of each profile, chosen in its editor.
    await page.getByRole('button', { name: sv ? 'Inställningar' : 'Settings' }).click()
    await page.getByRole('radio', { name: sv ? 'Blågrön' : 'Teal' }).check()
    await page.getByRole('button', { name: sv ? 'Spara profil' : 'Save profile' }).click()
    await expect(current(page).locator('.profile-chip')).toHaveClass(/profile-chip--teal/)
    await expectInViewport(page, page.getByRole('button', { name: sv ? 'Spara profil' : 'Save profile' }))
    await axeBothThemes(page)
  })
}
