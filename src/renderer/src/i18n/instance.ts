/** The vue-i18n instance: no store, no component; the app store tells it the locale. */
import { shallowReactive } from 'vue'
import { createI18n } from 'vue-i18n'
import { INTL_LOCALE, LOCALES, type Locale, type MessageSchema } from '@shared/i18n'
import type { CataloguePart } from '@shared/i18n/parts'

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

type Part = Partial<MessageSchema>
type PartName = CataloguePart

/**
 * Each language's catalogue comes in two chunks (`@shared/i18n/parts.ts`), compiled like the rest:
 * the first view waits for its language's `first` part only; the `later` part follows once that
 * view is painted, and any other view waits for it before it shows. A language the person switches
 * to comes whole.
 */
const CATALOGUES: Record<Locale, Record<PartName, () => Promise<{ default: Part }>>> = {
  en: {
    first: () => import('@shared/i18n/en.first.json'),
    later: () => import('@shared/i18n/en.later.json')
  },
  sv: { first: () => import('@shared/i18n/sv.first.json'), later: () => import('@shared/i18n/sv.later.json') }
}

/** The parts in the page (`en:first`…): reactive, so what is shown follows when one arrives. */
const loaded = shallowReactive(new Set<string>())
const loading = new Map<string, Promise<void>>()

function loadPart(locale: Locale, part: PartName): Promise<void> {
  const id = `${locale}:${part}`
  if (loaded.has(id)) return Promise.resolve()
  let pending = loading.get(id)
  if (!pending) {
    pending = CATALOGUES[locale][part]().then(
      (module) => {
        // The parts share no namespace: one is added beside the other.
        const tag = INTL_LOCALE[locale]
        i18n.global.setLocaleMessage(tag, { ...i18n.global.getLocaleMessage(tag), ...module.default })
        loaded.add(id)
        loading.delete(id)
      },
      (error: unknown) => {
        // A failed load is tried again by the next call.
        loading.delete(id)
        throw error
      }
    )
    loading.set(id, pending)
  }
  return pending
}

/** Whether the page can speak `locale` as far as it is speaking at all (its first part, and the later one once any language has it). */
export function hasCatalogue(locale: Locale): boolean {
  if (!loaded.has(`${locale}:first`)) return false
  // The first part alone will do until some language is in whole (a switched-to language's later
  // part may arrive before its first: that language is not whole yet).
  return (
    loaded.has(`${locale}:later`) ||
    !LOCALES.some((other) => loaded.has(`${other}:first`) && loaded.has(`${other}:later`))
  )
}

/** Brings the part of a language's catalogue that the first view needs into the page (once). */
export function loadCatalogue(locale: Locale): Promise<void> {
  return loadPart(locale, 'first')
}

/** Brings a language's whole catalogue into the page: for a language switched to, and every view but the first. */
export async function loadWholeCatalogue(locale: Locale): Promise<void> {
  await Promise.all([loadPart(locale, 'first'), loadPart(locale, 'later')])
}

/** The rest of every language the page speaks: before a view other than the first shows. */
export async function completeCatalogues(): Promise<void> {
  await Promise.all(
    LOCALES.filter((locale) => loaded.has(`${locale}:first`)).map((locale) => loadPart(locale, 'later'))
  )
}

/** The language to speak in: the wanted one once its catalogue is in, until then the one there is. */
export function shownLocale(wanted: Locale): Locale {
  return hasCatalogue(wanted) ? wanted : (LOCALES.find((locale) => hasCatalogue(locale)) ?? wanted)
}

export function applyLocale(locale: Locale): void {
  i18n.global.locale.value = INTL_LOCALE[locale]
}
