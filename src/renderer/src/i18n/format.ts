import type { Locale } from './messages'

// English here means a Nordic admin reading English: a 24-hour clock and day-month order.
const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE' }

export function formatTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso)
  )
}

export function formatDateTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeStyle: 'medium' }).format(
    new Date(iso)
  )
}
