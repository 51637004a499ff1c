import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { launchHarness, type Harness } from './harness'
import { seedProfile } from './support/app'
import sv from '../src/shared/i18n/sv.json'

/**
 * vue-i18n under the production Content-Security-Policy: its messages were compiled at build time,
 * so nothing in the page needs `eval`, and a Swedish journey (messages, plurals, errors from main,
 * dates) reads in Swedish with no violation reported.
 */
let harness: Harness

test.afterEach(async () => {
  await harness?.forget()
})

const ASSETS = resolve(__dirname, '../out/renderer/assets')

test('the built renderer carries its messages compiled, not as source for a compiler to read', () => {
  const code = readdirSync(ASSETS)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(ASSETS, name), 'utf8'))
    .join('\n')
  // A message with a plural and a placeholder, as the Swedish catalogue has it…
  const source = sv.nav.outboxWaiting
  expect(source).toContain('{count}')
  expect(code).not.toContain(JSON.stringify(source))
  // …and as the build compiled it: an AST naming the placeholder, which the runtime reads without eval.
  expect(code).toMatch(/(?:"k"|\bk):\s*"count"/)
})

test('Swedish under the production CSP: messages, plurals, errors from main and dates', async () => {
  const h = (harness = await launchHarness({ locale: 'sv-SE' }))
  await seedProfile(h)
  const response = await h.page.reload()
  const policy = response?.headers()['content-security-policy'] ?? ''
  expect(policy).toContain("script-src 'self'")
  expect(policy).not.toContain('unsafe-eval')
  expect(policy).not.toContain('unsafe-inline')
  await expect(h.page.locator('html')).toHaveAttribute('lang', 'sv')

  // The form's own rules, in Swedish.
  await h.page.getByRole('button', { name: 'Ny kontakt' }).click()
  await h.page.getByRole('button', { name: 'Skapa kontakt' }).click()
  await expect(h.page.getByText('Ange ett förnamn')).toBeVisible()

  // Two contacts wait while offline: the badge counts them with Swedish plurals.
  await h.setOnline(false)
  for (const [first, last, email] of [
    ['Åsa', 'Öberg', 'asa@exempel.se'],
    ['Per', 'Nilsson', 'per@exempel.se']
  ] as const) {
    await h.page.getByLabel('Förnamn').fill(first)
    await h.page.getByLabel('Efternamn').fill(last)
    await h.page.getByLabel('E-post').fill(email)
    await h.page.getByLabel('Lösenord', { exact: true }).fill('Hemligt-lösen-42')
    await h.page.getByRole('button', { name: 'Skapa kontakt' }).click()
    await h.page.getByRole('button', { name: 'Lägg till ännu en' }).click()
  }
  await expect(h.page.getByRole('button', { name: /Utkorg/ })).toContainText('2')
  await expect(h.page.getByRole('button', { name: /Utkorg/ })).toHaveAccessibleName(/2 väntar på att skickas/)

  // Back online: the outbox sends both and says so, plural and all.
  await h.setOnline(true)
  await expect(h.page.getByText(/^Skickade 2 kontakter: Åsa Öberg \(ID \d+\), Per Nilsson/)).toBeVisible()

  // An error decided in main, shown from its key and parameters in Swedish.
  h.sandbox.failNext({ kind: 'rate-limited', retryAfter: '30' }, { path: '/api/teams' })
  await h.page.getByLabel('Förnamn').fill('Lisa')
  await h.page.getByLabel('Efternamn').fill('Ek')
  await h.page.getByLabel('E-post').fill('lisa@exempel.se')
  await h.page.getByLabel('Lösenord', { exact: true }).fill('Hemligt-lösen-42')
  await h.page.getByRole('button', { name: 'Skapa kontakt' }).click()
  await expect(h.page.getByRole('heading', { name: 'Ingenting skapades' })).toBeVisible()
  await expect(
    h.page.getByText(
      'HostUp begränsar antalet anrop. Inget ändrades; det går bra att försöka igen om 30 sekunder.'
    )
  ).toBeVisible()

  // Dates in the history, in Swedish.
  await h.page.getByRole('button', { name: 'Historik' }).click()
  const row = h.page.getByRole('row', { name: /Åsa Öberg/ })
  // In the table, the digits the date fields take (2026-12-02 09:41); in full on hover, in words.
  await expect(row).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  await expect(row.locator('time')).toHaveAttribute(
    'title',
    /\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}/
  )
  await h.screenshot('i18n-csp-history-sv')

  // No refused eval, no refused inline script or style, no error of any kind.
  const problems = h.consoleLines.filter((line) => /^(error|warning|pageerror)/.test(line))
  expect(problems).toEqual([])
})

test('loads only the shown language’s catalogue, its first view’s part first, and the other language once the person switches to it', async () => {
  const h = (harness = await launchHarness({ locale: 'en-US' }))
  await seedProfile(h)
  // The launch's own page fetches its later part and the views after its first paint: let it finish,
  // so only the reloaded page's requests are counted.
  await h.page.waitForLoadState('networkidle')
  const fetched: string[] = []
  h.page.on('request', (request) => fetched.push(new URL(request.url()).pathname))
  const catalogue = (locale: string, part: 'first' | 'later') =>
    fetched.filter((path) => new RegExp(`/assets/${locale}\\.${part}-[\\w-]+\\.js$`).test(path))
  await h.page.reload()
  await expect(h.page.getByLabel('First name')).toBeVisible()
  // The other views' code and the catalogue's later part follow in the background; none of it is Swedish.
  await h.page.getByRole('button', { name: 'Settings' }).click()
  await expect(h.page.getByRole('heading', { name: 'Language' })).toBeVisible()
  expect(catalogue('en', 'first')).toHaveLength(1)
  expect(catalogue('en', 'later')).toHaveLength(1)
  expect(fetched.indexOf(catalogue('en', 'first')[0] ?? '')).toBeLessThan(
    fetched.indexOf(catalogue('en', 'later')[0] ?? '')
  )
  expect(catalogue('sv', 'first')).toEqual([])
  expect(catalogue('sv', 'later')).toEqual([])

  await h.page.getByRole('radio', { name: 'Svenska' }).check()
  await expect(h.page.getByRole('heading', { name: 'Språk' })).toBeVisible()
  await expect(h.page.locator('html')).toHaveAttribute('lang', 'sv')
  // Whole: the view shown is not the first.
  expect(catalogue('sv', 'first')).toHaveLength(1)
  expect(catalogue('sv', 'later')).toHaveLength(1)
  await expect(h.page.getByRole('heading', { name: 'Profiler' })).toBeVisible()
  expect(h.consoleLines.filter((line) => /^(error|warning|pageerror)/.test(line))).toEqual([])
})
