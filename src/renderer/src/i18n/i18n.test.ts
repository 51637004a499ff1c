import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '@shared/result'
import { useAppStore } from '../stores/app'
import { useI18n } from './index'

function inLocale(locale: 'en' | 'sv') {
  useAppStore().setLocale(locale)
  return useI18n()
}

describe('useI18n', () => {
  it('fills named placeholders in the person’s language', () => {
    expect(inLocale('en').t('badge.keySet', { hint: 'a1b2' })).toBe('Key set (…a1b2)')
    expect(inLocale('sv').t('profiles.deleteTitle', { name: 'Acme' })).toBe('Ta bort profilen ”Acme”?')
  })

  it('picks the plural form and writes the count in the language’s digits', () => {
    const sv = inLocale('sv')
    expect(sv.tp('nav.outboxDecisions', 1)).toBe('1 behöver ditt beslut')
    expect(sv.tp('history.count', 12_345)).toMatch(/^12\u00a0345 /)
    expect(inLocale('en').tp('history.count', 12_345)).toMatch(/^12,345 /)
  })

  it('says an error by its own key and parameters, a phrase parameter translated first, then its cause', () => {
    const { errorMessage } = inLocale('sv')
    expect(
      errorMessage({
        code: 'timeout',
        message: 'errors.hostup.timeout',
        params: { host: 'cloud.hostup.se', count: 15, next: { key: 'errors.hostup.next.create' } }
      })
    ).toBe(
      'Inget fullständigt svar kom från cloud.hostup.se inom 15 sekunder. Det är okänt om kontakten skapades: kontrollera kontot i HostUps kontrollpanel innan du skickar den igen.'
    )
    expect(
      errorMessage({
        code: 'storage',
        message: 'errors.outbox.notRecorded',
        params: { id: 14087 },
        because: { code: 'storage', message: 'errors.code.storage' }
      })
    ).toMatch(/^Kontakten skapades \(ID 14087\) men .* Appen kunde inte läsa eller skriva/)
  })

  it('has a sentence for every error code, different in Swedish', () => {
    const en = inLocale('en')
    const english = ERROR_CODES.map((code) => en.errorMessage({ code, message: `errors.code.${code}` }))
    const sv = inLocale('sv')
    ERROR_CODES.forEach((code, i) =>
      expect(sv.errorMessage({ code, message: `errors.code.${code}` })).not.toBe(english[i])
    )
  })

  it('shows a schema’s field message, and never text that is not a key', () => {
    const { fieldMessage } = inLocale('en')
    expect(fieldMessage('contact.email.invalid')).toBe('Enter a valid e-mail address, e.g. anna@example.com')
    expect(fieldMessage('Some English the server sent')).toBe('This value is not valid.')
  })

  it('writes dates day first, on a 24-hour clock, and says how long ago', () => {
    const en = inLocale('en')
    expect(en.dateTime('2026-11-27T14:05:00.000Z')).toMatch(/27 Nov 2026/)
    const now = Date.parse('2026-11-27T10:00:00Z')
    expect(en.relative('2026-11-27T09:55:00Z', now)).toBe('5 minutes ago')
    expect(inLocale('sv').relative('2026-11-26T10:00:00Z', now)).toBe('i går')
  })
})
