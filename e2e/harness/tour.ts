// `npm run screenshots`: every view of the built app, in both languages, both themes, at the
// default window size and the minimum, saved to .screenshots/tour/ to be looked at.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DEMO_KEY } from '../sandbox'
import { launchHarness, SCREENSHOT_DIR, type Harness, type HarnessOptions } from './index'
import { importTour } from './tour-import'

const SIZES = [
  { width: 1100, height: 760 },
  { width: 900, height: 600 }
] as const
const LOCALES = ['en-US', 'sv-SE'] as const
const SCHEMES = ['light', 'dark'] as const

const PEOPLE = [
  ['Anna', 'Svensson', 'Malmö'],
  ['Björn', 'Lindqvist', 'Umeå'],
  ['Cecilia', 'Öberg', 'Göteborg'],
  ['David', 'Nilsson', 'Stockholm']
] as const

function person(n: number) {
  const [firstname, lastname, city] = PEOPLE[n % PEOPLE.length]!
  return {
    firstname,
    lastname,
    email: `${firstname.toLowerCase()}.${n}@example.se`,
    password: `Tour-${randomUUID()}`,
    phonenumber: '+46 70 123 45 67',
    address1: 'Storgatan 1',
    city,
    country: 'SE',
    postcode: '211 22'
  }
}

/** A working day's worth of state: a profile, created contacts, one waiting, one unknown, one draft. */
async function seed(h: Harness): Promise<void> {
  const saved = await h.services.profiles.save({ name: 'Acme AB', baseUrl: h.sandbox.url })
  if (!saved.ok) throw new Error(saved.error.message)
  const profileId = saved.value.id
  await h.services.profiles.setKey(profileId, DEMO_KEY)
  for (let n = 0; n < 3; n += 1)
    await h.services.outbox.submit({ profileId, formId: randomUUID(), contact: person(n) })
  h.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
  await h.services.outbox.submit({ profileId, formId: randomUUID(), contact: person(3) })
  await h.setOnline(false)
  await h.services.outbox.submit({ profileId, formId: randomUUID(), contact: person(4) })
  const { password: _password, ...fields } = person(5)
  await h.services.drafts.save({ id: randomUUID(), profileId, fields: { ...fields, email: '' } })
  await h.page.reload()
}

/**
 * The permission states an admin must be able to trust: the form's Permissions section open on a
 * preset, a contact created whose permissions HostUp refused, and History's editor.
 */
async function permissionStates(h: Harness, tag: string): Promise<string[]> {
  const page = h.page
  const saved: string[] = []
  await h.setOnline(true)
  const nav = page.locator('.sidebar__nav .nav-item')
  await nav.first().click()
  await page.locator('details.perm-section summary').click()
  await page.locator('.perm__chip').nth(1).click()
  await page.locator('.perm__groups').first().waitFor()
  saved.push(await h.screenshot(join('tour', `perm-1-section-${tag}`), { wholeView: true }))

  const { password, email, firstname, lastname } = person(6)
  await page.locator('#contact-firstname').fill(firstname)
  await page.locator('#contact-lastname').fill(lastname)
  await page.locator('#contact-email').fill(`perms.${email}`)
  await page.locator('#contact-password').fill(password)
  h.sandbox.failNext({ kind: 'problem', code: 'forbidden' }, { path: /^\/api\/contacts\/\d+\/permissions$/ })
  await page.locator('form.contact-form button[type="submit"]').click()
  await page.locator('.perm-progress__failed').waitFor()
  saved.push(await h.screenshot(join('tour', `perm-2-failed-${tag}`), { wholeView: true }))

  await nav.nth(3).click()
  // The row's menu opens its details; "Permissions…" in them opens the editor.
  const more = page.locator('.history-table__body .history-row__more').first()
  await more.waitFor()
  await more.click()
  await page.locator('dialog.drawer').waitFor()
  await page.waitForTimeout(150)
  saved.push(await h.screenshot(join('tour', `history-details-${tag}`)))
  await page.locator('dialog.drawer .drawer__section button').click()
  await page.locator('dialog.perm-dialog .perm').waitFor()
  await page.waitForTimeout(150)
  saved.push(await h.screenshot(join('tour', `perm-3-editor-${tag}`)))
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  return saved
}

/**
 * What the views alone do not show: an outcome nobody knows yet (a 500), the profile switcher
 * open, the command palette and the shortcut sheet.
 */
async function dayStates(h: Harness, tag: string): Promise<string[]> {
  const page = h.page
  const saved: string[] = []
  const nav = page.locator('.sidebar__nav .nav-item')
  await nav.first().click()
  await page.locator('.outcome--created .outcome__next .button--primary').click()
  const { password, email, firstname, lastname } = person(7)
  await page.locator('#contact-firstname').fill(firstname)
  await page.locator('#contact-lastname').fill(lastname)
  await page.locator('#contact-email').fill(`unknown.${email}`)
  await page.locator('#contact-password').fill(password)
  h.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
  await page.locator('form.contact-form button[type="submit"]').click()
  await page.locator('.outcome--unknown').waitFor()
  saved.push(await h.screenshot(join('tour', `day-1-unknown-${tag}`), { wholeView: true }))

  await page.locator('.switcher__current').click()
  await page.waitForTimeout(150)
  saved.push(await h.screenshot(join('tour', `day-2-switcher-${tag}`)))
  await page.keyboard.press('Escape')

  await page.keyboard.press('Control+k')
  await page.locator('dialog.palette').waitFor()
  await page.waitForTimeout(150)
  saved.push(await h.screenshot(join('tour', `day-3-palette-${tag}`)))
  await page.keyboard.press('Escape')

  await page.keyboard.press('Control+/')
  await page.locator('dialog.shortcut-sheet[open]').waitFor()
  await page.waitForTimeout(150)
  saved.push(await h.screenshot(join('tour', `day-4-shortcuts-${tag}`)))
  await page.keyboard.press('Escape')
  return saved
}

async function tour(options: HarnessOptions & Required<Pick<HarnessOptions, 'viewport'>>): Promise<string[]> {
  // Quick to try again after a lost answer, so the import's batch finishes within the tour.
  const h = await launchHarness({ ...options, outboxBackoff: () => 500 })
  const saved: string[] = []
  try {
    await seed(h)
    const items = h.page.locator('.sidebar__nav .nav-item')
    await items.first().waitFor()
    const count = await items.count()
    const tag = `${options.locale === 'sv-SE' ? 'sv' : 'en'}-${options.colorScheme}-${options.viewport.width}x${options.viewport.height}`
    for (let i = 0; i < count; i += 1) {
      await items.nth(i).click()
      await h.page.locator('h1').waitFor()
      await h.page.waitForTimeout(150)
      const view = (await h.page.locator('h1').innerText()).toLowerCase().replace(/[^a-zåäö]+/g, '-')
      saved.push(await h.screenshot(join('tour', `${String(i + 1)}-${view}-${tag}`)))
    }
    // The import's steps, each as a whole view: the mapping, the rows checked, the batch sending and done.
    saved.push(
      ...(await importTour(
        h,
        (step) => h.screenshot(join('tour', `import-${step}-${tag}`), { wholeView: true }),
        { swedish: options.locale === 'sv-SE', alreadyCreated: person(0).email }
      ))
    )
    saved.push(...(await permissionStates(h, tag)))
    saved.push(...(await dayStates(h, tag)))
  } finally {
    await h.forget()
  }
  return saved
}

async function main(): Promise<void> {
  for (const viewport of SIZES)
    for (const locale of LOCALES)
      for (const colorScheme of SCHEMES) {
        const saved = await tour({ viewport, locale, colorScheme })
        console.log(saved.join('\n'))
      }
  console.log(`\n${SCREENSHOT_DIR}/tour/`)
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
