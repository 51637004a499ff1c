import { vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import App from '../App.vue'
import { useProfilesStore } from '../stores/profiles'
import { prefetchViews } from '../views'
import { openBackend, type Backend, type BackendOptions } from './backend'
import { settle } from './dom'

/**
 * The whole page over the real main (see `openBackend`), started: the first view is shown and the
 * other views' code (loaded in the background) is in. `seed` runs on the backend before the page mounts.
 */
export async function mountApp(
  pinia: Pinia,
  options: BackendOptions & { seed?: (backend: Backend) => Promise<unknown> } = {}
): Promise<{ app: VueWrapper; backend: Backend }> {
  const backend = await openBackend(options)
  await options.seed?.(backend)
  const app = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
  await prefetchViews()
  await vi.waitFor(() => {
    if (!app.find('h1').exists()) throw new Error('no view yet')
  })
  // The quiet check of the selected key at start, done: a test's own calls to HostUp never race it.
  await useProfilesStore(pinia).checked()
  await settle()
  return { app, backend }
}
