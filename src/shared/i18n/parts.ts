/**
 * The page's catalogue in two parts, cut by the build from each language's one file (`en.json`,
 * `sv.json`; the vite plugin `scripts/catalogue-parts.ts`): `first`, what the contact form and the
 * shell around it show when the app opens, and `later`, everything else (the other views, dialogs
 * opened on demand, error messages, main's own menu and diagnostics), fetched once the first view
 * is painted and before any other view opens. A namespace is one top-level key of the catalogue.
 * A test mounts the app with the first part alone and fails on any key it lacks.
 */
export type CataloguePart = 'first' | 'later'

export const LATER_NAMESPACES: readonly string[] = [
  'apiKey',
  'badge',
  'batch',
  'color',
  'diagnostics',
  'drafts',
  'editor',
  'errors',
  'history',
  'import',
  'importView',
  'key',
  'language',
  'lists',
  'menu',
  'outbox',
  'outboxState',
  'profiles',
  'settings',
  'shortcuts',
  'updates',
  'verify'
]

const later = new Set(LATER_NAMESPACES)

export function partOf(namespace: string): CataloguePart {
  return later.has(namespace) ? 'later' : 'first'
}

/** The namespaces of `catalogue` that belong to `part`, in the catalogue's order. */
export function pickPart<T extends object>(catalogue: T, part: CataloguePart): Partial<T> {
  return Object.fromEntries(
    Object.entries(catalogue).filter(([namespace]) => partOf(namespace) === part)
  ) as Partial<T>
}
