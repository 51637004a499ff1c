import { beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { type Pinia } from 'pinia'
import type { AppCommand } from '@shared/commands'
import { button, settle } from '../testing/dom'
import { mountApp as mountPage } from '../testing/app'
import { testPinia } from '../testing/setup'

let pinia: Pinia
let wrapper: VueWrapper | null = null

async function mountApp(): Promise<VueWrapper> {
  wrapper = (await mountPage(pinia, { seed: (backend) => backend.seedProfile('Acme') })).app
  return wrapper
}

async function press(key: string, modifiers: KeyboardEventInit = { ctrlKey: true }): Promise<KeyboardEvent> {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers })
  ;(document.activeElement ?? document.body).dispatchEvent(event)
  await settle()
  return event
}

const heading = (app: VueWrapper): string => app.find('h1').text()
const current = (app: VueWrapper): string => app.find('[aria-current="page"]').text()

beforeEach(() => {
  pinia = testPinia()
})

describe('Ctrl/⌘ + a digit', () => {
  it('opens the views in the order of the sidebar, 1 to 6', async () => {
    const app = await mountApp()
    const opened: string[] = []
    for (const key of ['2', '3', '4', '5', '6', '1']) {
      const event = await press(key)
      expect(event.defaultPrevented).toBe(true)
      expect(current(app)).toContain(heading(app))
      opened.push(heading(app))
    }
    expect(opened).toEqual(['Drafts', 'Outbox', 'History', 'Settings', 'Import', 'New contact'])
  })

  it('works with ⌘ as with Ctrl', async () => {
    const app = await mountApp()
    await press('5', { metaKey: true })
    expect(heading(app)).toBe('Settings')
  })

  it('leaves a digit alone without the modifier, with Alt or Shift, or beyond the views', async () => {
    const app = await mountApp()
    for (const [key, modifiers] of [
      ['5', {}],
      ['5', { ctrlKey: true, altKey: true }],
      ['5', { ctrlKey: true, shiftKey: true }],
      ['7', { ctrlKey: true }],
      ['0', { ctrlKey: true }]
    ] as const) {
      const event = await press(key, modifiers)
      expect(event.defaultPrevented).toBe(false)
      expect(heading(app)).toBe('New contact')
    }
  })

  it('does nothing while a modal dialog is open, and works again once it is answered', async () => {
    const app = await mountApp()
    await press('5')
    await button(app, 'Delete profile').trigger('click')
    await settle()
    expect(app.find('dialog[open]').exists()).toBe(true)

    const event = await press('1')
    expect(event.defaultPrevented).toBe(false)
    expect(heading(app)).toBe('Settings')

    await button(app, 'Cancel').trigger('click')
    await settle()
    await press('1')
    expect(heading(app)).toBe('New contact')
  })

  it('stops listening when the app is gone', async () => {
    const app = await mountApp()
    app.unmount()
    wrapper = null
    const event = await press('5')
    expect(event.defaultPrevented).toBe(false)
  })
})

describe('Ctrl/⌘ + N and Ctrl/⌘ + ,', () => {
  it('open a new contact and the settings from anywhere', async () => {
    const app = await mountApp()
    await press('4')
    expect(heading(app)).toBe('History')
    const comma = await press(',')
    expect(comma.defaultPrevented).toBe(true)
    expect(heading(app)).toBe('Settings')
    const n = await press('n', { metaKey: true })
    expect(n.defaultPrevented).toBe(true)
    expect(heading(app)).toBe('New contact')
    await press('4')
    await press('N', { ctrlKey: true })
    expect(heading(app)).toBe('New contact')
    // Without the modifier an "n" is just a letter.
    await press('4')
    expect((await press('n', {})).defaultPrevented).toBe(false)
    expect(heading(app)).toBe('History')
  })
})

describe('Ctrl/⌘ + /', () => {
  it('shows every shortcut on one sheet, and hides it again', async () => {
    const app = await mountApp()
    const event = await press('/')
    expect(event.defaultPrevented).toBe(true)
    const sheet = app.find('dialog.shortcut-sheet')
    expect(sheet.find('h2').text()).toBe('Keyboard shortcuts')
    const rows = sheet.findAll('tbody tr').map((r) => r.findAll('td').map((c) => c.text()))
    expect(rows).toContainEqual(['Ctrl+4', 'History'])
    expect(rows).toContainEqual(['Ctrl+N', 'New contact'])
    expect(rows).toContainEqual(['Ctrl+,', 'Settings'])
    expect(rows).toContainEqual(['Ctrl+F', 'Search the history (in History)'])
    // While it is open, the digits do not change the view behind it.
    await press('4')
    expect(heading(app)).toBe('New contact')
    await press('/')
    expect(app.find('dialog.shortcut-sheet').exists()).toBe(false)
    await press('/')
    await button(app, 'Close').trigger('click')
    await settle()
    expect(app.find('dialog.shortcut-sheet').exists()).toBe(false)
  })
})

describe('Ctrl/⌘ + K', () => {
  it('opens the command palette: type, pick with the arrows, Enter runs it', async () => {
    const app = await mountApp()
    expect((await press('k')).defaultPrevented).toBe(true)
    const palette = app.find('dialog.palette')
    const input = palette.find<HTMLInputElement>('input[role="combobox"]')
    expect(document.activeElement).toBe(input.element)
    expect(palette.findAll('[role="option"]').map((o) => o.text())).toEqual(
      expect.arrayContaining(['Go to History', 'Theme: Dark', 'Language: Svenska'])
    )
    await input.setValue('hist')
    expect(palette.findAll('[role="option"]').map((o) => o.text())).toEqual(['Go to History'])
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(heading(app)).toBe('History')
    expect(app.find('dialog.palette').exists()).toBe(false)

    await press('k', { metaKey: true })
    const again = app.find<HTMLInputElement>('dialog.palette input')
    await again.setValue('theme')
    await again.trigger('keydown', { key: 'ArrowDown' })
    await again.trigger('keydown', { key: 'ArrowDown' })
    const selected = app.find('[role="option"][aria-selected="true"]')
    expect(selected.text()).toBe('Theme: Dark')
    expect(again.attributes('aria-activedescendant')).toBe(selected.attributes('id'))
    await again.trigger('keydown', { key: 'Enter' })
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark')
    document.documentElement.removeAttribute('data-theme')

    await press('k')
    await app.find<HTMLInputElement>('dialog.palette input').setValue('zzz')
    expect(app.find('dialog.palette').text()).toContain('No command matches.')
    await press('k')
    expect(app.find('dialog.palette').exists()).toBe(false)
  })
})

describe('the theme from the palette', () => {
  it('is the one Settings shows: its radio follows the command at once', async () => {
    document.documentElement.removeAttribute('data-theme')
    const app = await mountApp()
    await press(',')
    expect(heading(app)).toBe('Settings')
    const checked = () =>
      app.find<HTMLInputElement>('input[name="theme"]:checked').element.parentElement?.textContent?.trim()
    expect(checked()).toBe('As the system')

    await press('k')
    const input = app.find<HTMLInputElement>('dialog.palette input')
    await input.setValue('theme dark')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark')
    expect(checked()).toBe('Dark')
    localStorage.removeItem('hostup-contacts.theme')
    document.documentElement.removeAttribute('data-theme')
  })
})

describe('the application menu’s commands', () => {
  async function mountWithBackend() {
    const mounted = await mountPage(pinia, { seed: (backend) => backend.seedProfile('Acme') })
    wrapper = mounted.app
    const run = async (command: AppCommand): Promise<void> => {
      mounted.backend.emit('app:command', command)
      await settle()
    }
    return { app: mounted.app, run }
  }

  it('open the view they name, as Ctrl/⌘ + its digit does', async () => {
    const { app, run } = await mountWithBackend()
    await run({ kind: 'show', view: 'history' })
    expect(heading(app)).toBe('History')
    await run({ kind: 'show', view: 'import' })
    expect(current(app)).toContain('Import')
    expect(heading(app)).toBe('Import')
  })

  it('Find in History opens History with its search focused, from any view', async () => {
    const { app, run } = await mountWithBackend()
    expect(heading(app)).not.toBe('History')
    await run({ kind: 'findInHistory' })
    await settle()
    expect(heading(app)).toBe('History')
    expect(document.activeElement?.getAttribute('type')).toBe('search')
    // Already there, the focus elsewhere: back into the search.
    ;(document.activeElement as HTMLElement).blur()
    await run({ kind: 'findInHistory' })
    await settle()
    expect(document.activeElement?.getAttribute('type')).toBe('search')
  })

  it('open the command palette and the shortcut sheet, and wait while a dialog asks something', async () => {
    const { app, run } = await mountWithBackend()
    await run({ kind: 'palette' })
    expect(app.find('dialog.palette').exists()).toBe(true)
    await run({ kind: 'shortcuts' })
    expect(app.find('dialog.shortcut-sheet').exists()).toBe(false)
    await press('k')
    expect(app.find('dialog.palette').exists()).toBe(false)
    await run({ kind: 'shortcuts' })
    expect(app.find('dialog.shortcut-sheet').text()).toContain('Keyboard shortcuts')
  })
})
