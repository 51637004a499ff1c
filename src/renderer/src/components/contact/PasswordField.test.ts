import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import { button, settle, textbox } from '../../testing/dom'
import { ANNA, PASSWORD, fill, mountNewContact } from '../../testing/contactForm'
import { useAppStore } from '../../stores/app'
import { contactSchema } from '@shared/contact'
import { testPinia } from '../../testing/setup'

let pinia: Pinia
let view: VueWrapper

beforeEach(async () => {
  pinia = testPinia()
  view = (await mountNewContact(pinia)).view
})

const password = () => textbox(view, 'Password')

describe('the password field', () => {
  it('is masked until shown, with a toggle that says what it will do', async () => {
    expect(password().attributes('type')).toBe('password')
    const show = button(view, 'Show password')
    expect(show.attributes('aria-pressed')).toBe('false')
    await show.trigger('click')
    expect(password().attributes('type')).toBe('text')
    expect(button(view, 'Hide password').attributes('aria-pressed')).toBe('true')
    await button(view, 'Hide password').trigger('click')
    expect(password().attributes('type')).toBe('password')
  })

  it('generates a valid 20-character password into the field and shows it', async () => {
    await button(view, 'Generate password').trigger('click')
    await settle()
    const value = password().element.value
    expect([...value]).toHaveLength(20)
    expect(() => contactSchema.validateSyncAt('password', { password: value })).not.toThrow()
    expect(password().attributes('type')).toBe('text')
    expect(view.find('.strength__text').text()).toBe('Strength: Strong')
  })

  it('rates strength politely, by length and kinds of character', async () => {
    const live = view.find('.strength__text')
    expect(live.attributes('aria-live')).toBe('polite')
    expect(live.text()).toBe('')
    await password().setValue('abcdefgh')
    expect(live.text()).toBe('Strength: Weak')
    await password().setValue('Sommar2026x')
    expect(live.text()).toBe('Strength: Fair')
    useAppStore().setLocale('sv')
    await settle()
    expect(live.text()).toBe('Styrka: Godtagbart')
    expect(() => button(view, 'Visa lösenord')).not.toThrow()
    expect(() => button(view, 'Skapa lösenord')).not.toThrow()
    expect(() => button(view, 'Kopiera lösenord')).not.toThrow()
  })

  it('copies the password, and says plainly when the clipboard refuses', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } })
    await password().setValue(PASSWORD)
    await button(view, 'Copy password').trigger('click')
    await settle()
    expect(writeText).toHaveBeenCalledWith(PASSWORD)
    expect(view.find('.password__tools [role="status"]').text()).toBe('Copied')

    writeText.mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'))
    await button(view, 'Copy password').trigger('click')
    await settle()
    expect(view.find('.password__tools [role="status"]').text()).toBe(
      'Couldn’t copy. Select the text and copy it yourself.'
    )
  })

  it('never lets the password into a store, localStorage or the page’s markup', async () => {
    await fill(view, ANNA)
    await button(view, 'Show password').trigger('click')
    await view.find('form').trigger('submit')
    await vi.waitFor(() => expect(view.find('h2').text()).toContain('Contact created'))
    expect(JSON.stringify(pinia.state.value)).not.toContain(PASSWORD)
    expect(JSON.stringify(localStorage)).not.toContain(PASSWORD)
    expect(document.documentElement.outerHTML).not.toContain(PASSWORD)
  })
})
