/**
 * Every HostUp call about one contact, in one place: creating it (through the outbox, which keeps
 * `POST /teams` from ever creating a contact twice) and removing it again (from History).
 */
import type { HistoryEntry } from '../../shared/history'
import type { OutboxItem, SendOutcome, SendRequest } from '../../shared/outbox'
import type {
  AccountLists,
  Grant,
  PermissionChoice,
  PermissionsRead,
  PermissionsSaved
} from '../../shared/permissions'
import { err, ok, type Result } from '../../shared/result'
import type { HistoryService } from '../history'
import type { OutboxService } from '../outbox'
import type { ProfileService } from '../profiles'
import type { PermissionsService } from './permissions'

export interface ContactsService {
  /** Saves the draft, then sends the contact, or queues it while offline. */
  create(request: SendRequest): Promise<Result<SendOutcome>>
  /** Deletes the contact of a history entry from HostUp (DELETE /teams), then marks the entry removed. */
  remove(entryId: string): Promise<Result<HistoryEntry>>
  /** The current permissions of a history entry's contact, read from HostUp. */
  permissions(entryId: string): Promise<Result<PermissionsRead>>
  /** Gives a history entry's contact these permissions now, and tells the entry. */
  setPermissions(entryId: string, choice: PermissionChoice): Promise<Result<PermissionsSaved>>
  /** The account's own lists to choose permissions from (null: no contact of this profile exists yet). */
  accountLists(profileId: string): Promise<Result<AccountLists | null>>
  /** Tries a created contact's permissions again (an outbox item), by the person's hand. */
  retryPermissions(itemId: string): Promise<Result<OutboxItem | null>>
}

export interface ContactsDeps {
  outbox: Pick<OutboxService, 'submit' | 'retryPermissions'>
  history: Pick<HistoryService, 'get' | 'markRemoved' | 'markPermissions' | 'query'>
  profiles: Pick<ProfileService, 'client'>
  permissions: PermissionsService
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

  async function setPermissions(
    entryId: string,
    choice: PermissionChoice
  ): Promise<Result<PermissionsSaved>> {
    const entry = await deps.history.get(entryId)
    if (!entry.ok) return entry
    if (entry.value.removedAt !== undefined) return err('validation', 'errors.history.alreadyRemoved')
    const applied = await deps.permissions.apply(entry.value.profileId, entry.value.contactId, choice.set)
    if (applied.kind !== 'set') return { ok: false, error: applied.error }
    const told = {
      presetId: choice.presetId,
      name: choice.name,
      state: 'set' as const,
      at: now().toISOString()
    }
    // The permissions are set either way; an entry that could not hear it says so on the next change.
    await deps.history.markPermissions(entryId, told)
    return ok({
      permissions: applied.permissions,
      entry: { ...entry.value, permissions: told },
      ...(applied.requestId ? { requestId: applied.requestId } : {}),
      ...(applied.message ? { message: applied.message } : {})
    })
  }

  return {
    create: (request) => deps.outbox.submit(request),
    async permissions(entryId) {
      const entry = await deps.history.get(entryId)
      if (!entry.ok) return entry
      return deps.permissions.read(entry.value.profileId, entry.value.contactId)
    },
    setPermissions,
    async accountLists(profileId) {
      const newest = await deps.history.query({
        profileId,
        sort: { key: 'createdAt', dir: 'desc' },
        limit: 20
      })
      if (!newest.ok) return newest
      const entry = newest.value.rows.find((e) => e.removedAt === undefined)
      if (!entry) return ok(null)
      const read = await deps.permissions.read(profileId, entry.contactId)
      if (!read.ok) return read
      const lists = (grants: readonly Grant[]): Grant[] => grants.map((g) => ({ ...g, hasAccess: false }))
      const { services, domains, dnsZones } = read.value.permissions
      return ok({
        services: lists(services),
        domains: lists(domains),
        dnsZones: lists(dnsZones),
        contactId: entry.contactId
      })
    },
    retryPermissions: (itemId) => deps.outbox.retryPermissions(itemId),
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
