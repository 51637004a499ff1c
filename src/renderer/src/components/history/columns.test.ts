import { describe, expect, it } from 'vitest'
import { ACTIONS_WIDTH, HISTORY_COLUMNS, fittingColumns, gridTemplate } from './columns'

const ids = (width: number, hidden: string[] = []) => fittingColumns(width, hidden).map((c) => c.id)
const all = HISTORY_COLUMNS.map((c) => c.id)
const need = (columns: string[]) =>
  HISTORY_COLUMNS.filter((c) => columns.includes(c.id)).reduce(
    (sum, c) => sum + (c.comfortable ?? c.min),
    ACTIONS_WIDTH
  )

describe('the history columns that fit', () => {
  it('shows every column where there is room, in their order', () => {
    expect(ids(Number.POSITIVE_INFINITY)).toEqual(all)
    expect(ids(need(all))).toEqual(all)
  })

  it('drops the least needed first (source, profile, city, ID), never the name', () => {
    expect(ids(need(all) - 1)).toEqual(all.filter((c) => c !== 'source'))
    expect(ids(need(all) - 1 - 80)).toEqual(all.filter((c) => c !== 'source' && c !== 'profile'))
    const narrow = ids(need(['name', 'email', 'created', 'permissions']))
    expect(narrow).toEqual(['name', 'permissions', 'email', 'created'])
    expect(ids(10)).toEqual(['name'])
  })

  it('leaves out what the person hid, and then fits the rest', () => {
    expect(ids(Number.POSITIVE_INFINITY, ['city', 'permissions'])).toEqual(
      all.filter((c) => c !== 'city' && c !== 'permissions')
    )
    // A hidden column frees its room for one that would not have fitted.
    const room = need(all) - 1
    expect(ids(room, ['city'])).toContain('source')
    expect(ids(Number.POSITIVE_INFINITY, ['name'])).toContain('name')
  })

  it('leaves out the profile while the list shows one profile’s contacts', () => {
    expect(fittingColumns(Number.POSITIVE_INFINITY, [], true).map((c) => c.id)).toEqual(
      all.filter((c) => c !== 'profile')
    )
  })

  it('sizes every column at least its narrowest, with the menu button last', () => {
    const template = gridTemplate(fittingColumns(Number.POSITIVE_INFINITY, []))
    expect(template.split(/ (?![^(]*\))/)).toHaveLength(all.length + 1)
    expect(template.endsWith(`${ACTIONS_WIDTH}px`)).toBe(true)
    expect(template).toContain('minmax(176px, 1.3fr)')
  })

  it('gives the name and e-mail room for a full one before the ID, city or source (the usual window)', () => {
    // The table's width in a 1100 px window.
    const usual = fittingColumns(802, [], true)
    expect(usual.map((c) => c.id)).toEqual(['contactId', 'name', 'permissions', 'email', 'created'])
    expect(usual.find((c) => c.id === 'name')?.min).toBe(176)
    expect(usual.find((c) => c.id === 'email')?.min).toBe(248)
  })

  it('cuts the name and e-mail short only where even the needed columns leave no room (900 px)', () => {
    const small = fittingColumns(602, [], true)
    expect(small.map((c) => c.id)).toEqual(['name', 'permissions', 'email', 'created'])
    expect(small.find((c) => c.id === 'name')?.min).toBe(112)
  })
})
