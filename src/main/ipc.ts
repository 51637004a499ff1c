import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron'
import * as yup from 'yup'
import type { Schema } from 'yup'
import { draftInputSchema } from '../shared/draft'
import {
  historyExportRequestSchema,
  historyFindByEmailRequestSchema,
  historyQuerySchema,
  historyUndoRequestSchema
} from '../shared/history'
import { INVOKE_CHANNELS, type AppInfo, type Handlers, type InvokeChannel } from '../shared/ipc'
import { LOCALES, type Locale } from '../shared/i18n'
import {
  importChooseRequestSchema,
  importCommitRequestSchema,
  importEditRequestSchema,
  importExcludeRequestSchema,
  importIdRequestSchema,
  importMapRequestSchema,
  importOpenRequestSchema,
  importSheetRequestSchema
} from '../shared/import'
import type { StoreNotice } from '../shared/notice'
import {
  parseSendRequest,
  toUnknownDecision,
  unknownDecisionSchema,
  type UnknownDecision
} from '../shared/outbox'
import { parseNothing, parseWith } from '../shared/parse'
import { permissionChoiceSchema, type PermissionChoice, type PermissionPreset } from '../shared/permissions'
import {
  idRequestSchema,
  removePresetRequestSchema,
  savePresetRequestSchema,
  idSchema,
  profileIdRequestSchema,
  profileInputSchema,
  setKeyRequestSchema
} from '../shared/profile'
import { err, guard, ok, type Result } from '../shared/result'
import type { ContactsService } from './contacts'
import type { DraftService } from './drafts'
import type { HistoryService } from './history'
import type { BatchService, ImportService } from './import'
import type { OutboxService } from './outbox'
import type { ProfileService } from './profiles'
import type { UpdatesService } from './updates'

/** Everything the handlers call; each is plain TypeScript that takes its world as arguments. */
export interface Services {
  profiles: ProfileService
  drafts: DraftService
  outbox: OutboxService
  contacts: ContactsService
  history: HistoryService
  imports: ImportService
  batches: BatchService
  updates: UpdatesService
  /** Damaged files moved aside since start and not dismissed: a window reloaded (or reopened) asks again. */
  notices(): StoreNotice[]
  /** Forgets the notice of the file moved to `movedTo`, for every window of this run. */
  dismissNotice(movedTo: string): null
  appInfo(): AppInfo
  /** The person chose a language: main's own words follow it. */
  setLocale(locale: Locale): void
  /** Shows a file this run saved (an export) in the file manager; any other path is refused. */
  showInFolder(path: string): Result<null>
  /** Settles what the last run left mid-send, then lets the outbox send by itself. */
  start(): Promise<void>
  onlineChanged(online: boolean): void
  /**
   * Stops sending and checking for updates at once; resolves once the automatic send under way has
   * its outcome written and what was left for the background (the drafts of created contacts) is.
   * At quit nothing waits for it: a send cut off there is held as unknown by the next start's
   * recovery, and a created contact's draft left behind is removed by it. A test waits for it
   * before it removes the folder.
   */
  stop(): Promise<void>
}

type Parser<T> = (payload: unknown) => Result<T>

/** Parsed with a shared schema; a missing payload is malformed like any other (see `parseWith`). */
function withSchema<T>(schema: Schema<T>): Parser<T> {
  return (payload) => parseWith(schema, payload)
}

const route =
  <T, R>(parse: Parser<T>, call: (value: T) => Promise<Result<R>>) =>
  async (payload: unknown): Promise<Result<R>> => {
    const parsed = parse(payload)
    return parsed.ok ? call(parsed.value) : parsed
  }

const nothing: Parser<void> = parseNothing
const setPermissionsRequestSchema = yup
  .object({ id: idSchema, choice: permissionChoiceSchema.required('permissions.invalid') })
  .noUnknown('validation.unknownField')
  .strict()
const localeRequestSchema = yup
  .object({ locale: yup.mixed<Locale>().oneOf(LOCALES, 'validation.invalid').required('validation.invalid') })
  .noUnknown('validation.unknownField')
  .strict()
/** A file's path: one the app saved (Show in folder) or moved aside (a notice dismissed). */
const pathRequestSchema = yup
  .object({ path: yup.string().strict().required('validation.invalid').max(4096, 'validation.invalid') })
  .noUnknown('validation.unknownField')
  .strict()
const byId = withSchema(idRequestSchema)
const byProfile = withSchema(profileIdRequestSchema)

/** A pasted key is trimmed before it is checked; its value is never part of an answer. */
function parseSetKey(payload: unknown): Result<{ profileId: string; apiKey: string }> {
  const trimmed =
    typeof payload === 'object' &&
    payload !== null &&
    'apiKey' in payload &&
    typeof payload.apiKey === 'string'
      ? { ...payload, apiKey: payload.apiKey.trim() }
      : payload
  const parsed = withSchema(setKeyRequestSchema)(trimmed)
  if (parsed.ok || parsed.error.fields?.apiKey === undefined) return parsed
  return err('validation', 'errors.profiles.keyInvalid', { fields: parsed.error.fields })
}

/**
 * How each channel's payload is read: its shared schema, applied here and nowhere else. Exported so
 * a domain's tests can send a raw payload through exactly what the handler runs.
 */
export const parsers = {
  'app:info': nothing,
  'app:notices': nothing,
  'app:setLocale': withSchema(localeRequestSchema),
  'app:showInFolder': withSchema(pathRequestSchema),
  'app:dismissNotice': withSchema(pathRequestSchema),
  'profiles:list': nothing,
  'profiles:save': withSchema(profileInputSchema),
  'profiles:delete': byId,
  'profiles:select': byId,
  'apiKey:set': parseSetKey,
  'apiKey:status': byProfile,
  'apiKey:clear': byProfile,
  'apiKey:verify': byProfile,
  'contacts:create': parseSendRequest,
  'contacts:permissions': byId,
  'contacts:setPermissions': withSchema(setPermissionsRequestSchema),
  'contacts:accountLists': byProfile,
  'contacts:retryPermissions': byId,
  'presets:save': withSchema(savePresetRequestSchema),
  'presets:remove': withSchema(removePresetRequestSchema),
  'import:choose': withSchema(importChooseRequestSchema),
  'import:open': withSchema(importOpenRequestSchema),
  'import:sheet': withSchema(importSheetRequestSchema),
  'import:map': withSchema(importMapRequestSchema),
  'import:edit': withSchema(importEditRequestSchema),
  'import:exclude': withSchema(importExcludeRequestSchema),
  'import:commit': withSchema(importCommitRequestSchema),
  'import:discard': withSchema(importIdRequestSchema),
  'batches:list': byProfile,
  'batches:report': byId,
  'batches:send': byId,
  'batches:pause': byId,
  'batches:resume': byId,
  'batches:cancel': byId,
  'batches:exportReport': byId,
  'batches:logins': byId,
  'batches:exportLogins': byId,
  'batches:forgetLogins': byId,
  'drafts:save': withSchema(draftInputSchema),
  'drafts:list': byProfile,
  'drafts:get': byId,
  'drafts:remove': byId,
  'drafts:duplicate': byId,
  'outbox:list': byProfile,
  'outbox:counts': nothing,
  'updates:status': nothing,
  'updates:restart': nothing,
  'outbox:resolve': (payload: unknown): Result<UnknownDecision> => {
    const parsed = withSchema(unknownDecisionSchema)(payload)
    return parsed.ok ? ok(toUnknownDecision(parsed.value)) : parsed
  },
  'outbox:sendNow': byId,
  'outbox:sendAll': nothing,
  'history:query': withSchema(historyQuerySchema),
  'history:findByEmail': withSchema(historyFindByEmailRequestSchema),
  'history:export': withSchema(historyExportRequestSchema),
  'history:undo': withSchema(historyUndoRequestSchema)
} satisfies Record<InvokeChannel, Parser<unknown>>

/** The handler table: each channel's payload parsed once, then one service method with the typed value. */
export function createHandlers(services: Services): Handlers {
  const { profiles, drafts, outbox, contacts, history, imports, batches } = services
  const p = parsers
  const handlers: Handlers = {
    'app:info': route(p['app:info'], async () => ok(services.appInfo())),
    'app:notices': route(p['app:notices'], async () => ok(services.notices())),
    'app:dismissNotice': route(p['app:dismissNotice'], async ({ path }) => ok(services.dismissNotice(path))),
    'app:showInFolder': route(p['app:showInFolder'], async ({ path }) => services.showInFolder(path)),
    'app:setLocale': route(p['app:setLocale'], async ({ locale }) => {
      services.setLocale(locale)
      return ok(null)
    }),
    'profiles:list': route(p['profiles:list'], () => profiles.list()),
    'profiles:save': route(p['profiles:save'], (input) => profiles.save(input)),
    'profiles:delete': route(p['profiles:delete'], ({ id }) => profiles.remove(id)),
    'profiles:select': route(p['profiles:select'], ({ id }) => profiles.select(id)),
    'apiKey:set': route(p['apiKey:set'], ({ profileId, apiKey }) => profiles.setKey(profileId, apiKey)),
    'apiKey:status': route(p['apiKey:status'], ({ profileId }) => profiles.keyStatus(profileId)),
    'apiKey:clear': route(p['apiKey:clear'], ({ profileId }) => profiles.clearKey(profileId)),
    'apiKey:verify': route(p['apiKey:verify'], ({ profileId }) => profiles.verifyKey(profileId)),
    'contacts:create': route(p['contacts:create'], (request) => contacts.create(request)),
    'contacts:permissions': route(p['contacts:permissions'], ({ id }) => contacts.permissions(id)),
    'contacts:setPermissions': route(p['contacts:setPermissions'], ({ id, choice }) =>
      contacts.setPermissions(id, choice as PermissionChoice)
    ),
    'contacts:accountLists': route(p['contacts:accountLists'], ({ profileId }) =>
      contacts.accountLists(profileId)
    ),
    'contacts:retryPermissions': route(p['contacts:retryPermissions'], ({ id }) =>
      contacts.retryPermissions(id)
    ),
    'presets:save': route(p['presets:save'], ({ profileId, preset }) =>
      profiles.savePreset(profileId, preset as PermissionPreset)
    ),
    'presets:remove': route(p['presets:remove'], ({ profileId, presetId }) =>
      profiles.removePreset(profileId, presetId)
    ),
    'import:choose': route(p['import:choose'], ({ profileId }) => imports.choose(profileId)),
    'import:open': route(p['import:open'], ({ profileId, path }) => imports.open(profileId, path)),
    'import:sheet': route(p['import:sheet'], ({ id, sheet }) => imports.sheet(id, sheet)),
    'import:map': route(p['import:map'], ({ id, mapping }) => imports.map(id, mapping)),
    'import:edit': route(p['import:edit'], ({ id, row, field, value }) =>
      imports.edit(id, row, field, value)
    ),
    'import:exclude': route(p['import:exclude'], ({ id, row, excluded }) =>
      imports.exclude(id, row, excluded)
    ),
    'import:commit': route(p['import:commit'], ({ id, name, permissions }) =>
      imports.commit(id, name, permissions as PermissionChoice | undefined)
    ),
    'import:discard': route(p['import:discard'], async ({ id }) => imports.discard(id)),
    'batches:list': route(p['batches:list'], ({ profileId }) => batches.list(profileId)),
    'batches:report': route(p['batches:report'], ({ id }) => batches.report(id)),
    'batches:send': route(p['batches:send'], ({ id }) => batches.send(id)),
    'batches:pause': route(p['batches:pause'], ({ id }) => batches.pause(id)),
    'batches:resume': route(p['batches:resume'], ({ id }) => batches.resume(id)),
    'batches:cancel': route(p['batches:cancel'], ({ id }) => batches.cancel(id)),
    'batches:exportReport': route(p['batches:exportReport'], ({ id }) => batches.exportReport(id)),
    'batches:logins': route(p['batches:logins'], ({ id }) => batches.logins(id)),
    'batches:exportLogins': route(p['batches:exportLogins'], ({ id }) => batches.exportLogins(id)),
    'batches:forgetLogins': route(p['batches:forgetLogins'], ({ id }) => batches.forgetLogins(id)),
    'drafts:save': route(p['drafts:save'], (input) => drafts.save(input)),
    'drafts:list': route(p['drafts:list'], ({ profileId }) => drafts.list(profileId)),
    'drafts:get': route(p['drafts:get'], ({ id }) => drafts.get(id)),
    'drafts:remove': route(p['drafts:remove'], ({ id }) => drafts.remove(id)),
    'drafts:duplicate': route(p['drafts:duplicate'], ({ id }) => drafts.duplicate(id)),
    'outbox:list': route(p['outbox:list'], ({ profileId }) => outbox.list(profileId)),
    'outbox:counts': route(p['outbox:counts'], () => outbox.counts()),
    'updates:status': route(p['updates:status'], async () => ok(services.updates.status())),
    'updates:restart': route(p['updates:restart'], () => services.updates.restart()),
    'outbox:resolve': route(p['outbox:resolve'], (decision) => outbox.resolve(decision)),
    'outbox:sendNow': route(p['outbox:sendNow'], ({ id }) => outbox.sendNow(id)),
    'outbox:sendAll': route(p['outbox:sendAll'], () => outbox.sendAll()),
    'history:query': route(p['history:query'], (query) => history.query(query)),
    'history:findByEmail': route(p['history:findByEmail'], ({ profileId, email }) =>
      history.findByEmail(profileId, email)
    ),
    'history:export': route(p['history:export'], ({ query, format }) => history.exportTo(query, format)),
    'history:undo': route(p['history:undo'], ({ id }) => contacts.remove(id))
  }
  return guardAll(handlers)
}

/** A bug in a service must reach the renderer as an `internal` error, not as a rejected invoke. */
function guardAll(handlers: Handlers): Handlers {
  const guarded = {} as Record<InvokeChannel, (payload: unknown) => Promise<Result<unknown>>>
  for (const channel of INVOKE_CHANNELS) {
    const handler = handlers[channel] as (payload: unknown) => Promise<Result<unknown>>
    guarded[channel] = (payload) =>
      guard(() => handler(payload), { code: 'internal', message: 'errors.app.unexpected' })
  }
  return guarded as Handlers
}

export type SenderCheck = (frame: WebFrameMain | null | undefined) => boolean

/**
 * Registers every handler on `ipcMain`, answering only the app's own window and frame: any
 * other sender gets a `forbidden` error and a log line (never the payload, which may hold a key).
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  isTrustedSender: SenderCheck,
  log: (line: string) => void = () => undefined
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    const handler = handlers[channel] as (payload: unknown) => Promise<Result<unknown>>
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        log(`ipc: refused ${channel} from an untrusted frame (${safeUrl(event.senderFrame)})`)
        return err('forbidden', 'errors.app.foreignSender')
      }
      return handler(payload)
    })
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
  }
}

function safeUrl(frame: WebFrameMain | null | undefined): string {
  try {
    const url = new URL(frame?.url ?? '')
    return `${url.protocol}//${url.host}`
  } catch {
    return 'unknown origin'
  }
}
