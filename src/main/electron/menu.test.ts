import { describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import type { AppCommand } from '../../shared/commands'
import { buildMenuTemplate } from './menu'

describe('buildMenuTemplate', () => {
  const roles = (template: ReturnType<typeof buildMenuTemplate>): string[] =>
    template.flatMap((item) => [
      item.role ?? '',
      ...(Array.isArray(item.submenu) ? item.submenu.map((sub) => sub.role ?? '') : [])
    ])
  const base = {
    isMac: false,
    appName: 'HostUp Contacts',
    locale: 'en' as const,
    openExternal: () => undefined,
    command: () => undefined
  }

  it('has no reload or DevTools in a packaged app', () => {
    const packaged = roles(buildMenuTemplate({ ...base, isPackaged: true }))
    expect(packaged).not.toContain('toggleDevTools')
    expect(packaged).not.toContain('reload')
    expect(packaged).not.toContain('forceReload')
    expect(packaged).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']))
  })

  it('offers reload and DevTools while developing', () => {
    expect(roles(buildMenuTemplate({ ...base, isPackaged: false }))).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools'])
    )
  })

  it('has the Edit roles that make copy and paste work', () => {
    const edit = buildMenuTemplate({ ...base, isPackaged: true }).find((item) => item.label === 'Edit')
    const editRoles = Array.isArray(edit?.submenu) ? edit.submenu.map((sub) => sub.role).filter(Boolean) : []
    expect(editRoles).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'pasteAndMatchStyle',
      'delete',
      'selectAll'
    ])
  })

  it('starts with the app menu on macOS only', () => {
    expect(buildMenuTemplate({ ...base, isMac: true, isPackaged: true })[0]?.label).toBe('HostUp Contacts')
    expect(buildMenuTemplate({ ...base, isPackaged: true })[0]?.label).toBe('File')
  })

  it('opens the API documentation through the opener it is given', () => {
    const openExternal = vi.fn()
    const help = buildMenuTemplate({ ...base, isPackaged: true, openExternal }).find(
      (item) => item.role === 'help'
    )
    const docs = Array.isArray(help?.submenu)
      ? help.submenu.find((item) => item.label === 'HostUp API documentation')
      : undefined
    ;(docs?.click as (() => void) | undefined)?.()
    expect(openExternal).toHaveBeenCalledWith('https://developer.hostup.se/')
  })

  it('offers Copy diagnostics under Help when the bootstrap gives it a way to, in both languages', () => {
    const copyDiagnostics = vi.fn()
    const helpOf = (
      template: ReturnType<typeof buildMenuTemplate>
    ): { label?: string; click?: unknown }[] => {
      const help = template.find((item) => item.role === 'help')
      return Array.isArray(help?.submenu) ? help.submenu : []
    }
    expect(
      helpOf(buildMenuTemplate({ ...base, isPackaged: true }))
        .map((item) => item.label)
        .filter(Boolean)
    ).toEqual(['Keyboard Shortcuts', 'HostUp API documentation'])
    const en = helpOf(buildMenuTemplate({ ...base, isPackaged: true, copyDiagnostics }))
    const item = en.find((entry) => entry.label === 'Copy diagnostics')
    ;(item?.click as (() => void) | undefined)?.()
    expect(copyDiagnostics).toHaveBeenCalledTimes(1)
    const sv = helpOf(buildMenuTemplate({ ...base, locale: 'sv', isPackaged: true, copyDiagnostics }))
    expect(sv.map((entry) => entry.label)).toContain('Kopiera diagnostik')
  })

  it('speaks the language the person chose, every label from the catalogue', () => {
    const labels = (template: ReturnType<typeof buildMenuTemplate>): string[] =>
      template.flatMap((item) => [
        item.label ?? '',
        ...(Array.isArray(item.submenu) ? item.submenu.map((sub) => sub.label ?? '') : [])
      ])
    const sv = buildMenuTemplate({ ...base, isMac: true, isPackaged: false, locale: 'sv' })
    expect(sv.map((item) => item.label)).toEqual([
      'HostUp Contacts',
      'Arkiv',
      'Redigera',
      'Visa',
      'Fönster',
      'Hjälp'
    ])
    expect(labels(sv)).toEqual(
      expect.arrayContaining(['Avsluta HostUp Contacts', 'Klistra in', 'HostUps API-dokumentation'])
    )
    // Every item that is not a separator has a label of its own: none is left to Electron's English.
    for (const item of sv.flatMap((i) => (Array.isArray(i.submenu) ? i.submenu : [])))
      if (item.type !== 'separator') expect(item.label, String(item.role)).toMatch(/\S/)
    expect(labels(buildMenuTemplate({ ...base, isPackaged: true }))).not.toContain('Arkiv')
  })

  describe('the app’s own commands', () => {
    const items = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
      template.flatMap((item) => (Array.isArray(item.submenu) ? item.submenu : []))
    const commands = (options: Partial<Parameters<typeof buildMenuTemplate>[0]> = {}) => {
      const picked: AppCommand[] = []
      const template = buildMenuTemplate({
        ...base,
        isPackaged: true,
        ...options,
        command: (c) => void picked.push(c)
      })
      const found = items(template)
        .filter((item) => item.click && item.accelerator)
        .map((item) => {
          ;(item.click as () => void)()
          return { label: item.label, accelerator: item.accelerator, command: picked.at(-1) }
        })
      return { template, found }
    }

    it('offers New contact, every view with its Ctrl/⌘+digit, Find, Settings, the palette and the shortcuts', () => {
      expect(commands().found).toEqual([
        { label: 'New Contact', accelerator: 'CmdOrCtrl+N', command: { kind: 'show', view: 'newContact' } },
        { label: 'Settings…', accelerator: 'CmdOrCtrl+,', command: { kind: 'show', view: 'settings' } },
        { label: 'Find in History', accelerator: 'CmdOrCtrl+F', command: { kind: 'findInHistory' } },
        { label: 'New contact', accelerator: 'CmdOrCtrl+1', command: { kind: 'show', view: 'newContact' } },
        { label: 'Drafts', accelerator: 'CmdOrCtrl+2', command: { kind: 'show', view: 'drafts' } },
        { label: 'Outbox', accelerator: 'CmdOrCtrl+3', command: { kind: 'show', view: 'outbox' } },
        { label: 'History', accelerator: 'CmdOrCtrl+4', command: { kind: 'show', view: 'history' } },
        { label: 'Settings', accelerator: 'CmdOrCtrl+5', command: { kind: 'show', view: 'settings' } },
        { label: 'Import', accelerator: 'CmdOrCtrl+6', command: { kind: 'show', view: 'import' } },
        { label: 'Command Palette…', accelerator: 'CmdOrCtrl+K', command: { kind: 'palette' } },
        { label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', command: { kind: 'shortcuts' } }
      ])
    })

    it('leaves the keys to the page, which handles them itself: nothing runs twice', () => {
      for (const item of items(commands().template).filter((i) => i.accelerator))
        expect(item.registerAccelerator, item.label).toBe(false)
    })

    it('puts Settings in the app menu on macOS, in File elsewhere', () => {
      const mac = commands({ isMac: true }).template
      const labelsOf = (item: MenuItemConstructorOptions | undefined) =>
        Array.isArray(item?.submenu) ? item.submenu.map((i) => i.label) : []
      expect(labelsOf(mac[0])).toContain('Settings…')
      expect(labelsOf(mac.find((i) => i.label === 'File'))).not.toContain('Settings…')
      expect(labelsOf(commands().template.find((i) => i.label === 'File'))).toContain('Settings…')
    })

    it('names them in Swedish', () => {
      expect(commands({ locale: 'sv' }).found.map((c) => c.label)).toEqual([
        'Ny kontakt',
        'Inställningar…',
        'Sök i historiken',
        'Ny kontakt',
        'Utkast',
        'Utkorg',
        'Historik',
        'Inställningar',
        'Importera',
        'Kommandopalett…',
        'Kortkommandon'
      ])
    })
  })
})
