import type { AppError } from './result'

/**
 * What became of one `POST /teams`. The four kinds differ in what the person may do next:
 * - `created`: done; the server gave the new contact's ID.
 * - `rejected`: the server processed the call and said no; safe to edit and send again.
 * - `retryable`: the server cannot have acted (nothing reached it, or it said 429/503);
 *   safe to resend, after `error.retryAfterMs` when known.
 * - `unknown`: the request was sent but no trustworthy answer came back. The contact may
 *   exist. Never resent automatically: a blind retry can create a second contact.
 */
export type SubmitOutcome =
  | { kind: 'created'; contactId: number; requestId?: string; serverTime?: number }
  | { kind: 'rejected'; error: AppError }
  | { kind: 'retryable'; error: AppError }
  | { kind: 'unknown'; error: AppError }

/** The only account fields the app ever shows or keeps (the API returns sensitive ones too). */
export interface AccountSummary {
  id: string
  firstname: string
  lastname: string
  companyname: string
  email: string
}

/**
 * The answer to "verify key": the key works; `account` is whose account it opens, or null
 * when the key is valid but lacks the scope to read account details.
 */
export interface KeyVerification {
  account: AccountSummary | null
  isContact?: boolean
}
