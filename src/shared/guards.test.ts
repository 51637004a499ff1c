import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codePoints } from './guards'

describe('codePoints', () => {
  it('counts what iterating the string counts, lone surrogates and pairs alike', () => {
    const unit = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('\uD83D', '\uDE00', '😀', '李', 'a')
    )
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 6 }), (parts) => {
        const text = parts.join('')
        expect(codePoints(text)).toBe([...text].length)
      })
    )
    expect(codePoints('Åsa 李 😀')).toBe(7)
  })
})
