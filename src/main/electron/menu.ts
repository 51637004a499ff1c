import type { MenuItemConstructorOptions } from 'electron'

export const API_DOCS_URL = 'https://developer.hostup.se/'

export interface MenuOptions {
  isMac: boolean
  isPackaged: boolean
  appName: string
  /** Opens a HostUp page in the person's browser; the bootstrap passes its allow-listed opener. */
  openExternal: (url: string) => void
}

/**
 * The application menu. The Edit roles are what make copy and paste work in the window at all
 * on macOS; reload and DevTools exist only in development builds.
 */
export function buildMenuTemplate({
  isMac,
  isPackaged,
  appName,
  openExternal
}: MenuOptions): MenuItemConstructorOptions[] {
  const macApp: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' }
    ]
  }
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: isMac ? [{ role: 'close' }] : [{ role: 'close' }, { type: 'separator' }, { role: 'quit' }]
  }
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'pasteAndMatchStyle' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' }
    ]
  }
  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' }
    ]
  }
  const window: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }]
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'HostUp API documentation', click: () => openExternal(API_DOCS_URL) }]
  }
  return [...(isMac ? [macApp] : []), file, edit, view, window, help]
}
