import type { MenuItemConstructorOptions } from 'electron'
import { COMMAND_VIEWS, VIEW_SHORTCUTS, type AppCommand } from '../../shared/commands'
import type { Locale, MessageKey, MessageSchema } from '../../shared/i18n'
import { formatMessage } from '../../shared/i18n/format'

export const API_DOCS_URL = 'https://developer.hostup.se/'

export interface MenuOptions {
  isMac: boolean
  isPackaged: boolean
  appName: string
  /** The language the person chose in the app (the menu follows it, not the system's). */
  locale: Locale
  /** Opens a HostUp page in the person's browser; the bootstrap passes its allow-listed opener. */
  openExternal: (url: string) => void
  /** Help → Copy diagnostics: the bootstrap puts them on the clipboard and says so. */
  copyDiagnostics?: () => void
  /** One of the app's own commands was picked: the bootstrap sends it to the page (`app:command`). */
  command: (command: AppCommand) => void
}

type Role = NonNullable<MenuItemConstructorOptions['role']>

/**
 * The application menu, every label from the catalogues. The Edit roles are what make copy and
 * paste work in the window at all on macOS; reload and DevTools exist only in development builds.
 */
export function buildMenuTemplate({
  isMac,
  isPackaged,
  appName,
  locale,
  openExternal,
  copyDiagnostics,
  command
}: MenuOptions): MenuItemConstructorOptions[] {
  const t = (key: MessageKey): string => formatMessage(locale, key, { app: appName })
  const role = (name: Role & keyof MessageSchema['menu']): MenuItemConstructorOptions => ({
    role: name,
    label: t(`menu.${name}`)
  })
  const separator: MenuItemConstructorOptions = { type: 'separator' }
  // The page owns these keys (its own handlers know when a dialog is open, which view is shown):
  // the menu shows the accelerator but leaves the key to the page, so nothing runs twice.
  const app = (label: string, accelerator: string, what: AppCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: false,
    click: () => command(what)
  })
  const settings = app(t('menu.settings'), 'CmdOrCtrl+,', { kind: 'show', view: 'settings' })
  const views = COMMAND_VIEWS.map((name) =>
    app(t(`nav.${name}`), `CmdOrCtrl+${VIEW_SHORTCUTS[name]}`, { kind: 'show', view: name })
  )
  const macApp: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      role('about'),
      separator,
      settings,
      separator,
      role('services'),
      separator,
      role('hide'),
      role('hideOthers'),
      role('unhide'),
      separator,
      role('quit')
    ]
  }
  const file: MenuItemConstructorOptions = {
    label: t('menu.file'),
    submenu: [
      app(t('menu.newContact'), 'CmdOrCtrl+N', { kind: 'show', view: 'newContact' }),
      separator,
      ...(isMac ? [role('close')] : [settings, separator, role('close'), separator, role('quit')])
    ]
  }
  const edit: MenuItemConstructorOptions = {
    label: t('menu.edit'),
    submenu: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      role('pasteAndMatchStyle'),
      role('delete'),
      separator,
      role('selectAll'),
      separator,
      app(t('menu.findInHistory'), 'CmdOrCtrl+F', { kind: 'findInHistory' })
    ]
  }
  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [role('reload'), role('forceReload'), role('toggleDevTools'), separator]
  const view: MenuItemConstructorOptions = {
    label: t('menu.view'),
    submenu: [
      ...views,
      separator,
      app(t('menu.palette'), 'CmdOrCtrl+K', { kind: 'palette' }),
      separator,
      ...developer,
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator,
      role('togglefullscreen')
    ]
  }
  const window: MenuItemConstructorOptions = {
    label: t('menu.window'),
    submenu: isMac
      ? [role('minimize'), role('zoom'), separator, role('front')]
      : [role('minimize'), role('close')]
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: t('menu.help'),
    submenu: [
      app(t('menu.shortcuts'), 'CmdOrCtrl+/', { kind: 'shortcuts' }),
      separator,
      { label: t('menu.apiDocs'), click: () => openExternal(API_DOCS_URL) },
      ...(copyDiagnostics
        ? [separator, { label: t('menu.copyDiagnostics'), click: () => copyDiagnostics() }]
        : [])
    ]
  }
  return [...(isMac ? [macApp] : []), file, edit, view, window, help]
}
