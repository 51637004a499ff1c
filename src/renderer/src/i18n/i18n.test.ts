import { describe, expect, expectTypeOf, it } from 'vitest'
import { ERROR_CODES } from '@shared/result'
import { en, type BaseMessageKey } from './en'
import { sv } from './sv'
import { errorMessageKey } from './errors'
import { isMessageKey, translate } from './messages'

describe('the message tables', () => {
  it('types Swedish against every English key (a missing one fails vue-tsc)', () => {
    expectTypeOf(sv).toEqualTypeOf<Record<BaseMessageKey, string>>()
    // @ts-expect-error: a table without one of the English keys is not a Swedish table
    const incomplete: typeof sv = { 'app.name': 'HostUp Contacts' }
    expect(incomplete).toBeDefined()
  })

  it('has the same keys in Swedish as in English, none of them empty', () => {
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort())
    for (const table of [en, sv]) for (const text of Object.values(table)) expect(text.trim()).not.toBe('')
  })

  it('keeps the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of Object.keys(en) as BaseMessageKey[])
      expect(placeholders(sv[key]), key).toEqual(placeholders(en[key]))
  })

  it('includes the shared contact-field messages', () => {
    expect(isMessageKey('contact.email.invalid')).toBe(true)
    expect(translate('sv', 'contact.firstname.required')).toBe('Ange ett förnamn')
  })
})

describe('translate', () => {
  it('fills named placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'badge.keySet', { hint: 'a1b2' })).toBe('Key set (…a1b2)')
    expect(translate('sv', 'profiles.deleteTitle', { name: 'Acme' })).toBe('Ta bort profilen ”Acme”?')
    expect(translate('en', 'badge.keySet')).toBe('Key set (…{hint})')
  })
})

describe('error messages', () => {
  it('has a sentence for every error code in both languages', () => {
    for (const code of ERROR_CODES) {
      const key = errorMessageKey({ code, message: '' })
      expect(key).toBe(`error.${code}`)
      expect(translate('sv', key)).not.toBe(translate('en', key))
    }
  })

  it('explains a 403 on verify as a missing scope, not a broken key', () => {
    expect(errorMessageKey({ code: 'forbidden', message: '' }, 'verify')).toBe('verify.noScope')
    expect(errorMessageKey({ code: 'forbidden', message: '' })).toBe('error.forbidden')
  })
})
