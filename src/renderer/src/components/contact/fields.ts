import { CONTACT_FIELDS, type ContactField } from '@shared/contact'
import type { MessageKey } from '../../i18n'

export { ADDRESS_FIELDS, emptyContact, isContactField, REQUIRED_FIELDS } from '@shared/contact'

/** The order the form shows its fields in (the one field list's): also the order "first invalid field" follows. */
export const FORM_ORDER = CONTACT_FIELDS

/** Every field's label: `field.<name>` in the catalogues, one for each field of the one field list. */
export function fieldLabel(field: ContactField): MessageKey {
  return `field.${field}` satisfies MessageKey
}

/** Fixed ids, so a field can be focused by name (the form exists once per window). */
export function fieldId(field: ContactField): string {
  return `contact-${field}`
}

export function firstInOrder(fields: Iterable<string>): ContactField | null {
  const set = new Set(fields)
  return FORM_ORDER.find((f) => set.has(f)) ?? null
}
