import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { toTypedSchema } from '@vee-validate/yup'
import fc from 'fast-check'
import countries from 'i18n-iso-countries'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { ValidationError, type InferType } from 'yup'
import {
  CONTACT_FIELDS,
  contactSchema,
  contactSchemaWithKeptPassword,
  normalizeContact,
  strictContactSchema,
  toTeamsRequest,
  validateContact,
  type ContactField,
  type ContactInput,
  type TeamsRequest
} from './contact'
import {
  isValidationMessageKey,
  VALIDATION_MESSAGE_KEYS,
  type ValidationMessageKey
} from './validation-messages'
import { formatMessage } from './i18n/format'
import type { Locale } from './i18n'

/** Each key's sentence in a language, as the catalogues have it. */
const textsIn = (locale: Locale): Record<ValidationMessageKey, string> =>
  Object.fromEntries(VALIDATION_MESSAGE_KEYS.map((k) => [k, formatMessage(locale, k)])) as Record<
    ValidationMessageKey,
    string
  >
const validationMessages = { en: textsIn('en'), sv: textsIn('sv') }

const TEAMS_REQUEST_KEYS = [
  'type',
  'firstname',
  'lastname',
  'email',
  'password',
  'phonenumber',
  'address1',
  'city',
  'country',
  'postcode'
]

const anna: ContactInput = {
  firstname: 'Anna',
  lastname: 'Svensson',
  email: 'anna.svensson@example.com',
  password: 'YOUR_PASSWORD',
  phonenumber: '',
  address1: '',
  city: '',
  country: '',
  postcode: ''
}

/**
 * The key reported for one field of an otherwise valid contact (null when the value is valid),
 * checked to be the same from the form's schema and from main's `validateContact`.
 */
function errorFor(field: ContactField, value: string): ValidationMessageKey | null {
  const contact = { ...anna, [field]: value }
  const fromMain = validateContact(contact)
  const mainKey = fromMain.ok ? null : (fromMain.fields[field] ?? null)
  expect(fromMain.ok ? {} : fromMain.fields, 'no other field is blamed').toEqual(
    mainKey === null ? {} : { [field]: mainKey }
  )
  expect(formErrorFor(field, contact), 'the form and main agree').toBe(mainKey)
  return mainKey
}

function formErrorFor(field: ContactField, contact: unknown): string | null {
  try {
    contactSchema.validateSync(contact, { abortEarly: false })
    return null
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    return error.inner.find((leaf) => leaf.path === field)?.message ?? null
  }
}

function fieldsOf(value: unknown) {
  const result = validateContact(value)
  return result.ok ? {} : result.fields
}

describe('names', () => {
  it.each([
    'Åsa',
    'Öberg',
    'José',
    'Jose\u0301',
    '李',
    "O'Brien",
    'Anne-Marie',
    'Ñúñez',
    'Øystein',
    'محمد',
    'Дмитрий',
    'Nguyễn',
    'J.R.',
    'Mary Jane',
    'X Æ A-12',
    'می\u200Cخواهم',
    '  Anna  '
  ])('accepts %j as a first and a last name', (name) => {
    expect(errorFor('firstname', name)).toBeNull()
    expect(errorFor('lastname', name)).toBeNull()
  })

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['\t\n', 'required'],
    ['Anna\nSvensson', 'invalidCharacters'],
    ['Anna\tB', 'invalidCharacters'],
    ['An\u0000na', 'invalidCharacters'],
    ['Anna\u0085', 'invalidCharacters'],
    ['An\u2028na', 'invalidCharacters'],
    ['Anna\u202Eevil', 'invalidCharacters'],
    ['\u2066Anna\u2069', 'invalidCharacters'],
    ['An\uD800na', 'invalidCharacters'],
    ['123', 'noLetter'],
    ["'-.", 'noLetter'],
    ['😀', 'noLetter']
  ])('rejects %j with contact.<name>.%s', (name, rule) => {
    expect(errorFor('firstname', name)).toBe(`contact.firstname.${rule}`)
    expect(errorFor('lastname', name)).toBe(`contact.lastname.${rule}`)
  })

  it('allows 100 characters, counted as code points and after trimming, and no more', () => {
    expect(errorFor('firstname', 'a'.repeat(100))).toBeNull()
    expect(errorFor('firstname', ` ${'a'.repeat(100)} `)).toBeNull()
    expect(errorFor('lastname', '李'.repeat(100))).toBeNull()
    expect(errorFor('lastname', `a${'😀'.repeat(99)}`)).toBeNull()
    expect(errorFor('firstname', 'a'.repeat(101))).toBe('contact.firstname.tooLong')
    expect(errorFor('lastname', `a${'😀'.repeat(100)}`)).toBe('contact.lastname.tooLong')
  })
})

describe('e-mail', () => {
  const local64 = 'a'.repeat(64)
  // 64 + 1 + 63 + 1 + 63 + 1 + 58 + 3 = 254 characters, every label within 63.
  const email254 = `${local64}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.se`

  it.each([
    'anna@example.com',
    'anna.svensson@example.com',
    'anna+tag@example.com',
    'anna@mail.sub.example.co.uk',
    'anna@exämple.se',
    '李@例子.中国',
    'jösé.ñ@exämple.se',
    'ANNA@EXAMPLE.COM',
    "o'brien@example.ie",
    'anna_b-c@ex-ample.com',
    'a@b.se',
    '1234@123.com',
    'anna@xn--exmple-cua.se',
    'anna@example.xn--p1ai',
    '  anna@example.com\n',
    `${local64}@example.com`,
    email254
  ])('accepts %j', (email) => {
    expect(errorFor('email', email)).toBeNull()
  })

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['anna', 'missingAt'],
    ['anna.example.com', 'missingAt'],
    ['anna@', 'invalid'],
    ['@example.com', 'invalid'],
    ['a@@b.se', 'invalid'],
    ['a@b@c.se', 'invalid'],
    ['an na@example.com', 'invalid'],
    ['anna@exam ple.com', 'invalid'],
    ['anna\u00A0b@example.com', 'invalid'],
    ['anna@example.com\u200B', 'invalid'],
    ['anna@example', 'invalid'],
    ['anna@example.c', 'invalid'],
    ['anna@1.2.3.4', 'invalid'],
    ['anna@[192.168.0.1]', 'invalid'],
    ['.anna@example.com', 'invalid'],
    ['anna.@example.com', 'invalid'],
    ['an..na@example.com', 'invalid'],
    ['"anna"@example.com', 'invalid'],
    ['anna(work)@example.com', 'invalid'],
    ['anna,b@example.com', 'invalid'],
    ['anna@-example.com', 'invalid'],
    ['anna@example-.com', 'invalid'],
    ['anna@.example.com', 'invalid'],
    ['anna@example..com', 'invalid'],
    ['anna@example.com.', 'invalid'],
    ['anna@exa_mple.com', 'invalid'],
    [`anna@${'b'.repeat(64)}.se`, 'invalid'],
    [`${local64}a@example.com`, 'localPartTooLong'],
    [`${email254.slice(0, -3)}x.se`, 'tooLong']
  ])('rejects %j with contact.email.%s', (email, rule) => {
    expect(errorFor('email', email)).toBe(`contact.email.${rule}`)
  })

  it('allows 254 characters and no more', () => {
    expect(email254).toHaveLength(254)
    expect(errorFor('email', email254)).toBeNull()
    expect(errorFor('email', `${email254.slice(0, -3)}x.se`)).toBe('contact.email.tooLong')
  })
})

describe('password', () => {
  it.each([
    ['8 characters', '12345678'],
    ['128 characters', 'p'.repeat(128)],
    ['8 code points in 16 UTF-16 units', '😀'.repeat(8)],
    ['128 code points in 256 UTF-16 units', '😀'.repeat(128)],
    ['spaces at both ends', '  secret  '],
    ['8 characters counting its edge spaces', ' 123456 '],
    ['a tab inside', 'pass\tword']
  ])('accepts %s', (_label, password) => {
    expect(errorFor('password', password)).toBeNull()
  })

  it.each([
    ['', 'required'],
    ['        ', 'blank'],
    ['\t\t\t\t\t\t\t\t', 'blank'],
    ['1234567', 'tooShort'],
    ['😀'.repeat(7), 'tooShort'],
    ['p'.repeat(129), 'tooLong'],
    ['😀'.repeat(129), 'tooLong']
  ])('rejects %j with contact.password.%s', (password, rule) => {
    expect(errorFor('password', password)).toBe(`contact.password.${rule}`)
  })

  it('keeps spaces at the start and end exactly, through the form, main and the request', () => {
    const password = '  pass word \u00A0'
    const contact = { ...anna, password }
    expect(contactSchema.validateSync(contact).password).toBe(password)
    expect(contactSchema.cast(contact).password).toBe(password)
    const checked = validateContact(contact)
    expect(checked.ok && checked.value.password).toBe(password)
    expect(toTeamsRequest(contact).password).toBe(password)
  })
})

describe('phone number', () => {
  it.each([
    '',
    '   ',
    '+46 70 123 45 67',
    '070-123 45 67',
    '(08) 123.45.67',
    '1234 5',
    '+4670',
    '12345',
    ` +${'1'.repeat(29)} `
  ])('accepts %j', (phone) => {
    expect(errorFor('phonenumber', phone)).toBeNull()
  })

  it.each([
    ['+46 70 123 45 67 ext 1', 'invalidCharacters'],
    ['070/1234567', 'invalidCharacters'],
    ['070\u00A0123 45', 'invalidCharacters'],
    ['０７０１２３４５６', 'invalidCharacters'],
    ['46+70123', 'misplacedPlus'],
    ['++4670123', 'misplacedPlus'],
    ['1234', 'tooShort'],
    ['+123', 'tooShort'],
    ['1-2-3', 'tooShort'],
    ['(1)-2', 'tooShort'],
    ['1'.repeat(31), 'tooLong']
  ])('rejects %j with contact.phonenumber.%s', (phone, rule) => {
    expect(errorFor('phonenumber', phone)).toBe(`contact.phonenumber.${rule}`)
  })

  it('allows 30 characters and no more', () => {
    expect(errorFor('phonenumber', '1'.repeat(30))).toBeNull()
    expect(errorFor('phonenumber', '1'.repeat(31))).toBe('contact.phonenumber.tooLong')
  })
})

describe('address and city', () => {
  it.each(['', 'Storgatan 1', 'c/o Lund, Box 12 #3', 'Østre Allé 5', 'ул. Ленина, 10', 'a'.repeat(200)])(
    'accepts the address %j',
    (address) => {
      expect(errorFor('address1', address)).toBeNull()
    }
  )

  it('rejects an address over 200 characters or with control characters', () => {
    expect(errorFor('address1', 'a'.repeat(201))).toBe('contact.address1.tooLong')
    expect(errorFor('address1', 'Storgatan 1\nLGH 1101')).toBe('contact.address1.invalidCharacters')
    expect(errorFor('address1', 'Storgatan\u202E 1')).toBe('contact.address1.invalidCharacters')
  })

  it.each(['', 'Malmö', 'Åre', 'København', '東京', 'Saint-Étienne', "L'Aquila", 'a'.repeat(100)])(
    'accepts the city %j',
    (city) => {
      expect(errorFor('city', city)).toBeNull()
    }
  )

  it('rejects a city over 100 characters or with control characters', () => {
    expect(errorFor('city', 'a'.repeat(101))).toBe('contact.city.tooLong')
    expect(errorFor('city', 'Malmö\u2066')).toBe('contact.city.invalidCharacters')
    expect(errorFor('city', 'Mal\rmö')).toBe('contact.city.invalidCharacters')
  })
})

describe('postcode', () => {
  it.each(['', '123 45', '12345', 'SW1A 1AA', 'D02 X285', 'A-1010', 'Ёж 12', '123456789012', ' 123 45 '])(
    'accepts %j',
    (postcode) => {
      expect(errorFor('postcode', postcode)).toBeNull()
    }
  )

  it.each([
    ['1234567890123', 'tooLong'],
    ['123#45', 'invalidCharacters'],
    ['12_345', 'invalidCharacters'],
    ['123\t45', 'invalidCharacters'],
    ['123.45', 'invalidCharacters']
  ])('rejects %j with contact.postcode.%s', (postcode, rule) => {
    expect(errorFor('postcode', postcode)).toBe(`contact.postcode.${rule}`)
  })
})

describe('country', () => {
  it.each(['', 'SE', 'se', 'Se', ' no ', 'GB', 'AX'])('accepts %j', (country) => {
    expect(errorFor('country', country)).toBeNull()
  })

  it.each(['XX', 'SWE', 'S', '752', 'ß', 'ss\u0301', 'S E', 'Sweden', 'UK', 'EU', 'ZZ'])(
    'rejects %j with contact.country.invalid',
    (country) => {
      expect(errorFor('country', country)).toBe('contact.country.invalid')
    }
  )

  it('accepts every alpha-2 code i18n-iso-countries knows, in either case', () => {
    for (const code of Object.keys(countries.getAlpha2Codes())) {
      expect(validateContact({ ...anna, country: code }).ok, code).toBe(true)
      expect(validateContact({ ...anna, country: code.toLowerCase() }).ok, code).toBe(true)
    }
  })

  it('is sent upper-case, and is already upper-case in the form output', () => {
    expect(toTeamsRequest({ ...anna, country: 'se' }).country).toBe('SE')
    expect(toTeamsRequest({ ...anna, country: ' Se ' }).country).toBe('SE')
    expect(contactSchema.validateSync({ ...anna, country: 'se' }).country).toBe('SE')
  })
})

describe('the payload as a whole (main)', () => {
  it('rejects anything that is not a plain object', () => {
    for (const value of [null, undefined, 'anna', 42, [], [anna], () => anna, new Date(), new Map()]) {
      expect(fieldsOf(value)).toEqual({ _form: 'contact.malformed' })
    }
  })

  it('rejects keys it does not know, instead of dropping them silently', () => {
    expect(fieldsOf({ ...anna, admin: true })).toEqual({ _form: 'contact.unknownField' })
    expect(fieldsOf({ ...anna, type: 'contact' })).toEqual({ _form: 'contact.unknownField' })
  })

  it('wants all nine keys, each a string, and casts nothing', () => {
    const { phonenumber: _phonenumber, ...withoutPhone } = anna
    expect(fieldsOf(withoutPhone)).toEqual({ phonenumber: 'contact.notText' })
    expect(fieldsOf({ ...anna, phonenumber: 46701234567 })).toEqual({ phonenumber: 'contact.notText' })
    expect(fieldsOf({ ...anna, city: null })).toEqual({ city: 'contact.notText' })
    expect(fieldsOf({ ...anna, firstname: null })).toEqual({ firstname: 'contact.firstname.required' })
    expect(fieldsOf({ ...anna, password: 12345678 })).toEqual({ password: 'contact.notText' })
    expect(fieldsOf({ ...anna, lastname: ['Svensson'] })).toEqual({ lastname: 'contact.notText' })
    expect(fieldsOf({ ...anna, email: new String('anna@example.com') })).toEqual({ email: 'contact.notText' })
    expect(fieldsOf({ ...anna, firstname: { toString: 1 } })).toEqual({ firstname: 'contact.notText' })
  })

  it('reports the first problem of every wrong field at once', () => {
    expect(fieldsOf({ ...anna, firstname: ' ', email: 'anna@', password: 'short', extra: 1 })).toEqual({
      firstname: 'contact.firstname.required',
      email: 'contact.email.invalid',
      password: 'contact.password.tooShort',
      _form: 'contact.unknownField'
    })
  })

  it('returns the contact normalized: trimmed, country upper-cased, password untouched', () => {
    const typed = {
      ...anna,
      firstname: ' Anna ',
      email: ' anna@example.com ',
      country: 'se',
      password: ' pw 1234 '
    }
    expect(validateContact(typed)).toEqual({
      ok: true,
      value: { ...anna, email: 'anna@example.com', country: 'SE', password: ' pw 1234 ' }
    })
  })

  it('does not throw for an object whose getter throws', () => {
    const hostile = { ...anna }
    Object.defineProperty(hostile, 'email', {
      enumerable: true,
      get() {
        throw new Error('boom')
      }
    })
    expect(validateContact(hostile)).toEqual({ ok: false, fields: { _form: 'contact.malformed' } })
  })

  it('the strict schema itself rejects what the form schema lets through', async () => {
    await expect(contactSchema.isValid({ ...anna, extra: 1 })).resolves.toBe(true)
    await expect(strictContactSchema.isValid({ ...anna, extra: 1 })).resolves.toBe(false)
    const { city: _city, ...withoutCity } = anna
    await expect(contactSchema.isValid(withoutCity)).resolves.toBe(true)
    await expect(strictContactSchema.isValid(withoutCity)).resolves.toBe(false)
  })
})

describe('the form schema', () => {
  it('infers exactly the nine string fields of ContactInput', () => {
    expectTypeOf<InferType<typeof contactSchema>>().toEqualTypeOf<ContactInput>()
    expectTypeOf<InferType<typeof strictContactSchema>>().toEqualTypeOf<ContactInput>()
  })

  it('casts an empty form to nine empty strings', () => {
    expect(contactSchema.cast({})).toEqual(Object.fromEntries(CONTACT_FIELDS.map((field) => [field, ''])))
  })

  it('marks exactly the four required fields as required for vee-validate', () => {
    const typed = toTypedSchema(contactSchema)
    const required = CONTACT_FIELDS.filter((field) => typed.describe?.(field).required)
    expect(required).toEqual(['firstname', 'lastname', 'email', 'password'])
  })

  it('gives vee-validate message keys per field and normalized output', async () => {
    const typed = toTypedSchema(contactSchema)
    const bad = await typed.parse({ ...anna, email: 'anna@@example.com', postcode: '#' })
    expect(bad.errors).toEqual([
      { path: 'email', errors: ['contact.email.invalid'] },
      { path: 'postcode', errors: ['contact.postcode.invalidCharacters'] }
    ])
    const good = await typed.parse({ ...anna, firstname: ' Anna ', country: 'no' })
    expect(good.errors).toEqual([])
    expect(good.value).toEqual({ ...anna, country: 'NO' })
  })
})

describe('toTeamsRequest', () => {
  const fixturePath = resolve(__dirname, '../../e2e/fixtures/hostup/create-contact.request.json')
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as TeamsRequest
  // The seed's e-mail is Cloudflare-obfuscated ("[email protected]"): use a real one, whatever the fixture holds.
  const email = 'anna.svensson@example.com'

  it("turns the seed's example contact into the documented body", () => {
    const { type: _type, ...person } = fixture
    const contact: ContactInput = { ...person, email }
    expect(validateContact(contact)).toEqual({ ok: true, value: contact })
    expect(toTeamsRequest(contact)).toEqual({ ...fixture, email })
    expect(Object.keys(toTeamsRequest(contact)).sort()).toEqual([...TEAMS_REQUEST_KEYS].sort())
  })

  it('trims text fields and upper-cases the country', () => {
    const request = toTeamsRequest({
      firstname: ' Anna ',
      lastname: '\tSvensson\n',
      email: ' anna@example.com ',
      password: ' secret! ',
      phonenumber: ' 070 ',
      address1: ' Storgatan 1 ',
      city: ' Malmö ',
      country: ' se ',
      postcode: ' 123 45 '
    })
    expect(request).toEqual({
      type: 'contact',
      firstname: 'Anna',
      lastname: 'Svensson',
      email: 'anna@example.com',
      password: ' secret! ',
      phonenumber: '070',
      address1: 'Storgatan 1',
      city: 'Malmö',
      country: 'SE',
      postcode: '123 45'
    })
  })
})

describe('messages', () => {
  it('has the same keys in English and Swedish, none of them empty', () => {
    expect(Object.keys(validationMessages.sv).sort()).toEqual(Object.keys(validationMessages.en).sort())
    expect(Object.keys(validationMessages.en).sort()).toEqual([...VALIDATION_MESSAGE_KEYS].sort())
    for (const key of VALIDATION_MESSAGE_KEYS) {
      expect(validationMessages.en[key].trim(), key).not.toBe('')
      expect(validationMessages.sv[key].trim(), key).not.toBe('')
      expect(validationMessages.sv[key], `${key} is translated`).not.toBe(validationMessages.en[key])
    }
  })

  it('states the limit in every length message', () => {
    for (const key of VALIDATION_MESSAGE_KEYS.filter((k) => /tooLong|tooShort$/.test(k))) {
      if (key === 'contact.phonenumber.tooShort') continue
      expect(validationMessages.en[key], key).toMatch(/\d/)
      expect(validationMessages.sv[key], key).toMatch(/\d/)
    }
  })

  it('tells keys from other text', () => {
    expect(isValidationMessageKey('contact.email.invalid')).toBe(true)
    expect(isValidationMessageKey('Failed to add contact')).toBe(false)
    expect(isValidationMessageKey('toString')).toBe(false)
    expect(isValidationMessageKey(42)).toBe(false)
  })

  it('produces only keys of the table, for a large set of bad inputs', () => {
    const weird = [
      '',
      ' ',
      '\n',
      'a',
      '@',
      '.',
      '+',
      '-',
      '李',
      '\u202E',
      '\uD800',
      '1'.repeat(300),
      'x@y',
      'ß'
    ]
    for (const field of CONTACT_FIELDS) {
      for (const value of [...weird, 5, null, undefined, {}, [], true]) {
        const result = validateContact({ ...anna, [field]: value })
        for (const key of result.ok ? [] : Object.values(result.fields)) {
          expect(isValidationMessageKey(key), `${field}=${String(value)} → ${key}`).toBe(true)
        }
      }
    }
  })

  // Typed over every key: a new message without an input that produces it does not compile.
  const producers: Record<ValidationMessageKey, unknown> = {
    'contact.malformed': [anna],
    'contact.unknownField': { ...anna, extra: '' },
    'contact.notText': { ...anna, city: 42 },
    'contact.firstname.required': { ...anna, firstname: ' ' },
    'contact.firstname.tooLong': { ...anna, firstname: 'a'.repeat(101) },
    'contact.firstname.noLetter': { ...anna, firstname: '42' },
    'contact.firstname.invalidCharacters': { ...anna, firstname: 'A\u202Eb' },
    'contact.lastname.required': { ...anna, lastname: '' },
    'contact.lastname.tooLong': { ...anna, lastname: 'a'.repeat(101) },
    'contact.lastname.noLetter': { ...anna, lastname: '-' },
    'contact.lastname.invalidCharacters': { ...anna, lastname: 'A\nb' },
    'contact.email.required': { ...anna, email: '' },
    'contact.email.missingAt': { ...anna, email: 'anna' },
    'contact.email.invalid': { ...anna, email: 'anna@' },
    'contact.email.tooLong': { ...anna, email: `a@${'b.'.repeat(130)}se` },
    'contact.email.localPartTooLong': { ...anna, email: `${'a'.repeat(65)}@example.com` },
    'contact.password.required': { ...anna, password: '' },
    'contact.password.blank': { ...anna, password: ' '.repeat(8) },
    'contact.password.tooShort': { ...anna, password: 'short' },
    'contact.password.tooLong': { ...anna, password: 'p'.repeat(129) },
    'contact.phonenumber.invalidCharacters': { ...anna, phonenumber: 'call me' },
    'contact.phonenumber.misplacedPlus': { ...anna, phonenumber: '070+12345' },
    'contact.phonenumber.tooShort': { ...anna, phonenumber: '112' },
    'contact.phonenumber.tooLong': { ...anna, phonenumber: '1'.repeat(31) },
    'contact.address1.tooLong': { ...anna, address1: 'a'.repeat(201) },
    'contact.address1.invalidCharacters': { ...anna, address1: 'a\u0000' },
    'contact.city.tooLong': { ...anna, city: 'a'.repeat(101) },
    'contact.city.invalidCharacters': { ...anna, city: 'a\tb' },
    'contact.postcode.tooLong': { ...anna, postcode: '1'.repeat(13) },
    'contact.postcode.invalidCharacters': { ...anna, postcode: '#1' },
    'contact.country.invalid': { ...anna, country: 'SWE' }
  }

  it.each(Object.entries(producers))('has a rule that produces %s', (key, input) => {
    expect(Object.values(fieldsOf(input))).toEqual([key])
  })
})

describe('properties', () => {
  const anything = fc.anything({
    withBoxedValues: true,
    withNullPrototype: true,
    withObjectString: true,
    withMap: true,
    withSet: true,
    withDate: true,
    withBigInt: true,
    withTypedArray: true,
    withSparseArray: true
  })
  const contactShaped = fc.record(
    Object.fromEntries(CONTACT_FIELDS.map((field) => [field, fc.oneof(fc.string(), anything)]))
  )
  const anyInput = fc.oneof(anything, contactShaped)

  it('contactSchema.isValid never throws', async () => {
    await fc.assert(
      fc.asyncProperty(anyInput, async (value) => {
        expect(typeof (await contactSchema.isValid(value))).toBe('boolean')
      })
    )
  })

  it('contactSchema.validate resolves or rejects with a ValidationError of message keys', async () => {
    await fc.assert(
      fc.asyncProperty(anyInput, async (value) => {
        try {
          await contactSchema.validate(value, { abortEarly: false })
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError)
          for (const message of (error as ValidationError).errors)
            expect(isValidationMessageKey(message)).toBe(true)
        }
      })
    )
  })

  it('validateContact never throws and reports only message keys', () => {
    fc.assert(
      fc.property(anyInput, (value) => {
        const result = validateContact(value)
        if (!result.ok) {
          expect(Object.keys(result.fields).length).toBeGreaterThan(0)
          for (const key of Object.values(result.fields)) expect(isValidationMessageKey(key)).toBe(true)
        }
      })
    )
  })

  // Characters near the rules' edges, so random strings often come close to valid.
  const edgy = fc.constantFrom(...'aZåÖ李ж@.-+ 1(9)_\'"\t\n\u202E\u00A0😀'.split(''), '😀')
  const edgyContact = fc.record(
    Object.fromEntries(CONTACT_FIELDS.map((field) => [field, fc.string({ unit: edgy, maxLength: 20 })]))
  ) as fc.Arbitrary<ContactInput>

  it('the form and main agree on what is valid, and on the first problem of each field', () => {
    fc.assert(
      fc.property(edgyContact, (contact) => {
        const fromMain = validateContact(contact)
        for (const field of CONTACT_FIELDS) {
          expect(formErrorFor(field, contact)).toBe(fromMain.ok ? null : (fromMain.fields[field] ?? null))
        }
      })
    )
  })

  const pad = (value: fc.Arbitrary<string>) =>
    fc.tuple(fc.constantFrom('', ' ', '  '), value, fc.constantFrom('', ' ', '\t')).map((p) => p.join(''))
  const nameArb = fc
    .tuple(
      fc.constantFrom(
        'Anna',
        'Åsa',
        'José',
        '李',
        "O'Brien",
        'Anne-Marie',
        'Ñ',
        'Øystein',
        'محمد',
        'Дмитрий'
      ),
      fc.string({ unit: fc.constantFrom(' ', '-', "'", 'a', 'ö', '李', 'é', '.'), maxLength: 40 })
    )
    .map(([start, rest]) => start + rest)
  const atom = fc.string({
    unit: fc.constantFrom('a', 'z', '0', '+', '_', '-', 'ä', '李'),
    minLength: 1,
    maxLength: 10
  })
  const label = fc
    .tuple(
      fc.constantFrom('a', 'x', '0', 'ä', '例'),
      fc.string({ unit: fc.constantFrom('b', '9', '-', 'ö'), maxLength: 10 }),
      fc.constantFrom('', 'c', '1', 'ü')
    )
    .map(([first, middle, last]) => (last === '' ? first : first + middle + last))
  const emailArb = fc
    .tuple(
      fc.array(atom, { minLength: 1, maxLength: 3 }),
      fc.array(label, { minLength: 1, maxLength: 3 }),
      fc.constantFrom('se', 'com', '中国', 'xn--p1ai', 'museum')
    )
    .map(([atoms, labels, tld]) => `${atoms.join('.')}@${[...labels, tld].join('.')}`)
  const passwordArb = fc
    .string({ unit: 'binary', minLength: 8, maxLength: 128 })
    .filter((password) => password.trim() !== '')
  const phoneArb = fc.oneof(
    fc.constant(''),
    fc.constantFrom('+46 70 123 45 67', '08-123 456 78', '(08) 123.45.67'),
    fc.stringMatching(/^\+?[0-9]{5,12}$/)
  )
  const countryArb = fc.oneof(
    fc.constant(''),
    fc
      .constantFrom(...Object.keys(countries.getAlpha2Codes()))
      .chain((code) => fc.constantFrom(code, code.toLowerCase()))
  )
  const validContact: fc.Arbitrary<ContactInput> = fc.record({
    firstname: pad(nameArb),
    lastname: pad(nameArb),
    email: pad(emailArb),
    password: passwordArb,
    phonenumber: pad(phoneArb),
    address1: fc.string({ maxLength: 200 }),
    city: fc.string({ maxLength: 100 }),
    country: pad(countryArb),
    postcode: pad(fc.stringMatching(/^[0-9A-Za-zÅÄÖ -]{0,12}$/))
  })

  it('accepts every contact built from valid parts, in the form and in main', () => {
    fc.assert(
      fc.property(validContact, (contact) => {
        expect(validateContact(contact)).toEqual({ ok: true, value: normalizeContact(contact) })
        expect(contactSchema.validateSync(contact)).toEqual(normalizeContact(contact))
      })
    )
  })

  it('toTeamsRequest gives exactly the ten string keys of API.md, the password untouched', () => {
    fc.assert(
      fc.property(validContact, (contact) => {
        const request = toTeamsRequest(contact)
        expect(Object.keys(request).sort()).toEqual([...TEAMS_REQUEST_KEYS].sort())
        for (const value of Object.values(request)) expect(typeof value).toBe('string')
        expect(request.type).toBe('contact')
        expect(request.password).toBe(contact.password)
        expect(toTeamsRequest(request)).toEqual(request)
      })
    )
  })
})

describe('contactSchemaWithKeptPassword', () => {
  const base = {
    firstname: 'Anna',
    lastname: 'Svensson',
    email: 'anna@example.com',
    phonenumber: '',
    address1: '',
    city: '',
    country: '',
    postcode: ''
  }
  it('takes an empty password as "use the kept one"', async () => {
    expect(await contactSchemaWithKeptPassword.isValid({ ...base, password: '' })).toBe(true)
  })
  it('still checks a password that is typed', async () => {
    await expect(contactSchemaWithKeptPassword.validate({ ...base, password: 'short' })).rejects.toThrow(
      'contact.password.tooShort'
    )
  })
})

describe('keys named like Object.prototype members', () => {
  // fast-check found { toString: 0 }: yup looked the key up in its field map and threw a TypeError.
  const odd: Record<string, unknown>[] = [
    { toString: 0 },
    { constructor: 'x', firstname: 'Anna' },
    { valueOf: null, hasOwnProperty: 1 }
  ]
  for (const schema of [contactSchema, contactSchemaWithKeptPassword, strictContactSchema]) {
    it.each(odd)('%o fails validation with a ValidationError, never a TypeError', async (value) => {
      await expect(schema.validate(value, { abortEarly: false })).rejects.toBeInstanceOf(ValidationError)
      expect(await schema.isValid(value)).toBe(false)
    })
  }
  it('validateContact reports them as field errors', () => {
    expect(validateContact({ toString: 0 })).toMatchObject({ ok: false })
  })
})
