import { describe, expect, it } from 'vitest'
import { contactSchema } from '@shared/contact'
import {
  GENERATED_LENGTH,
  PASSWORD_CLASSES,
  generatePassword,
  passwordStrength,
  randomIndex
} from './password'

describe('generatePassword', () => {
  it('makes 200 passwords that all pass the contact schema and hold all four kinds of character', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const password = generatePassword()
      seen.add(password)
      expect([...password]).toHaveLength(GENERATED_LENGTH)
      expect(() => contactSchema.validateSyncAt('password', { password })).not.toThrow()
      for (const chars of Object.values(PASSWORD_CLASSES))
        expect(
          [...password].some((c) => chars.includes(c)),
          `${password} lacks one of ${chars}`
        ).toBe(true)
    }
    expect(seen.size).toBe(200)
  })

  it('leaves out characters that are easily mistaken for one another', () => {
    const all = Array.from({ length: 50 }, () => generatePassword()).join('')
    expect(all).not.toMatch(/[Il1O0o|`'"\\ ]/)
  })

  it('uses Web Crypto, not Math.random', () => {
    const original = Math.random
    Math.random = () => {
      throw new Error('Math.random is not for passwords')
    }
    try {
      expect(generatePassword()).toHaveLength(GENERATED_LENGTH)
    } finally {
      Math.random = original
    }
  })
})

describe('randomIndex', () => {
  it('draws again instead of folding the top of the range (no modulo bias)', () => {
    // 2^32 is 4 mod 6: the last four values would favour 0..3, so they must be redrawn.
    const draws = [2 ** 32 - 1, 2 ** 32 - 4, 2 ** 32 - 5]
    const source = (buffer: Uint32Array<ArrayBuffer>) => {
      buffer[0] = draws.shift()!
      return buffer
    }
    expect(randomIndex(6, source)).toBe((2 ** 32 - 5) % 6)
    expect(draws).toHaveLength(0)
  })

  it('stays in range', () => {
    for (let i = 0; i < 1000; i++) expect(randomIndex(7)).toBeLessThan(7)
  })
})

describe('passwordStrength', () => {
  it.each([
    ['', null],
    ['abcdefgh', 'weak'],
    ['abcdefghijklmnop', 'weak'],
    ['Sommar2026x', 'fair'],
    ['Sommar-2026-x', 'strong'],
    ['correct horse battery staple', 'strong'],
    [generatePassword(), 'strong']
  ])('rates %j as %s', (password, expected) => {
    expect(passwordStrength(password)).toBe(expected)
  })
})
