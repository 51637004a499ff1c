import { mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import NewContactView from '../views/NewContactView.vue'
import { useProfilesStore } from '../stores/profiles'
import { GOOD_KEY, createFakeApi, profile, settle, type FakeApi } from './fakeApi'
import { textbox } from './dom'

export const PASSWORD = 'Sommar-Regn-2026!'

export const ANNA = {
  'First name': 'Anna',
  'Last name': 'Svensson',
  'E-mail': 'anna@example.com',
  Password: PASSWORD
}

/** The New contact view over a fake main with one profile ("Acme AB") whose key is set. */
export async function mountNewContact(
  pinia: Pinia,
  seed: Parameters<typeof createFakeApi>[0] = { profiles: [profile('a', 'Acme AB')], keys: { a: GOOD_KEY } }
): Promise<{ view: VueWrapper; fake: FakeApi }> {
  const fake = createFakeApi(seed)
  window.api = fake.api
  await useProfilesStore().load()
  const view = mount(NewContactView, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle()
  return { view, fake }
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
