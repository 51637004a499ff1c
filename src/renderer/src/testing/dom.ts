import type { DOMWrapper, VueWrapper } from '@vue/test-utils'

/**
 * Finds controls the way a person (and Playwright's getByRole) does: by their visible label or
 * aria-label, never by class names, so a test breaks when an accessible name does.
 */
export function textbox(wrapper: VueWrapper, name: string): DOMWrapper<HTMLInputElement> {
  // The label's accessible text: a visual "*" (aria-hidden) is not part of a field's name.
  const label = wrapper.findAll('label').find((l) => accessibleName(l.element) === name)
  const id = label?.attributes('for')
  const input = id
    ? wrapper.find<HTMLInputElement>(`[id="${id}"]`)
    : wrapper.find<HTMLInputElement>(`input[aria-label="${name}"]`)
  if (!input.exists()) throw new Error(`No textbox labelled "${name}"`)
  return input
}

/** An element's accessible name, roughly: its aria-label, else its text without aria-hidden parts. */
export function accessibleName(element: Element): string {
  const label = element.getAttribute('aria-label')
  if (label) return label
  const copy = element.cloneNode(true) as Element
  copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove())
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim()
}

export function button(wrapper: VueWrapper, name: string): DOMWrapper<HTMLButtonElement> {
  const found = wrapper.findAll<HTMLButtonElement>('button').find((b) => accessibleName(b.element) === name)
  if (!found) throw new Error(`No button named "${name}"; buttons: ${buttonNames(wrapper).join(', ')}`)
  return found
}

export function buttonNames(wrapper: VueWrapper): string[] {
  return wrapper.findAll('button').map((b) => accessibleName(b.element))
}

/** The texts an input's aria-describedby points at: what a screen reader reads after its name. */
export function description(wrapper: VueWrapper, input: DOMWrapper<HTMLInputElement>): string {
  const ids = (input.attributes('aria-describedby') ?? '').split(' ').filter(Boolean)
  return ids.map((id) => wrapper.find(`[id="${id}"]`).text()).join(' ')
}

/** Lets pending promise callbacks and the DOM updates after them run (answers from main take real I/O: see `until`). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}
