/** The public shapes of the sandbox: what tests, the harness and the CLI see. */

/** `permissions`: reading and setting what a contact may do; a key can lack it and still create contacts. */
export type Scope = 'contacts' | 'account' | 'permissions'

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Defaults to 127.0.0.1: the sandbox never listens beyond loopback unless asked. */
  host?: string
  /** Valid API keys with both scopes; defaults to [DEMO_KEY]. */
  keys?: string[]
}

/** The client object `GET /account/details` returns for a key, sensitive fields included on purpose. */
export interface SandboxAccount {
  id: string
  email: string
  status: string
  firstname: string
  lastname: string
  companyname: string
  address1: string
  city: string
  country: string
  reset_token: string
}

export interface KeyOptions {
  /** Defaults to every scope. */
  scopes?: Scope[]
  /** Merged over the demo account (Anna Svensson). */
  account?: Partial<SandboxAccount>
}

export interface SandboxRequest {
  method: string
  /** The path without the query, e.g. `/api/teams`. */
  path: string
  query: Record<string, string>
  /** Lower-case names; the `x-api-key` value is replaced by `<redacted>`. */
  headers: Record<string, string>
  /** Whether the request carried a key the sandbox knows. */
  keyMatched: boolean
  /** Parsed JSON, the raw text when it is not JSON, or undefined when there was no body. */
  body: unknown
  receivedAt: Date
}

/** A contact as the sandbox keeps it: never its password. */
export interface SandboxContact {
  id: number
  email: string
  firstname: string
  lastname: string
  phonenumber: string
  address1: string
  city: string
  country: string
  postcode: string
  createdAt: Date
  deleted?: boolean
}

export type ProblemCode =
  | 'unauthorized'
  | 'forbidden'
  | 'verification_failed'
  | 'invalid_country_code'
  | 'password_too_weak'
  | 'internal_error'
  | 'invalid_request'

export interface FieldProblem {
  pointer: string
  detail: string
  code?: string
}

export type Fault =
  /** Seed style: data.success false, data.error 'Failed to add contact'. */
  | { kind: 'inner-failure'; status?: number }
  | { kind: 'v1-unauthorized' }
  | { kind: 'problem'; code: ProblemCode; status?: number; errors?: FieldProblem[] }
  /**
   * 429; `retryAfter` is seconds ('30') or an HTTP date; default '2'. null leaves out Retry-After,
   * so only X-RateLimit-Reset (2 s ahead) says when to come back.
   */
  | { kind: 'rate-limited'; retryAfter?: string | null }
  /** 503, with Retry-After only when given. */
  | { kind: 'unavailable'; retryAfter?: string }
  | { kind: 'server-error' }
  /** An nginx HTML error page. */
  | { kind: 'proxy-html'; status?: 502 | 503 | 504 }
  | { kind: 'empty-body'; status?: number }
  /**
   * A success body cut in half. By default a complete HTTP message whose JSON is cut (a proxy that
   * truncated it); with `dropConnection` the length promises more and the socket dies mid-body.
   */
  | { kind: 'truncated-json'; dropConnection?: boolean }
  | { kind: 'huge-body'; bytes?: number }
  /** Answers success with contact_id as a string ("68", HostBill style); the contact IS created. */
  | { kind: 'contact-id-string' }
  /** Reads the request and lets the route act (POST /teams creates), then destroys the socket unanswered. */
  | { kind: 'reset-after-request' }
  /** Reads the request and never answers. */
  | { kind: 'hang' }
  /** Any answer at all, for shapes no other fault covers (a 303, a success without contact_id, …). */
  | {
      kind: 'raw'
      status: number
      body?: string | object
      headers?: Record<string, string>
      contentType?: string
    }

export interface FailNextOptions {
  /** How many matching requests get the fault; default 1. */
  times?: number
  /** Only requests to this path (e.g. '/api/teams', or a pattern for '/api/contacts/…/permissions'); default any. */
  path?: string | RegExp
  /** Only requests with this method (e.g. 'POST'); default any. */
  method?: string
}

export interface Sandbox {
  /** Base URL including /api, e.g. http://127.0.0.1:43123/api. */
  readonly url: string
  readonly port: number
  /** Every request received, in order. */
  readonly log: SandboxRequest[]
  readonly contacts: SandboxContact[]
  addKey(key: string, opts?: KeyOptions): void
  /** The key is revoked, as in HostUp's dashboard: from now on every call with it is answered 401. */
  revokeKey(key: string): void
  /** Delay before every answer, faults included. */
  setDelay(ms: number): void
  /**
   * From now on every answer waits (the request is logged and acted on as it arrives) until the
   * returned function is called, or the sandbox is reset: "while the request is at the server",
   * without a delay a slow machine could outlast.
   */
  holdAnswers(): () => void
  failNext(fault: Fault, opts?: FailNextOptions): void
  /** Answer GET permissions with domains and DNS zones as plain names, as one of HostUp's examples does. */
  setItemsAsNames(asNames: boolean): void
  /** A fault for every request until cleared with null. */
  setFault(fault: Fault | null): void
  /** Stops listening (connections are refused) and drops open connections; all state is kept. */
  goOffline(): Promise<void>
  /** Listens again on the same port. */
  goOnline(): Promise<void>
  /** Clears the log, contacts, permissions, faults and delay; keys stay. */
  reset(): void
  /** Stops listening and destroys every open socket, hung ones included. */
  close(): Promise<void>
}
