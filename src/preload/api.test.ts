import { describe, expect, expectTypeOf, it } from 'vitest'
import type { HostupApi, InvokeChannel } from '../shared/ipc'
import type { Profile } from '../shared/profile'
import type { Result } from '../shared/result'
import { createApi } from './api'

function listFunctions(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, member]) =>
    typeof member === 'function' ? [`${prefix}${key}`] : listFunctions(member as object, `${prefix}${key}.`)
  )
}

describe('createApi', () => {
  it('exposes exactly these functions and nothing else', () => {
    const api = createApi(
      async () => ({ ok: true, value: null }),
      () => () => undefined
    )
    expect(listFunctions(api).sort()).toEqual(
      [
        'apiKey.clear',
        'apiKey.set',
        'apiKey.status',
        'apiKey.verify',
        'app.info',
        'app.dismissNotice',
        'app.notices',
        'app.setLocale',
        'app.showInFolder',
        'contacts.accountLists',
        'contacts.create',
        'contacts.permissions',
        'contacts.retryPermissions',
        'contacts.setPermissions',
        'batches.cancel',
        'batches.exportLogins',
        'batches.exportReport',
        'batches.forgetLogins',
        'batches.list',
        'batches.logins',
        'batches.pause',
        'batches.report',
        'batches.resume',
        'batches.send',
        'import.choose',
        'import.commit',
        'import.discard',
        'import.edit',
        'import.exclude',
        'import.map',
        'import.open',
        'import.sheet',
        'drafts.duplicate',
        'drafts.get',
        'drafts.list',
        'drafts.remove',
        'drafts.save',
        'history.export',
        'history.findByEmail',
        'history.query',
        'history.undo',
        'outbox.counts',
        'outbox.list',
        'outbox.resolve',
        'outbox.sendNow',
        'outbox.sendAll',
        'on',
        'pathOf',
        'profiles.delete',
        'profiles.list',
        'profiles.save',
        'profiles.select',
        'presets.remove',
        'presets.save',
        'updates.restart',
        'updates.status'
      ].sort()
    )
  })

  it('sends each call on its own channel with a plain copy of the payload', async () => {
    const calls: [InvokeChannel, unknown][] = []
    const api = createApi(
      async (channel, payload) => {
        calls.push([channel, payload])
        return { ok: true, value: 'answer' }
      },
      () => () => undefined
    )
    const request = { profileId: 'p1', apiKey: 'k'.repeat(20) }
    await api.apiKey.set(request)
    await api.profiles.list()
    expect(calls).toEqual([
      ['apiKey:set', request],
      ['profiles:list', undefined]
    ])
    expect(calls[0]?.[1]).not.toBe(request)
  })

  it('turns a failing bridge into an internal error instead of a rejection', async () => {
    const api = createApi(
      async () => {
        throw new Error('No handler registered')
      },
      () => () => undefined
    )
    const result = await api.profiles.list()
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('subscribes only to events of the contract', () => {
    const seen: unknown[] = []
    let deliver: (payload: unknown) => void = () => undefined
    const api = createApi(
      async () => ({ ok: true, value: null }),
      (_channel, listener) => {
        deliver = listener
        return () => {
          deliver = () => undefined
        }
      }
    )
    const off = api.on('app:online', (payload) => seen.push(payload))
    deliver({ online: false })
    off()
    deliver({ online: true })
    expect(seen).toEqual([{ online: false }])
    expect(() => api.on('nope' as 'app:online', () => undefined)).toThrow(/Unknown event/)
  })

  it('tells a dropped file’s path as a string, and nothing when the platform cannot', () => {
    const file = new File(['x'], 'kunder.csv')
    const paths = new Map([[file, '/home/anna/kunder.csv']])
    const api = createApi(
      async () => ({ ok: true, value: null }),
      () => () => undefined,
      (f) => paths.get(f) ?? ''
    )
    expect(api.pathOf(file)).toBe('/home/anna/kunder.csv')
    expect(api.pathOf(new File([''], 'other.csv'))).toBe('')
    const broken = createApi(
      async () => ({ ok: true, value: null }),
      () => () => undefined,
      () => {
        throw new Error('not a file on disk')
      }
    )
    expect(broken.pathOf(file)).toBe('')
    expect(
      createApi(
        async () => ({ ok: true, value: null }),
        () => () => undefined
      ).pathOf(file)
    ).toBe('')
  })

  it('types each function from the contract', () => {
    expectTypeOf<HostupApi['profiles']['save']>().returns.toEqualTypeOf<Promise<Result<Profile>>>()
    expectTypeOf<HostupApi['profiles']['list']>().parameters.toEqualTypeOf<[]>()
    expectTypeOf<HostupApi['apiKey']['set']>().parameters.toEqualTypeOf<
      [{ profileId: string; apiKey: string }]
    >()
  })
})
