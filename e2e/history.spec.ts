import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Harness } from './harness'
import { launchHarness } from './harness'
import { startSandbox } from './sandbox'
import {
  expectColumnsApart,
  expectNoAxeViolations,
  fillContact,
  openNewContact,
  seedProfile
} from './support/app'

let harness: Harness | undefined

test.afterEach(async () => {
  await harness?.forget()
  harness = undefined
})

const FIRST = [
  'Anna',
  'Åsa',
  'Erik',
  'Björn',
  'Märta',
  'José',
  'Li',
  'Olof',
  'Sven',
  'Ingrid',
  'Nils',
  'Karin'
]
const LAST = ['Svensson', 'Öberg', 'Lind', 'Ek', 'Nyström', 'García', 'Wang', 'Holm', 'Berg', 'Dahl']
const CITY = ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala', 'Umeå', 'Luleå', 'Oslo', 'Köpenhamn']

/** A few hundred created contacts, recorded through the real history service. */
async function seedHistory(h: Harness, profileId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const firstname = FIRST[i % FIRST.length] ?? 'Anna'
    const lastname = LAST[(i * 7) % LAST.length] ?? 'Svensson'
    const recorded = await h.services.history.record({
      profileId,
      profileName: 'Acme AB',
      contactId: 20_000 + i,
      fields: {
        firstname,
        lastname,
        email: `${firstname}.${lastname}.${i}@example.com`.toLowerCase(),
        phonenumber: i % 3 === 0 ? '+46 8 123 45 67' : '',
        address1: `Storgatan ${i % 90}`,
        city: CITY[i % CITY.length] ?? '',
        country: 'SE',
        postcode: '111 22'
      },
      requestId: `req-${i}`,
      source: i % 5 === 0 ? 'outbox' : 'form',
      createdAt: new Date(Date.UTC(2026, 10, 1 + (i % 26), 8 + (i % 9), i % 60)).toISOString()
    })
    if (!recorded.ok) throw new Error(recorded.error.message)
  }
}

test('history: search as you type, sort, and export the current view as CSV with safe cells', async () => {
  harness = await launchHarness()
  const h = harness
  const profileId = await seedProfile(h)
  await seedHistory(h, profileId, 300)
  // A name a spreadsheet would run as a formula, if the export did not neutralise it.
  await h.services.history.record({
    profileId,
    profileName: 'Acme AB',
    contactId: 31337,
    fields: {
      firstname: '=HYPERLINK("http://x")',
      lastname: 'Formula',
      email: 'formula@example.com',
      phonenumber: '-1',
      address1: '',
      city: 'Malmö',
      country: 'SE',
      postcode: ''
    },
    source: 'form'
  })
  await h.page.getByRole('button', { name: 'History' }).click()
  await expect(h.page.getByText(/301 contacts/)).toBeVisible()
  await expectNoAxeViolations(h.page)
  await h.screenshot('history-en')

  await h.page.getByLabel('Search history').fill('formula')
  await expect(h.page.getByText(/^1 contact\b/)).toBeVisible()
  await h.page.getByRole('button', { name: 'Export CSV' }).click()
  await expect(h.page.getByText(/Saved 1 contact/)).toBeVisible()
  const [file] = await readdir(h.exportDir)
  const bytes = await readFile(join(h.exportDir, file ?? ''))
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = bytes.toString('utf8')
  expect(text).toContain('\r\n')
  expect(text).toContain(`"'=HYPERLINK(""http://x"")"`)
  expect(text).toContain(`'-1`)
  expect(text).toContain('Malmö')
  expect(text.trim().split('\r\n')).toHaveLength(2)
  // "Show in folder" opens the file manager on the very file.
  await h.page.getByRole('button', { name: 'Show in folder' }).click()
  await expect.poll(() => h.shownInFolder).toEqual([join(h.exportDir, file ?? '')])

  await h.page.getByLabel('Search history').fill('malmö')
  await expect(h.page.getByText(/^3[0-9] contacts/)).toBeVisible()
})

test('restart: drafts, the outbox and the history are all back', async () => {
  const sandbox = await startSandbox({ port: 0 })
  try {
    const first = await launchHarness({ sandbox })
    const profileId = await seedProfile(first)
    await openNewContact(first.page)
    await fillContact(first.page, {
      firstname: 'Kalle',
      lastname: 'Created',
      email: 'kalle@example.com',
      password: 'Pass-word-123'
    })
    await first.page.getByRole('button', { name: 'Create contact' }).click()
    await expect(first.page.getByRole('heading', { name: 'Contact created' })).toBeVisible()
    await first.page.getByRole('button', { name: 'Add another' }).click()

    // One queued while offline…
    await sandbox.goOffline()
    await first.setOnline(false)
    await fillContact(first.page, {
      firstname: 'Queued',
      lastname: 'Person',
      email: 'queued@example.com',
      password: 'Pass-word-456'
    })
    await first.page.getByRole('button', { name: 'Create contact' }).click()
    await expect(first.page.getByRole('heading', { name: /outbox/i })).toBeVisible()
    await first.page.getByRole('button', { name: 'Add another' }).click()
    // …and one half-typed draft.
    await first.page.getByLabel('First name').fill('Half')
    await first.page.getByLabel('E-mail').fill('half@exa')
    // Leaving a field saves at once; a crash may lose only typing younger than the debounce.
    await first.page.getByLabel('First name').focus()
    await expect
      .poll(async () => {
        const drafts = await first.services.drafts.list(profileId)
        return drafts.ok ? drafts.value.map((d) => d.fields.email) : []
      })
      .toContain('half@exa')
    await first.close()

    // The restart: the same data dir, the network back.
    await sandbox.goOnline()
    harness = await launchHarness({ dataDir: first.dataDir, sandbox })
    const h = harness
    await h.page.getByRole('button', { name: 'New contact' }).click()
    await expect(h.page.getByLabel('First name')).toHaveValue('Half')
    await h.page.getByRole('button', { name: 'Drafts' }).click()
    await expect(h.page.getByText('half@exa').first()).toBeVisible()
    // The queued contact goes out by itself once the app is back.
    await expect
      .poll(() => sandbox.contacts.map((c) => c.email).sort(), { timeout: 15_000 })
      .toEqual(['kalle@example.com', 'queued@example.com'])
    await h.page.getByRole('button', { name: 'History' }).click()
    await expect(h.page.getByText('kalle@example.com')).toBeVisible()
    await expect(h.page.getByText('queued@example.com')).toBeVisible()
    const rows = await h.services.history.query({ profileId })
    expect(rows.ok && rows.value.total).toBe(2)
  } finally {
    await sandbox.close()
  }
})

test('the outbox view stays readable and accessible with over a hundred waiting contacts', async () => {
  // Each queued contact is a keychain write and two fsync'ed files: seeding is the slow part.
  test.setTimeout(180_000)
  harness = await launchHarness()
  const h = harness
  const profileId = await seedProfile(h)
  await h.setOnline(false)
  for (let i = 0; i < 120; i++) {
    const first = FIRST[i % FIRST.length] ?? 'Anna'
    const queued = await h.services.outbox.submit({
      profileId,
      formId: `queued-${i}`,
      contact: {
        firstname: first,
        lastname: 'Väntar',
        email: `q${i}@example.com`,
        password: `Password-${i}-ok`,
        phonenumber: '',
        address1: '',
        city: 'Luleå',
        country: 'SE',
        postcode: ''
      }
    })
    if (!queued.ok) throw new Error(queued.error.message)
  }
  await h.page.getByRole('button', { name: 'Outbox' }).click()
  await expect(h.page.getByText(/offline/i).first()).toBeVisible()
  await expect(h.page.getByText('q119@example.com').first()).toBeVisible()
  await h.screenshot('outbox-en')
  await expectNoAxeViolations(h.page)
})

/** The names and e-mails in view whose text is cut short (an ellipsis), and the names shown. */
async function cutShort(
  page: import('@playwright/test').Page
): Promise<{ shown: string[]; names: string[]; emails: string[] }> {
  return page.evaluate(() => {
    const texts = (selector: string) =>
      [...document.querySelectorAll<HTMLElement>(selector)].filter(
        (e) => e.getBoundingClientRect().height > 0
      )
    const cut = (els: HTMLElement[]) =>
      els.filter((e) => e.scrollWidth > e.clientWidth + 0.5).map((e) => e.textContent?.trim() ?? '')
    const names = texts('.history-cell--name .history-cell__text')
    const emails = texts('.history-row .history-cell .history-cell__text[title*="@"]')
    return { shown: names.map((e) => e.textContent?.trim() ?? ''), names: cut(names), emails: cut(emails) }
  })
}

for (const size of [
  { width: 1100, height: 760, name: 'default' },
  { width: 900, height: 600, name: 'small' }
] as const) {
  for (const locale of ['en-US', 'sv-SE'] as const) {
    test(`history at ${size.width}×${size.height} in ${locale}: no column overlaps another, the row's details, axe in both themes`, async () => {
      harness = await launchHarness({ viewport: { width: size.width, height: size.height }, locale })
      const h = harness
      const profileId = await seedProfile(h)
      await seedHistory(h, profileId, 40)
      const sv = locale === 'sv-SE'
      await h.page.getByRole('button', { name: sv ? 'Historik' : 'History' }).click()
      await expect(h.page.getByText(sv ? /40 kontakter/ : /40 contacts/)).toBeVisible()
      const headers = await expectColumnsApart(h.page)
      // The name, the e-mail and when are always there.
      for (const wanted of sv ? ['Namn', 'E-post', 'Skapad'] : ['Name', 'E-mail', 'Created'])
        expect(headers.some((x) => x.startsWith(wanted))).toBe(true)
      // At the default size the name and e-mail get the room a full one needs: city and source give
      // way for it (they are in the row's details, and the column chooser says so).
      if (size.name === 'default') {
        expect(headers).toEqual(
          sv
            ? ['ID', 'Namn', 'Behörigheter', 'E-post', 'Skapad', 'Åtgärder']
            : ['ID', 'Name', 'Permissions', 'E-mail', 'Created', 'Actions']
        )
        const cut = await cutShort(h.page)
        expect(cut.shown).toEqual(expect.arrayContaining(['Sven Svensson', 'Åsa García']))
        expect(cut.names).toEqual([])
        expect(cut.emails).toEqual([])
      }
      for (const colorScheme of ['light', 'dark'] as const) {
        await h.page.emulateMedia({ colorScheme })
        await h.page.waitForFunction(() =>
          document.getAnimations().every((a) => !(a instanceof CSSTransition))
        )
        await expectNoAxeViolations(h.page)
        await h.screenshot(`history-${size.name}-${locale}-${colorScheme}`)
      }
      await h.page.emulateMedia({ colorScheme: 'light' })

      // The row menu: the whole entry, and what can be done with it.
      const first = h.page.locator('.history-table__body [role="row"]').first()
      await first.getByRole('button').click()
      const drawer = h.page.getByRole('dialog')
      await expect(drawer).toBeVisible()
      await expect(drawer.getByText('req-', { exact: false })).toBeVisible()
      await expect(drawer.getByRole('button', { name: sv ? 'Kopiera e-post' : 'Copy e-mail' })).toBeVisible()
      for (const colorScheme of ['light', 'dark'] as const) {
        await h.page.emulateMedia({ colorScheme })
        await h.page.waitForFunction(() =>
          document.getAnimations().every((a) => !(a instanceof CSSTransition))
        )
        await expectNoAxeViolations(h.page)
        await h.screenshot(`history-details-${size.name}-${locale}-${colorScheme}`)
      }
      await h.page.keyboard.press('Escape')
      await expect(drawer).toBeHidden()
      // The focus goes back to the row's button.
      await expect(first.getByRole('button')).toBeFocused()

      // The column chooser, open, in the small window too.
      await h.page.getByRole('button', { name: sv ? 'Kolumner' : 'Columns' }).click()
      await h.screenshot(`history-columns-${size.name}-${locale}`)
      await h.page.keyboard.press('Escape')
      expect(h.consoleLines.filter((l) => /error/i.test(l))).toEqual([])
    })
  }
}
