import type { ContactField, ContactInput } from '@shared/contact'
import type { MessageKey } from '../../i18n'

/** The order the form shows its fields in: also the order "first invalid field" follows. */
export const FORM_ORDER = [
  'firstname',
  'lastname',
  'email',
  'password',
  'phonenumber',
  'address1',
  'postcode',
  'city',
  'country'
] as const satisfies readonly ContactField[]

export const REQUIRED_FIELDS: readonly ContactField[] = ['firstname', 'lastname', 'email', 'password']

/** Kept by "Add another" when the person asks to: colleagues at one address are added in a row. */
export const ADDRESS_FIELDS = [
  'address1',
  'postcode',
  'city',
  'country'
] as const satisfies readonly ContactField[]

export const FIELD_LABELS: Record<ContactField, MessageKey> = {
  firstname: 'field.firstname',
  lastname: 'field.lastname',
  email: 'field.email',
  password: 'field.password',
  phonenumber: 'field.phonenumber',
  address1: 'field.address1',
  postcode: 'field.postcode',
  city: 'field.city',
  country: 'field.country'
}

/** Fixed ids, so a field can be focused by name (the form exists once per window). */
export function fieldId(field: ContactField): string {
  return `contact-${field}`
}

export function isContactField(value: string): value is ContactField {
  return (FORM_ORDER as readonly string[]).includes(value)
}

export function emptyContact(): ContactInput {
  return {
    firstname: '',
    lastname: '',
    email: '',
    password: '',
    phonenumber: '',
    address1: '',
    city: '',
    country: '',
    postcode: ''
  }
}

export function firstInOrder(fields: Iterable<string>): ContactField | null {
  const set = new Set(fields)
  return FORM_ORDER.find((f) => set.has(f)) ?? null
}
