/**
 * The first view speaks with the first part of its catalogue alone (@shared/i18n/parts.ts): the
 * part the page waits for at start holds every word the contact form and the shell show then, and
 * as the person types, before the rest has arrived.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Pinia } from 'pinia'
import { INTL_LOCALE, LOCALES, type Locale } from '@shared/i18n'
import { pickPart } from '@shared/i18n/parts'
import en from '@shared/i18n/en.json'
import sv from '@shared/i18n/sv.json'
import { mountApp } from '../testing/app'
import { settle, textbox } from '../testing/dom'
import { testPinia } from '../testing/setup'
import { i18n } from './instance'

const WHOLE = { en, sv }
const TYPED = {
  en: { 'First name': ' ', 'E-mail': 'anna@', Phone: 'x', Postcode: '1234567890123', Password: 'a' },
  sv: { Förnamn: ' ', 'E-post': 'anna@', Telefon: 'x', Postnummer: '1234567890123', Lösenord: 'a' }
}

let pinia: Pinia
let missing: string[]

beforeEach(() => {
  pinia = testPinia()
  missing = []
  for (const locale of LOCALES)
    i18n.global.setLocaleMessage(INTL_LOCALE[locale] as never, pickPart(WHOLE[locale], 'first') as never)
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
})

afterEach(() => {
  i18n.global.setMissingHandler(null)
  for (const locale of LOCALES)
    i18n.global.setLocaleMessage(INTL_LOCALE[locale] as never, WHOLE[locale] as never)
})

describe('the catalogue’s first part', () => {
  it.each(LOCALES)(
    'holds every word of the first view, opened and typed into (%s)',
    async (locale: Locale) => {
      localStorage.setItem('hostup-contacts.locale', locale)
      const { app } = await mountApp(pinia, { seed: (backend) => backend.seedProfile('Acme') })
      expect(app.find('h1').text()).toBe(locale === 'en' ? 'New contact' : 'Ny kontakt')
      for (const [label, value] of Object.entries(TYPED[locale])) {
        const input = textbox(app, label)
        await input.setValue(value)
        await input.trigger('blur')
      }
      await settle()
      expect(app.text()).toContain(locale === 'en' ? 'Enter a valid e-mail address' : 'e-postadress')
      expect(missing).toEqual([])
    }
  )

  it('misses a word of a later part, so the check above can fail', async () => {
    i18n.global.t('history.date.invalid', {}, { locale: INTL_LOCALE.en })
    expect(missing).toEqual(['history.date.invalid'])
  })
})
