/**
 * What the person reads when a contact field is wrong, in every language the app speaks.
 * The schema in `contact.ts` reports only these keys, never text, so main can send a field error
 * across IPC as a key and the renderer shows it in the person's language. Limits are written into
 * the text (no interpolation): they are fixed by the schema and a translator sees the whole sentence.
 */

const en = {
  'contact.malformed': 'The contact could not be read. Please try again.',
  'contact.unknownField': 'The contact has fields the app does not know. Please try again.',
  'contact.notText': 'This field must be text.',

  'contact.firstname.required': 'Enter a first name',
  'contact.firstname.tooLong': 'Use at most 100 characters for the first name',
  'contact.firstname.noLetter': 'A first name needs at least one letter',
  'contact.firstname.invalidCharacters': 'Remove line breaks, tabs and hidden characters from the first name',

  'contact.lastname.required': 'Enter a last name',
  'contact.lastname.tooLong': 'Use at most 100 characters for the last name',
  'contact.lastname.noLetter': 'A last name needs at least one letter',
  'contact.lastname.invalidCharacters': 'Remove line breaks, tabs and hidden characters from the last name',

  'contact.email.required': 'Enter an e-mail address',
  'contact.email.missingAt': 'An e-mail address needs an @, e.g. anna@example.com',
  'contact.email.invalid': 'Enter a valid e-mail address, e.g. anna@example.com',
  'contact.email.tooLong': 'Use at most 254 characters for the e-mail address',
  'contact.email.localPartTooLong': 'Use at most 64 characters before the @ in the e-mail address',

  'contact.password.required': 'Enter a password',
  'contact.password.blank': 'The password cannot be only spaces',
  'contact.password.tooShort': 'Use at least 8 characters for the password',
  'contact.password.tooLong': 'Use at most 128 characters for the password',

  'contact.phonenumber.invalidCharacters': 'Use only digits, spaces and + - ( ) . in the phone number',
  'contact.phonenumber.misplacedPlus':
    'Put the + only at the start of the phone number, e.g. +46 70 123 45 67',
  'contact.phonenumber.tooShort': 'Enter the whole phone number, e.g. +46 70 123 45 67',
  'contact.phonenumber.tooLong': 'Use at most 30 characters for the phone number',

  'contact.address1.tooLong': 'Use at most 200 characters for the address',
  'contact.address1.invalidCharacters': 'Remove line breaks, tabs and hidden characters from the address',

  'contact.city.tooLong': 'Use at most 100 characters for the city',
  'contact.city.invalidCharacters': 'Remove line breaks, tabs and hidden characters from the city',

  'contact.postcode.tooLong': 'Use at most 12 characters for the postcode',
  'contact.postcode.invalidCharacters': 'Use only letters, digits, spaces and dashes in the postcode',

  'contact.country.invalid': 'Choose a country from the list, or a two-letter code such as SE'
} as const

export type ValidationMessageKey = keyof typeof en

// Typed against the English keys: a missing or extra Swedish key is a compile error.
const sv: Record<ValidationMessageKey, string> = {
  'contact.malformed': 'Kontakten kunde inte läsas. Försök igen.',
  'contact.unknownField': 'Kontakten innehåller fält som appen inte känner till. Försök igen.',
  'contact.notText': 'Fältet måste innehålla text.',

  'contact.firstname.required': 'Ange ett förnamn',
  'contact.firstname.tooLong': 'Förnamnet får vara högst 100 tecken',
  'contact.firstname.noLetter': 'Förnamnet måste innehålla minst en bokstav',
  'contact.firstname.invalidCharacters': 'Ta bort radbrytningar, tabbar och dolda tecken ur förnamnet',

  'contact.lastname.required': 'Ange ett efternamn',
  'contact.lastname.tooLong': 'Efternamnet får vara högst 100 tecken',
  'contact.lastname.noLetter': 'Efternamnet måste innehålla minst en bokstav',
  'contact.lastname.invalidCharacters': 'Ta bort radbrytningar, tabbar och dolda tecken ur efternamnet',

  'contact.email.required': 'Ange en e-postadress',
  'contact.email.missingAt': 'En e-postadress måste innehålla @, t.ex. anna@exempel.se',
  'contact.email.invalid': 'Ange en giltig e-postadress, t.ex. anna@exempel.se',
  'contact.email.tooLong': 'E-postadressen får vara högst 254 tecken',
  'contact.email.localPartTooLong': 'Delen före @ i e-postadressen får vara högst 64 tecken',

  'contact.password.required': 'Ange ett lösenord',
  'contact.password.blank': 'Lösenordet får inte bara bestå av mellanslag',
  'contact.password.tooShort': 'Lösenordet måste vara minst 8 tecken',
  'contact.password.tooLong': 'Lösenordet får vara högst 128 tecken',

  'contact.phonenumber.invalidCharacters': 'Använd bara siffror, mellanslag och + - ( ) . i telefonnumret',
  'contact.phonenumber.misplacedPlus':
    'Plustecknet får bara stå först i telefonnumret, t.ex. +46 70 123 45 67',
  'contact.phonenumber.tooShort': 'Ange hela telefonnumret, t.ex. +46 70 123 45 67',
  'contact.phonenumber.tooLong': 'Telefonnumret får vara högst 30 tecken',

  'contact.address1.tooLong': 'Adressen får vara högst 200 tecken',
  'contact.address1.invalidCharacters': 'Ta bort radbrytningar, tabbar och dolda tecken ur adressen',

  'contact.city.tooLong': 'Orten får vara högst 100 tecken',
  'contact.city.invalidCharacters': 'Ta bort radbrytningar, tabbar och dolda tecken ur orten',

  'contact.postcode.tooLong': 'Postnumret får vara högst 12 tecken',
  'contact.postcode.invalidCharacters':
    'Använd bara bokstäver, siffror, mellanslag och bindestreck i postnumret',

  'contact.country.invalid': 'Välj ett land i listan eller ange en landskod med två bokstäver, t.ex. SE'
}

export const validationMessages: {
  en: Record<ValidationMessageKey, string>
  sv: Record<ValidationMessageKey, string>
} = { en, sv }

export const VALIDATION_MESSAGE_KEYS = Object.keys(en) as readonly ValidationMessageKey[]

/**
 * Tells a key of this table from any other text, e.g. a server's own error detail that main put
 * in `AppError.fields` (which the renderer shows as it is, untranslated).
 */
export function isValidationMessageKey(value: unknown): value is ValidationMessageKey {
  return typeof value === 'string' && Object.hasOwn(en, value)
}
