import { describe, expect, it } from 'vitest'
import { accountOwner, profileInitials } from './profile'

describe('profileInitials', () => {
  it('takes the first letters of the first and last words, or two of a single word', () => {
    expect(profileInitials('Bolaget i Norr')).toBe('BN')
    expect(profileInitials('Acme AB')).toBe('AA')
    expect(profileInitials('acme')).toBe('AC')
    expect(profileInitials('Åkeri & Öst')).toBe('ÅÖ')
  })

  it('skips punctuation and gives a placeholder for a name without letters or digits', () => {
    expect(profileInitials('  (Kund) 42  ')).toBe('K4')
    expect(profileInitials('—')).toBe('?')
  })
})

describe('accountOwner', () => {
  const account = {
    id: '1',
    firstname: 'Anna',
    lastname: 'Svensson',
    companyname: 'Acme AB',
    email: 'a@b.se'
  }
  const at = '2026-12-01T09:00:00.000Z'

  it('names the person whose account the key opened, else the company', () => {
    expect(accountOwner({ state: 'verified', account, at })).toBe('Anna Svensson')
    expect(
      accountOwner({ state: 'verified', account: { ...account, firstname: '', lastname: '' }, at })
    ).toBe('Acme AB')
  })

  it('knows no owner for a refused key, an account without details or no check', () => {
    expect(accountOwner({ state: 'refused', at })).toBeNull()
    expect(accountOwner({ state: 'verified', account: null, at })).toBeNull()
    expect(accountOwner(undefined)).toBeNull()
  })
})
