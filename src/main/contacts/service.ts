/**
 * Every HostUp call about one contact, in one place: creating it (through the outbox, which keeps
 * `POST /teams` from ever creating a contact twice) and removing it again (from History).
 */
import type { HistoryEntry } from '../../shared/history'
import type { SendOutcome, SendRequest } from '../../shared/outbox'
import { err, ok, type Result } from '../../shared/result'
import type { HistoryService } from '../history'
import type { OutboxService } from '../outbox'
import type { ProfileService } from '../profiles'

export interface ContactsService {
  /** Saves the draft, then sends the contact, or queues it while offline. */
  create(request: SendRequest): Promise<Result<SendOutcome>>
  /** Deletes the contact of a history entry from HostUp (DELETE /teams), then marks the entry removed. */
  remove(entryId: string): Promise<Result<HistoryEntry>>
}

export interface ContactsDeps {
  outbox: Pick<OutboxService, 'submit'>
  history: Pick<HistoryService, 'get' | 'markRemoved'>
  profiles: Pick<ProfileService, 'client'>
  now?: () => Date
}

export function createContactsService(deps: ContactsDeps): ContactsService {
  const now = deps.now ?? (() => new Date())
  /** Two clicks must not send two DELETEs; the second would fail confusingly with "not found". */
  const removing = new Set<string>()

  async function remove(entryId: string): Promise<Result<HistoryEntry>> {
    const entry = await deps.history.get(entryId)
    if (!entry.ok) return entry
    if (entry.value.removedAt !== undefined) return err('validation', 'errors.history.alreadyRemoved')
    const client = await deps.profiles.client(entry.value.profileId)
    if (!client.ok) return client
    const deleted = await client.value.deleteContact(entry.value.contactId)
    if (!deleted.ok) return deleted
    const marked = await deps.history.markRemoved(entry.value, now().toISOString(), deleted.value.requestId)
    if (!marked.ok) {
      return err(marked.error.code, 'errors.history.deletedNotMarked', { because: marked.error })
    }
    return ok(marked.value)
  }

  return {
    create: (request) => deps.outbox.submit(request),
    async remove(entryId) {
      if (removing.has(entryId)) return err('busy', 'errors.history.removing')
      removing.add(entryId)
      try {
        return await remove(entryId)
      } finally {
        removing.delete(entryId)
      }
    }
  }
}
