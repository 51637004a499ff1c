/** The type guards every boundary uses: written once here, imported everywhere. */

/** IDs of profiles, drafts and history entries; they double as keychain entry names, hence the pattern. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value)
}

/** An object that is not an array: what a JSON object parses to. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** An object literal (or `Object.create(null)`): no class instance, no proxy of one. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/

/**
 * A full ISO 8601 instant with its offset, as `toISOString()` writes it, and a real date: what
 * `Date.parse` takes among the strings of that form, decided by the digits alone (it runs for every
 * entry of a 100,000-entry history, and Date.parse was a tenth of checking one).
 */
export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO_TIMESTAMP.test(value) && isRealDay(value) && isRealTime(value)
}

function digitsAt(value: string, at: number, n: number): number {
  let out = 0
  for (let i = at; i < at + n; i += 1) out = out * 10 + value.charCodeAt(i) - 48
  return out
}

/** Whether a string that starts `YYYY-MM-DD` names a day that exists: Date.parse takes "02-30" as March 1. */
export function isRealDate(value: string): boolean {
  return isRealDay(value) && !Number.isNaN(Date.parse(value))
}

function isRealDay(value: string): boolean {
  // Digit arithmetic rather than slices, and no closure or array per call.
  const y = digitsAt(value, 0, 4)
  const m = digitsAt(value, 5, 2)
  const d = digitsAt(value, 8, 2)
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
  return m >= 1 && m <= 12 && d >= 1 && d <= days
}

/** The `hh:mm:ss` and the offset of a string ISO_TIMESTAMP matched, within their ranges. */
function isRealTime(value: string): boolean {
  const h = digitsAt(value, 11, 2)
  // 24:00:00 (the day's end) is taken by Date.parse with some fractions and not others: let it say.
  if (h >= 24) return h === 24 && !Number.isNaN(Date.parse(value))
  if (digitsAt(value, 14, 2) > 59 || digitsAt(value, 17, 2) > 59) return false
  const sign = value.charCodeAt(value.length - 6)
  // "+hh:mm" or "-hh:mm" ends the string, or a Z does.
  if (sign !== 43 && sign !== 45) return true
  return digitsAt(value, value.length - 5, 2) <= 23 && digitsAt(value, value.length - 2, 2) <= 59
}

const SURROGATE = /[\uD800-\uDFFF]/

/** Counts code points, as a person counts characters: "李" or an emoji is one. */
export function codePoints(value: string): number {
  // Without surrogates every code unit is a code point (the common case, checked per cell in an import).
  if (!SURROGATE.test(value)) return value.length
  let count = 0
  for (const _ of value) count++
  return count
}
