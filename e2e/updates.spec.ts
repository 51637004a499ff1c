// The update notice in the built app: what a downloaded version tells the person, in both languages
// and themes, and that only their click restarts it (electron-updater stood in for: it is not installed).
import { expect, test, type Page } from '@playwright/test'
import { recordingUpdater, type RecordingUpdater } from '../src/main/testing/updater'
import { launchHarness, type Harness } from './harness'
import { expectNoAxeViolations, seedProfile } from './support/app'

let harness: Harness | undefined
let updater: RecordingUpdater

test.afterEach(async () => {
  await harness?.forget()
  harness = undefined
})

const FEED = 'https://updates.example.se/hostup-contacts/'

async function launch(locale: 'en-US' | 'sv-SE' = 'en-US'): Promise<Harness> {
  updater = recordingUpdater()
  harness = await launchHarness({ locale, updates: { policy: { enabled: true, feedUrl: FEED }, updater } })
  await seedProfile(harness)
  return harness
}

async function axeBothThemes(page: Page): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition)))
    await expectNoAxeViolations(page)
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

test('a downloaded version is told with its notes, and installs only when the person restarts', async () => {
  const h = await launch()
  expect(updater.calls[2]).toEqual({ method: 'setFeedURL', args: [{ provider: 'generic', url: FEED }] })
  await expect(h.page.getByRole('region', { name: 'App update' })).toHaveCount(0)

  updater.downloaded({ version: '0.2.0', releaseNotes: '<ul><li>Batches resume after a restart.</li></ul>' })
  const notice = h.page.getByRole('region', { name: 'App update' })
  await expect(notice.getByRole('status')).toHaveText(
    'Version 0.2.0 of HostUp Contacts is ready to install. It installs when you restart the app. ' +
      'Nothing is lost: drafts, the outbox and History stay as they are.'
  )
  await notice.getByText('What is new in 0.2.0').click()
  await expect(notice.getByText('Batches resume after a restart.')).toBeVisible()
  await h.screenshot('update-ready-en')
  await axeBothThemes(h.page)
  expect(updater.names()).not.toContain('quitAndInstall')

  await notice.getByRole('button', { name: 'Restart and install' }).click()
  await expect.poll(() => updater.names().at(-1)).toBe('quitAndInstall')
})

test('"Later" puts it away; in Swedish, the same words', async () => {
  const h = await launch('sv-SE')
  updater.downloaded({ version: '0.2.0', releaseNotes: 'Snabbare historik.' })
  const notice = h.page.getByRole('region', { name: 'Appuppdatering' })
  await expect(notice.getByText('Version 0.2.0 av HostUp Contacts är redo att installeras.')).toBeVisible()
  await axeBothThemes(h.page)
  await notice.getByRole('button', { name: 'Senare' }).click()
  await expect(notice).toHaveCount(0)
  expect(updater.names()).not.toContain('quitAndInstall')
})
