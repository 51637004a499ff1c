import { defineAsyncComponent, type Component } from 'vue'
import { VIEW_SHORTCUTS, type CommandView } from '@shared/commands'
import { completeCatalogues, type MessageKey } from './i18n'
import OutboxBadge from './components/outbox/OutboxBadge.vue'
import NewContactView from './views/NewContactView.vue'

/**
 * Every view of the shell, in one table: App renders the current one, the sidebar lists them,
 * and Ctrl/⌘ + a digit opens them. Adding a view is one entry here (and its i18n label).
 */
export interface ViewEntry {
  /** What the main area shows. */
  component: Component
  /** Loads the view's code ahead of its first visit (already there for an eager view). */
  prefetch: () => Promise<unknown>
  /** Its entry in the sidebar, which lists the views by `order`. */
  nav: { label: MessageKey; icon: string; order: number; badge?: Component }
  /** The digit that opens it with Ctrl (⌘ on a Mac): 1…n in nav order. */
  shortcut: string
  /** Kept alive while the person is elsewhere. Only an eager, named component can be. */
  keepAlive?: true
}

type Loaded = Pick<ViewEntry, 'component' | 'prefetch'>

function eager(component: Component): Loaded {
  return { component, prefetch: () => Promise.resolve() }
}

/**
 * A view whose code loads on first need. The import is shared by the component and `prefetch`:
 * once prefetched, the view renders within the same task as the click that opens it.
 */
function lazy(load: () => Promise<{ default: Component }>): Loaded {
  let loading: Promise<Component> | undefined
  const once = (): Promise<Component> =>
    // Its words come with it: the catalogue's later part (see @shared/i18n/parts.ts).
    (loading ??= Promise.all([load(), completeCatalogues()]).then(
      ([module]) => module.default,
      (error: unknown) => {
        // A failed load may succeed later: the next visit tries again.
        loading = undefined
        throw error
      }
    ))
  return { component: defineAsyncComponent(once), prefetch: once }
}

const TABLE = {
  // Eager: it is the usual first view, and its KeepAlive keeps a half-typed contact.
  newContact: {
    ...eager(NewContactView),
    nav: { label: 'nav.newContact', icon: '+', order: 1 },
    shortcut: VIEW_SHORTCUTS.newContact,
    keepAlive: true
  },
  drafts: {
    ...lazy(() => import('./views/DraftsView.vue')),
    nav: { label: 'nav.drafts', icon: '✎', order: 2 },
    shortcut: VIEW_SHORTCUTS.drafts
  },
  outbox: {
    ...lazy(() => import('./views/OutboxView.vue')),
    nav: { label: 'nav.outbox', icon: '⇪', order: 3, badge: OutboxBadge },
    shortcut: VIEW_SHORTCUTS.outbox
  },
  history: {
    ...lazy(() => import('./views/HistoryView.vue')),
    nav: { label: 'nav.history', icon: '☰', order: 4 },
    shortcut: VIEW_SHORTCUTS.history
  },
  settings: {
    ...lazy(() => import('./views/SettingsView.vue')),
    nav: { label: 'nav.settings', icon: '⚙', order: 5 },
    shortcut: VIEW_SHORTCUTS.settings
  },
  // After the others, so their Ctrl/⌘+digits stay as people learnt them.
  import: {
    ...lazy(() => import('./views/ImportView.vue')),
    nav: { label: 'nav.import', icon: '⇩', order: 6 },
    shortcut: VIEW_SHORTCUTS.import
  }
} satisfies Record<CommandView, ViewEntry>

export type ViewName = keyof typeof TABLE

export const VIEWS: Readonly<Record<ViewName, ViewEntry>> = TABLE

export const VIEW_NAMES = Object.keys(VIEWS) as ViewName[]

/** The sidebar's items, in their order. */
export const NAV_ITEMS: readonly ({ view: ViewName; shortcut: string } & ViewEntry['nav'])[] = [...VIEW_NAMES]
  .sort((a, b) => VIEWS[a].nav.order - VIEWS[b].nav.order)
  .map((view) => ({ view, shortcut: VIEWS[view].shortcut, ...VIEWS[view].nav }))

/** The component names App's <KeepAlive include> keeps. */
export const KEPT_ALIVE: string[] = VIEW_NAMES.filter((view) => VIEWS[view].keepAlive).map(
  (view) => VIEWS[view].component.name ?? ''
)

export function viewForShortcut(key: string): ViewName | undefined {
  return VIEW_NAMES.find((view) => VIEWS[view].shortcut === key)
}

/** Loads every lazy view's code, so no first visit waits for it. */
export function prefetchViews(): Promise<unknown> {
  return Promise.allSettled(VIEW_NAMES.map((view) => VIEWS[view].prefetch()))
}
