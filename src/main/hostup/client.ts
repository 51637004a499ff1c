/**
 * The only code that talks to HostUp. Every method resolves to a value, never a rejection, and
 * no value carries the API key or the contact's password.
 */
import { toTeamsRequest, type ContactInput } from '../../shared/contact'
import type { KeyVerification, SubmitOutcome } from '../../shared/outcome'
import {
  parseContactPermissions,
  type ContactPermissions,
  type PermissionsBody
} from '../../shared/permissions'
import { ok, type AppError, type Result } from '../../shared/result'
import { isAllowedBaseUrl, normalizeBaseUrl } from '../../shared/base-url'
import { envelopeData, readExchange, successData, type Reading } from './reading'
import { createRedactor } from './redact'
import { send, type RequestSpec, type Sent } from './transport'
import { answerVerdict, failureVerdict, type Action, type Context, type Verdict } from './verdict'
import { verifyKey } from './verify'

/** https anywhere; plain http only to a loopback host (the sandbox). Shared with the profile form. */
export { isAllowedBaseUrl } from '../../shared/base-url'

/** How long one call may take, headers and body, before its outcome counts as unknown. */
export const DEFAULT_TIMEOUT_MS = 15_000

export interface HostupClientOptions {
  baseUrl: string
  apiKey: string
  fetch?: typeof fetch
  /** Covers the headers and the whole body; default `DEFAULT_TIMEOUT_MS`. */
  timeoutMs?: number
  /** Default 1 MiB. */
  maxResponseBytes?: number
  /** HostUp answered 401 to a call: the key is no longer accepted (the profile shows it). */
  onKeyRefused?: () => void
  /** Told about every exchange, for the log: method, path, status and request ID, never a header or a body. */
  onExchange?: (record: ExchangeRecord) => void
}

/** One exchange as the log may know it: nothing of the request's headers or body, nothing of the answer's body. */
export interface ExchangeRecord {
  method: RequestSpec['method']
  /** The path under the base URL, e.g. `/teams` or `/contacts/14087/permissions`. */
  path: string
  /** HostUp's HTTP status, or why there was none (the transport failure's reason). */
  status: number | string
  ms: number
  requestId?: string
}

/** A call that may be repeated safely (reading, or setting the full permissions): done, or why not. */
export type Attempt<T> = { kind: 'done'; value: T; requestId?: string } | Verdict

export interface HostupClient {
  createContact(input: ContactInput, opts?: { signal?: AbortSignal }): Promise<SubmitOutcome>
  verifyKey(opts?: { signal?: AbortSignal }): Promise<Result<KeyVerification>>
  deleteContact(contactId: number): Promise<Result<{ requestId?: string }>>
  /** `GET /contacts/{id}/permissions`: the contact's access, and the account's lists it is chosen from. */
  getPermissions(contactId: number): Promise<Attempt<ContactPermissions>>
  /** `POST /contacts/{id}/permissions` with the full set; `message` is HostUp's own answer. */
  setPermissions(contactId: number, body: PermissionsBody): Promise<Attempt<{ message?: string }>>
}

const CREATE: Action = {
  task: 'errors.hostup.task.create',
  scope: 'contacts',
  next: 'errors.hostup.next.create',
  advice: 'errors.hostup.advice.create'
}

const DELETE: Action = {
  task: 'errors.hostup.task.delete',
  scope: 'contacts',
  next: 'errors.hostup.next.delete',
  advice: 'errors.hostup.advice.delete'
}

const READ_PERMISSIONS: Action = {
  task: 'errors.hostup.task.readPermissions',
  scope: 'permissions',
  next: 'errors.hostup.next.read',
  advice: 'errors.hostup.advice.permissions'
}

const SET_PERMISSIONS: Action = {
  task: 'errors.hostup.task.setPermissions',
  scope: 'permissions',
  next: 'errors.hostup.next.permissions',
  advice: 'errors.hostup.advice.permissions'
}

function setupError(opts: HostupClientOptions): AppError | undefined {
  if (!isAllowedBaseUrl(opts.baseUrl)) return { code: 'validation', message: 'errors.hostup.badBaseUrl' }
  if (opts.apiKey.trim() === '') return { code: 'no_key', message: 'errors.hostup.noKey' }
  if (/[^\x21-\x7e]/.test(opts.apiKey))
    return { code: 'validation', message: 'errors.hostup.badKeyCharacters' }
  return undefined
}

/** An integer, or HostBill's string of digits; positive either way. */
function usableId(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined
}

function created(r: Reading): SubmitOutcome | undefined {
  const data = successData(r)
  if (!data) return undefined
  const contactId = usableId(data.contact_id)
  const requestId = r.requestId
  if (contactId === undefined) {
    return {
      kind: 'unknown',
      error: {
        code: 'bad_response',
        message: 'errors.hostup.noContactId',
        status: r.status,
        ...(requestId ? { requestId } : {})
      }
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
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: opts.maxResponseBytes ?? 1024 * 1024
  }
  const transport = {
    fetch: opts.fetch ?? ((input, init) => fetch(input, init)),
    apiKey: opts.apiKey,
    timeoutMs: ctx.timeoutMs,
    maxResponseBytes: ctx.maxResponseBytes
  } satisfies Parameters<typeof send>[0]
  const call = async (spec: Omit<RequestSpec, 'url'> & { path: string }): Promise<Sent> => {
    const started = performance.now()
    const sent = await send(transport, { ...spec, url: `${normalizeBaseUrl(opts.baseUrl)}${spec.path}` })
    try {
      const requestId = sent.ok ? readExchange(sent.exchange).requestId : undefined
      opts.onExchange?.({
        method: spec.method,
        path: spec.path,
        status: sent.ok ? sent.exchange.status : sent.failure.reason,
        ms: performance.now() - started,
        ...(requestId ? { requestId } : {})
      })
    } catch {
      // The log never changes what a call answers.
    }
    return sent
  }
  const keyOnly = createRedactor([opts.apiKey])
  /** An answer's verdict; a refused key is told to whoever keeps the profile's state. */
  const judge = (reading: Reading, action: Action): Verdict => {
    const verdict = answerVerdict(reading, action, ctx)
    if (verdict.error.code === 'unauthorized') opts.onKeyRefused?.()
    return verdict
  }
  const failed = <T>(error: AppError): Result<T> => ({ ok: false, error: keyOnly(error) })

  /** A permissions call: its verdict as for any call, its success read by `read` (undefined: not that shape). */
  async function permissionsCall<T>(
    contactId: number,
    action: Action,
    spec: { method: 'GET' | 'POST'; body?: string },
    read: (data: Record<string, unknown>) => T | undefined
  ): Promise<Attempt<T>> {
    const verdict = (v: Verdict): Attempt<T> => ({ kind: v.kind, error: keyOnly(v.error) })
    if (refusal) return verdict({ kind: 'rejected', error: refusal })
    if (!Number.isSafeInteger(contactId) || contactId <= 0)
      return verdict({
        kind: 'rejected',
        error: { code: 'validation', message: 'errors.hostup.badContactId' }
      })
    try {
      const sent = await call({ ...spec, path: `/contacts/${contactId}/permissions` })
      if (!sent.ok) return verdict(failureVerdict(sent.failure, action, ctx))
      const reading = readExchange(sent.exchange)
      const data = envelopeData(reading)
      const value = data ? read(data) : undefined
      if (value !== undefined)
        return { kind: 'done', value, ...(reading.requestId ? { requestId: reading.requestId } : {}) }
      return verdict(judge(reading, action))
    } catch {
      return verdict({
        kind: 'unknown',
        error: { code: 'network', message: 'errors.hostup.permissionsCrashed' }
      })
    }
  }

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
        return { kind: 'rejected', error: { code: 'validation', message: 'errors.hostup.notPrepared' } }
      }
      try {
        const sent = await call({ method: 'POST', path: '/teams', body, signal })
        if (!sent.ok) return finish(failureVerdict(sent.failure, CREATE, ctx))
        const reading = readExchange(sent.exchange)
        return finish(created(reading) ?? judge(reading, CREATE))
      } catch {
        // The request may have gone out before whatever failed here: treat it as sent.
        return { kind: 'unknown', error: { code: 'network', message: 'errors.hostup.sendCrashed' } }
      }
    },

    async verifyKey({ signal } = {}) {
      if (refusal) return failed(refusal)
      try {
        const result = await verifyKey((path) => call({ method: 'GET', path, signal }), ctx)
        return result.ok ? result : failed(result.error)
      } catch {
        return failed({ code: 'network', message: 'errors.hostup.verifyCrashed' })
      }
    },

    async deleteContact(contactId) {
      if (refusal) return failed(refusal)
      if (!Number.isSafeInteger(contactId) || contactId <= 0) {
        return failed({ code: 'validation', message: 'errors.hostup.badContactId' })
      }
      try {
        const sent = await call({ method: 'DELETE', path: `/teams?id=${contactId}&type=contact` })
        if (!sent.ok) return failed(failureVerdict(sent.failure, DELETE, ctx).error)
        const reading = readExchange(sent.exchange)
        if (successData(reading)) return ok(reading.requestId ? { requestId: reading.requestId } : {})
        if (reading.status === 404) {
          const { requestId } = reading
          return failed({
            code: 'not_found',
            message: 'errors.hostup.noSuchContact',
            params: { id: contactId },
            status: 404,
            ...(requestId ? { requestId } : {})
          })
        }
        return failed(judge(reading, DELETE).error)
      } catch {
        return failed({ code: 'network', message: 'errors.hostup.deleteCrashed' })
      }
    },
    async getPermissions(contactId) {
      return permissionsCall(contactId, READ_PERMISSIONS, { method: 'GET' }, (data) => {
        const read = parseContactPermissions(data)
        return read ?? undefined
      })
    },

    async setPermissions(contactId, body) {
      return permissionsCall(
        contactId,
        SET_PERMISSIONS,
        { method: 'POST', body: JSON.stringify(body) },
        (data) => (typeof data.message === 'string' ? { message: data.message } : {})
      )
    }
  }
}
