import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CONTACT_FIELDS,
  contactTextChecker,
  validateContact,
  validateContactText,
  type ContactInput
} from './contact'

const anna: ContactInput = {
  firstname: 'Anna',
  lastname: 'Svensson',
  email: 'anna@example.se',
  password: 'Sommar-Regn-2026!',
  phonenumber: '+46 70 123 45 67',
  address1: 'Storgatan 1',
  postcode: '211 22',
  city: 'Malmö',
  country: 'se'
}

// Text near every rule's edges: spaces around, controls, bidi marks, letters of other scripts,
// lengths either side of each limit, e-mail look-alikes, codes that are and are not countries.
const piece = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\n',
    '\u202E',
    '\u200D',
    '\u0000',
    'ß',
    '李',
    '😀',
    '@',
    '.',
    '..',
    '+',
    '-',
    '(0)',
    'se',
    'SE',
    'xx',
    'SWE',
    'anna',
    'example.se',
    '46',
    '#'
  ),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.integer({ min: 1, max: 260 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 1, max: 40 }).map((n) => '1'.repeat(n))
)
const text = fc.array(piece, { maxLength: 5 }).map((parts) => parts.join(''))
const field = fc.oneof(text, fc.constantFrom(...Object.values(anna)), fc.constant(''))
const contact = fc.record(
  Object.fromEntries(CONTACT_FIELDS.map((name) => [name, field])) as Record<
    keyof ContactInput,
    fc.Arbitrary<string>
  >
)
const nearAnna = fc
  .tuple(fc.constantFrom(...CONTACT_FIELDS), text)
  .map(([name, value]): ContactInput => ({ ...anna, [name]: value }))

describe('validateContactText', () => {
  it.each([false, true])(
    'gives what validateContact gives for any text contact (kept password: %s)',
    (keptPassword) => {
      fc.assert(
        fc.property(fc.oneof(contact, nearAnna), (input) => {
          expect(validateContactText(input, { keptPassword })).toEqual(
            validateContact(input, { keptPassword })
          )
        }),
        { numRuns: 3000 }
      )
    }
  )

  it.each([false, true])(
    'a checker kept over many contacts answers each as validateContact does (kept password: %s)',
    (keptPassword) => {
      fc.assert(
        fc.property(fc.array(fc.oneof(contact, nearAnna), { maxLength: 40 }), (inputs) => {
          const check = contactTextChecker({ keptPassword })
          for (const input of [...inputs, ...inputs])
            expect(check(input)).toEqual(validateContact(input, { keptPassword }))
        }),
        { numRuns: 200 }
      )
    }
  )

  it('answers as validateContact does once it stops remembering a column that hardly repeats', () => {
    const check = contactTextChecker()
    // 600 distinct e-mails (every tenth invalid) and last names beside three cities: after 256
    // distinct values with hardly a repeat the e-mail and last-name columns are checked afresh.
    const inputs = Array.from({ length: 600 }, (_, i) => ({
      ...anna,
      lastname: i % 50 === 0 ? ' ' : `Svensson ${i}`,
      email: i % 10 === 0 ? `anna.${i}@example` : `anna.${i}@example.se`,
      city: ['Malmö', 'Lund', 'Ystad'][i % 3] ?? ''
    }))
    for (const input of [...inputs, ...inputs]) expect(check(input)).toEqual(validateContact(input))
  })

  it('normalizes a valid contact as the schema does, and reports the first key per field', () => {
    expect(validateContactText(anna)).toEqual({ ok: true, value: { ...anna, country: 'SE' } })
    expect(validateContactText({ ...anna, email: 'anna', password: '' })).toEqual({
      ok: false,
      fields: { email: 'contact.email.missingAt', password: 'contact.password.required' }
    })
    expect(validateContactText({ ...anna, password: '' }, { keptPassword: true }).ok).toBe(true)
  })
})
