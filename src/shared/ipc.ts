/**
 * The IPC contract: the only place a channel name is written. Main's handlers, the preload's
 * `window.api` and the renderer's types are all derived from `invokeChannels` and
 * `eventChannels` below. Adding a capability: one line here, one handler, one store action.
 */
import type { AppCommand } from './commands'
import type { ContactInput } from './contact'
import type { Locale } from './i18n'
import type { Draft, DraftFields, DraftInput } from './draft'
import type { Batch, BatchReport, ColumnMapping, ImportReport, LoginDetail, RowsChanged } from './import'
import type { ExportFormat, ExportResult, HistoryEntry, HistoryPage, HistoryQuery } from './history'
import type { StoreNotice } from './notice'
import type { KeyVerification } from './outcome'
import type { OutboxCounts, OutboxEvent, OutboxItem, SendOutcome, UnknownDecision } from './outbox'
import type {
  AccountLists,
  PermissionChoice,
  PermissionPreset,
  PermissionsRead,
  PermissionsSaved
} from './permissions'
import type { KeyStatus, Profile, ProfileInput, ProfilesState } from './profile'
import type { Result } from './result'
import type { UpdateState } from './updates'

export type { AppError, ErrorCode, Result } from './result'

/** Phantom marker: carries a channel's request and response types, holds nothing at runtime. */
interface Spec<Req, Res> {
  readonly request?: Req
  readonly response?: Res
}
const spec = <Req, Res>(): Spec<Req, Res> => ({})

export interface AppInfo {
  name: string
  version: string
  platform: string
  online: boolean
  /** How long main waits for HostUp's answer to one call (then the outcome is unknown). */
  requestTimeoutMs: number
}

/** Renderer → main calls. Each resolves to a `Result`, never rejects. */
export const invokeChannels = {
  'app:info': spec<void, AppInfo>(),
  /** The language the person chose: main's own words (the menu) follow it. */
  'app:setLocale': spec<{ locale: Locale }, null>(),
  'profiles:list': spec<void, ProfilesState>(),
  'profiles:save': spec<ProfileInput, Profile>(),
  'profiles:delete': spec<{ id: string }, ProfilesState>(),
  'profiles:select': spec<{ id: string }, ProfilesState>(),
  'apiKey:set': spec<{ profileId: string; apiKey: string }, KeyStatus>(),
  'apiKey:status': spec<{ profileId: string }, KeyStatus>(),
  'apiKey:clear': spec<{ profileId: string }, KeyStatus>(),
  'apiKey:verify': spec<{ profileId: string }, KeyVerification>(),
  /** Damaged files moved aside since start that the person has not dismissed. */
  'app:notices': spec<void, StoreNotice[]>(),
  /** The person dismissed the notice of the file moved to `path`: no window of this run shows it again. */
  'app:dismissNotice': spec<{ path: string }, null>(),
  /** Shows a file the app saved in this run (an export) in the system's file manager. */
  'app:showInFolder': spec<{ path: string }, null>(),
  /**
   * Sends one contact. `formId` is its draft's ID: one send per draft at a time, and the draft
   * (password in the keychain) is saved first, so a crash mid-send loses nothing. Offline, the
   * contact is queued in the outbox instead. `useStoredPassword`: send the draft's kept password.
   */
  'contacts:create': spec<
    {
      profileId: string
      formId: string
      contact: ContactInput
      useStoredPassword?: boolean
      /** What the contact may do once it exists (kept with the draft and the outbox item). */
      permissions?: PermissionChoice
    },
    SendOutcome
  >(),
  /** The current permissions of a history entry's contact, read from HostUp. */
  'contacts:permissions': spec<{ id: string }, PermissionsRead>(),
  /** Gives a history entry's contact these permissions now (POST, read back), and tells the entry. */
  'contacts:setPermissions': spec<{ id: string; choice: PermissionChoice }, PermissionsSaved>(),
  /** The account's services, domains and DNS zones to choose permissions from; null before any contact exists. */
  'contacts:accountLists': spec<{ profileId: string }, AccountLists | null>(),
  /** Tries a created contact's permissions again (an outbox item ID): null once they are set. */
  'contacts:retryPermissions': spec<{ id: string }, OutboxItem | null>(),
  /** Creates or replaces one of a profile's permission presets. */
  'presets:save': spec<{ profileId: string; preset: PermissionPreset }, Profile>(),
  /** Removes one of the person's own presets, or restores a built-in one. */
  'presets:remove': spec<{ profileId: string; presetId: string }, Profile>(),
  /** Opens a spreadsheet the person picks in a dialog (null: cancelled); main reads it, never the page. */
  'import:choose': spec<{ profileId: string }, ImportReport | null>(),
  /** Opens a spreadsheet the person dropped on the window. */
  'import:open': spec<{ profileId: string; path: string }, ImportReport>(),
  'import:sheet': spec<{ id: string; sheet: string }, ImportReport>(),
  'import:map': spec<{ id: string; mapping: ColumnMapping }, ImportReport>(),
  'import:edit': spec<{ id: string; row: number; field: keyof DraftFields; value: string }, RowsChanged>(),
  'import:exclude': spec<{ id: string; row: number; excluded: boolean }, RowsChanged>(),
  /** The valid, included rows become one named batch of drafts. */
  'import:commit': spec<{ id: string; name: string; permissions?: PermissionChoice }, Batch>(),
  'import:discard': spec<{ id: string }, null>(),
  'batches:list': spec<{ profileId: string }, Batch[]>(),
  'batches:report': spec<{ id: string }, BatchReport>(),
  /** Puts the batch's unsent rows in the outbox, in order; each row once. */
  'batches:send': spec<{ id: string }, Batch>(),
  'batches:pause': spec<{ id: string }, Batch>(),
  'batches:resume': spec<{ id: string }, Batch>(),
  /** Takes back what was not sent; those rows stay as drafts. */
  'batches:cancel': spec<{ id: string }, Batch>(),
  'batches:exportReport': spec<{ id: string }, ExportResult>(),
  /** The created contacts' login details, to show the person once. */
  'batches:logins': spec<{ id: string }, LoginDetail[]>(),
  /** Writes the login details to a file the person picks (mode 0600). */
  'batches:exportLogins': spec<{ id: string }, ExportResult>(),
  'batches:forgetLogins': spec<{ id: string }, Batch>(),
  'drafts:save': spec<DraftInput, Draft>(),
  'drafts:list': spec<{ profileId: string }, Draft[]>(),
  'drafts:get': spec<{ id: string }, Draft>(),
  'drafts:remove': spec<{ id: string }, null>(),
  /** A copy of a draft without its e-mail and password (those belong to one person). */
  'drafts:duplicate': spec<{ id: string }, Draft>(),
  'outbox:list': spec<{ profileId: string }, OutboxItem[]>(),
  /** What waits and what needs a decision, over every profile: the sidebar badge. */
  'outbox:counts': spec<void, OutboxCounts>(),
  /** The person's decision on an `unknown` item (or on any item: discard). */
  'outbox:resolve': spec<UnknownDecision, OutboxItem | null>(),
  /** Send a queued or retryable item now (never an unknown one: that takes `outbox:resolve`). */
  'outbox:sendNow': spec<{ id: string }, OutboxItem>(),
  /** End a pause of automatic sending: everything that waits goes now, in its order. */
  'outbox:sendAll': spec<void, OutboxCounts>(),
  'history:query': spec<HistoryQuery, HistoryPage>(),
  /** Created contacts of this profile with this e-mail: the duplicate guard. */
  'history:findByEmail': spec<{ profileId: string; email: string }, HistoryEntry[]>(),
  /** Writes the rows matching the query to a file the person picks in a save dialog. */
  'history:export': spec<{ query: HistoryQuery; format: ExportFormat }, ExportResult>(),
  /** Removes the contact from HostUp (DELETE /teams) and marks the entry removed. */
  'history:undo': spec<{ id: string }, HistoryEntry>(),
  /** Whether updates are on, and a downloaded version waiting for a restart. */
  'updates:status': spec<void, UpdateState>(),
  /** The person chose to restart now and install the downloaded version (refused while a batch sends). */
  'updates:restart': spec<void, null>()
} as const

/** Main → renderer notifications. */
export const eventChannels = {
  'app:online': spec<{ online: boolean }, never>(),
  'outbox:changed': spec<OutboxEvent, never>(),
  /** A store moved a damaged file aside while the app was running. */
  'app:notice': spec<StoreNotice, never>(),
  /** A new version was downloaded (or the updates' state changed otherwise). */
  'updates:changed': spec<UpdateState, never>(),
  /** The person picked one of the app's own commands in the application menu. */
  'app:command': spec<AppCommand, never>()
} as const

export type InvokeChannel = keyof typeof invokeChannels
export type EventChannel = keyof typeof eventChannels
export type RequestOf<C extends InvokeChannel> =
  (typeof invokeChannels)[C] extends Spec<infer Req, unknown> ? Req : never
export type ResponseOf<C extends InvokeChannel> =
  (typeof invokeChannels)[C] extends Spec<unknown, infer Res> ? Res : never
export type EventPayload<E extends EventChannel> =
  (typeof eventChannels)[E] extends Spec<infer P, unknown> ? P : never

export const INVOKE_CHANNELS = Object.keys(invokeChannels) as InvokeChannel[]

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(invokeChannels, value)
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(eventChannels, value)
}

/** `'profiles:list'` → domain `profiles`, action `list`: `window.api.profiles.list()`. */
type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never
type ActionOf<C extends string, D extends string> = C extends `${D}:${infer A}` ? A : never

export type Invoker<C extends InvokeChannel> = [RequestOf<C>] extends [void]
  ? () => Promise<Result<ResponseOf<C>>>
  : (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>

export type HostupApi = {
  [D in DomainOf<InvokeChannel>]: {
    [A in ActionOf<InvokeChannel, D>]: Invoker<Extract<`${D}:${A}`, InvokeChannel>>
  }
} & {
  /** Listen to a main → renderer event; returns the function that stops listening. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /**
   * Where a file dropped on the window is on disk (Electron's `webUtils.getPathForFile`), for
   * `import:open`; '' for one that is not a file on disk (dragged out of another app's memory).
   */
  pathOf(file: File): string
}

/** The handler side: one async function per channel, taking the untrusted payload. */
export type Handlers = { [C in InvokeChannel]: (payload: unknown) => Promise<Result<ResponseOf<C>>> }

export function splitChannel(channel: InvokeChannel): [domain: string, action: string] {
  const at = channel.indexOf(':')
  return [channel.slice(0, at), channel.slice(at + 1)]
}
