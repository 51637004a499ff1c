/**
 * The app's words: one catalogue per language (`en.json`, `sv.json`), in vue-i18n's message format.
 * The renderer hands them to vue-i18n, precompiled at build time; main reads them for the menu and
 * for diagnostics. Everything else speaks in keys: an error crosses IPC as a key plus parameters,
 * and only the catalogues turn it into a sentence.
 */
import type en from './en.json'
import type sv from './sv.json'

export type MessageSchema = typeof en

/** Typed against English: a key missing in Swedish fails the typecheck right here. */
type Complete<T extends MessageSchema> = T
export type SwedishCatalogue = Complete<typeof sv>

export type Locale = 'en' | 'sv'
export const LOCALES: readonly Locale[] = ['en', 'sv']
/** Each language names itself, so a person who cannot read the current one still finds theirs. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', sv: 'Svenska' }
/** The conventions behind dates and numbers: English here is a Nordic admin's (24-hour clock, day first). */
export const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE' }

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

/** Every key of the catalogues, as a dotted path: `errors.storage.saveFailed`. */
export type MessageKey = Leaves<MessageSchema>

/** A parameter is plain data, or another message to translate first (a phrase of the sentence). */
export type MessageParam = string | number | { key: MessageKey }
export type MessageParams = Record<string, MessageParam>

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}
