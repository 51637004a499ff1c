import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { UpdatesOffReason } from '../../shared/updates'

declare global {
  // What electron-vite bakes into the main bundle at build time (variables named MAIN_VITE_*).
  interface ImportMetaEnv {
    /** The generic update feed (https); unset: the build never looks for updates. */
    readonly MAIN_VITE_UPDATE_FEED_URL?: string
  }
  interface ImportMeta {
    readonly env: ImportMetaEnv
  }
}

/** Whether this run looks for updates, and where: decided once at start. */
export type UpdatePolicy = { enabled: true; feedUrl: string } | { enabled: false; reason: UpdatesOffReason }

/** What an admin's managed setting file says: absent, updates allowed or not, or unreadable. */
export type ManagedSetting = 'absent' | 'allowed' | 'disabled' | 'unreadable'

export const DISABLE_ENV = 'HOSTUP_DISABLE_UPDATES'
export const POLICY_FILE = 'policy.json'

/**
 * Where an admin puts the managed setting (one file for every user of the machine, writable only
 * by an administrator): `{ "updates": false }` turns updates off.
 */
export function managedPolicyPath(
  platform: string,
  env: Readonly<Record<string, string | undefined>>
): string {
  if (platform === 'win32')
    return join(env['ProgramData'] ?? 'C:\\ProgramData', 'HostUp Contacts', POLICY_FILE)
  if (platform === 'darwin') return join('/Library/Application Support/HostUp Contacts', POLICY_FILE)
  return join('/etc/hostup-contacts', POLICY_FILE)
}

/**
 * Reads the managed setting file. A file that is there but cannot be read or understood counts as
 * "updates off": an admin who wrote one meant to manage updates.
 */
export function readManagedSetting(path: string, read: (path: string) => string = readText): ManagedSetting {
  let text: string
  try {
    text = read(path)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unreadable'
  }
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'unreadable'
    const updates = (parsed as Record<string, unknown>)['updates']
    if (updates === undefined || updates === true) return 'allowed'
    return updates === false ? 'disabled' : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

function readText(path: string): string {
  return readFileSync(path, 'utf8')
}

/** Any value but empty, `0` or `false` turns updates off. */
function envDisables(value: string | undefined): boolean {
  if (value === undefined) return false
  const v = value.trim().toLowerCase()
  return v !== '' && v !== '0' && v !== 'false'
}

export interface PolicyInput {
  /** The generic feed's URL, baked into the build (`MAIN_VITE_UPDATE_FEED_URL`); empty or unset: off. */
  feedUrl: string | undefined
  env: Readonly<Record<string, string | undefined>>
  managed: ManagedSetting
  isPackaged: boolean
}

/** Off unless the build has an https feed, the app is packaged, and neither the admin nor the environment says no. */
export function updatePolicy(input: PolicyInput): UpdatePolicy {
  if (input.managed === 'disabled') return { enabled: false, reason: 'managed' }
  if (input.managed === 'unreadable') return { enabled: false, reason: 'managed-unreadable' }
  if (envDisables(input.env[DISABLE_ENV])) return { enabled: false, reason: 'env' }
  const feedUrl = input.feedUrl?.trim() ?? ''
  if (!feedUrl || !isHttpsUrl(feedUrl)) return { enabled: false, reason: 'no-feed' }
  if (!input.isPackaged) return { enabled: false, reason: 'not-packaged' }
  return { enabled: true, feedUrl }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}
