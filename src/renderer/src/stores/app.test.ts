import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAppStore } from './app'
import { createFakeApi } from '../testing/fakeApi'

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('useAppStore', () => {
  it('follows the online state main reports', async () => {
    const fake = createFakeApi()
    window.api = fake.api
    const app = useAppStore()
    await app.init()
    expect(app.online).toBe(true)
    expect(app.info?.name).toBe('HostUp Contacts')
    fake.emit('app:online', { online: false })
    expect(app.online).toBe(false)
    app.dispose()
    fake.emit('app:online', { online: true })
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
})
