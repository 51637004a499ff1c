import { mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import NewContactView from '../views/NewContactView.vue'
import { loadProfiles } from './setup'
import { openBackend, type Backend, type BackendOptions } from './backend'
import { settle, textbox } from './dom'

export const PASSWORD = 'Sommar-Regn-2026!'

export const ANNA = {
  'First name': 'Anna',
  'Last name': 'Svensson',
  'E-mail': 'anna@example.com',
  Password: PASSWORD
}

/**
 * The New contact view over the real main (see `openBackend`) with one profile, "Acme AB", on the
 * sandbox, its key set (none with `noProfile`). `seed` runs on the backend before the view mounts.
 */
export async function mountNewContact(
  pinia: Pinia,
  options: BackendOptions & { seed?: (backend: Backend) => Promise<void>; noProfile?: boolean } = {}
): Promise<{ view: VueWrapper; backend: Backend; profileId: string }> {
  const backend = await openBackend(options)
  const profileId = options.noProfile ? '' : await backend.seedProfile('Acme AB')
  await options.seed?.(backend)
  await loadProfiles()
  const view = mount(NewContactView, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle()
  return { view, backend, profileId }
}

export async function fill(view: VueWrapper, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) await textbox(view, label).setValue(value)
  await settle()
}

/** What a screen reader would say has focus: the focused element's id (or tag). */
export function focused(): string {
  const active = document.activeElement
  return active?.id || active?.tagName.toLowerCase() || ''
}
