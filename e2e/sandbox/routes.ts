/** Which route answers a request, and whether its key may use it. */
import { getPermissions, setPermissions } from './permissions'
import { notFound, ok, problem, v1Unauthorized, type Reply } from './reply'
import type { KeyRecord, SandboxState } from './state'
import { createContact, deleteContact } from './teams'
import type { Scope } from './types'

export interface RouteRequest {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  key: string | undefined
}

type Handler = (record: KeyRecord) => Reply

interface Guard {
  /** The session route still answers in the v1 envelope; the rest speak problem+json. */
  style: 'v1' | 'problem'
  scope?: Scope
}

function authorize(state: SandboxState, req: RouteRequest, guard: Guard, handler: Handler): Reply {
  const record = req.key === undefined ? undefined : state.keys.get(req.key)
  if (!record) {
    return guard.style === 'v1'
      ? v1Unauthorized()
      : problem(401, 'unauthorized', 'Authentication required.', req.path)
  }
  if (guard.scope && !record.scopes.has(guard.scope)) {
    return problem(
      403,
      'forbidden',
      'This API key does not have the scope required for this action.',
      req.path
    )
  }
  return handler(record)
}

const SESSION = { isContact: false, authenticated: true, authType: 'api_key', canAccessCdn: false }

export function route(state: SandboxState, req: RouteRequest): Reply {
  const path = req.path.replace(/\/+$/, '')
  const { method } = req
  if (path === '/api/session-info' && method === 'GET') {
    return authorize(state, req, { style: 'v1' }, () => ok(SESSION))
  }
  if (path === '/api/account/details' && method === 'GET') {
    return authorize(state, req, { style: 'problem', scope: 'account' }, (record) =>
      ok({ success: true, client: { ...record.account } })
    )
  }
  if (path === '/api/teams' && (method === 'POST' || method === 'DELETE')) {
    return authorize(state, req, { style: 'problem', scope: 'contacts' }, () =>
      method === 'POST' ? createContact(state, req.body) : deleteContact(state, req.query)
    )
  }
  const permissions = /^\/api\/contacts\/(\d+)\/permissions$/.exec(path)
  if (permissions?.[1] !== undefined && (method === 'GET' || method === 'POST')) {
    const id = Number(permissions[1])
    return authorize(state, req, { style: 'problem', scope: 'permissions' }, () =>
      method === 'GET' ? getPermissions(state, id, req.path) : setPermissions(state, id, req.body, req.path)
    )
  }
  return notFound(req.path, `No route for ${method} ${req.path}.`)
}
