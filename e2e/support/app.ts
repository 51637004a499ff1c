import { expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { DEMO_KEY } from '../sandbox'
import type { Harness } from '../harness'

/** A profile pointing at the harness's sandbox, with the demo key, made through the real services. */
export async function seedProfile(h: Harness, name = 'Acme AB'): Promise<string> {
  const saved = await h.services.profiles.save({ name, baseUrl: h.sandbox.url })
  if (!saved.ok) throw new Error(saved.error.message)
  const key = await h.services.profiles.setKey(saved.value.id, DEMO_KEY)
  if (!key.ok) throw new Error(key.error.message)
  await h.page.reload()
  return saved.value.id
}

export interface ContactFields {
  firstname: string
  lastname: string
  email: string
  password: string
}

export const seedContact = (email = 'anna.svensson@example.com'): ContactFields => ({
  firstname: 'Anna',
  lastname: 'Svensson',
  email,
  password: 'YOUR_PASSWORD'
})

export async function fillContact(page: Page, c: ContactFields): Promise<void> {
  await page.getByLabel('First name').fill(c.firstname)
  await page.getByLabel('Last name').fill(c.lastname)
  await page.getByLabel('E-mail', { exact: true }).fill(c.email)
  await page.getByLabel('Password', { exact: true }).fill(c.password)
}

export async function openNewContact(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New contact' }).click()
  await expect(page.getByLabel('First name')).toBeVisible()
}

export const teamPosts = (h: Harness): number =>
  h.sandbox.log.filter((r) => r.method === 'POST' && r.path === '/api/teams').length

/** axe-core's WCAG 2.x A/AA rules over the whole page. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  const summary = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`
  )
  expect(summary).toEqual([])
}
