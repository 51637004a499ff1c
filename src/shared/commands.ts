/**
 * The app's own commands that the application menu offers: main sends one as the `app:command`
 * event and the page does what the same keyboard shortcut does there.
 */

/** The views, in the sidebar's order, with the digit that opens each with Ctrl/⌘ (1…6). */
export const VIEW_SHORTCUTS = {
  newContact: '1',
  drafts: '2',
  outbox: '3',
  history: '4',
  settings: '5',
  import: '6'
} as const

export type CommandView = keyof typeof VIEW_SHORTCUTS

export const COMMAND_VIEWS = Object.keys(VIEW_SHORTCUTS) as CommandView[]

export type AppCommand =
  /** Opens a view (Ctrl/⌘+digit; New contact also Ctrl/⌘+N, Settings also Ctrl/⌘+,). */
  | { kind: 'show'; view: CommandView }
  /** History, its search field focused (Ctrl/⌘+F there). */
  | { kind: 'findInHistory' }
  /** The command palette (Ctrl/⌘+K). */
  | { kind: 'palette' }
  /** The sheet of keyboard shortcuts (Ctrl/⌘+/). */
  | { kind: 'shortcuts' }
