import { describe, expect, it } from 'vitest'
import countries from 'i18n-iso-countries'
import en from 'i18n-iso-countries/langs/en.json'
import sv from 'i18n-iso-countries/langs/sv.json'
import { commonCountries, countryOptions, filterCountries, resolveCountry, searchKey } from './countries'

describe('country options', () => {
  it('lists every code the contact schema accepts, in both languages', () => {
    const codes = Object.keys(countries.getAlpha2Codes()).sort()
    expect(
      countryOptions('en')
        .map((o) => o.code)
        .sort()
    ).toEqual(codes)
    expect(
      countryOptions('sv')
        .map((o) => o.code)
        .sort()
    ).toEqual(codes)
  })

  it('names the common countries in the UI language', () => {
    expect(commonCountries('en').map((o) => o.name)).toEqual(['Sweden', 'Norway', 'Denmark', 'Finland'])
    expect(commonCountries('sv').map((o) => o.name)).toEqual(['Sverige', 'Norge', 'Danmark', 'Finland'])
  })

  it('uses the names the browser knows (CLDR), in the language shown', () => {
    expect(countryOptions('en').find((o) => o.code === 'US')?.name).toBe('United States')
    expect(countryOptions('sv').find((o) => o.code === 'US')?.name).toBe('USA')
    expect(countryOptions('sv').find((o) => o.code === 'CI')?.name).toBe('Elfenbenskusten')
    expect(countryOptions('en').every((o) => o.name !== o.code)).toBe(true)
  })

  it('sorts with the language’s own rules', () => {
    const sv = countryOptions('sv').map((o) => o.name)
    expect(sv.indexOf('Österrike')).toBeGreaterThan(sv.indexOf('Zimbabwe'))
  })
})

describe('filterCountries', () => {
  it('puts the exact code first, then names that start with the text, Nordic countries before others', () => {
    expect(filterCountries('en', 'no')[0]?.code).toBe('NO')
    expect(filterCountries('en', 'nor')[0]?.code).toBe('NO')
    expect(filterCountries('en', 'swe').map((o) => o.code)).toEqual(['SE'])
  })

  it('matches names in both of the app’s languages: “sve” finds Sweden, “swe” Sverige', () => {
    expect(filterCountries('en', 'sve')[0]).toMatchObject({ code: 'SE', name: 'Sweden' })
    expect(filterCountries('sv', 'swe')[0]).toMatchObject({ code: 'SE', name: 'Sverige' })
    expect(filterCountries('en', 'tysk')[0]?.code).toBe('DE')
    expect(filterCountries('sv', 'germ')[0]?.name).toBe('Tyskland')
    // The code still comes first, and a name in the shown language before the other's.
    expect(filterCountries('sv', 'se')[0]?.code).toBe('SE')
  })

  it('ignores accents and case', () => {
    expect(searchKey('Åland Öst')).toBe('aland ost')
    expect(searchKey('Côte d’Ivoire')).toBe("cote d'ivoire")
    expect(resolveCountry('en', "cote d'ivoire")).toBe('CI')
    expect(filterCountries('sv', 'osterrike')[0]?.name).toBe('Österrike')
  })
})

describe('the names main’s import reads (i18n-iso-countries’), typed into the form', () => {
  countries.registerLocale(en)
  countries.registerLocale(sv)
  const named = ['en', 'sv'].flatMap((language) =>
    Object.entries(countries.getNames(language, { select: 'official' })).map(([code, name]) => ({
      code,
      name
    }))
  )

  it.each(['en', 'sv'] as const)('each resolves to its code and is found by its start (%s)', (locale) => {
    expect(named.length).toBeGreaterThan(480)
    for (const { code, name } of named) {
      expect([name, resolveCountry(locale, name)]).toEqual([name, code])
      expect([name, filterCountries(locale, name.slice(0, 6)).map((o) => o.code)]).toEqual([
        name,
        expect.arrayContaining([code])
      ])
    }
  })

  it('finds Czechia by its old name, and St Lucia by its full one, showing today’s', () => {
    expect(filterCountries('en', 'czech rep')[0]).toMatchObject({ code: 'CZ', name: 'Czechia' })
    expect(filterCountries('en', 'saint lucia')[0]).toMatchObject({ code: 'LC', name: 'St Lucia' })
    expect(resolveCountry('sv', 'Hongkong')).toBe('HK')
  })
})

describe('resolveCountry', () => {
  it('turns an exact name or code into the code and keeps anything else as typed', () => {
    expect(resolveCountry('en', ' sweden ')).toBe('SE')
    expect(resolveCountry('sv', 'sverige')).toBe('SE')
    expect(resolveCountry('en', 'gb')).toBe('GB')
    // Either language's name, whichever the app shows.
    expect(resolveCountry('en', 'Sverige')).toBe('SE')
    expect(resolveCountry('sv', 'Norway')).toBe('NO')
    expect(resolveCountry('en', 'Swe')).toBe('Swe')
    expect(resolveCountry('en', '  ')).toBe('')
  })
})
