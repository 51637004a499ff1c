import { onBeforeUnmount, onMounted } from 'vue'
import { useAppStore } from '../stores/app'
import { viewForShortcut, type ViewName } from '../views'

/** Beside the digits, the views people reach for by name: Ctrl/⌘+N a new contact, Ctrl/⌘+, settings. */
export const NAMED_SHORTCUTS: Readonly<Record<string, ViewName>> = { n: 'newContact', ',': 'settings' }

/** How the shortcuts read to assistive technology (aria-keyshortcuts): ⌘ on a Mac, Ctrl elsewhere. */
export const SHORTCUT_MODIFIER = /mac/i.test(navigator.platform) ? 'Meta' : 'Control'

/**
 * Ctrl/⌘ + 1…6 opens the view with that shortcut in the views table, Ctrl/⌘+N and Ctrl/⌘+, the
 * new contact and the settings. The one keydown listener for them, installed by App for as long as
 * it is mounted.
 */
export function useViewShortcuts(): void {
  const app = useAppStore()

  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.altKey || event.shiftKey) return
    // As the form's Ctrl/⌘+Enter: either modifier counts.
    if (!event.ctrlKey && !event.metaKey) return
    const view = viewForShortcut(event.key) ?? NAMED_SHORTCUTS[event.key.toLowerCase()]
    if (!view) return
    // A modal dialog is asking something: the page behind it stays as it is until it is answered.
    if (document.querySelector('dialog[open]')) return
    event.preventDefault()
    app.show(view)
  }

  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
