import { randomUUID } from 'node:crypto'
import type { Draft, DraftInput } from '../../shared/draft'
import { err, ok, type Result } from '../../shared/result'
import type { OutboxService } from '../outbox'
import type { DraftStore } from '../store/drafts'

/** The `drafts:*` channels, on payloads the handler table has parsed. */
export interface DraftService {
  save(input: DraftInput): Promise<Result<Draft>>
  list(profileId: string): Promise<Result<Draft[]>>
  get(id: string): Promise<Result<Draft>>
  /** Refused while the draft is being sent or its outcome is unknown; its queued send goes with it. */
  remove(id: string): Promise<Result<null>>
  /** A new draft with the same fields but no e-mail and no password: those belong to one person. */
  duplicate(id: string): Promise<Result<Draft>>
}

export function createDraftService(deps: {
  drafts: DraftStore
  outbox: Pick<OutboxService, 'removeDraft' | 'isCreated' | 'recovered'>
  newId?: () => string
}): DraftService {
  const { drafts } = deps
  const newId = deps.newId ?? randomUUID

  return {
    async save(input) {
      // An autosave arriving after the outbox sent this draft would bring back a sent contact.
      const created = await deps.outbox.isCreated(input.id)
      if (!created.ok) return created
      if (created.value) return err('validation', 'errors.outbox.alreadyCreated')
      return drafts.save(input)
    },

    // After the outbox's recovery: a draft a crash kept after its contact was created is gone by then.
    async list(profileId) {
      await deps.outbox.recovered()
      return drafts.list(profileId)
    },

    async get(id) {
      await deps.outbox.recovered()
      return drafts.get(id)
    },

    async remove(id) {
      // Through the outbox, which holds the send lock: a draft must not vanish mid-send.
      const removed = await deps.outbox.removeDraft(id)
      return removed.ok ? ok(null) : removed
    },

    async duplicate(id) {
      const original = await drafts.get(id)
      if (!original.ok) return original
      const { profileId, fields, source } = original.value
      const { permissions } = original.value
      return drafts.save({
        id: newId(),
        profileId,
        fields: { ...fields, email: '' },
        source,
        ...(permissions ? { permissions } : {})
      })
    }
  }
}
