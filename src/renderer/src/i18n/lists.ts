import { useI18n, type Locale, type MessageKey } from './index'
import type { MessageParams } from './messages'
import { listsEn, type ListsKey } from './lists.en'
import { listsSv } from './lists.sv'

export type { ListsKey } from './lists.en'

const tables: Record<Locale, Record<ListsKey, string>> = { en: listsEn, sv: listsSv }

/** Keys `k` with both `k.one` and `k.other`: what `tp` can count. */
export type PluralKey = {
  [K in ListsKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends ListsKey ? Base : never) : never
}[ListsKey]

// English here means a Nordic admin reading English: a 24-hour clock and day-month order.
const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE' }

// Made once per locale: a history row renders a date, and a formatter costs far more than a format.
const cache = new Map<
  string,
  Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.PluralRules
>()
function cached<
  T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.PluralRules
>(id: string, make: () => T): T {
  let found = cache.get(id) as T | undefined
  if (!found) cache.set(id, (found = make()))
  return found
}

export function isListsKey(key: string): key is ListsKey {
  return Object.hasOwn(listsEn, key)
}

export function translateLists(locale: Locale, key: ListsKey, params?: MessageParams): string {
  const text = tables[locale][key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

export function formatCount(locale: Locale, value: number): string {
  const id = `n:${locale}`
  return cached(id, () => new Intl.NumberFormat(INTL_LOCALE[locale])).format(value)
}

/** Date and time to the minute: what a list row needs. */
export function formatShortDateTime(locale: Locale, iso: string): string {
  const id = `dt:${locale}`
  const format = cached(
    id,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'medium', timeStyle: 'short' })
  )
  return format.format(new Date(iso))
}

export function formatLongDateTime(locale: Locale, iso: string): string {
  const id = `dtl:${locale}`
  const format = cached(
    id,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'full', timeStyle: 'medium' })
  )
  return format.format(new Date(iso))
}

export function formatClock(locale: Locale, iso: string): string {
  const id = `t:${locale}`
  const format = cached(id, () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeStyle: 'short' }))
  return format.format(new Date(iso))
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity]
]

/** "5 minutes ago", "i går": the largest unit that fits, in the UI's language. */
export function formatRelative(locale: Locale, iso: string, now: number = Date.now()): string {
  const format = cached(
    `r:${locale}`,
    () => new Intl.RelativeTimeFormat(INTL_LOCALE[locale], { numeric: 'auto' })
  )
  let amount = (Date.parse(iso) - now) / 1000
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit)
    amount /= size
  }
  return format.format(Math.round(amount), 'year')
}

/**
 * The translator of the list screens: their own table first, then the app's (shared labels such as
 * the contact fields and the unknown-outcome choices keep the form's exact wording). Once the lead
 * merges `listsEn` into the app's tables this stays a thin layer for plurals and formats.
 */
export function useListsI18n() {
  const base = useI18n()
  const { locale } = base

  function t(key: ListsKey | MessageKey, params?: MessageParams): string {
    return isListsKey(key) ? translateLists(locale.value, key, params) : base.t(key, params)
  }

  /** `count` is formatted for the locale and also available to the text as `{count}`. */
  function tp(key: PluralKey, count: number, params: MessageParams = {}): string {
    const rules = cached(`p:${locale.value}`, () => new Intl.PluralRules(INTL_LOCALE[locale.value]))
    const form = rules.select(count) === 'one' ? 'one' : 'other'
    const full = `${key}.${form}` as ListsKey
    return translateLists(locale.value, full, { ...params, count: formatCount(locale.value, count) })
  }

  /** How a contact is named in lists and dialogs; a draft may not have a name yet. */
  function nameOf(fields: { firstname: string; lastname: string }): string {
    return `${fields.firstname.trim()} ${fields.lastname.trim()}`.trim() || t('drafts.unnamed')
  }

  return {
    t,
    tp,
    nameOf,
    locale,
    errorMessage: base.errorMessage,
    fieldMessage: base.fieldMessage,
    count: (value: number) => formatCount(locale.value, value),
    dateTime: (iso: string) => formatShortDateTime(locale.value, iso),
    longDateTime: (iso: string) => formatLongDateTime(locale.value, iso),
    clock: (iso: string) => formatClock(locale.value, iso),
    relative: (iso: string, now?: number) => formatRelative(locale.value, iso, now)
  }
}
