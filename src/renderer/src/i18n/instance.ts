/** The vue-i18n instance: no store, no component; the app store tells it the locale. */
import { createI18n } from 'vue-i18n'
import en from '@shared/i18n/en.json'
import sv from '@shared/i18n/sv.json'
import { INTL_LOCALE, type Locale, type MessageSchema } from '@shared/i18n'

export type Tag = (typeof INTL_LOCALE)[Locale]

export const dates = {
  short: { dateStyle: 'medium', timeStyle: 'short' },
  /** Digits only, as the date fields take them (26/11/2026, 15:25 · 2026-11-26 15:25): for tables. */
  numeric: { dateStyle: 'short', timeStyle: 'short' },
  medium: { dateStyle: 'medium', timeStyle: 'medium' },
  long: { dateStyle: 'full', timeStyle: 'medium' },
  time: { hour: '2-digit', minute: '2-digit' },
  clock: { timeStyle: 'short' }
} as const
const numbers = { integer: { maximumFractionDigits: 0 } } as const

/** Locales are named by their BCP 47 tag inside vue-i18n, so `Intl` formats dates in en-GB and sv-SE. */
export const i18n = createI18n<[MessageSchema], Tag, false>({
  legacy: false,
  locale: INTL_LOCALE.en,
  fallbackLocale: INTL_LOCALE.en,
  messages: { [INTL_LOCALE.en]: en, [INTL_LOCALE.sv]: sv } as Record<Tag, MessageSchema>,
  datetimeFormats: { [INTL_LOCALE.en]: dates, [INTL_LOCALE.sv]: dates } as never,
  numberFormats: { [INTL_LOCALE.en]: numbers, [INTL_LOCALE.sv]: numbers } as never,
  missingWarn: false,
  fallbackWarn: false
})

export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = INTL_LOCALE[locale]
}
