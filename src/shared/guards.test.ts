import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { codePoints, isIsoTimestamp, isRealDate } from './guards'

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

describe('isIsoTimestamp', () => {
  // Any two digits, the edges of every range more often than chance would give them.
  const two = fc.oneof(
    fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
    fc.constantFrom('00', '01', '02', '12', '13', '23', '24', '28', '29', '30', '31', '32', '59', '60')
  )
  const timestamp = fc
    .record({
      y: fc.oneof(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        fc.constantFrom('1900', '2000', '2023', '2024')
      ),
      mo: two,
      d: two,
      h: two,
      mi: two,
      s: two,
      fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,9}$/), fc.constant('.000')),
      offset: fc.oneof(
        fc.constant('Z'),
        fc.tuple(fc.constantFrom('+', '-'), two, two).map(([sign, h, m]) => `${sign}${h}:${m}`)
      )
    })
    .map((t) => `${t.y}-${t.mo}-${t.d}T${t.h}:${t.mi}:${t.s}${t.fraction}${t.offset}`)

  it('takes exactly the well-formed instants Date.parse reads, on a day that exists', () => {
    fc.assert(
      fc.property(timestamp, (text) => {
        expect(isIsoTimestamp(text)).toBe(isRealDate(text))
      }),
      { numRuns: 20_000 }
    )
  })

  it('refuses what is out of range or not of the form', () => {
    expect(isIsoTimestamp('2024-02-29T23:59:59.999Z')).toBe(true)
    expect(isIsoTimestamp('2024-12-01T10:00:00+23:59')).toBe(true)
    expect(isIsoTimestamp('2024-12-01T24:00:00Z')).toBe(true)
    for (const bad of [
      '2023-02-29T10:00:00Z',
      '2024-12-01T24:00:01Z',
      '2024-12-01T10:60:00Z',
      '2024-12-01T10:00:60Z',
      '2024-12-01T10:00:00+24:00',
      '2024-12-01T10:00:00-00:60',
      '2024-12-01T10:00:00',
      '2024-12-01',
      20241201
    ]) {
      expect(isIsoTimestamp(bad), String(bad)).toBe(false)
    }
  })
})
