/**
 * Test support, run before every renderer test file (vitest's `setupFiles`): each test starts with a
 * fresh Pinia and empty local storage, and ends with its components unmounted, every store's
 * listeners and timers let go, real timers back, and the backend (see `openBackend`) closed.
 */
import { afterEach, beforeAll, beforeEach, vi } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'
import { createPinia, getActivePinia, setActivePinia, type Pinia } from 'pinia'
import { LOCALES } from '@shared/i18n'
import { loadWholeCatalogue } from '../i18n'
import { useProfilesStore } from '../stores/profiles'
import { closeBackend } from './backend'

// The page loads a language's catalogue when it first speaks it (App.vue); tests speak both, whole.
beforeAll(() => Promise.all(LOCALES.map(loadWholeCatalogue)))

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

// Registered first, so it runs after a file's own afterEach: components go before the backend does.
afterEach(async () => {
  for (const store of testPinia()._s.values()) {
    const dispose: unknown = store['dispose']
    if (typeof dispose === 'function') dispose.call(store)
  }
  vi.useRealTimers()
  await closeBackend()
})
enableAutoUnmount(afterEach)

/** This test's Pinia, to mount components with. */
export function testPinia(): Pinia {
  const pinia = getActivePinia()
  if (!pinia) throw new Error('No active Pinia: is src/renderer/src/testing/setup.ts in setupFiles?')
  return pinia
}

/**
 * Loads the profiles as the app does at start, and waits for the quiet check of the selected key
 * that loading starts: so a test's own calls to HostUp, or its look at the data dir, never race it.
 */
export async function loadProfiles(): Promise<void> {
  const profiles = useProfilesStore()
  await profiles.load()
  await profiles.checked()
}
