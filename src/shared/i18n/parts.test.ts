import { describe, expect, it } from 'vitest'
import en from './en.json'
import sv from './sv.json'
import { LATER_NAMESPACES, partOf, pickPart } from './parts'

describe('the catalogue’s two parts', () => {
  it('name only namespaces the catalogue has', () => {
    for (const namespace of LATER_NAMESPACES) expect(Object.keys(en)).toContain(namespace)
  })

  it.each([
    ['en', en],
    ['sv', sv]
  ])('together are the whole catalogue, each namespace in one of them (%s)', (_locale, whole) => {
    const first = pickPart(whole, 'first')
    const later = pickPart(whole, 'later')
    expect({ ...first, ...later }).toEqual(whole)
    for (const namespace of Object.keys(first)) expect(later).not.toHaveProperty(namespace)
    expect(Object.keys(later).sort()).toEqual([...LATER_NAMESPACES].sort())
    expect(partOf('contact')).toBe('first')
    expect(partOf('errors')).toBe('later')
  })
})
