import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { launchHarness, type Harness } from './harness'
import { expectNoAxeViolations, seedProfile } from './support/app'
import { openImport, peopleFile } from './support/import'

const FIXTURES = resolve(__dirname, 'fixtures/import')

let harness: Harness | undefined
let dir: string

test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-import-e2e-'))
})

test.afterEach(async () => {
  await harness?.forget()
  harness = undefined
  await rm(dir, { recursive: true, force: true })
})

const counts = (page: Page) => page.getByRole('list', { name: 'Rows' }).getByRole('listitem')

test('import: fixtures count as they should in the report, a dropped file included', async () => {
  harness = await launchHarness()
  const { page } = harness
  await seedProfile(harness)
  await openImport(page)
  await expectNoAxeViolations(page)

  // A line break inside a quoted address is read as one cell, which the address rule then refuses.
  await harness.dropFile(join(FIXTURES, 'quoted-newlines.csv'))
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(counts(page)).toHaveText(['1 ready', '1 to correct', '0 duplicates', '0 left out'])
  await expect(page.getByRole('row', { name: /^2 Anna/ })).toContainText(
    'Remove line breaks, tabs and hidden characters from the address'
  )
  await expect(page.getByRole('row', { name: /^2 Anna/ })).toContainText('"Nisse" Svensson')
  // The cell is corrected where it is.
  await page.getByRole('textbox', { name: 'Street address on row 2', exact: true }).fill('Box 12, Plan 3')
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Save Street address on row 2' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Row 2 is ready.' })).toBeVisible()
  await expect(counts(page)).toHaveText(['2 ready', '0 to correct', '0 duplicates', '0 left out'])

  // A password column is used, and checked like a typed password; extra columns are left out.
  await harness.dropFile(join(FIXTURES, 'extra-columns.csv'))
  await expect(page.getByLabel('Import the column “Notes” as')).toHaveValue('')
  await expect(page.getByLabel('Import the column “Department” as')).toHaveValue('')
  await expect(page.getByLabel('Import the column “Password” as')).toHaveValue('password')
  await expect(page.getByText('Passwords come from the column “Password”.')).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(counts(page)).toHaveText(['1 ready', '1 to correct', '0 duplicates', '0 left out'])
  await expect(page.getByRole('row', { name: /^3 Erik/ })).toContainText('Password:')
  await expectNoAxeViolations(page)

  // Older Excel's Windows-1252 reads as the letters it holds.
  await harness.dropFile(join(FIXTURES, 'windows-1252.csv'))
  await expect(page.locator('.import-file')).toContainText('CSV · Windows-1252 · separated by semicolons')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(counts(page)).toHaveText(['2 ready', '0 to correct', '0 duplicates', '0 left out'])
  await expect(page.getByRole('row', { name: /^2 Åsa Öberg/ })).toBeVisible()

  // 10,000 rows, the most a file may have: all counted, the page shows them a page at a time.
  const big = await peopleFile(dir, 'tiotusen.csv', 10_000)
  await harness.dropFile(big)
  await expect(page.locator('.import-file')).toContainText('10,000 rows')
  await page.getByRole('button', { name: 'Check rows' }).click()
  await expect(counts(page)).toHaveText(['10,000 ready', '0 to correct', '0 duplicates', '0 left out'])
  await expect(page.locator('.import-row')).toHaveCount(50)
  await expect(page.getByText('Showing 50 of 10,000')).toBeVisible()
})

test('import: bad files get main’s message and change nothing', async () => {
  harness = await launchHarness()
  const { page } = harness
  const profileId = await seedProfile(harness)
  await openImport(page)
  const tooMany = await peopleFile(dir, 'for-manga.csv', 10_001)
  const tooBig = join(dir, 'for-stor.csv')
  await writeFile(tooBig, Buffer.alloc(20 * 1024 * 1024 + 1, 0x41))
  for (const [path, says] of [
    [tooMany, 'The file has 10001 rows; the import takes at most 10000. Split it into smaller files.'],
    [tooBig, 'The file is larger than 20 MB, the most the import reads.'],
    [join(FIXTURES, 'empty.csv'), 'The file is empty: it has no rows to import.'],
    [join(FIXTURES, 'password-protected.xlsx'), 'The workbook is protected with a password']
  ] as const) {
    harness.nextOpenPath(path)
    await page.getByRole('button', { name: 'Choose file…' }).click()
    await expect(page.getByRole('alert')).toContainText(says)
    await expect(page.locator('.import-file')).toHaveCount(0)
  }
  await expectNoAxeViolations(page)
  // No e-mail column: said in the mapping, and no way on until one is chosen.
  await harness.dropFile(join(FIXTURES, 'missing-email.csv'))
  await expect(page.getByText('No column is imported as E-mail')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Check rows' })).toBeDisabled()
  const batches = await harness.services.batches.list(profileId)
  expect(batches.ok && batches.value).toEqual([])
  const drafts = await harness.services.drafts.list(profileId)
  expect(drafts.ok && drafts.value).toEqual([])
})
