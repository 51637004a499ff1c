import { describe, expect, expectTypeOf, it } from 'vitest'
import { ERROR_CODES } from '../result'
import { VALIDATION_MESSAGE_KEYS } from '../validation-messages'
import en from './en.json'
import sv from './sv.json'
import { formatMessage, isMessageKey } from './format'
import type { MessageSchema, SwedishCatalogue } from './index'

type Tree = { [key: string]: string | Tree }

function flat(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out[prefix + key] = value
    else Object.assign(out, flat(value, `${prefix}${key}.`))
  }
  return out
}

const EN = flat(en as Tree)
const SV = flat(sv as Tree)
const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort()

describe('the catalogues', () => {
  it('types Swedish against every English key (a missing one fails the typecheck)', () => {
    expectTypeOf<SwedishCatalogue>().toMatchTypeOf<MessageSchema>()
  })

  it('have the same keys in both languages, none empty', () => {
    expect(Object.keys(SV).sort()).toEqual(Object.keys(EN).sort())
    for (const text of [...Object.values(EN), ...Object.values(SV)]) expect(text.trim()).not.toBe('')
  })

  it('keep the same placeholders and the same number of plural forms in both languages', () => {
    for (const key of Object.keys(EN)) {
      expect(placeholders(SV[key] ?? ''), key).toEqual(placeholders(EN[key] ?? ''))
      expect((SV[key] ?? '').split(' | ').length, key).toBe((EN[key] ?? '').split(' | ').length)
    }
  })

  it('write an @ only as a literal, as vue-i18n’s message syntax needs', () => {
    for (const [key, text] of Object.entries({ ...EN, ...SV }))
      expect(text.replace(/\{'@'\}/g, ''), key).not.toContain('@')
  })

  it('have a sentence for every error code, and for every rule of the contact schema, in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(isMessageKey(`errors.code.${code}`), code).toBe(true)
      expect(formatMessage('sv', `errors.code.${code}`)).not.toBe(formatMessage('en', `errors.code.${code}`))
    }
    for (const key of VALIDATION_MESSAGE_KEYS) expect(isMessageKey(key), key).toBe(true)
  })

  it('say a message with its parameters, a phrase parameter translated first, and the plural that fits', () => {
    expect(formatMessage('sv', 'profiles.deleteTitle', { name: 'Acme' })).toBe('Ta bort profilen ”Acme”?')
    expect(formatMessage('en', 'contact.email.invalid')).toBe(
      'Enter a valid e-mail address, e.g. anna@example.com'
    )
    expect(
      formatMessage('en', 'errors.hostup.timeout', {
        host: 'x',
        count: 1,
        next: { key: 'errors.hostup.next.read' }
      })
    ).toBe('No complete answer came from x within 1 second. Try again in a moment.')
    expect(formatMessage('sv', 'nav.outboxDecisions', { count: 2 })).toBe('2 behöver ditt beslut')
  })
})
