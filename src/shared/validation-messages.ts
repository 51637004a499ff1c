/**
 * The keys the contact schema reports, never text: main sends a field error across IPC as a key and
 * the renderer shows it in the person's language. The sentences are in the catalogues (`./i18n`).
 */
import type { MessageKey } from './i18n'

export const VALIDATION_MESSAGE_KEYS = [
  'contact.malformed',
  'contact.unknownField',
  'contact.notText',
  'contact.firstname.required',
  'contact.firstname.tooLong',
  'contact.firstname.noLetter',
  'contact.firstname.invalidCharacters',
  'contact.lastname.required',
  'contact.lastname.tooLong',
  'contact.lastname.noLetter',
  'contact.lastname.invalidCharacters',
  'contact.email.required',
  'contact.email.missingAt',
  'contact.email.invalid',
  'contact.email.tooLong',
  'contact.email.localPartTooLong',
  'contact.password.required',
  'contact.password.blank',
  'contact.password.tooShort',
  'contact.password.tooLong',
  'contact.phonenumber.invalidCharacters',
  'contact.phonenumber.misplacedPlus',
  'contact.phonenumber.tooShort',
  'contact.phonenumber.tooLong',
  'contact.address1.tooLong',
  'contact.address1.invalidCharacters',
  'contact.city.tooLong',
  'contact.city.invalidCharacters',
  'contact.postcode.tooLong',
  'contact.postcode.invalidCharacters',
  'contact.country.invalid'
] as const satisfies readonly MessageKey[]

export type ValidationMessageKey = (typeof VALIDATION_MESSAGE_KEYS)[number]

/** Tells a key of this list from any other text, e.g. a server's own words about a field. */
export function isValidationMessageKey(value: unknown): value is ValidationMessageKey {
  return typeof value === 'string' && (VALIDATION_MESSAGE_KEYS as readonly string[]).includes(value)
}
