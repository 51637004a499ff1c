/**
 * The single definition of what a valid contact is. The form validates with it as the person
 * types; main re-checks every payload with it before anything is sent to HostUp.
 *
 * Every rule reports a key of `validation-messages.ts`, never text: main sends keys across IPC
 * and the renderer shows them in the person's language.
 */
import { mixed, object, ValidationError, type TestContext } from 'yup'
import { isCountryCode } from './country-codes'
import { codePoints, isPlainObject } from './guards'
import { isValidationMessageKey, type ValidationMessageKey } from './validation-messages'

/**
 * A contact's fields, declared once, in the order the form shows them. Everything else derives from
 * this list: the `ContactInput` type, the request body, drafts and history (every field but the
 * secret one), the history's CSV columns, the form's order, labels and required marks, what "Add
 * another" keeps, and the sandbox's checks. Adding a field here makes the compiler point at the one
 * rule, the one label and the one migration still missing.
 *
 * `required`: HostUp refuses a contact without it. `secret`: kept only in the keychain, never in a
 * file, list or export. `address`: kept by "Add another" when the person asks. `upper`: sent upper-cased.
 * `headers`: what a spreadsheet's column may be called for the import to recognise it.
 */
export const CONTACT_FIELD_LIST = [
  { name: 'firstname', required: true, headers: ['First name', 'Firstname', 'Given name', 'Förnamn'] },
  {
    name: 'lastname',
    required: true,
    headers: ['Last name', 'Lastname', 'Surname', 'Family name', 'Efternamn']
  },
  {
    name: 'email',
    required: true,
    headers: ['E-mail', 'Email', 'E-mail address', 'Mail', 'E-post', 'E-postadress']
  },
  { name: 'password', required: true, secret: true, headers: ['Password', 'Lösenord'] },
  {
    name: 'phonenumber',
    headers: ['Phone', 'Phone number', 'Telephone', 'Mobile', 'Telefon', 'Telefonnummer', 'Mobil']
  },
  {
    name: 'address1',
    address: true,
    headers: ['Address', 'Street address', 'Street', 'Adress', 'Gatuadress']
  },
  {
    name: 'postcode',
    address: true,
    headers: ['Postcode', 'Post code', 'Postal code', 'ZIP', 'Zip code', 'Postnummer', 'Postnr']
  },
  { name: 'city', address: true, headers: ['City', 'Town', 'Ort', 'Stad', 'Postort'] },
  { name: 'country', address: true, upper: true, headers: ['Country', 'Country code', 'Land', 'Landskod'] }
] as const satisfies readonly {
  name: string
  required?: true
  secret?: true
  address?: true
  upper?: true
  /** Spreadsheet column headers that name the field, English and Swedish (matched ignoring case and accents). */
  headers: readonly string[]
}[]

type FieldSpec = (typeof CONTACT_FIELD_LIST)[number]
export type ContactField = FieldSpec['name']
type RequiredField = Extract<FieldSpec, { required: true }>['name']
/** The fields kept only in the keychain. */
export type SecretField = Extract<FieldSpec, { secret: true }>['name']

/** The person fields of a contact (the request's other key, `type`, is always "contact"). */
export type ContactInput = Record<ContactField, string>

const names = <F extends FieldSpec>(keep: (f: FieldSpec) => f is F): F['name'][] =>
  CONTACT_FIELD_LIST.filter(keep).map((f) => f.name)

/** In form order. */
export const CONTACT_FIELDS: readonly ContactField[] = CONTACT_FIELD_LIST.map((f) => f.name)
export const REQUIRED_FIELDS: readonly ContactField[] = names(
  (f): f is Extract<FieldSpec, { required: true }> => 'required' in f
)
export const ADDRESS_FIELDS: readonly ContactField[] = names(
  (f): f is Extract<FieldSpec, { address: true }> => 'address' in f
)
/** Every field but the secret one: what drafts, the outbox and history keep, in form order. */
export const PUBLIC_FIELDS = names(
  (f): f is Exclude<FieldSpec, { secret: true }> => !('secret' in f)
) as readonly Exclude<ContactField, SecretField>[]

export function isContactField(value: unknown): value is ContactField {
  return typeof value === 'string' && (CONTACT_FIELDS as readonly string[]).includes(value)
}

/** A contact with every field empty. */
export function emptyContact(): ContactInput {
  return Object.fromEntries(CONTACT_FIELDS.map((f) => [f, ''])) as ContactInput
}

/** The exact body of `POST /teams`: `type` and every field, all strings, always present. */
export type TeamsRequest = ContactInput & { type: 'contact' }

/** The body's keys, in the order they are sent. */
export const TEAMS_REQUEST_KEYS: readonly (keyof TeamsRequest)[] = ['type', ...CONTACT_FIELDS]

/**
 * Builds the request body from a (valid) contact: exactly its keys, text fields trimmed,
 * the country upper-cased, the password sent exactly as typed.
 */
export function toTeamsRequest(input: ContactInput): TeamsRequest {
  return { type: 'contact', ...normalizeContact(input) }
}

/**
 * The canonical form of a contact, as sent and as kept: text fields trimmed, the country
 * upper-cased. A secret is never touched: leading and trailing spaces are part of a password.
 */
export function normalizeContact(input: ContactInput): ContactInput {
  const out = {} as ContactInput
  for (const field of CONTACT_FIELD_LIST) {
    const value = input[field.name]
    if ('secret' in field) out[field.name] = value
    else out[field.name] = 'upper' in field ? value.trim().toUpperCase() : value.trim()
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Rules. Each takes a field's value (trimmed, except the password) and returns the key of the
// first thing wrong with it, or null. Lengths count code points, so "李" or an emoji is one
// character, as a person would count it.

type Rule = (value: string) => ValidationMessageKey | null

/**
 * Characters no one means to type into a name or an address: C0/C1 controls (tab, line break…),
 * line and paragraph separators, lone surrogates (not valid UTF-8, so they cannot be sent), and
 * the bidi embedding/override/isolate controls, which make text display as something it is not.
 * Zero-width joiners and the LRM/RLM marks stay allowed: some scripts and RTL names need them.
 */
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u
const LETTER = /\p{L}/u

interface NameKeys {
  required: ValidationMessageKey
  tooLong: ValidationMessageKey
  noLetter: ValidationMessageKey
  invalidCharacters: ValidationMessageKey
}

function nameRule(keys: NameKeys): Rule {
  return (value) => {
    if (value === '') return keys.required
    if (CONTROL_CHARACTERS.test(value)) return keys.invalidCharacters
    if (codePoints(value) > 100) return keys.tooLong
    if (!LETTER.test(value)) return keys.noLetter
    return null
  }
}

function freeTextRule(maxLength: number, keys: Pick<NameKeys, 'tooLong' | 'invalidCharacters'>): Rule {
  return (value) => {
    if (CONTROL_CHARACTERS.test(value)) return keys.invalidCharacters
    if (codePoints(value) > maxLength) return keys.tooLong
    return null
  }
}

// The local part is a dot-atom (RFC 5322) widened to any non-ASCII character (RFC 6531); quoted
// local parts and IP-literal domains are valid on paper but are never a contact's login address,
// and rejecting them keeps a typo such as `"anna@x"` from passing.
const LOCAL_ATOM = /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]|\P{ASCII})+$/u
// Domain labels in their Unicode form, so internationalised domains pass as typed (`exämple.se`,
// `例子.中国`); ASCII labels reduce to the hostname rule: letters, digits, inner hyphens.
const DOMAIN_LABEL = /^[\p{L}\p{Nd}](?:[\p{L}\p{M}\p{Nd}-]*[\p{L}\p{M}\p{Nd}])?$/u
// Whitespace of any kind and invisible format or control characters: never part of an address.
const NOT_IN_EMAIL = /[\s\p{C}\p{Z}]/u

function emailRule(value: string): ValidationMessageKey | null {
  if (value === '') return 'contact.email.required'
  if (codePoints(value) > 254) return 'contact.email.tooLong'
  const parts = value.split('@')
  if (parts.length === 1) return 'contact.email.missingAt'
  const [local = '', domain = ''] = parts
  if (parts.length > 2 || NOT_IN_EMAIL.test(value)) return 'contact.email.invalid'
  if (codePoints(local) > 64) return 'contact.email.localPartTooLong'
  return isDotAtom(local) && isDomain(domain) ? null : 'contact.email.invalid'
}

/** Rejects an empty local part, a leading or trailing dot and two dots in a row. */
function isDotAtom(local: string): boolean {
  return local.split('.').every((atom) => LOCAL_ATOM.test(atom))
}

function isDomain(domain: string): boolean {
  const labels = domain.split('.')
  const tld = labels[labels.length - 1] ?? ''
  // A top-level domain has at least two characters and a letter: `anna@example` and
  // `anna@1.2.3.4` are typos, not addresses.
  return (
    labels.length >= 2 &&
    labels.every((label) => codePoints(label) <= 63 && DOMAIN_LABEL.test(label)) &&
    codePoints(tld) >= 2 &&
    LETTER.test(tld)
  )
}

// HostUp's password rules are not published, so the only client-side rules are the length and
// that it is not blank (API.md); anything stricter is the server's to say.
function passwordRule(value: string): ValidationMessageKey | null {
  if (value === '') return 'contact.password.required'
  if (value.trim() === '') return 'contact.password.blank'
  const length = codePoints(value)
  if (length < 8) return 'contact.password.tooShort'
  if (length > 128) return 'contact.password.tooLong'
  return null
}

function phoneRule(value: string): ValidationMessageKey | null {
  if (value === '') return null
  if (!/^[0-9+\-(). ]+$/.test(value)) return 'contact.phonenumber.invalidCharacters'
  if (value.lastIndexOf('+') > 0) return 'contact.phonenumber.misplacedPlus'
  if (value.length > 30) return 'contact.phonenumber.tooLong'
  const digits = value.replace(/[^0-9]/g, '').length
  if (value.length < 5 || digits < 4) return 'contact.phonenumber.tooShort'
  return null
}

function postcodeRule(value: string): ValidationMessageKey | null {
  if (!/^[\p{L}\p{M}\p{Nd} -]*$/u.test(value)) return 'contact.postcode.invalidCharacters'
  if (codePoints(value) > 12) return 'contact.postcode.tooLong'
  return null
}

// The check is on the ASCII pattern first: `toUpperCase` turns some letters into two ('ß' → 'SS',
// South Sudan). Alpha-3 and numeric codes are refused: HostUp takes alpha-2 only.
function countryRule(value: string): ValidationMessageKey | null {
  if (value === '') return null
  const known = /^[A-Za-z]{2}$/.test(value) && isCountryCode(value.toUpperCase())
  return known ? null : 'contact.country.invalid'
}

// ---------------------------------------------------------------------------------------------
// The yup schema built from the rules.

const NOT_TEXT = 'contact.notText' satisfies ValidationMessageKey
const MALFORMED = 'contact.malformed' satisfies ValidationMessageKey
const UNKNOWN_FIELD = 'contact.unknownField' satisfies ValidationMessageKey

/**
 * A text field that never coerces. yup's `string()` turns numbers and objects into text by
 * calling their `toString` (and cannot be told not to), which would hide a wrong payload and
 * throws, instead of failing validation, for an object whose `toString` is not a function.
 */
function text() {
  return mixed({ type: 'string', check: (value: unknown): value is string => typeof value === 'string' })
    .typeError(NOT_TEXT)
    .nonNullable(NOT_TEXT)
    .default('')
}

function ruleTest(rule: Rule, { trim }: { trim: boolean }) {
  return {
    name: 'contact-rule',
    skipAbsent: true,
    test(value: string | undefined, context: TestContext) {
      const key = value === undefined ? null : rule(trim ? value.trim() : value)
      return key === null || context.createError({ message: key })
    }
  }
}

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value)

// Upper-cases the country in the form's output too, so it is already canonical. Only a two-letter
// ASCII value is touched (see countryRule), and only a string: a transform sees the raw value,
// and a regex test would turn an object into text (or throw for one that has no `toString`).
function upperCaseCountry(value: unknown): unknown {
  return typeof value === 'string' && /^[a-z]{2}$/i.test(value) ? value.toUpperCase() : value
}

function requiredText(requiredKey: ValidationMessageKey, rule: Rule) {
  return text()
    .defined(requiredKey)
    .nonNullable(requiredKey)
    .transform(trimmed)
    .test(ruleTest(rule, { trim: true }))
}

function optionalText(rule: Rule) {
  return text()
    .transform(trimmed)
    .test(ruleTest(rule, { trim: true }))
}

/** Each field's rule: the one list both the yup schema below and `validateContactText` check with. */
const RULES = {
  firstname: nameRule({
    required: 'contact.firstname.required',
    tooLong: 'contact.firstname.tooLong',
    noLetter: 'contact.firstname.noLetter',
    invalidCharacters: 'contact.firstname.invalidCharacters'
  }),
  lastname: nameRule({
    required: 'contact.lastname.required',
    tooLong: 'contact.lastname.tooLong',
    noLetter: 'contact.lastname.noLetter',
    invalidCharacters: 'contact.lastname.invalidCharacters'
  }),
  email: emailRule,
  password: passwordRule,
  phonenumber: phoneRule,
  address1: freeTextRule(200, {
    tooLong: 'contact.address1.tooLong',
    invalidCharacters: 'contact.address1.invalidCharacters'
  }),
  city: freeTextRule(100, {
    tooLong: 'contact.city.tooLong',
    invalidCharacters: 'contact.city.invalidCharacters'
  }),
  country: countryRule,
  postcode: postcodeRule
} satisfies Record<ContactField, Rule>

/** A draft's password kept in the keychain: an empty field means "that one"; anything typed must be valid. */
const keptPasswordRule: Rule = (value) => (value === '' ? null : passwordRule(value))

const contactFields = {
  firstname: requiredText('contact.firstname.required', RULES.firstname),
  lastname: requiredText('contact.lastname.required', RULES.lastname),
  email: requiredText('contact.email.required', RULES.email),
  // No transform: the password reaches HostUp exactly as typed, spaces included.
  password: text()
    .defined('contact.password.required')
    .nonNullable('contact.password.required')
    .test(ruleTest(RULES.password, { trim: false })),
  phonenumber: optionalText(RULES.phonenumber),
  address1: optionalText(RULES.address1),
  city: optionalText(RULES.city),
  country: optionalText(RULES.country).transform(upperCaseCountry),
  postcode: optionalText(RULES.postcode)
} satisfies Record<ContactField, unknown>

/**
 * For the form (through vee-validate's `toTypedSchema`). Optional fields stay optional so the
 * form can tell which fields are required; missing ones default to ''. The output is
 * normalized: text trimmed, the country upper-cased, the password untouched. Keys the form
 * adds are let through: they are its own business.
 */
/**
 * yup's object cast looks every key of the value up in its field map, a plain object: a key named
 * like an Object.prototype member (`toString`, `constructor`) finds the inherited function and
 * throws a TypeError instead of failing validation. No contact field has such a name, so such
 * keys are dropped before yup walks the value.
 */
function withoutPrototypeKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  if (!Object.keys(value).some((key) => key in Object.prototype)) return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => !(key in Object.prototype)))
}

export const contactSchema = object(contactFields)
  .transform(withoutPrototypeKeys)
  .typeError(MALFORMED)
  .nonNullable(MALFORMED)
  .defined(MALFORMED)

/**
 * For a draft whose password is already kept in the keychain: an empty password field means
 * "send the kept one" (main checks that one before sending); anything typed must be valid.
 */
const keptPasswordField = text()
  .defined('contact.password.required')
  .nonNullable('contact.password.required')
  .test(ruleTest(keptPasswordRule, { trim: false }))

export const contactSchemaWithKeptPassword = object({ ...contactFields, password: keptPasswordField })
  .transform(withoutPrototypeKeys)
  .typeError(MALFORMED)
  .nonNullable(MALFORMED)
  .defined(MALFORMED)

/**
 * For IPC payloads in main: the same rules, but nothing is cast or filled in. All nine keys
 * must be present and hold strings, and any other key is an error rather than silently kept.
 */
export const strictContactSchema = contactSchema
  .shape({
    phonenumber: contactFields.phonenumber.defined(NOT_TEXT),
    address1: contactFields.address1.defined(NOT_TEXT),
    city: contactFields.city.defined(NOT_TEXT),
    country: contactFields.country.defined(NOT_TEXT),
    postcode: contactFields.postcode.defined(NOT_TEXT)
  } satisfies Record<Exclude<ContactField, RequiredField>, unknown>)
  .exact(UNKNOWN_FIELD)
  .strict(true)

const strictContactSchemaWithKeptPassword = strictContactSchema.shape({ password: keptPasswordField })

export type ContactErrors = Partial<Record<ContactField | '_form', ValidationMessageKey>>

export type ContactValidation = { ok: true; value: ContactInput } | { ok: false; fields: ContactErrors }

/**
 * Checks an untrusted payload (from IPC) and returns either the normalized contact or the first
 * message key per field; errors about the payload as a whole are under `_form`. Never throws.
 * `keptPassword`: the draft's password is in the keychain, so an empty password means "that one".
 */
export function validateContact(value: unknown, opts: { keptPassword?: boolean } = {}): ContactValidation {
  try {
    if (!isPlainObject(value)) return { ok: false, fields: { _form: MALFORMED } }
    const schema = opts.keptPassword ? strictContactSchemaWithKeptPassword : strictContactSchema
    const valid = schema.validateSync(value, { abortEarly: false })
    return { ok: true, value: normalizeContact(valid) }
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, fields: errorsByField(error) }
    // A getter that throws, a proxy…: nothing a real form sends, so nothing to say per field.
    return { ok: false, fields: { _form: MALFORMED } }
  }
}

function errorsByField(error: ValidationError): ContactErrors {
  const fields: ContactErrors = {}
  const leaves = error.inner.length > 0 ? error.inner : [error]
  for (const leaf of leaves) {
    const field = isContactField(leaf.path) ? leaf.path : '_form'
    fields[field] ??= isValidationMessageKey(leaf.message) ? leaf.message : fallbackKey(field)
  }
  return fields
}

// Only reached if yup reports a message of its own (a rule added without a key).
function fallbackKey(field: ContactField | '_form'): ValidationMessageKey {
  return field === '_form' ? MALFORMED : NOT_TEXT
}

/**
 * `validateContact` for contacts whose nine fields are already text (a spreadsheet's rows): the
 * same rules (`RULES`, which the schemas are built from), the same keys and the same result,
 * without yup's walk over each object, which costs some 20 times as much per row. Text fields
 * are checked trimmed and the password as typed, as the schemas do; each distinct value of a
 * field is checked once per checker (a column repeats its cities and countries), the password's
 * never kept. contact.text.test.ts holds the answers to validateContact's.
 */
export function contactTextChecker(
  opts: { keptPassword?: boolean } = {}
): (input: ContactInput) => ContactValidation {
  const check = contactFieldsChecker(opts)
  return (input) => {
    const checked = check(input, input.password)
    return checked.ok ? { ok: true, value: { ...checked.value, password: input.password } } : checked
  }
}

/** What `contactFieldsChecker` answers: the normalized fields without the password, or the keys. */
export type FieldsValidation =
  { ok: true; value: Omit<ContactInput, SecretField> } | { ok: false; fields: ContactErrors }

/** Distinct values a checker remembers per field before it judges whether remembering pays. */
const CACHE_TRIAL = 256

/**
 * `contactTextChecker` over the fields and the password apart, answering the fields alone: a
 * spreadsheet's row is checked without being copied into a contact first, and its normalized
 * fields come back without a password to leave out again.
 */
export function contactFieldsChecker(
  opts: { keptPassword?: boolean } = {}
): (fields: Omit<ContactInput, SecretField>, password: string) => FieldsValidation {
  const password = opts.keptPassword ? keptPasswordRule : RULES.password
  const checks = CONTACT_FIELD_LIST.filter((field) => !('secret' in field)).map((field) => {
    const name = field.name as Exclude<ContactField, SecretField>
    const rule = RULES[name]
    const upper = 'upper' in field
    // A column that hardly repeats (e-mails, last names) stops being remembered: a look-up that
    // never hits, and a map of every value, cost more than the rule itself.
    let seen: Map<string, ValidationMessageKey | null> | null = new Map()
    let hits = 0
    const check = (value: string): ValidationMessageKey | null => {
      if (seen === null) return rule(value.trim())
      let key = seen.get(value)
      if (key !== undefined) {
        hits += 1
        return key
      }
      key = rule(value.trim())
      seen.set(value, key)
      if (seen.size === CACHE_TRIAL && hits < CACHE_TRIAL) seen = null
      return key
    }
    return { name, upper, check }
  })
  return (input, secret) => {
    let fields: ContactErrors | undefined
    const passwordKey = password(secret)
    if (passwordKey !== null) fields = { password: passwordKey }
    for (const { name, check } of checks) {
      const key = check(input[name])
      if (key !== null) (fields ??= {})[name] = key
    }
    if (fields) return { ok: false, fields }
    const value = {} as Omit<ContactInput, SecretField>
    for (const { name, upper } of checks) {
      const trimmed = input[name].trim()
      value[name] = upper ? trimmed.toUpperCase() : trimmed
    }
    return { ok: true, value }
  }
}

/** One contact through `contactTextChecker`. */
export function validateContactText(
  input: ContactInput,
  opts: { keptPassword?: boolean } = {}
): ContactValidation {
  return contactTextChecker(opts)(input)
}
