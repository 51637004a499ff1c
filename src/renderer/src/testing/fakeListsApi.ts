import type { AppError, EventChannel, EventPayload, HostupApi, Result } from '@shared/ipc'
import type { Draft, DraftFields } from '@shared/draft'
import type { ExportResult, HistoryEntry, HistoryQuery } from '@shared/history'
import type { StoreNotice } from '@shared/notice'
import type { OutboxItem } from '@shared/outbox'
import type { Profile } from '@shared/profile'
import { GOOD_KEY, createFakeApi, profile } from './fakeApi'

export { settle } from './fakeApi'

/** A stand-in for main's drafts, outbox, history and notices, over plain arrays. */
export interface FakeListsApi {
  api: HostupApi
  calls: { channel: string; payload: unknown }[]
  drafts: Draft[]
  outbox: OutboxItem[]
  history: HistoryEntry[]
  notices: StoreNotice[]
  /** Answers for `history:export`, in order; a cancelled dialog when empty. */
  exports: ExportResult[]
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void
  failNext(channel: string, error: AppError): void
  /** Calls made on one channel, payloads only. */
  callsTo(channel: string): unknown[]
}

export const ACME = profile('a', 'Acme AB')
export const BOLAGET = profile('b', 'Bolaget')
const AT = '2026-11-27T09:15:00.000Z'

export function fields(first: string, last: string, extra: Partial<DraftFields> = {}): DraftFields {
  const email = `${first}.${last}@example.com`.toLowerCase()
  return {
    firstname: first,
    lastname: last,
    email,
    phonenumber: '',
    address1: '',
    city: 'Malmö',
    country: 'SE',
    postcode: '',
    ...extra
  }
}

export function draft(id: string, first: string, last: string, extra: Partial<Draft> = {}): Draft {
  return {
    id,
    profileId: 'a',
    fields: fields(first, last),
    hasPassword: true,
    source: 'form',
    createdAt: AT,
    updatedAt: AT,
    ...extra
  }
}

export function outboxItem(
  id: string,
  first: string,
  last: string,
  extra: Partial<OutboxItem> = {}
): OutboxItem {
  return {
    id,
    profileId: 'a',
    fields: fields(first, last),
    state: 'queued',
    queuedAt: AT,
    updatedAt: AT,
    attempts: 0,
    ...extra
  }
}

export function historyEntry(n: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: `h${n}`,
    profileId: 'a',
    profileName: 'Acme AB',
    contactId: 14087 + n,
    fields: fields(`Person${n}`, `Svensson`),
    createdAt: new Date(Date.parse(AT) - n * 60_000).toISOString(),
    source: 'form',
    ...extra
  }
}

/**
 * `historySize`: a synthetic history of that many entries, made row by row as a window asks for
 * them, so a test of 100,000 rows holds only what it reads.
 */
export function createFakeListsApi(
  seed: {
    profiles?: Profile[]
    drafts?: Draft[]
    outbox?: OutboxItem[]
    history?: HistoryEntry[]
    historySize?: number
    notices?: StoreNotice[]
  } = {}
): FakeListsApi {
  const profiles = seed.profiles ?? [ACME, BOLAGET]
  const base = createFakeApi({ profiles, selectedId: profiles[0]?.id ?? null, keys: { a: GOOD_KEY } })
  const calls = base.calls
  const drafts = [...(seed.drafts ?? [])]
  const outbox = [...(seed.outbox ?? [])]
  const history = [...(seed.history ?? [])]
  const notices = [...(seed.notices ?? [])]
  const exports: ExportResult[] = []
  const failures = new Map<string, AppError>()
  const listeners = new Map<string, Set<(payload: never) => void>>()
  let copies = 0

  const ok = <T>(value: T): Result<T> => ({ ok: true, value })
  const missing = (what: string): Result<never> => ({
    ok: false,
    error: { code: 'not_found', message: what }
  })

  function call<T>(channel: string, payload: unknown, body: () => Result<T>): Promise<Result<T>> {
    calls.push({ channel, payload: structuredClone(payload) })
    const failure = failures.get(channel)
    failures.delete(channel)
    return Promise.resolve(failure ? { ok: false, error: failure } : body())
  }

  function select(q: HistoryQuery): { total: number; rows: HistoryEntry[] } {
    const offset = q.offset ?? 0
    const limit = q.limit ?? 200
    if (seed.historySize !== undefined) {
      const rows: HistoryEntry[] = []
      for (let i = offset; i < Math.min(seed.historySize, offset + limit); i += 1) rows.push(historyEntry(i))
      return { total: seed.historySize, rows }
    }
    const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean)
    const found = history.filter((e) => {
      const hay = `${e.fields.firstname} ${e.fields.lastname} ${e.fields.email} ${e.contactId} ${e.fields.city}`
      return (
        (q.profileId === undefined || e.profileId === q.profileId) &&
        words.every((w) => hay.toLowerCase().includes(w))
      )
    })
    const dir = q.sort?.dir === 'asc' ? 1 : -1
    const key = q.sort?.key ?? 'createdAt'
    const value = (e: HistoryEntry): string | number =>
      key === 'contactId'
        ? e.contactId
        : key === 'name'
          ? e.fields.lastname + e.fields.firstname
          : key === 'createdAt'
            ? e.createdAt
            : key === 'profileName'
              ? e.profileName
              : key === 'source'
                ? e.source
                : e.fields[key]
    found.sort((a, b) => (value(a) < value(b) ? -dir : value(a) > value(b) ? dir : 0))
    return { total: found.length, rows: found.slice(offset, offset + limit) }
  }

  const lists: Pick<HostupApi, 'drafts' | 'outbox' | 'history'> = {
    drafts: {
      save: (input) => call('drafts:save', input, () => missing('not faked')),
      list: (r) => call('drafts:list', r, () => ok(drafts.filter((d) => d.profileId === r.profileId))),
      get: (r) =>
        call('drafts:get', r, () => {
          const found = drafts.find((d) => d.id === r.id)
          return found ? ok({ ...found }) : missing('no such draft')
        }),
      remove: (r) =>
        call('drafts:remove', r, () => {
          const at = drafts.findIndex((d) => d.id === r.id)
          if (at < 0) return missing('no such draft')
          drafts.splice(at, 1)
          return ok(null)
        }),
      duplicate: (r) =>
        call('drafts:duplicate', r, () => {
          const found = drafts.find((d) => d.id === r.id)
          if (!found) return missing('no such draft')
          const copy: Draft = {
            ...found,
            id: `copy${++copies}`,
            fields: { ...found.fields, email: '' },
            hasPassword: false
          }
          drafts.push(copy)
          return ok(copy)
        })
    },
    outbox: {
      list: (r) =>
        call('outbox:list', r, () =>
          ok(outbox.filter((i) => i.profileId === r.profileId).map((i) => ({ ...i })))
        ),
      sendNow: (r) =>
        call('outbox:sendNow', r, () => {
          const item = outbox.find((i) => i.id === r.id)
          return item
            ? ok({ ...item, state: 'sending' as const, attempts: item.attempts + 1 })
            : missing('no item')
        }),
      resolve: (d) =>
        call<OutboxItem | null>('outbox:resolve', d, () => {
          const at = outbox.findIndex((i) => i.id === d.id)
          const item = outbox[at]
          if (!item) return missing('no item')
          if (d.decision === 'resend') return ok({ ...item, state: 'sending' })
          outbox.splice(at, 1)
          return d.decision === 'exists'
            ? ok({ ...item, state: 'created', contactId: d.contactId })
            : ok(null)
        })
    },
    history: {
      query: (q) => call('history:query', q, () => ok({ offset: q.offset ?? 0, ...select(q) })),
      findByEmail: (r) =>
        call('history:findByEmail', r, () => ok(history.filter((e) => e.fields.email === r.email))),
      export: (r) => call('history:export', r, () => ok(exports.shift() ?? { path: null, count: 0 })),
      undo: (r) =>
        call('history:undo', r, () => {
          const at = history.findIndex((e) => e.id === r.id)
          if (at < 0) return missing('no entry')
          history[at] = { ...history[at]!, removedAt: '2026-11-27T10:00:00.000Z' }
          return ok({ ...history[at]! })
        })
    }
  }

  const api = {
    ...base.api,
    ...lists,
    app: { ...base.api.app, notices: () => call('app:notices', undefined, () => ok(notices.splice(0))) },
    on: (event: EventChannel, listener: (payload: never) => void) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => void set.delete(listener)
    }
  } as HostupApi

  return {
    api,
    calls,
    drafts,
    outbox,
    history,
    notices,
    exports,
    emit: (event, payload) =>
      listeners.get(event)?.forEach((l) => (l as (p: typeof payload) => void)(payload)),
    failNext: (channel, error) => failures.set(channel, error),
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.payload)
  }
}
