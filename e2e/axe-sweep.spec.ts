// Issue 11's bar for the whole app: axe finds nothing on any view, in both themes and both
// languages, and at 1100×760 and 900×600 each view's primary action is in the window and no table
// column overlaps another. One browser, one page: the language and the theme are switched as a
// person would (the command palette), the views through the sidebar.
import { randomUUID } from 'node:crypto'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { launchHarness, type Harness } from './harness'
import { expectColumnsApart, expectNoAxeViolations, seedProfile } from './support/app'

const SIZES = [
  { width: 1100, height: 760 },
  { width: 900, height: 600 }
] as const

/** The views in the sidebar's order, each with what a person comes to it for. */
const VIEWS: { name: string; primary: (main: Locator) => Locator }[] = [
  { name: 'newContact', primary: (main) => main.locator('form.contact-form button[type="submit"]') },
  { name: 'drafts', primary: (main) => main.locator('.draft-row').first().getByRole('button').first() },
  { name: 'outbox', primary: (main) => main.locator('.outbox-item').first().locator('button').first() },
  { name: 'history', primary: (main) => main.locator('.history-toolbar__buttons button').first() },
  { name: 'settings', primary: (main) => main.locator('.button--primary').first() },
  { name: 'import', primary: (main) => main.locator('.button--primary').first() }
]

const person = (n: number, firstname: string, lastname: string) => ({
  firstname,
  lastname,
  email: `${firstname}.${lastname}.${n}@example.se`.toLowerCase(),
  password: `Sweep-${randomUUID()}`,
  phonenumber: '+46 70 123 45 67',
  address1: 'Storgatan 1',
  city: 'Malmö',
  country: 'SE',
  postcode: '211 22'
})

/** A day's worth of state: a profile with its key, contacts in History, two unknown outcomes, two drafts. */
async function seed(h: Harness): Promise<void> {
  const profileId = await seedProfile(h)
  const names = [
    ['Anna', 'Svensson'],
    ['Björn', 'Lindqvist'],
    ['Cecilia', 'Öberg'],
    ['David', 'Nilsson'],
    ['Eva', 'Holm'],
    ['Fredrik', 'Åberg']
  ] as const
  for (const [n, [first, last]] of names.entries()) {
    if (n >= 3) h.sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
    if (n < 5)
      await h.services.outbox.submit({ profileId, formId: randomUUID(), contact: person(n, first, last) })
    else {
      const { password, ...fields } = person(n, first, last)
      await h.services.drafts.save({ id: randomUUID(), profileId, fields, password })
    }
  }
  // A draft still without its e-mail (and no password): one that cannot be sent as it stands.
  const { password: _password, ...unfinished } = person(9, 'Gun', 'Ek')
  await h.services.drafts.save({ id: randomUUID(), profileId, fields: { ...unfinished, email: '' } })
  await h.page.reload()
}

async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Control+k')
  const palette = page.locator('dialog.palette')
  await palette.getByRole('combobox').fill(label)
  await expect(palette.getByRole('option').first()).toHaveText(label)
  await page.keyboard.press('Enter')
  await expect(palette).toBeHidden()
}

async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  await expect(locator, what).toBeVisible()
  const box = await locator.boundingBox()
  const window = page.viewportSize()
  expect(box && window, what).toBeTruthy()
  if (!box || !window) return
  expect(box.y, `${what}: top inside the window`).toBeGreaterThanOrEqual(0)
  expect(box.x, `${what}: left inside the window`).toBeGreaterThanOrEqual(0)
  expect(box.y + box.height, `${what}: bottom inside the window`).toBeLessThanOrEqual(window.height)
  expect(box.x + box.width, `${what}: right inside the window`).toBeLessThanOrEqual(window.width)
}

test('every view in both languages and both themes: axe finds nothing, the primary action in sight at both sizes', async () => {
  test.setTimeout(240_000)
  const h = await launchHarness()
  try {
    await seed(h)
    const page = h.page
    const nav = page.locator('.sidebar__nav .nav-item')
    await expect(nav).toHaveCount(VIEWS.length)
    const main = page.locator('main')
    const combos = [
      { theme: 'Theme: Light', lang: null, tag: 'en-light' },
      { theme: 'Theme: Dark', lang: null, tag: 'en-dark' },
      { theme: null, lang: 'Language: Svenska', tag: 'sv-dark' },
      { theme: 'Tema: Ljust', lang: null, tag: 'sv-light' }
    ] as const
    for (const combo of combos) {
      if (combo.lang) await runCommand(page, combo.lang)
      if (combo.theme) await runCommand(page, combo.theme)
      const [lang, theme] = combo.tag.split('-')
      await expect(page.locator('html')).toHaveAttribute('lang', lang!)
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme!)
      for (const size of SIZES) {
        await page.setViewportSize(size)
        for (const [i, view] of VIEWS.entries()) {
          await nav.nth(i).click()
          await expect(nav.nth(i)).toHaveAttribute('aria-current', 'page')
          const what = `${view.name} (${combo.tag}, ${size.width}×${size.height})`
          await expectInViewport(page, view.primary(main), `${what}: its primary action`)
          // The one table: no column over its neighbour, none past the window, at either size.
          if (view.name === 'history')
            await test.step(`columns apart: ${what}`, () => expectColumnsApart(page))
          // axe once per view, language and theme; its rules do not change with the window's size.
          if (size === SIZES[0]) {
            await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
            await test.step(`axe: ${what}`, () => expectNoAxeViolations(page))
          }
        }
      }
    }
    expect(h.consoleLines.filter((l) => /error/i.test(l))).toEqual([])
  } finally {
    await h.forget()
  }
})
