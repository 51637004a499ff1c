// A CSV batch in real Electron: a spreadsheet picked in the open dialog, checked, sent as a named
// batch to the sandbox, and its report saved (the harness version: e2e/import-batch.spec.ts).
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { expectNoAxeViolations } from '../support/app'
import { makeBatch, openImport, peopleFile, postsPerEmail } from '../support/import'
import { electronBinary, NO_ELECTRON_REASON } from './electron-binary'
import { launchElectron, openDialogsAnswer, saveDialogsInto, setUpProfile, type ElectronRun } from './launch'

test.skip(electronBinary() === null, NO_ELECTRON_REASON)

let run: ElectronRun | undefined
let dir: string

test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-electron-import-'))
})

test.afterEach(async () => {
  await run?.close()
  run = undefined
  await rm(dir, { recursive: true, force: true })
})

test('import: a CSV of 12 picked in the open dialog, sent as a batch, each created once, the report saved', async () => {
  run = await launchElectron()
  const { page, sandbox } = run
  await setUpProfile(run, `hk-${randomUUID()}`, 'Tolv AB')
  await openDialogsAnswer(run, await peopleFile(dir, 'tolv.csv', 12))
  await saveDialogsInto(run)

  await openImport(page)
  await page.getByRole('button', { name: 'Choose file…' }).click()
  await expect(page.getByText('tolv.csv').first()).toBeVisible()
  await expectNoAxeViolations(page)
  await makeBatch(page, 'Kund Tolv', 12)
  await page.getByRole('button', { name: 'Send batch' }).click()

  const bar = page.getByRole('progressbar', { name: 'Progress of Kund Tolv' })
  await expect(bar).toHaveAttribute('aria-valuenow', '12', { timeout: 30_000 })
  await expect(page.locator('.batch-progress__summary')).toHaveText('12 of 12 sent')
  await expect(page.locator('.batch-progress__legend')).toContainText('12 created')
  await expectNoAxeViolations(page)
  const perEmail = postsPerEmail(sandbox)
  expect(perEmail.size).toBe(12)
  expect([...perEmail.values()].every((n) => n === 1)).toBe(true)
  expect(sandbox.contacts).toHaveLength(12)

  await page.getByRole('button', { name: 'Export report…' }).click()
  const saved = join(run.exportDir, 'hostup-contacts-Kund-Tolv-report.csv')
  await expect(page.getByText(`The report was saved to ${saved}.`)).toBeVisible()
  // Not trim(): it would take the BOM off too.
  const lines = (await readFile(saved, 'utf8')).replace(/\r\n$/, '').split('\r\n')
  expect(lines[0]).toBe('\uFEFFRow,Name,E-mail,Result,Contact ID,Permissions,Reason,HostUp’s words')
  expect(lines).toHaveLength(13)
  expect(lines.slice(1).every((line) => line.includes(',Created,'))).toBe(true)
})
