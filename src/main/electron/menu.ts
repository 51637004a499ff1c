import type { MenuItemConstructorOptions } from 'electron'
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
  copyDiagnostics
}: MenuOptions): MenuItemConstructorOptions[] {
  const t = (key: MessageKey): string => formatMessage(locale, key, { app: appName })
  const role = (name: Role & keyof MessageSchema['menu']): MenuItemConstructorOptions => ({
    role: name,
    label: t(`menu.${name}`)
  })
  const separator: MenuItemConstructorOptions = { type: 'separator' }
  const macApp: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      role('about'),
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
    submenu: isMac ? [role('close')] : [role('close'), separator, role('quit')]
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
      role('selectAll')
    ]
  }
  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [role('reload'), role('forceReload'), role('toggleDevTools'), separator]
  const view: MenuItemConstructorOptions = {
    label: t('menu.view'),
    submenu: [
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
      { label: t('menu.apiDocs'), click: () => openExternal(API_DOCS_URL) },
      ...(copyDiagnostics
        ? [separator, { label: t('menu.copyDiagnostics'), click: () => copyDiagnostics() }]
        : [])
    ]
  }
  return [...(isMac ? [macApp] : []), file, edit, view, window, help]
}
