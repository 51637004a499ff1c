/** Which language the person chose, remembered in the page's storage. */
import { isLocale, type Locale } from '@shared/i18n'

const STORAGE_KEY = 'hostup-contacts.locale'

/** The person's own choice wins; otherwise Swedish for any Swedish system locale (sv, sv-SE, sv-FI). */
export function initialLocale(): Locale {
  const stored = readStoredLocale()
  if (stored) return stored
  return navigator.language.toLowerCase().startsWith('sv') ? 'sv' : 'en'
}

function readStoredLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isLocale(value) ? value : null
  } catch {
    // Storage can be disabled (a hardened profile): fall back to the system language.
    return null
  }
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // Not remembering the choice is harmless: the switch still applies to this session.
  }
}
