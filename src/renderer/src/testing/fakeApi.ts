import {
  INVOKE_CHANNELS,
  splitChannel,
  type AppError,
  type EventChannel,
  type HostupApi,
  type Result
} from '@shared/ipc'
import type { AccountSummary, KeyVerification } from '@shared/outcome'
import type { OutboxEvent, SendOutcome } from '@shared/outbox'
import { DEFAULT_BASE_URL, isAllowedBaseUrl } from '@shared/base-url'
import { keyHint, type KeyStatus, type Profile } from '@shared/profile'
import { createFakeContacts } from './fakeContacts'

export const GOOD_KEY = 'hk_live_5f3b9c2e7a1d4b8fa1b2'
export const NO_SCOPE_KEY = 'hk_live_scopeless_000099c3'
export const ACCOUNT: AccountSummary = {
  id: '4711',
  firstname: 'Astrid',
  lastname: 'Lindqvist',
  companyname: 'Lindqvist Bygg AB',
  email: 'astrid@lindqvistbygg.se'
}

export interface FakeApi {
  api: HostupApi
  /** Every call the renderer made, as channel + payload: lets a test prove what crossed IPC. */
  calls: { channel: string; payload: unknown }[]
  emit(event: EventChannel, payload: { online: boolean }): void
  /** Makes the next call on `channel` fail with `error`. */
  failNext(channel: string, error: AppError): void
  /** Answers the next `contacts:create` with this outcome (by default: created, IDs from 14087 up). */
  nextOutcome(outcome: SendOutcome): void
  /** Holds every `contacts:create` answer until the returned function is called. */
  hold(): () => void
  /** main's outbox sends a waiting form by itself (and tells the page); false when there is none. */
  sendByOutbox(formId: string): boolean
}

/**
 * A stand-in for main written as plain functions over plain data, with main's rules where the
 * renderer depends on them (loopback-only http, unique names, four-character hints, 401 for an
 * unknown key, a scope-less key that verifies with no account).
 */
export function createFakeApi(
  seed: { profiles?: Profile[]; selectedId?: string | null; keys?: Record<string, string> } = {}
): FakeApi {
  const profiles: Profile[] = [...(seed.profiles ?? [])]
  let selectedId = seed.selectedId ?? profiles[0]?.id ?? null
  const keys = new Map(Object.entries(seed.keys ?? {}))
  const listeners = new Set<(payload: { online: boolean }) => void>()
  const outboxListeners = new Set<(payload: OutboxEvent) => void>()
  const failures = new Map<string, AppError>()
  const calls: FakeApi['calls'] = []
  let nextId = 1

  const ok = <T>(value: T): Result<T> => ({ ok: true, value })
  const fail = (code: AppError['code'], message: string, extra: Partial<AppError> = {}): Result<never> => ({
    ok: false,
    error: { code, message, ...extra }
  })
  const state = () => ok({ profiles: profiles.map((p) => ({ ...p })), selectedId })
  const status = (id: string): KeyStatus => {
    const key = keys.get(id)
    return key ? { set: true, hint: keyHint(key) || null } : { set: false, hint: null }
  }

  function call<T>(channel: string, payload: unknown, body: () => Result<T>): Promise<Result<T>> {
    calls.push({ channel, payload: structuredClone(payload) })
    const failure = failures.get(channel)
    failures.delete(channel)
    return Promise.resolve(failure ? { ok: false, error: failure } : body())
  }

  const contacts = createFakeContacts({
    call,
    canSend: (profileId) => {
      if (!profiles.some((p) => p.id === profileId)) return { code: 'not_found', message: 'no such profile' }
      return keys.has(profileId) ? null : { code: 'no_key', message: 'no key' }
    }
  })

  // The domains this UI uses are typed against the contract: a changed channel breaks at compile time.
  const known: Pick<HostupApi, 'app' | 'profiles' | 'apiKey' | 'contacts' | 'outbox' | 'history' | 'on'> = {
    ...contacts.api,
    app: {
      info: () =>
        call('app:info', undefined, () =>
          ok({ name: 'HostUp Contacts', version: '0.1.0', platform: 'linux', online: true })
        ),
      notices: () => call('app:notices', undefined, () => ok([]))
    },
    profiles: {
      list: () => call('profiles:list', undefined, state),
      save: (input: { id?: string; name: string; baseUrl: string }) =>
        call('profiles:save', input, () => {
          if (!isAllowedBaseUrl(input.baseUrl))
            return fail('validation', 'bad url', { fields: { baseUrl: 'profile.baseUrl.invalid' } })
          if (profiles.some((p) => p.name === input.name && p.id !== input.id)) {
            return fail('validation', 'taken', { fields: { name: 'profile.name.taken' } })
          }
          const now = new Date(Date.now() + nextId).toISOString()
          const existing = profiles.find((p) => p.id === input.id)
          if (input.id && !existing) return fail('not_found', 'no such profile')
          if (existing) {
            Object.assign(existing, { name: input.name, baseUrl: input.baseUrl, updatedAt: now })
            return ok({ ...existing })
          }
          const created: Profile = {
            id: `p${nextId++}`,
            name: input.name,
            baseUrl: input.baseUrl,
            createdAt: now,
            updatedAt: now
          }
          profiles.push(created)
          selectedId ??= created.id
          return ok({ ...created })
        }),
      delete: ({ id }: { id: string }) =>
        call('profiles:delete', { id }, () => {
          const at = profiles.findIndex((p) => p.id === id)
          if (at < 0) return fail('not_found', 'no such profile')
          profiles.splice(at, 1)
          keys.delete(id)
          if (selectedId === id) selectedId = profiles[0]?.id ?? null
          return state()
        }),
      select: ({ id }: { id: string }) =>
        call('profiles:select', { id }, () => {
          if (!profiles.some((p) => p.id === id)) return fail('not_found', 'no such profile')
          selectedId = id
          return state()
        })
    },
    apiKey: {
      set: ({ profileId, apiKey }: { profileId: string; apiKey: string }) =>
        call('apiKey:set', { profileId, apiKey }, () => {
          keys.set(profileId, apiKey)
          return ok(status(profileId))
        }),
      status: ({ profileId }: { profileId: string }) =>
        call('apiKey:status', { profileId }, () => ok(status(profileId))),
      clear: ({ profileId }: { profileId: string }) =>
        call('apiKey:clear', { profileId }, () => {
          keys.delete(profileId)
          return ok(status(profileId))
        }),
      verify: ({ profileId }: { profileId: string }) =>
        call<KeyVerification>('apiKey:verify', { profileId }, () => {
          const key = keys.get(profileId)
          if (!key) return fail('no_key', 'no key')
          if (key === GOOD_KEY) return ok({ account: { ...ACCOUNT } })
          if (key === NO_SCOPE_KEY) return ok({ account: null })
          return fail('unauthorized', 'Unauthorized', { status: 401, requestId: 'req-401-abc' })
        })
    },
    on: (event, listener) => {
      // Events are told apart by name; any other event (app:notice, …) is heard but never sent here.
      const set = (
        event === 'outbox:changed' ? outboxListeners : event === 'app:online' ? listeners : new Set()
      ) as Set<(payload: unknown) => void>
      const deliver = listener as (payload: unknown) => void
      set.add(deliver)
      return () => void set.delete(deliver)
    }
  }

  // Channels added for later screens answer `internal` until a test needs them.
  const others: Record<string, Record<string, (payload?: unknown) => Promise<Result<never>>>> = {}
  for (const channel of INVOKE_CHANNELS) {
    const [domain, action] = splitChannel(channel)
    const group = (others[domain] ??= {})
    group[action] = (payload) => call(channel, payload, () => fail('internal', `${channel} is not faked`))
  }
  const api = { ...others, ...known } as unknown as HostupApi

  return {
    api,
    calls,
    emit: (_event, payload) => listeners.forEach((listener) => listener(payload)),
    failNext: (channel, error) => failures.set(channel, error),
    nextOutcome: contacts.nextOutcome,
    hold: contacts.hold,
    sendByOutbox: (formId) => {
      const sent = contacts.sendByOutbox(formId)
      if (sent)
        outboxListeners.forEach((listener) =>
          listener({ counts: { waiting: 0, needsDecision: 0 }, sent: [sent] })
        )
      return sent !== null
    }
  }
}

export function profile(id: string, name: string, baseUrl = DEFAULT_BASE_URL): Profile {
  const at = '2026-01-01T00:00:00.000Z'
  return { id, name, baseUrl, createdAt: at, updatedAt: at }
}

/** Lets pending promise callbacks (the fake's answers) and the DOM updates after them run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}
