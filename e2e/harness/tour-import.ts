// The import's steps for `npm run screenshots`: the column mapping, the rows checked, and a batch
// paused mid-way and then done with one answer lost, as an admin sees them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Harness } from './index'

const SV = {
  mapping: 'Kolumner',
  check: 'Granska rader',
  batchName: 'Omgångens namn',
  create: 'Skapa omgången',
  send: 'Skicka omgången',
  pause: 'Pausa',
  resume: 'Fortsätt'
}
const EN = {
  mapping: 'Columns',
  check: 'Check rows',
  batchName: 'Batch name',
  create: 'Create the batch',
  send: 'Send batch',
  pause: 'Pause',
  resume: 'Resume'
}

/** A customer's list as it arrives: Swedish headers, a column the app does not take, a few mistakes. */
function spreadsheet(alreadyCreated: string): string {
  const rows = [
    ['Förnamn', 'Efternamn', 'E-post', 'Telefon', 'Ort', 'Land', 'Avdelning'],
    ['Karin', 'Lindqvist', 'karin@lindqvistbygg.se', '+46 70 111 22 33', 'Umeå', 'Sverige', 'Ledning'],
    ['Nils', 'Berg', 'nils@lindqvistbygg.se', '+46 70 222 33 44', 'Umeå', 'SE', 'Ekonomi'],
    ['Märta', 'Öhman', 'marta@lindqvistbygg', '', 'Luleå', 'SE', 'Projekt'],
    ['Olof', 'Sund', 'olof@lindqvistbygg.se', '', 'Oslo', 'Norge', 'Projekt'],
    ['Ingrid', 'Holm', 'ingrid@lindqvistbygg.se', '', 'Umeå', 'Atlantis', 'Support'],
    ['Karin', 'Lindqvist', 'karin@lindqvistbygg.se', '', 'Umeå', 'SE', 'Ledning'],
    ['Anna', 'Svensson', alreadyCreated, '', 'Malmö', 'SE', 'Support'],
    ['Sven', 'Dahl', 'sven@lindqvistbygg.se', '+46 70 333 44 55', 'Skellefteå', 'SE', 'Drift'],
    ['Li', 'Wang', 'li@lindqvistbygg.se', '', 'Umeå', 'SE', 'Drift']
  ]
  return `${rows.map((r) => r.join(';')).join('\r\n')}\r\n`
}

/** The "Sent: …" toasts are the moment's news, not the view: they are dismissed before a shot. */
async function dismissToasts(h: Harness): Promise<void> {
  const close = h.page.locator('.toast__close')
  while ((await close.count()) > 0) await close.first().click()
}

export async function importTour(
  h: Harness,
  shot: (step: string) => Promise<string>,
  options: { swedish: boolean; alreadyCreated: string }
): Promise<string[]> {
  const words = options.swedish ? SV : EN
  const { page, sandbox } = h
  const saved: string[] = []
  const dir = await mkdtemp(join(tmpdir(), 'hostup-tour-import-'))
  try {
    const file = join(dir, 'lindqvist-bygg.csv')
    await writeFile(file, spreadsheet(options.alreadyCreated))
    await h.dropFile(file)
    await page.locator('.column-mapping').waitFor()
    await page.waitForTimeout(150)
    saved.push(await shot('mapping'))

    await page.getByRole('button', { name: words.check, exact: true }).last().click()
    await page.locator('.row-review').waitFor()
    await page.waitForTimeout(150)
    saved.push(await shot('rows'))

    await page.locator('.row-review__actions .button--primary').click()
    await page.getByLabel(words.batchName).fill('Lindqvist Bygg')
    await page.waitForTimeout(100)
    saved.push(await shot('batch'))
    await page.getByRole('button', { name: words.create }).click()
    await page.locator('.batch-progress').waitFor()

    // Online again (the tour's seed left the app offline), sending slowly enough to be caught mid-way.
    await h.setOnline(true)
    sandbox.setDelay(400)
    await page.getByRole('button', { name: words.send }).click()
    await page.locator('.batch-rows__row--created').nth(1).waitFor({ timeout: 15_000 })
    await page.getByRole('button', { name: words.pause }).click()
    await page.locator('.batch-progress .badge--warning').waitFor()
    await page.waitForTimeout(600)
    await dismissToasts(h)
    saved.push(await shot('progress-paused'))

    sandbox.setDelay(0)
    sandbox.failNext({ kind: 'reset-after-request' }, { path: '/api/teams' })
    await page.getByRole('button', { name: words.resume }).click()
    await page.locator('.batch-progress .badge--success').waitFor({ timeout: 15_000 })
    await page.waitForTimeout(300)
    await dismissToasts(h)
    saved.push(await shot('progress-done'))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return saved
}
