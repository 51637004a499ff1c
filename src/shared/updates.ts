/** What the app knows of its own updates, as main tells the renderer (`updates:status`, `updates:changed`). */

/** Why updates are off: the build has no feed, the admin or the environment turned them off, or a dev run. */
export type UpdatesOffReason =
  'no-feed' | 'env' | 'managed' | 'managed-unreadable' | 'not-packaged' | 'no-updater'

export type UpdateState =
  | { state: 'off'; reason: UpdatesOffReason }
  /** Updates are on; nothing is waiting to be installed. */
  | { state: 'idle' }
  /** A new version is downloaded and installs when the person chooses to restart. */
  | { state: 'ready'; version: string; notes: string }

/** Release notes are shown as plain text; this many characters at most. */
export const MAX_NOTES_LENGTH = 2000
