/** The vue-i18n instance: no store, no component; the app store tells it the locale. */
import { shallowReactive } from 'vue'
import { createI18n } from 'vue-i18n'
import { INTL_LOCALE, LOCALES, type Locale, type MessageSchema } from '@shared/i18n'

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
  // Filled by `loadCatalogue`: a page downloads only the catalogue of the language it shows.
  messages: {} as Record<Tag, MessageSchema>,
  datetimeFormats: { [INTL_LOCALE.en]: dates, [INTL_LOCALE.sv]: dates } as never,
  numberFormats: { [INTL_LOCALE.en]: numbers, [INTL_LOCALE.sv]: numbers } as never,
  missingWarn: false,
  fallbackWarn: false
})

/**
 * Each catalogue is a chunk of its own (compiled like the rest): the first view waits for its
 * language's only, and the other comes when the person switches to it.
 */
const CATALOGUES: Record<Locale, () => Promise<{ default: MessageSchema }>> = {
  en: () => import('@shared/i18n/en.json'),
  sv: () => import('@shared/i18n/sv.json')
}

/** The catalogues in the page: reactive, so what is shown follows when one arrives. */
const loaded = shallowReactive(new Set<Locale>())
const loading = new Map<Locale, Promise<void>>()

export function hasCatalogue(locale: Locale): boolean {
  return loaded.has(locale)
}

/** Brings a language's catalogue into the page (once; a failed load is tried again next time). */
export function loadCatalogue(locale: Locale): Promise<void> {
  if (loaded.has(locale)) return Promise.resolve()
  let pending = loading.get(locale)
  if (!pending) {
    pending = CATALOGUES[locale]().then(
      (module) => {
        i18n.global.setLocaleMessage(INTL_LOCALE[locale], module.default)
        loaded.add(locale)
        loading.delete(locale)
      },
      (error: unknown) => {
        loading.delete(locale)
        throw error
      }
    )
    loading.set(locale, pending)
  }
  return pending
}

/** The language to speak in: the wanted one once its catalogue is in, until then the one there is. */
export function shownLocale(wanted: Locale): Locale {
  return loaded.has(wanted) ? wanted : (LOCALES.find((locale) => loaded.has(locale)) ?? wanted)
}

export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = INTL_LOCALE[locale]
}
