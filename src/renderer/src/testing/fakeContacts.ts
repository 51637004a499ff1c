import type { AppError, HostupApi, RequestOf, Result } from '@shared/ipc'
import type { HistoryEntry } from '@shared/history'
import type { OutboxItem, SendOutcome } from '@shared/outbox'

type Call = <T>(channel: string, payload: unknown, body: () => Result<T>) => Promise<Result<T>>

export interface FakeContacts {
  api: Pick<HostupApi, 'contacts' | 'outbox' | 'history'>
  nextOutcome(outcome: SendOutcome): void
  hold(): () => void
  /** What main's outbox would do by itself: send a waiting form again, creating its contact. */
  sendByOutbox(formId: string): { id: string; name: string; contactId: number } | null
}

/**
 * main's contact sending, as far as the form relies on it: one send per form at a time, a form that
 * created its contact or whose outcome is unknown is never sent again by `contacts:create`, the
 * person's decisions on an unknown outcome go through `outbox:resolve`, created contacts go to history.
 */
export function createFakeContacts(deps: {
  call: Call
  canSend: (profileId: string) => AppError | null
}): FakeContacts {
  const { call } = deps
  const ok = <T>(value: T): Result<T> => ({ ok: true, value })
  const fail = (code: AppError['code'], message: string): Result<never> => ({
    ok: false,
    error: { code, message }
  })
  const items = new Map<string, OutboxItem>()
  const history: HistoryEntry[] = []
  const sending = new Set<string>()
  const createdForms = new Set<string>()
  const outcomes: SendOutcome[] = []
  let nextContactId = 14087
  let nextRequest = 1
  let held: Promise<void> | null = null

  function answer(item: OutboxItem): SendOutcome {
    const outcome = outcomes.shift() ?? {
      kind: 'created',
      contactId: nextContactId++,
      requestId: `req-${nextRequest++}`
    }
    const at = new Date().toISOString()
    if (outcome.kind === 'created') {
      items.delete(item.id)
      createdForms.add(item.id)
      const { requestId } = outcome
      history.push({
        id: `h${history.length + 1}`,
        profileId: item.profileId,
        profileName: 'Fake',
        contactId: outcome.contactId,
        fields: item.fields,
        createdAt: at,
        source: 'form',
        ...(requestId ? { requestId } : {})
      })
    } else if (outcome.kind === 'queued') items.set(item.id, { ...item, state: 'queued', updatedAt: at })
    else items.set(item.id, { ...item, state: outcome.kind, error: outcome.error, updatedAt: at })
    return outcome
  }

  async function create(request: RequestOf<'contacts:create'>): Promise<Result<SendOutcome>> {
    if (sending.has(request.formId))
      return call('contacts:create', request, () => fail('busy', 'already sending'))
    sending.add(request.formId)
    try {
      const result = call<SendOutcome>('contacts:create', request, () => {
        const refused = deps.canSend(request.profileId)
        if (refused) return { ok: false, error: refused }
        const previous = items.get(request.formId)
        if (createdForms.has(request.formId))
          return fail('validation', 'This contact has already been created.')
        if (previous?.state === 'unknown')
          return fail('validation', 'The outcome of this contact is unknown.')
        const { password: _password, ...fields } = request.contact
        const at = new Date().toISOString()
        const item: OutboxItem = previous ?? {
          id: request.formId,
          profileId: request.profileId,
          fields,
          state: 'sending',
          queuedAt: at,
          updatedAt: at,
          attempts: 0
        }
        return ok(answer({ ...item, fields, attempts: item.attempts + 1 }))
      })
      if (held) await held
      return await result
    } finally {
      sending.delete(request.formId)
    }
  }

  const api: FakeContacts['api'] = {
    contacts: { create },
    outbox: {
      list: ({ profileId }) =>
        call('outbox:list', { profileId }, () =>
          ok([...items.values()].filter((i) => i.profileId === profileId))
        ),
      resolve: (decision) =>
        call<OutboxItem | null>('outbox:resolve', decision, () => {
          const item = items.get(decision.id)
          if (!item) return fail('not_found', 'no such outbox item')
          if (decision.decision === 'discard') {
            items.delete(decision.id)
            return ok(null)
          }
          if (decision.decision === 'exists') {
            if (item.state !== 'unknown')
              return fail('validation', 'Only an unknown contact can be marked as created.')
            items.delete(decision.id)
            createdForms.add(decision.id)
            return ok(null)
          }
          const outcome = answer({ ...item, attempts: item.attempts + 1 })
          return ok(
            outcome.kind === 'created'
              ? { ...item, state: 'created', contactId: outcome.contactId }
              : (items.get(item.id) ?? item)
          )
        }),
      sendNow: ({ id }) =>
        call('outbox:sendNow', { id }, () => fail('internal', `outbox:sendNow ${id} is not faked`))
    },
    history: {
      query: (q) => call('history:query', q, () => fail('internal', 'history:query is not faked')),
      findByEmail: ({ profileId, email }) =>
        call('history:findByEmail', { profileId, email }, () =>
          ok(history.filter((h) => h.profileId === profileId && h.fields.email === email))
        ),
      export: (r) => call('history:export', r, () => fail('internal', 'history:export is not faked')),
      undo: (r) => call('history:undo', r, () => fail('internal', 'history:undo is not faked'))
    }
  }

  return {
    api,
    nextOutcome: (outcome) => outcomes.push(outcome),
    hold: () => {
      let release = () => {}
      held = new Promise<void>((resolve) => (release = resolve))
      return () => {
        held = null
        release()
      }
    },
    sendByOutbox: (formId) => {
      const item = items.get(formId)
      if (!item) return null
      const outcome = answer(item)
      return outcome.kind === 'created'
        ? {
            id: formId,
            name: `${item.fields.firstname} ${item.fields.lastname}`,
            contactId: outcome.contactId
          }
        : null
    }
  }
}
