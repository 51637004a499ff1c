import { randomUUID } from 'node:crypto'
import { draftInputSchema, type Draft } from '../shared/draft'
import { idRequestSchema, profileIdRequestSchema } from '../shared/profile'
import { err, ok, type Result } from '../shared/result'
import type { OutboxService } from './outbox'
import type { DraftStore } from './store/drafts'
import { parsePayload } from './validate'

/** The `drafts:*` channels: each takes the raw IPC payload, checks it, and answers with a `Result`. */
export interface DraftService {
  save(payload: unknown): Promise<Result<Draft>>
  list(payload: unknown): Promise<Result<Draft[]>>
  get(payload: unknown): Promise<Result<Draft>>
  /** Refused while the draft is being sent or its outcome is unknown; its queued send goes with it. */
  remove(payload: unknown): Promise<Result<null>>
  /** A new draft with the same fields but no e-mail and no password: those belong to one person. */
  duplicate(payload: unknown): Promise<Result<Draft>>
}

export function createDraftService(deps: {
  drafts: DraftStore
  outbox: Pick<OutboxService, 'removeDraft' | 'wasCreated'>
  newId?: () => string
}): DraftService {
  const { drafts } = deps
  const newId = deps.newId ?? randomUUID

  return {
    async save(payload) {
      const input = await parsePayload(draftInputSchema, payload)
      if (!input.ok) return input
      // An autosave arriving after the outbox sent this draft would bring back a sent contact.
      if (deps.outbox.wasCreated(input.value.id)) {
        return err(
          'validation',
          'This contact has already been created. Start a new contact to add another one.'
        )
      }
      return drafts.save(input.value)
    },

    async list(payload) {
      const request = await parsePayload(profileIdRequestSchema, payload)
      return request.ok ? drafts.list(request.value.profileId) : request
    },

    async get(payload) {
      const request = await parsePayload(idRequestSchema, payload)
      return request.ok ? drafts.get(request.value.id) : request
    },

    async remove(payload) {
      const request = await parsePayload(idRequestSchema, payload)
      if (!request.ok) return request
      // Through the outbox, which holds the send lock: a draft must not vanish mid-send.
      const removed = await deps.outbox.removeDraft(request.value.id)
      return removed.ok ? ok(null) : removed
    },

    async duplicate(payload) {
      const request = await parsePayload(idRequestSchema, payload)
      if (!request.ok) return request
      const original = await drafts.get(request.value.id)
      if (!original.ok) return original
      const { profileId, fields, source } = original.value
      return drafts.save({ id: newId(), profileId, fields: { ...fields, email: '' }, source })
    }
  }
}
