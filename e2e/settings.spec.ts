import { randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { launchHarness, type Harness } from './harness'
import { expectNoAxeViolations } from './support/app'

let harness: Harness

test.afterEach(async () => {
  await harness?.forget()
})

async function createProfile(h: Harness, name: string): Promise<void> {
  const { page } = h
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('button', { name: 'Add profile' }).click()
  await page.getByRole('textbox', { name: 'Profile name' }).fill(name)
  await page.getByRole('textbox', { name: 'API base URL' }).fill(h.sandbox.url)
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByRole('main').getByText(name).first()).toBeVisible()
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

test('create a profile, set a key, verify it, verify a wrong key, clear it', async () => {
  harness = await launchHarness()
  const { page, sandbox } = harness
  const key = `hk-${randomUUID()}`
  sandbox.addKey(key)

  await createProfile(harness, 'Acme AB')
  const keyBox = page.getByLabel('API key', { exact: true })
  await keyBox.fill(key)
  await page.getByRole('button', { name: 'Save key' }).click()
  await expect(keyBox).toHaveValue('')
  await expect(page.getByText(`…${key.slice(-4)}`).first()).toBeVisible()

  await page.getByRole('button', { name: 'Verify key' }).click()
  await expect(page.getByRole('main').getByText('Anna Svensson')).toBeVisible()
  await expect(page.getByText('anna@example.com')).toBeVisible()
  await expect(page.getByText('SENSITIVE_DO_NOT_SHOW')).toHaveCount(0)
  await harness.screenshot('settings-verified')

  await keyBox.fill(`wrong-${randomUUID()}`)
  await page.getByRole('button', { name: 'Save key' }).click()
  await page.getByRole('button', { name: 'Verify key' }).click()
  await expect(page.getByRole('alert').filter({ hasText: /was not accepted/i })).toBeVisible()
  await harness.screenshot('settings-wrong-key')

  await page.getByRole('button', { name: 'Clear key' }).click()
  const confirm = page.getByRole('dialog')
  if (await confirm.isVisible()) await confirm.getByRole('button', { name: /clear/i }).click()
  await expect(page.getByText(/no key set/i).first()).toBeVisible()
  expect(harness.consoleLines.filter((l) => l.startsWith('error') || l.startsWith('pageerror'))).toEqual([])
})

test('the API key never reaches the page, the console, a response or a file', async () => {
  harness = await launchHarness()
  const { page, sandbox } = harness
  const canary = `canary-${randomUUID()}-${randomUUID()}`
  sandbox.addKey(canary)
  const responses: string[] = []
  page.on('console', (m) => responses.push(m.text()))

  await createProfile(harness, 'Canary Org')
  await page.getByLabel('API key', { exact: true }).fill(canary)
  await page.getByRole('button', { name: 'Save key' }).click()
  await expect(page.getByLabel('API key', { exact: true })).toHaveValue('')
  await page.getByRole('button', { name: 'Verify key' }).click()
  await expect(page.getByRole('main').getByText('Anna Svensson')).toBeVisible()

  // Every channel's answer, called the way the renderer calls them.
  const answers = await page.evaluate(async () => {
    const api = window.api
    const list = await api.profiles.list()
    const id = list.ok ? (list.value.selectedId ?? '') : ''
    const all = [
      list,
      await api.apiKey.status({ profileId: id }),
      await api.apiKey.verify({ profileId: id }),
      await api.app.info()
    ]
    return JSON.stringify(all)
  })
  expect(answers).not.toContain(canary)

  const html = await page.content()
  expect(html).not.toContain(canary)
  const windowDump = await page.evaluate(() => {
    const seen = new WeakSet<object>()
    const out: string[] = []
    const walk = (value: unknown, depth: number): void => {
      if (depth > 6 || value === null) return
      if (typeof value === 'string') out.push(value)
      else if (typeof value === 'object' || typeof value === 'function') {
        if (seen.has(value as object)) return
        seen.add(value as object)
        for (const key of Object.getOwnPropertyNames(value)) {
          try {
            walk((value as Record<string, unknown>)[key], depth + 1)
          } catch {
            /* getters that throw */
          }
        }
      }
    }
    for (const key of Object.getOwnPropertyNames(window)) {
      try {
        walk((window as unknown as Record<string, unknown>)[key], 0)
      } catch {
        /* ignore */
      }
    }
    out.push(JSON.stringify(localStorage), JSON.stringify(sessionStorage))
    return out.join('\n')
  })
  expect(windowDump).not.toContain(canary)
  expect([...harness.consoleLines, ...responses].join('\n')).not.toContain(canary)
  for (const file of await filesUnder(harness.dataDir))
    expect(await readFile(file, 'utf8')).not.toContain(canary)
})

test('a wrong key gets a clear message', async () => {
  harness = await launchHarness()
  const { page } = harness
  await createProfile(harness, 'Wrong Key Org')
  await page.getByLabel('API key', { exact: true }).fill(`nope-${randomUUID()}`)
  await page.getByRole('button', { name: 'Save key' }).click()
  await page.getByRole('button', { name: 'Verify key' }).click()
  await expect(page.getByRole('alert')).toContainText(/API key was not accepted/i)
})

for (const { locale, viewport, tag } of [
  { locale: 'en-US', viewport: { width: 1100, height: 760 }, tag: 'en-default' },
  { locale: 'sv-SE', viewport: { width: 900, height: 600 }, tag: 'sv-small' }
] as const) {
  test(`the theme: dark on a light system, kept after a restart, back to the system's (${tag})`, async () => {
    harness = await launchHarness({ locale, viewport, colorScheme: 'light' })
    const h = harness
    const sv = locale === 'sv-SE'
    await h.page.getByRole('button', { name: sv ? 'Inställningar' : 'Settings' }).click()
    const background = () => h.page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    const light = await background()
    await h.page.getByLabel(sv ? 'Mörkt' : 'Dark', { exact: true }).check()
    await expect.poll(background).not.toBe(light)
    const dark = await background()
    // Darker: the sum of the channels falls.
    const sum = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((s, n) => s + Number(n), 0)
    expect(sum(dark)).toBeLessThan(sum(light))
    await h.page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition)))
    await expectNoAxeViolations(h.page)
    await h.screenshot(`settings-theme-dark-${tag}`, { wholeView: true })

    await h.page.reload()
    await expect(h.page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await h.page.getByRole('button', { name: sv ? 'Inställningar' : 'Settings' }).click()
    await expect(h.page.getByLabel(sv ? 'Mörkt' : 'Dark', { exact: true })).toBeChecked()
    await h.page.getByLabel(sv ? 'Som systemet' : 'As the system', { exact: true }).check()
    await expect.poll(background).toBe(light)
    await h.page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(background).toBe(dark)
    await h.page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition)))
    await expectNoAxeViolations(h.page)
    await h.screenshot(`settings-theme-system-${tag}`, { wholeView: true })
  })
}

test('the command palette (Ctrl+K) and the shortcut sheet (Ctrl+/): keyboard only, accessible in both themes', async () => {
  harness = await launchHarness({ viewport: { width: 900, height: 600 } })
  const h = harness
  await h.page.keyboard.press('Control+k')
  const input = h.page.getByRole('combobox', { name: 'Search commands' })
  await expect(input).toBeFocused()
  await input.fill('hist')
  for (const colorScheme of ['light', 'dark'] as const) {
    await h.page.emulateMedia({ colorScheme })
    await h.page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition)))
    await expectNoAxeViolations(h.page)
    await h.screenshot(`palette-small-${colorScheme}`)
  }
  await h.page.keyboard.press('Enter')
  await expect(h.page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible()
  await h.page.keyboard.press('Control+/')
  await expect(h.page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await expectNoAxeViolations(h.page)
  await h.screenshot('shortcut-sheet-small-dark')
  await h.page.keyboard.press('Escape')
  await expect(h.page.getByRole('dialog')).toBeHidden()
})
