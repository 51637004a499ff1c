import { describe, expect, it } from 'vitest'
import { KEPT_ALIVE, NAV_ITEMS, VIEW_NAMES, VIEWS, viewForShortcut } from './views'

describe('the views table', () => {
  it('lists every view in the sidebar once, in its order', () => {
    expect(NAV_ITEMS.map((item) => item.view).sort()).toEqual([...VIEW_NAMES].sort())
    expect(NAV_ITEMS.map((item) => item.view)).toEqual([
      'newContact',
      'drafts',
      'outbox',
      'history',
      'settings',
      'import'
    ])
  })

  it('gives the views the shortcuts 1 to n in the order of the sidebar', () => {
    expect(NAV_ITEMS.map((item) => item.shortcut)).toEqual(NAV_ITEMS.map((_, i) => String(i + 1)))
    for (const item of NAV_ITEMS) expect(viewForShortcut(item.shortcut)).toBe(item.view)
    expect(viewForShortcut('0')).toBeUndefined()
  })

  it('keeps only the New contact form alive, by a name KeepAlive can match', () => {
    expect(KEPT_ALIVE).toEqual(['NewContactView'])
    expect(VIEW_NAMES.filter((view) => VIEWS[view].keepAlive)).toEqual(['newContact'])
  })
})
