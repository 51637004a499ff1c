import type { Locale } from '../../i18n'

/**
 * A date as the person writes it in their language: day first in English as a Nordic admin reads it
 * (en-GB, 31/12/2026), year first in Swedish (2026-12-31). Both also take the other's ISO form.
 */
export function formatDay(iso: string, locale: Locale): string {
  if (iso === '') return ''
  const [y, m, d] = iso.split('-')
  return locale === 'sv' ? iso : `${d}/${m}/${y}`
}

const pad = (n: string) => n.padStart(2, '0')

/** The ISO date for what was typed, '' for nothing, or null when it is no real date. */
export function parseDay(text: string, locale: Locale): string | null {
  const value = text.trim()
  if (value === '') return ''
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
  let iso: string | null = match ? `${match[1]}-${pad(match[2]!)}-${pad(match[3]!)}` : null
  if (!iso && locale === 'en') {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value)
    if (match) iso = `${match[3]}-${pad(match[2]!)}-${pad(match[1]!)}`
  }
  if (!iso && locale === 'sv') {
    match = /^(\d{4})(\d{2})(\d{2})$/.exec(value)
    if (match) iso = `${match[1]}-${match[2]}-${match[3]}`
  }
  if (!iso) return null
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? iso : null
}
