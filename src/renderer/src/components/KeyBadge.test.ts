import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import KeyBadge from './KeyBadge.vue'
import type { KeyCheck, KeyStatus } from '@shared/profile'

const AT = '2026-12-01T09:00:00.000Z'
const badge = (status: KeyStatus | undefined, check?: KeyCheck) => {
  const found = mount(KeyBadge, { props: { status, ...(check ? { check } : {}) } }).get('.badge')
  return { text: found.text(), tone: found.classes().find((c) => c.startsWith('badge--')) }
}

describe('KeyBadge', () => {
  it('is green with the hint for a set key HostUp accepted, or has not judged yet', () => {
    const set = { set: true, hint: '0001' }
    expect(badge(set)).toEqual({ text: 'Key set (…0001)', tone: 'badge--success' })
    expect(badge(set, { state: 'verified', account: null, at: AT })).toEqual({
      text: 'Key set (…0001)',
      tone: 'badge--success'
    })
  })

  it('turns red once HostUp refused the key (a 401), though it is still set', () => {
    expect(badge({ set: true, hint: '0001' }, { state: 'refused', at: AT })).toEqual({
      text: 'Key refused',
      tone: 'badge--danger'
    })
  })

  it('says "No key" for a cleared key, whatever was said about the old one', () => {
    expect(badge({ set: false, hint: null }, { state: 'refused', at: AT })).toEqual({
      text: 'No key',
      tone: 'badge--warning'
    })
  })
})
