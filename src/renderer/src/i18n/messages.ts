import { validationMessages, type ValidationMessageKey } from '@shared/validation-messages'
import { en, type BaseMessageKey } from './en'
import { listsEn, type ListsKey } from './lists.en'
import { listsSv } from './lists.sv'
import { sv } from './sv'

export type Locale = 'en' | 'sv'
export const LOCALES: readonly Locale[] = ['en', 'sv']
/** Each language names itself, so a person who cannot read the current one still finds theirs. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', sv: 'Svenska' }

/** The app's own texts plus the contact field messages that `src/shared` reports as keys. */
export type MessageKey = BaseMessageKey | ListsKey | ValidationMessageKey
export type MessageParams = Record<string, string | number>

const tables: Record<Locale, Record<MessageKey, string>> = {
  en: { ...en, ...listsEn, ...validationMessages.en },
  sv: { ...sv, ...listsSv, ...validationMessages.sv }
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.hasOwn(tables.en, value)
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const text = tables[locale][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

const STORAGE_KEY = 'hostup-contacts.locale'

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

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
