/**
 * The renderer's reading of permission sets: how the switches are grouped on screen, what a preset
 * is called, and which preset (if any) a set is. The rules of what a set means are in
 * `@shared/permissions`; nothing here decides what HostUp is sent.
 */
import {
  builtInSet,
  isBuiltInPreset,
  PERMISSION_LISTS,
  PERMISSION_FLAGS,
  type Grant,
  type ItemChoice,
  type PermissionChoice,
  type PermissionFlag,
  type PermissionList,
  type PermissionPreset,
  type PermissionSet
} from '@shared/permissions'
import type { MessageKey } from '@shared/i18n'

/** What a set becomes once the person changes a switch: no preset's any more. */
export const CUSTOM = 'custom'

export interface FlagGroup {
  id: 'billing' | 'support' | 'access'
  flags: readonly PermissionFlag[]
}

/** The ten switches as an admin thinks of them: money, tickets, and what they may reach. */
export const FLAG_GROUPS: readonly FlagGroup[] = [
  { id: 'billing', flags: ['canViewInvoices', 'canReceiveInvoices', 'canPlaceOrders'] },
  {
    id: 'support',
    flags: ['canOpenTickets', 'canViewTickets', 'canCloseTickets', 'canReceiveTicketEmails']
  },
  { id: 'access', flags: ['accessAllVps', 'accessAllHosting', 'accessAllDomains'] }
]

/** The account's own lists, or null before HostUp can list them (no contact exists yet). */
export type ItemLists = Record<PermissionList, Grant[]>

export function noneChoice(): PermissionChoice {
  return { presetId: 'none', name: '', set: builtInSet('none') }
}

/** A plain copy of a set (no Vue proxy, which `structuredClone` refuses), fit to change or to cross IPC. */
export function cloneSet(set: PermissionSet): PermissionSet {
  const list = (c: ItemChoice): ItemChoice => (c === 'all' ? 'all' : [...c])
  const flags = Object.fromEntries(PERMISSION_FLAGS.map((f) => [f, set.flags[f] === true]))
  return {
    flags: flags as PermissionSet['flags'],
    services: list(set.services),
    domains: list(set.domains),
    dnsZones: list(set.dnsZones)
  }
}

export function choiceOf(preset: PermissionPreset): PermissionChoice {
  return { presetId: preset.id, name: preset.name, set: cloneSet(preset.set) }
}

/** A plain copy (no Vue proxy), fit to cross IPC. */
export function plainChoice(choice: PermissionChoice): PermissionChoice {
  return { presetId: choice.presetId, name: choice.name, set: cloneSet(choice.set) }
}

/** A preset's or a choice's name for people: the person's own, else the built-in's in the UI language. */
export function presetNameKey(presetId: string): MessageKey | null {
  if (isBuiltInPreset(presetId)) return `permissions.preset.${presetId}` as MessageKey
  return presetId === CUSTOM ? 'permissions.preset.custom' : null
}

export function presetName(
  t: (key: MessageKey) => string,
  preset: { presetId?: string; id?: string; name: string }
): string {
  if (preset.name.trim() !== '') return preset.name
  const key = presetNameKey(preset.presetId ?? preset.id ?? '')
  return key ? t(key) : (preset.presetId ?? preset.id ?? '')
}

/** The built-ins in their order, then the person's own in the order they were made. */
export function orderedPresets(presets: readonly PermissionPreset[]): PermissionPreset[] {
  const builtIn = presets.filter((p) => isBuiltInPreset(p.id))
  builtIn.sort((a, b) => BUILT_IN_ORDER.indexOf(a.id as BuiltIn) - BUILT_IN_ORDER.indexOf(b.id as BuiltIn))
  return [...builtIn, ...presets.filter((p) => !isBuiltInPreset(p.id))]
}

type BuiltIn = 'none' | 'billing' | 'support' | 'technical' | 'full'
const BUILT_IN_ORDER: readonly BuiltIn[] = ['none', 'billing', 'support', 'technical', 'full']

function sameList(a: ItemChoice, b: ItemChoice, items: readonly Grant[] | null): boolean {
  if (a === 'all' || b === 'all') {
    if (a === b) return true
    // Against the account's lists, "all" and every ID of them give the same body.
    if (!items) return false
    const ids = a === 'all' ? b : a
    return ids.length === items.length && items.every((g) => (ids as string[]).includes(g.id))
  }
  return a.length === b.length && a.every((id) => b.includes(id))
}

/** Whether two sets grant the same (with the account's lists, "all" equals every item listed). */
export function sameSet(a: PermissionSet, b: PermissionSet, lists: ItemLists | null = null): boolean {
  return (
    PERMISSION_FLAGS.every((f) => a.flags[f] === b.flags[f]) &&
    PERMISSION_LISTS.every((list) => sameList(a[list], b[list], lists ? lists[list] : null))
  )
}

/** The preset a set is, as a choice under that preset's name; else a custom choice. */
export function recognise(
  set: PermissionSet,
  presets: readonly PermissionPreset[],
  lists: ItemLists | null
): PermissionChoice {
  const found = orderedPresets(presets).find((p) => sameSet(p.set, set, lists))
  return found ? { presetId: found.id, name: found.name, set } : { presetId: CUSTOM, name: '', set }
}

/** A built-in the person changed (its set or its name): it can be put back as the app defines it. */
export function isEditedBuiltIn(preset: PermissionPreset): boolean {
  return isBuiltInPreset(preset.id) && (preset.name !== '' || !sameSet(preset.set, builtInSet(preset.id)))
}

/** How many switches are on, and how many items a list grants: for the one-line summary. */
export function grantedFlags(set: PermissionSet): PermissionFlag[] {
  return PERMISSION_FLAGS.filter((f) => set.flags[f])
}
