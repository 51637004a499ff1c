import { describe, expect, expectTypeOf, it } from 'vitest'
import { en } from './en'
import { listsEn } from './lists.en'
import { listsSv } from './lists.sv'
import { formatRelative } from './lists'

describe('the list screens’ texts', () => {
  it('has every English key in Swedish, none empty, with the same placeholders', () => {
    expectTypeOf(listsSv).toEqualTypeOf<Record<keyof typeof listsEn, string>>()
    expect(Object.keys(listsSv).sort()).toEqual(Object.keys(listsEn).sort())
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of Object.keys(listsEn) as (keyof typeof listsEn)[]) {
      expect(listsSv[key].trim(), key).not.toBe('')
      expect(placeholders(listsSv[key]), key).toEqual(placeholders(listsEn[key]))
    }
  })

  it('can be merged into the app’s tables without overriding any of their texts', () => {
    const clashes = Object.keys(listsEn).filter((key) => Object.hasOwn(en, key))
    expect(clashes).toEqual([])
  })

  it('says how long ago, in the largest unit that fits', () => {
    const now = Date.parse('2026-11-27T10:00:00Z')
    expect(formatRelative('en', '2026-11-27T09:55:00Z', now)).toBe('5 minutes ago')
    expect(formatRelative('sv', '2026-11-26T10:00:00Z', now)).toBe('i går')
    expect(formatRelative('en', '2026-11-27T09:59:58Z', now)).toBe('2 seconds ago')
  })
})
