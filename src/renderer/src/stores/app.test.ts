import { describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAppStore } from './app'
import { openBackend } from '../testing/backend'

describe('useAppStore', () => {
  it('follows the online state main reports', async () => {
    const backend = await openBackend()
    const app = useAppStore()
    await app.init()
    expect(app.online).toBe(true)
    expect(app.info?.name).toBe('HostUp Contacts')
    backend.setOnline(false)
    expect(app.online).toBe(false)
    app.dispose()
    backend.setOnline(true)
    expect(app.online).toBe(false)
  })

  it('starts in Swedish on a Swedish system and in English otherwise', () => {
    const language = Object.getOwnPropertyDescriptor(Navigator.prototype, 'language')
    try {
      Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'sv-FI' })
      expect(useAppStore().locale).toBe('sv')
      setActivePinia(createPinia())
      Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'nb-NO' })
      expect(useAppStore().locale).toBe('en')
    } finally {
      delete (navigator as { language?: string }).language
      if (language) Object.defineProperty(Navigator.prototype, 'language', language)
    }
  })

  it('prefers the language the person chose and marks the document with it', () => {
    useAppStore().setLocale('sv')
    setActivePinia(createPinia())
    const app = useAppStore()
    expect(app.locale).toBe('sv')
    expect(document.documentElement.lang).toBe('sv')
    app.setLocale('en')
    expect(localStorage.getItem('hostup-contacts.locale')).toBe('en')
  })

  it('tells main the language, so its menu speaks it too', async () => {
    const backend = await openBackend()
    const app = useAppStore()
    app.setLocale('sv')
    await Promise.resolve()
    expect(backend.callsTo('app:setLocale').at(-1)).toEqual({ locale: 'sv' })
  })
})
