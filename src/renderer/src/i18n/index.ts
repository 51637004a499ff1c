/**
 * The renderer's words, through vue-i18n (Composition API, legacy mode off) over the app's one
 * catalogue per language (`src/shared/i18n/en.json`, `sv.json`). The build precompiles the
 * catalogues (@intlify/unplugin-vue-i18n), so the page needs no runtime message compiler and the
 * strict CSP (no 'unsafe-eval') holds. Dates and numbers go through it too, in the language's
 * conventions (English as a Nordic admin reads it: day first, a 24-hour clock).
 */
import { computed } from 'vue'
import {
  INTL_LOCALE,
  LOCALES,
  LOCALE_NAMES,
  type Locale,
  type MessageKey,
  type MessageParams
} from '@shared/i18n'
import type { AppError } from '@shared/result'
import { useAppStore } from '../stores/app'
import { dates, i18n, shownLocale, type Tag } from './instance'

export { applyLocale, completeCatalogues, i18n, loadCatalogue, loadWholeCatalogue } from './instance'
export { initialLocale, storeLocale } from './locale'

export { LOCALES, LOCALE_NAMES, type Locale, type MessageKey, type MessageParams }

type DateKey = keyof typeof dates

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity]
]
const relatives = new Map<string, Intl.RelativeTimeFormat>()

/**
 * The app's translator. The locale lives in the app store (each Pinia instance, each test, has its
 * own); every template that calls `t` re-renders when it changes.
 */
export function useI18n() {
  const app = useAppStore()
  const g = i18n.global
  // While a newly chosen language's catalogue is on its way, the page keeps speaking the last one.
  const tag = (): Tag => INTL_LOCALE[shownLocale(app.locale)]

  /** A `{ key }` parameter is a phrase of the sentence: translated first. */
  function named(params: MessageParams = {}): Record<string, string | number> {
    const out: Record<string, string | number> = {}
    for (const [name, value] of Object.entries(params))
      out[name] = typeof value === 'object' ? t(value.key) : value
    return out
  }

  function t(key: MessageKey, params?: MessageParams): string {
    return g.t(key, named(params), { locale: tag() })
  }

  /** A plural message (`one | other`): `count` picks the form and is shown in the language's digits. */
  function tp(key: MessageKey, count: number, params: MessageParams = {}): string {
    return g.t(
      key,
      { ...named(params), count: g.n(count, 'integer', tag()) },
      { locale: tag(), plural: count }
    )
  }

  /** What went wrong, and what to do, in one or two sentences: the error's own, then what it came from. */
  function errorMessage(error: AppError): string {
    const own = t(error.message, error.params)
    return error.because ? `${own} ${errorMessage(error.because)}` : own
  }

  /** A field's message: always a catalogue key (HostUp's own words about it come as `fieldDetails`). */
  function fieldMessage(key: string): string {
    return g.te(key, tag()) ? t(key as MessageKey) : t('validation.invalid')
  }

  const date = (iso: string, format: DateKey): string => g.d(new Date(iso), format, tag())

  /** "5 minutes ago", "i går": the largest unit that fits. */
  function relative(iso: string, now: number = Date.now()): string {
    const id = tag()
    let format = relatives.get(id)
    if (!format) relatives.set(id, (format = new Intl.RelativeTimeFormat(id, { numeric: 'auto' })))
    let amount = (Date.parse(iso) - now) / 1000
    for (const [unit, size] of STEPS) {
      if (Math.abs(amount) < size) return format.format(Math.round(amount), unit)
      amount /= size
    }
    return format.format(Math.round(amount), 'year')
  }

  /** How a contact is named in lists and dialogs; a draft may not have a name yet. */
  function nameOf(fields: { firstname: string; lastname: string }): string {
    return `${fields.firstname.trim()} ${fields.lastname.trim()}`.trim() || t('drafts.unnamed')
  }

  return {
    t,
    tp,
    errorMessage,
    fieldMessage,
    nameOf,
    locale: computed(() => app.locale),
    setLocale: app.setLocale,
    count: (value: number) => g.n(value, 'integer', tag()),
    time: (iso: string) => date(iso, 'time'),
    clock: (iso: string) => date(iso, 'clock'),
    dateTime: (iso: string) => date(iso, 'short'),
    numericDateTime: (iso: string) => date(iso, 'numeric'),
    mediumDateTime: (iso: string) => date(iso, 'medium'),
    longDateTime: (iso: string) => date(iso, 'long'),
    relative
  }
}
