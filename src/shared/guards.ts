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

/** A full ISO 8601 instant with its offset, as `toISOString()` writes it, and a real date. */
export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO_TIMESTAMP.test(value) && isRealDate(value)
}

function digitsAt(value: string, at: number, n: number): number {
  let out = 0
  for (let i = at; i < at + n; i += 1) out = out * 10 + value.charCodeAt(i) - 48
  return out
}

/** Whether a string that starts `YYYY-MM-DD` names a day that exists: Date.parse takes "02-30" as March 1. */
export function isRealDate(value: string): boolean {
  // Digit arithmetic rather than slices, and no closure or array per call: this runs for every
  // entry of a 100,000-entry history.
  const y = digitsAt(value, 0, 4)
  const m = digitsAt(value, 5, 2)
  const d = digitsAt(value, 8, 2)
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
  return m >= 1 && m <= 12 && d >= 1 && d <= days && !Number.isNaN(Date.parse(value))
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
