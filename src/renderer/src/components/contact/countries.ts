import { COUNTRY_CODES } from '@shared/country-codes'
import { INTL_LOCALE } from '@shared/i18n'
import type { Locale } from '../../i18n'
import { COUNTRY_ALIASES } from './country-aliases'

export interface CountryOption {
  code: string
  name: string
  /** Lower-case, without accents: what typing is matched against. */
  key: string
  /** The same for its name in the app's other language: "sve" finds Sweden in English too. */
  alt: string
  /** The same for its other names ("Czech Republic" for Czechia): matched, never shown. */
  aliases: readonly string[]
}

/** Shown first: the countries nearly every contact of a Nordic host lives in. */
export const COMMON_CODES = ['SE', 'NO', 'DK', 'FI'] as const

/**
 * 'Åland' → 'aland', 'Côte d’Ivoire' → "cote d'ivoire": a person typing without accents, or with
 * the keyboard's straight apostrophe, still finds it.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .toLowerCase()
    .trim()
}

const cache = new Map<Locale, CountryOption[]>()

/**
 * The names the browser itself knows (CLDR's, through `Intl.DisplayNames`): the page downloads no
 * table of names, and they are the ones the person's system uses. A code it cannot name is shown as
 * itself.
 */
function namer(locale: Locale): (code: string) => string {
  const names = new Intl.DisplayNames([INTL_LOCALE[locale]], { type: 'region', fallback: 'code' })
  return (code) => names.of(code) ?? code
}

/** Every code the schema accepts, named in `locale`, sorted the way that language sorts. */
export function countryOptions(locale: Locale): CountryOption[] {
  const cached = cache.get(locale)
  if (cached) return cached
  const name = namer(locale)
  const other = namer(locale === 'sv' ? 'en' : 'sv')
  const collator = new Intl.Collator(INTL_LOCALE[locale])
  const options = COUNTRY_CODES.map((code) => {
    const own = name(code)
    const aliases = (COUNTRY_ALIASES[code] ?? []).map(searchKey)
    return { code, name: own, key: searchKey(own), alt: searchKey(other(code)), aliases }
  }).sort((a, b) => collator.compare(a.name, b.name))
  cache.set(locale, options)
  return options
}

export function countryName(locale: Locale, code: string): string | null {
  return countryOptions(locale).find((o) => o.code === code.toUpperCase())?.name ?? null
}

export function commonCountries(locale: Locale): CountryOption[] {
  const all = countryOptions(locale)
  return COMMON_CODES.map((code) => all.find((o) => o.code === code)).filter((o) => o !== undefined)
}

/**
 * Countries whose name (in either of the app's languages) or code matches what was typed, best
 * first: the exact code, then names that start with it, then names with a word that does, then any
 * other name containing it. A person switching between Swedish and English types either.
 */
export function filterCountries(locale: Locale, query: string): CountryOption[] {
  const q = searchKey(query)
  if (q === '') return countryOptions(locale)
  // -1: no match; the sort is stable, so equal ranks keep the alphabetical order.
  const byName = (key: string): number => {
    if (key.startsWith(q)) return 1
    if (key.split(/[\s,.'()-]+/).some((word) => word.startsWith(q))) return 2
    return key.includes(q) ? 3 : -1
  }
  const rank = (o: CountryOption): number => {
    if (o.code.toLowerCase() === q) return 0
    const ranks = [byName(o.key), byName(o.alt), ...o.aliases.map(byName)].filter((r) => r >= 0)
    return ranks.length === 0 ? -1 : Math.min(...ranks)
  }
  // Among equally good matches the common countries come first: "nor" means Norway, not Norfolk Island.
  const common = (o: CountryOption) => (COMMON_CODES as readonly string[]).includes(o.code)
  return countryOptions(locale)
    .map((option) => ({ option, rank: rank(option) * 2 + (common(option) ? 0 : 1) }))
    .filter((r) => r.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.option)
}

/**
 * What a typed text means when the person leaves the field without picking from the list: a
 * country whose name or code it is exactly, else the text itself (which the schema then refuses).
 */
export function resolveCountry(locale: Locale, text: string): string {
  const q = searchKey(text)
  if (q === '') return ''
  const match = countryOptions(locale).find(
    (o) => o.key === q || o.alt === q || o.aliases.includes(q) || o.code.toLowerCase() === q
  )
  return match ? match.code : text.trim()
}

export interface CountryItem {
  /** Unique in the listbox: a country can be listed twice (under Common and under All). */
  id: string
  code: string
  name: string
}

export interface CountrySection {
  key: 'none' | 'common' | 'all' | 'matches'
  label: string | null
  items: CountryItem[]
}

/**
 * The listbox's content: while the person types, only the matches, best first; otherwise
 * "none", the common countries and then every country.
 */
export function countrySections(
  locale: Locale,
  query: string,
  idPrefix: string,
  labels: { none: string; common: string; all: string }
): CountrySection[] {
  const items = (prefix: string, options: CountryOption[]) =>
    options.map((o) => ({ id: `${idPrefix}-${prefix}-${o.code}`, code: o.code, name: o.name }))
  if (searchKey(query) !== '') {
    return [{ key: 'matches', label: null, items: items('m', filterCountries(locale, query)) }]
  }
  return [
    { key: 'none', label: null, items: [{ id: `${idPrefix}-none`, code: '', name: labels.none }] },
    { key: 'common', label: labels.common, items: items('c', commonCountries(locale)) },
    { key: 'all', label: labels.all, items: items('a', countryOptions(locale)) }
  ]
}
