import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DOMWrapper, VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import { accessibleName, button, settle } from '../../testing/dom'
import { type Backend } from '../../testing/backend'
import { ANNA, fill, mountNewContact } from '../../testing/contactForm'
import { useAppStore } from '../../stores/app'
import { testPinia } from '../../testing/setup'

let pinia: Pinia
let view: VueWrapper
let box: DOMWrapper<HTMLInputElement>
let backend: Backend

beforeEach(async () => {
  pinia = testPinia()
  ;({ view, backend } = await mountNewContact(pinia))
  box = view.find<HTMLInputElement>('[role="combobox"]')
})

async function key(name: string, init: KeyboardEventInit = {}): Promise<void> {
  await box.trigger('keydown', { key: name, ...init })
  await settle()
}

async function type(text: string): Promise<void> {
  await box.setValue(text)
  await settle()
}

const options = () => view.findAll('[role="option"]').map((o) => accessibleName(o.element))
const activeOption = () => {
  const id = box.attributes('aria-activedescendant')
  return id ? accessibleName(view.find(`[id="${id}"]`).element) : null
}

describe('the country combobox', () => {
  it('is an ARIA 1.2 combobox labelled "Country" that controls a listbox', async () => {
    expect(accessibleName(view.find(`label[for="${box.attributes('id')}"]`).element)).toBe('Country')
    expect(box.attributes('aria-expanded')).toBe('false')
    const listbox = view.find(`[id="${box.attributes('aria-controls')}"]`)
    expect(listbox.attributes('role')).toBe('listbox')
    expect(box.attributes('placeholder')).toBe('— none —')
  })

  it('opens with ArrowDown: none, then the common Nordic countries, then all of them alphabetically', async () => {
    await key('ArrowDown')
    expect(box.attributes('aria-expanded')).toBe('true')
    const names = options()
    expect(names.slice(0, 5)).toEqual(['— none —', 'Sweden', 'Norway', 'Denmark', 'Finland'])
    const all = names.slice(5)
    expect(all.length).toBe(250)
    expect(all[0]).toBe('Afghanistan')
    expect([...all].sort((a, b) => a.localeCompare(b, 'en'))).toEqual(all)
    expect(view.findAll('[role="group"]').map((g) => g.attributes('aria-labelledby') ?? null)).toHaveLength(3)
    expect(activeOption()).toBe('— none —')
  })

  it('moves with the arrows, Home and End, pointing at options with aria-activedescendant', async () => {
    await key('ArrowDown')
    await key('ArrowDown')
    expect(activeOption()).toBe('Sweden')
    await key('ArrowDown')
    expect(activeOption()).toBe('Norway')
    await key('ArrowUp')
    expect(activeOption()).toBe('Sweden')
    await key('End')
    expect(activeOption()).toBe('Zimbabwe')
    await key('Home')
    expect(activeOption()).toBe('— none —')
    expect(view.find('[aria-selected="true"]').text()).toBe('— none —')
  })

  it('filters to Sweden on "swe", and Enter stores SE', async () => {
    await type('swe')
    expect(box.attributes('aria-expanded')).toBe('true')
    expect(options()).toEqual(['Sweden'])
    await key('Enter')
    expect(box.attributes('aria-expanded')).toBe('false')
    expect(box.element.value).toBe('Sweden')
    await fill(view, ANNA)
    await view.find('form').trigger('submit')
    await vi.waitFor(() => expect(backend.sandbox.contacts).toHaveLength(1))
    expect(backend.sandbox.contacts[0]?.country).toBe('SE')
  })

  it('matches without accents, and by code', async () => {
    await type('aland')
    expect(options()[0]).toBe('Åland Islands')
    await type('cote')
    expect(options()).toContain('Côte d’Ivoire')
    await type('gb')
    expect(options()[0]).toBe('United Kingdom')
  })

  it('closes on Escape and puts back what was there before', async () => {
    await type('nor')
    await key('Enter')
    expect(box.element.value).toBe('Norway')
    await type('den')
    expect(options()).toContain('Denmark')
    await key('Escape')
    expect(box.attributes('aria-expanded')).toBe('false')
    expect(box.element.value).toBe('Norway')
  })

  it('says when nothing matches', async () => {
    await type('qqq')
    expect(options()).toEqual([])
    expect(view.find('.combobox__empty').text()).toBe('No country matches “qqq”')
  })

  it('clears back to none with its clear button', async () => {
    await type('fin')
    await key('Enter')
    await button(view, 'Clear country').trigger('click')
    await settle()
    expect(box.element.value).toBe('')
    expect(document.activeElement).toBe(box.element)
    expect(() => button(view, 'Clear country')).toThrow()
  })

  it('names countries in Swedish, sorted the Swedish way', async () => {
    useAppStore().setLocale('sv')
    await settle()
    await key('ArrowDown')
    expect(options().slice(0, 5)).toEqual(['— inget —', 'Sverige', 'Norge', 'Danmark', 'Finland'])
    const all = options().slice(5)
    // Å, Ä and Ö come last in Swedish, after Z.
    expect(all.at(-1)).toMatch(/^Ö/)
    expect(all.indexOf('Zimbabwe')).toBeLessThan(all.indexOf('Åland'))
    await key('Escape')
    await type('sver')
    await key('Enter')
    expect(box.element.value).toBe('Sverige')
    expect(accessibleName(view.find(`label[for="${box.attributes('id')}"]`).element)).toBe('Land')
  })
})
