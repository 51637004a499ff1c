import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, type Page } from '@playwright/test'
import type { Sandbox } from '../sandbox'

/** A spreadsheet of `count` people in `dir`, as an admin's customer sends one: Person Nr 1…n, p1…pn@example.se. */
export async function peopleFile(dir: string, name: string, count: number): Promise<string> {
  const rows = Array.from({ length: count }, (_, i) => `Person,Nr ${i + 1},p${i + 1}@example.se,SE`)
  const path = join(dir, name)
  await writeFile(path, `First name,Last name,E-mail,Country\n${rows.join('\n')}\n`)
  return path
}

export async function openImport(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeVisible()
}

/** From the mapping step to a batch ready to send, as the person clicks through it. */
export async function makeBatch(page: Page, name: string, rows: number): Promise<void> {
  await page.getByRole('button', { name: 'Check rows' }).click()
  await page.getByRole('button', { name: `Continue with ${rows} rows` }).click()
  await page.getByLabel('Batch name').fill(name)
  await page.getByRole('button', { name: 'Create the batch' }).click()
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible()
}

/** Each e-mail address's POSTs to /api/teams, as the sandbox logged them. */
export function postsPerEmail(s: Sandbox): Map<string, number> {
  const out = new Map<string, number>()
  for (const r of s.log)
    if (r.method === 'POST' && r.path === '/api/teams') {
      const email = (r.body as { email?: string }).email ?? ''
      out.set(email, (out.get(email) ?? 0) + 1)
    }
  return out
}
