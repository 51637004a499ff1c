import { describe, expect, it } from 'vitest'
import countries from 'i18n-iso-countries'
import { COUNTRY_CODES, isCountryCode } from './country-codes'

describe('the country codes', () => {
  it('are the alpha-2 codes i18n-iso-countries knows, which main’s import reads names with', () => {
    expect([...COUNTRY_CODES].sort()).toEqual(Object.keys(countries.getAlpha2Codes()).sort())
    expect(new Set(COUNTRY_CODES).size).toBe(COUNTRY_CODES.length)
  })

  it('are matched exactly: upper case, two letters', () => {
    expect(isCountryCode('SE')).toBe(true)
    expect(isCountryCode('se')).toBe(false)
    expect(isCountryCode('SWE')).toBe(false)
    expect(isCountryCode('')).toBe(false)
    expect(isCountryCode('QQ')).toBe(false)
  })
})
