import { expect, type Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { DEMO_KEY } from '../sandbox'
import { appShown, type Harness } from '../harness'

/** A profile pointing at the harness's sandbox, with the demo key, made through the real services. */
export async function seedProfile(h: Harness, name = 'Acme AB'): Promise<string> {
  const saved = await h.services.profiles.save({ name, baseUrl: h.sandbox.url })
  if (!saved.ok) throw new Error(saved.error.message)
  const key = await h.services.profiles.setKey(saved.value.id, DEMO_KEY)
  if (!key.ok) throw new Error(key.error.message)
  await h.page.reload()
  await appShown(h.page)
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

/** Every cell of the head and of the rows in view: side by side, none over its neighbour, all inside the window. */
export async function expectColumnsApart(page: Page): Promise<string[]> {
  const report = await page.evaluate(() => {
    const problems: string[] = []
    const width = document.documentElement.clientWidth
    const rows = [...document.querySelectorAll('.history-table [role="row"]')].slice(0, 12)
    for (const row of rows) {
      const cells = [...row.querySelectorAll(':scope > [role="cell"], :scope > [role="columnheader"]')]
      const boxes = cells.map((c) => c.getBoundingClientRect())
      boxes.forEach((box, i) => {
        const next = boxes[i + 1]
        if (next && box.right > next.left + 0.5) problems.push(`cell ${i} overlaps cell ${i + 1}`)
        if (box.right > width + 0.5)
          problems.push(`cell ${i} ends at ${box.right}, past the window (${width})`)
        // What a cell shows stays inside it (a long text is cut with an ellipsis, not drawn over the next).
        for (const child of cells[i]!.querySelectorAll('*')) {
          const r = child.getBoundingClientRect()
          if (r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5))
            problems.push(
              `cell ${i}: ${child.tagName} spills out (${r.left}–${r.right} vs ${box.left}–${box.right})`
            )
        }
      })
    }
    const scroller = document.querySelector('.history-table__scroller')
    if (scroller && scroller.scrollWidth > scroller.clientWidth + 1)
      problems.push('the table scrolls sideways')
    // Each header's own label (the last one also holds the column chooser).
    const headers = [...document.querySelectorAll('.history-table [role="columnheader"]')].map((h) =>
      (h.querySelector('.history-sort__label, .visually-hidden') ?? h).textContent?.trim()
    )
    return { problems, headers }
  })
  expect(report.problems).toEqual([])
  return report.headers.filter((h): h is string => !!h)
}
