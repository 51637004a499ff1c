import { describe, expect, it } from 'vitest'
import {
  builtInSet,
  defaultPresets,
  isEmptySet,
  matchesBody,
  parseContactPermissions,
  PERMISSION_FLAGS,
  permissionsBody,
  setOf,
  type ContactPermissions
} from './permissions'

// The shape HostUp's docs show, IDs as strings, one domain list given as objects.
const account: ContactPermissions = parseContactPermissions({
  services: [
    { id: '14101', name: 'VPS sto-2', type: 'vps', category: 'VPS', hasAccess: false },
    { id: 14102, name: 'Webbhotell', type: 'hosting', category: 'Web hosting', hasAccess: false }
  ],
  domains: [{ id: '7201', name: 'example.se', hasAccess: false }],
  dnsZones: [{ id: 8301, name: 'example.se', hasAccess: false }],
  canViewInvoices: false
}) as ContactPermissions

const off = Object.fromEntries(PERMISSION_FLAGS.map((f) => [f, false]))

describe('permissions', () => {
  it('reads IDs given as numbers or strings, and a missing switch as off', () => {
    expect(account.services.map((s) => s.id)).toEqual(['14101', '14102'])
    expect(account.dnsZones[0]).toEqual({ id: '8301', name: 'example.se', hasAccess: false })
    expect(account.flags).toEqual(off)
  })

  it('reads domains given as plain names, as one of HostUp’s examples shows them', () => {
    const read = parseContactPermissions({ services: [], domains: ['example.se'], dnsZones: ['zone.se'] })
    expect(read?.domains).toEqual([{ id: 'example.se', name: 'example.se', hasAccess: true }])
    expect(read?.dnsZones).toEqual([{ id: 'zone.se', name: 'zone.se', hasAccess: true }])
  })

  it('refuses what is not that answer', () => {
    expect(parseContactPermissions(null)).toBeNull()
    expect(parseContactPermissions({ services: 'all' })).toBeNull()
    expect(parseContactPermissions({ services: [{ name: 'no id' }] })).toBeNull()
  })

  it.each([
    ['none', [], false],
    ['billing', ['canViewInvoices', 'canReceiveInvoices', 'canPlaceOrders'], false],
    ['support', ['canOpenTickets', 'canViewTickets', 'canCloseTickets', 'canReceiveTicketEmails'], false],
    ['technical', ['accessAllVps', 'accessAllHosting', 'accessAllDomains'], true],
    ['full', [...PERMISSION_FLAGS], true]
  ] as const)(
    'the %s preset gives the documented full body, items from the account’s own lists',
    (preset, on, items) => {
      const body = permissionsBody(account, builtInSet(preset))
      const flags = Object.fromEntries(
        PERMISSION_FLAGS.map((f) => [f, (on as readonly string[]).includes(f)])
      )
      expect(body).toEqual({
        services: [
          { id: '14101', name: 'VPS sto-2', hasAccess: items },
          { id: '14102', name: 'Webbhotell', hasAccess: items }
        ],
        domains: [{ id: '7201', name: 'example.se', hasAccess: items }],
        dnsZones: [{ id: '8301', name: 'example.se', hasAccess: items }],
        ...flags
      })
    }
  )

  it('gives a custom set exactly the items it names', () => {
    const set = { ...builtInSet('none'), services: ['14102'], dnsZones: ['8301'] }
    const body = permissionsBody(account, set)
    expect(body.services.map((s) => s.hasAccess)).toEqual([false, true])
    expect(body.domains.map((s) => s.hasAccess)).toEqual([false])
    expect(body.dnsZones.map((s) => s.hasAccess)).toEqual([true])
  })

  it('needs no call for None, and tells a read-back that matches from one that does not', () => {
    expect(isEmptySet(builtInSet('none'))).toBe(true)
    expect(isEmptySet(builtInSet('billing'))).toBe(false)
    const body = permissionsBody(account, builtInSet('full'))
    const granted: ContactPermissions = {
      services: account.services.map((s) => ({ ...s, hasAccess: true })),
      domains: account.domains.map((s) => ({ ...s, hasAccess: true })),
      dnsZones: account.dnsZones.map((s) => ({ ...s, hasAccess: true })),
      flags: Object.fromEntries(PERMISSION_FLAGS.map((f) => [f, true])) as ContactPermissions['flags']
    }
    expect(matchesBody(granted, body)).toBe(true)
    expect(matchesBody(account, body)).toBe(false)
    expect(setOf(granted)).toEqual({
      ...builtInSet('full'),
      services: ['14101', '14102'],
      domains: ['7201'],
      dnsZones: ['8301']
    })
  })

  it('starts every profile with the five built-in presets, unnamed so the UI names them in its language', () => {
    expect(defaultPresets().map((p) => [p.id, p.name])).toEqual([
      ['none', ''],
      ['billing', ''],
      ['support', ''],
      ['technical', ''],
      ['full', '']
    ])
  })
})
