import { DEMO_ACCOUNT, FIRST_CONTACT_ID } from './fixtures'
import type { KeyOptions, SandboxAccount, SandboxContact, Scope } from './types'

export interface KeyRecord {
  scopes: ReadonlySet<Scope>
  account: SandboxAccount
}

export interface Grant {
  id: string
  name: string
  hasAccess: boolean
}

export interface Permissions {
  services: Grant[]
  domains: Grant[]
  dnsZones: Grant[]
  flags: Record<string, boolean>
}

/** Everything the sandbox remembers; one per sandbox, so parallel sandboxes never share state. */
export interface SandboxState {
  keys: Map<string, KeyRecord>
  /** Exposed to tests as is: cleared in place so a held reference stays live. */
  contacts: SandboxContact[]
  permissions: Map<number, Permissions>
  /**
   * HostUp's GET example lists domains and DNS zones as plain names in one place: with this set, the
   * sandbox answers that way (and then takes a name as the ID in a POST).
   */
  itemsAsNames: boolean
  nextId: number
}

export function createState(keys: string[]): SandboxState {
  const state: SandboxState = {
    keys: new Map(),
    contacts: [],
    permissions: new Map(),
    itemsAsNames: false,
    nextId: FIRST_CONTACT_ID
  }
  for (const key of keys) addKey(state, key)
  return state
}

export function addKey(state: SandboxState, key: string, opts: KeyOptions = {}): void {
  state.keys.set(key, {
    scopes: new Set(opts.scopes ?? ['contacts', 'account', 'permissions']),
    account: { ...DEMO_ACCOUNT, ...opts.account }
  })
}

export function clearData(state: SandboxState): void {
  state.contacts.length = 0
  state.permissions.clear()
  state.itemsAsNames = false
  state.nextId = FIRST_CONTACT_ID
}

export function liveContact(state: SandboxState, id: number): SandboxContact | undefined {
  return state.contacts.find((c) => c.id === id && !c.deleted)
}
