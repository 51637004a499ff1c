import type { AppError, ErrorCode } from '@shared/ipc'
import type { MessageKey } from './messages'

/** Where an error happened, when the same code means something more specific there. */
export type ErrorContext = 'verify'

const CODE_KEYS: Record<ErrorCode, MessageKey> = {
  validation: 'error.validation',
  unauthorized: 'error.unauthorized',
  forbidden: 'error.forbidden',
  rate_limited: 'error.rate_limited',
  offline: 'error.offline',
  timeout: 'error.timeout',
  network: 'error.network',
  server: 'error.server',
  bad_response: 'error.bad_response',
  rejected: 'error.rejected',
  keychain_unavailable: 'error.keychain_unavailable',
  keychain_locked: 'error.keychain_locked',
  no_key: 'error.no_key',
  storage: 'error.storage',
  not_found: 'error.not_found',
  busy: 'error.busy',
  internal: 'error.internal'
}

/**
 * The translated sentence for an error. `AppError.message` is English written for logs, so it is
 * never shown: the code picks the text, in the person's language.
 */
export function errorMessageKey(error: AppError, context?: ErrorContext): MessageKey {
  // Reading account details needs its own scope; a key without it may still create contacts.
  if (context === 'verify' && error.code === 'forbidden') return 'verify.noScope'
  return CODE_KEYS[error.code] ?? 'error.internal'
}
