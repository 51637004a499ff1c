/**
 * The catalogues as plain text, for the few readers outside the page: main's menu and diagnostics,
 * and tests. (The renderer never imports this: vue-i18n gets the catalogues precompiled.)
 */
import en from './en.json'
import sv from './sv.json'
import type { Locale, MessageKey, MessageParams, MessageSchema } from './index'

const catalogues: Record<Locale, MessageSchema> = { en, sv }

function lookup(locale: Locale, key: string): string | undefined {
  let node: unknown = catalogues[locale]
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && lookup('en', value) !== undefined
}

/**
 * A message as vue-i18n renders it: `{name}` parameters (a `{ key }` parameter translated first),
 * `{'@'}` literals, and `one | other` plurals chosen by the `count` parameter.
 */
export function formatMessage(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const text = lookup(locale, key) ?? key
  const values: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) {
    values[name] = typeof value === 'object' ? formatMessage(locale, value.key) : String(value)
  }
  const forms = splitPlural(text)
  const count = params.count
  const form =
    forms.length === 1 || typeof count !== 'number'
      ? forms[0]
      : forms.length === 2
        ? forms[count === 1 ? 0 : 1]
        : forms[Math.min(count, 2)]
  return (form ?? '').replace(
    /\{(?:'([^']*)'|(\w+))\}/g,
    (whole, literal: string | undefined, name: string) =>
      literal !== undefined ? literal : (values[name] ?? whole)
  )
}

/** vue-i18n's plural separator is a `|` outside a `{'…'}` literal. */
function splitPlural(text: string): string[] {
  const forms: string[] = []
  let current = ''
  let inLiteral = false
  for (let i = 0; i < text.length; i += 1) {
    if (text.startsWith("{'", i)) inLiteral = true
    else if (inLiteral && text.startsWith("'}", i)) inLiteral = false
    const ch = text.charAt(i)
    if (ch === '|' && !inLiteral) {
      forms.push(current.trim())
      current = ''
    } else current += ch
  }
  forms.push(current.trim())
  return forms
}
