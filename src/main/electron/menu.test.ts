import { describe, expect, it, vi } from 'vitest'
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
    openExternal: () => undefined
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
    const docs = Array.isArray(help?.submenu) ? help.submenu[0] : undefined
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
    expect(helpOf(buildMenuTemplate({ ...base, isPackaged: true })).map((item) => item.label)).toEqual([
      'HostUp API documentation'
    ])
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
})
