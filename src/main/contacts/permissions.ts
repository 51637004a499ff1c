/**
 * Giving a contact its permissions: read the contact's permissions (which also lists the account's
 * services, domains and DNS zones), build the full body from the chosen set, `POST` it, and read it
 * back to confirm. `POST` replaces the whole set, so repeating it is safe: it is the one HostUp write
 * the app may retry by itself, and an answer that never came is a reason to try again, not a doubt.
 */
import {
  matchesBody,
  permissionsBody,
  type ContactPermissions,
  type PermissionSet,
  type PermissionsRead
} from '../../shared/permissions'
import { ok, type AppError, type Result } from '../../shared/result'
import type { Attempt, HostupClient } from '../hostup/client'
import type { ProfileService } from '../profiles'

export type ApplyOutcome =
  | { kind: 'set'; permissions: ContactPermissions; requestId?: string; message?: string }
  /** Nothing or something may have changed, and trying again is safe: network, 429, 5xx, a lost answer. */
  | { kind: 'retryable'; error: AppError }
  /** HostUp said no (400, 403, 404) or confirmed something else: a person must look. */
  | { kind: 'rejected'; error: AppError }

export interface PermissionsService {
  read(profileId: string, contactId: number): Promise<Result<PermissionsRead>>
  apply(profileId: string, contactId: number, set: PermissionSet): Promise<ApplyOutcome>
}

type Failed = Extract<ApplyOutcome, { kind: 'retryable' | 'rejected' }>

/** What a failed call means here. A key without the scope is told what to ask HostUp for. */
function failure(attempt: Exclude<Attempt<unknown>, { kind: 'done' }>): Failed {
  const { error } = attempt
  if (attempt.kind === 'rejected') {
    const noScope = error.code === 'forbidden' && error.serverCode !== 'verification_failed'
    return {
      kind: 'rejected',
      error: noScope ? { ...error, message: 'errors.permissions.noScope', params: {} } : error
    }
  }
  return { kind: 'retryable', error }
}

/** No client: a keychain that is locked or asleep passes by itself; a missing key or profile does not. */
function noClient(error: AppError): Failed {
  const passes = error.code === 'keychain_locked' || error.code === 'keychain_unavailable'
  return { kind: passes ? 'retryable' : 'rejected', error }
}

export function createPermissionsService(deps: {
  profiles: Pick<ProfileService, 'client'>
}): PermissionsService {
  async function clientFor(profileId: string): Promise<Result<HostupClient>> {
    return deps.profiles.client(profileId)
  }

  return {
    async read(profileId, contactId) {
      const client = await clientFor(profileId)
      if (!client.ok) return client
      const read = await client.value.getPermissions(contactId)
      if (read.kind !== 'done') return { ok: false, error: failure(read).error }
      return ok({ permissions: read.value, ...(read.requestId ? { requestId: read.requestId } : {}) })
    },

    async apply(profileId, contactId, set) {
      const client = await clientFor(profileId)
      if (!client.ok) return noClient(client.error)
      const before = await client.value.getPermissions(contactId)
      if (before.kind !== 'done') return failure(before)
      const body = permissionsBody(before.value, set)
      const posted = await client.value.setPermissions(contactId, body)
      if (posted.kind !== 'done') return failure(posted)
      const after = await client.value.getPermissions(contactId)
      if (after.kind !== 'done') return failure(after)
      if (!matchesBody(after.value, body)) {
        return {
          kind: 'rejected',
          error: {
            code: 'bad_response',
            message: 'errors.permissions.notConfirmed',
            ...(posted.requestId ? { requestId: posted.requestId } : {})
          }
        }
      }
      return {
        kind: 'set',
        permissions: after.value,
        ...(posted.requestId ? { requestId: posted.requestId } : {}),
        ...(posted.value.message ? { message: posted.value.message } : {})
      }
    }
  }
}
