/**
 * Light, dark, or as the operating system says: the person's choice, remembered in the page's
 * storage and applied as `<html data-theme>` (tokens.css pins the colours to it; without it they
 * follow the system).
 */
export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

const STORAGE_KEY = 'hostup-contacts.theme'

const isTheme = (value: unknown): value is Theme => THEMES.includes(value as Theme)

export function storedTheme(): Theme {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isTheme(value) ? value : 'system'
  } catch {
    return 'system'
  }
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement
  if (theme === 'system') root.removeAttribute('data-theme')
  else root.setAttribute('data-theme', theme)
}

/** Applies it now and remembers it for the next start. */
export function chooseTheme(theme: Theme): void {
  applyTheme(theme)
  try {
    if (theme === 'system') localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, theme)
  } catch {
    // Not remembered: it still applies to this session.
  }
}
