/** Answers as plain values, so faults can replace or rewrite a route's answer before it is sent. */
import { randomUUID } from 'node:crypto'
import type { FieldProblem } from './types'

export interface Reply {
  status: number
  headers?: Record<string, string>
  /** An object is sent as JSON; a string as is. */
  body?: string | object
  contentType?: string
}

export function serverTime(): number {
  return Math.floor(Date.now() / 1000)
}

/** The `{ success, timestamp, requestId, data }` envelope of every HostUp answer. */
export function envelope(data: object, success = true): object {
  return { success, timestamp: new Date().toISOString(), requestId: randomUUID(), data }
}

export function ok(data: object): Reply {
  return { status: 200, body: envelope(data) }
}

const TITLES: Record<string, string> = {
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  verification_failed: 'Verification failed',
  invalid_country_code: 'Validation failed',
  password_too_weak: 'Validation failed',
  invalid_request: 'Validation failed',
  internal_error: 'Internal server error',
  rate_limited: 'Rate limit exceeded',
  service_unavailable: 'Service unavailable',
  not_found: 'Not found',
  payload_too_large: 'Payload too large'
}

/** RFC 7807 problem details as HostUp's error reference shows them. */
export function problem(
  status: number,
  code: string,
  detail: string,
  instance: string,
  extra: { errors?: FieldProblem[]; headers?: Record<string, string> } = {}
): Reply {
  return {
    status,
    contentType: 'application/problem+json',
    headers: extra.headers,
    body: {
      type: `https://developer.hostup.se/errors/${code}`,
      title: TITLES[code] ?? 'Error',
      status,
      detail,
      code,
      instance,
      ...(extra.errors ? { errors: extra.errors } : {}),
      requestId: randomUUID(),
      timestamp: new Date().toISOString()
    }
  }
}

/** The older v1 error envelope, which the session route still speaks. */
export function v1Unauthorized(): Reply {
  return {
    status: 401,
    body: {
      success: false,
      code: 'UNAUTHORIZED',
      error: 'Unauthorized',
      message: 'Authentication required',
      requestId: randomUUID(),
      timestamp: new Date().toISOString()
    }
  }
}

/** The seed's failure shape: the HTTP call worked, the backend call inside did not. */
export function innerFailure(status = 200, error = 'Failed to add contact'): Reply {
  return {
    status,
    body: envelope({ success: false, error, call: 'addClientContact', server_time: serverTime() }, false)
  }
}

export function notFound(path: string, detail = 'No such route.'): Reply {
  return problem(404, 'not_found', detail, path)
}
