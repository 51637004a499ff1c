/**
 * The only code that talks to HostUp. Every method resolves to a value, never a rejection, and
 * no value carries the API key or the contact's password.
 */
import { toTeamsRequest, type ContactInput } from '../../shared/contact'
import type { KeyVerification, SubmitOutcome } from '../../shared/outcome'
import { ok, type AppError, type Result } from '../../shared/result'
import { isAllowedBaseUrl, normalizeBaseUrl } from '../../shared/base-url'
import { isRecord, readExchange, type Reading } from './reading'
import { createRedactor } from './redact'
import { send, type RequestSpec, type Sent } from './transport'
import { answerVerdict, failureVerdict, type Action, type Context, type Verdict } from './verdict'
import { verifyKey } from './verify'

/** https anywhere; plain http only to a loopback host (the sandbox). Shared with the profile form. */
export { isAllowedBaseUrl } from '../../shared/base-url'

export interface HostupClientOptions {
  baseUrl: string
  apiKey: string
  fetch?: typeof fetch
  /** Covers the headers and the whole body; default 15 s. */
  timeoutMs?: number
  /** Default 1 MiB. */
  maxResponseBytes?: number
}

export interface HostupClient {
  createContact(input: ContactInput, opts?: { signal?: AbortSignal }): Promise<SubmitOutcome>
  verifyKey(opts?: { signal?: AbortSignal }): Promise<Result<KeyVerification>>
  deleteContact(contactId: number): Promise<Result<{ requestId?: string }>>
}

const CREATE: Action = {
  task: 'add the contact',
  scope: 'contacts',
  effect: 'the contact was created',
  innerAdvice:
    'Nothing was created. A contact with the same e-mail may already exist; check the details, then send it again.'
}

const DELETE: Action = {
  task: 'delete the contact',
  scope: 'contacts',
  effect: 'the contact was deleted',
  innerAdvice: 'Nothing was deleted; check the contact in the HostUp dashboard.'
}

function setupError(opts: HostupClientOptions): AppError | undefined {
  if (!isAllowedBaseUrl(opts.baseUrl)) {
    return {
      code: 'validation',
      message:
        'The base URL is not allowed: HostUp must be reached over https:// (plain http:// only to this computer, for the sandbox). Nothing was sent; correct the base URL in the profile.'
    }
  }
  if (opts.apiKey.trim() === '') {
    return {
      code: 'no_key',
      message: 'No API key is set for this profile. Add one in the profile settings, then try again.'
    }
  }
  if (/[^\x21-\x7e]/.test(opts.apiKey)) {
    return {
      code: 'validation',
      message:
        'The API key contains spaces or characters an API key cannot have. Paste it again, then try again.'
    }
  }
  return undefined
}

/** An integer, or HostBill's string of digits; positive either way. */
function usableId(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined
}

function successData(r: Reading): Record<string, unknown> | undefined {
  if (r.status < 200 || r.status >= 300 || !isRecord(r.json) || r.json.success !== true) return undefined
  return isRecord(r.json.data) && r.json.data.success === true ? r.json.data : undefined
}

function created(r: Reading): SubmitOutcome | undefined {
  const data = successData(r)
  if (!data) return undefined
  const contactId = usableId(data.contact_id)
  const requestId = r.requestId
  if (contactId === undefined) {
    const ref = requestId ? `HTTP ${r.status}, request ID ${requestId}` : `HTTP ${r.status}`
    const message = `HostUp reported success (${ref}) but gave no usable contact ID, so the contact was probably created but cannot be identified. Check the account in the HostUp dashboard before sending it again.`
    return {
      kind: 'unknown',
      error: { code: 'bad_response', message, status: r.status, ...(requestId ? { requestId } : {}) }
    }
  }
  const serverTime = typeof data.server_time === 'number' ? { serverTime: data.server_time } : {}
  return { kind: 'created', contactId, ...(requestId ? { requestId } : {}), ...serverTime }
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host
  } catch {
    return 'HostUp'
  }
}

export function createHostupClient(opts: HostupClientOptions): HostupClient {
  const refusal = setupError(opts)
  const ctx: Context = {
    host: hostOf(opts.baseUrl),
    timeoutMs: opts.timeoutMs ?? 15_000,
    maxResponseBytes: opts.maxResponseBytes ?? 1024 * 1024
  }
  const transport = {
    fetch: opts.fetch ?? ((input, init) => fetch(input, init)),
    apiKey: opts.apiKey,
    timeoutMs: ctx.timeoutMs,
    maxResponseBytes: ctx.maxResponseBytes
  } satisfies Parameters<typeof send>[0]
  const call = (spec: Omit<RequestSpec, 'url'> & { path: string }): Promise<Sent> =>
    send(transport, { ...spec, url: `${normalizeBaseUrl(opts.baseUrl)}${spec.path}` })
  const keyOnly = createRedactor([opts.apiKey])
  const failed = <T>(error: AppError): Result<T> => ({ ok: false, error: keyOnly(error) })

  return {
    async createContact(input, { signal } = {}) {
      const redact = createRedactor([opts.apiKey, (input as Partial<ContactInput> | undefined)?.password])
      const finish = (o: SubmitOutcome | Verdict): SubmitOutcome =>
        o.kind === 'created' ? o : { kind: o.kind, error: redact(o.error) }
      if (refusal) return { kind: 'rejected', error: refusal }
      let body: string
      try {
        body = JSON.stringify(toTeamsRequest(input))
      } catch {
        const message =
          'The contact could not be prepared for sending: a field is missing. Nothing was sent; check the form.'
        return { kind: 'rejected', error: { code: 'validation', message } }
      }
      try {
        const sent = await call({ method: 'POST', path: '/teams', body, signal })
        if (!sent.ok) return finish(failureVerdict(sent.failure, CREATE, ctx))
        const reading = readExchange(sent.exchange)
        return finish(created(reading) ?? answerVerdict(reading, CREATE, ctx))
      } catch {
        // The request may have gone out before whatever failed here: treat it as sent.
        const message = `Sending the contact failed unexpectedly, so it is unknown whether the contact was created. Check the account in the HostUp dashboard before sending it again.`
        return { kind: 'unknown', error: { code: 'network', message } }
      }
    },

    async verifyKey({ signal } = {}) {
      if (refusal) return failed(refusal)
      try {
        const result = await verifyKey((path) => call({ method: 'GET', path, signal }), ctx)
        return result.ok ? result : failed(result.error)
      } catch {
        return failed({
          code: 'network',
          message: 'Checking the key failed unexpectedly. Try again in a moment.'
        })
      }
    },

    async deleteContact(contactId) {
      if (refusal) return failed(refusal)
      if (!Number.isSafeInteger(contactId) || contactId <= 0) {
        return failed({
          code: 'validation',
          message: 'A contact ID must be a positive whole number. Nothing was sent.'
        })
      }
      try {
        const sent = await call({ method: 'DELETE', path: `/teams?id=${contactId}&type=contact` })
        if (!sent.ok) return failed(failureVerdict(sent.failure, DELETE, ctx).error)
        const reading = readExchange(sent.exchange)
        if (successData(reading)) return ok(reading.requestId ? { requestId: reading.requestId } : {})
        if (reading.status === 404) {
          const { requestId } = reading
          const ref = requestId ? ` (HTTP 404, request ID ${requestId})` : ' (HTTP 404)'
          const message = `HostUp has no contact with ID ${contactId}${ref}; it may already be deleted.`
          return failed({ code: 'not_found', message, status: 404, ...(requestId ? { requestId } : {}) })
        }
        return failed(answerVerdict(reading, DELETE, ctx).error)
      } catch {
        const message = `Deleting the contact failed unexpectedly, so it is unknown whether it was deleted. Check the account in the HostUp dashboard.`
        return failed({ code: 'network', message })
      }
    }
  }
}
