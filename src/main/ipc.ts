import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron'
import {
  historyExportRequestSchema,
  historyFindByEmailRequestSchema,
  historyQuerySchema,
  historyUndoRequestSchema
} from '../shared/history'
import { INVOKE_CHANNELS, type AppInfo, type Handlers, type InvokeChannel } from '../shared/ipc'
import type { StoreNotice } from '../shared/notice'
import {
  idRequestSchema,
  profileIdRequestSchema,
  profileInputSchema,
  setKeyRequestSchema
} from '../shared/profile'
import { err, type Result } from '../shared/result'
import type { DraftService } from './drafts'
import type { HistoryService } from './history'
import type { OutboxService } from './outbox'
import type { ProfileService } from './profiles'
import { parseNothing, parsePayload } from './validate'

/** Everything the handlers call; each is plain TypeScript that takes its world as arguments. */
export interface Services {
  profiles: ProfileService
  drafts: DraftService
  outbox: OutboxService
  history: HistoryService
  notices: { drain(): Result<StoreNotice[]> }
  appInfo(): AppInfo
  /** Settles what the last run left mid-send, then lets the outbox send by itself. */
  start(): Promise<void>
  onlineChanged(online: boolean): void
  stop(): void
}

/**
 * One thin function per channel: parse the untrusted payload with the shared schema, call one
 * service method, return a `Result`. Nothing here throws across IPC.
 */
export function createHandlers(services: Services): Handlers {
  const { profiles, drafts, outbox, history } = services
  const handlers: Handlers = {
    'app:info': async (payload) =>
      then(parseNothing(payload), async () => ({ ok: true, value: services.appInfo() })),
    'profiles:list': async (payload) => then(parseNothing(payload), () => profiles.list()),
    'profiles:save': async (payload) =>
      then(await parsePayload(profileInputSchema, payload), (input) => profiles.save(input)),
    'profiles:delete': async (payload) =>
      then(await parsePayload(idRequestSchema, payload), ({ id }) => profiles.remove(id)),
    'profiles:select': async (payload) =>
      then(await parsePayload(idRequestSchema, payload), ({ id }) => profiles.select(id)),
    'apiKey:set': async (payload) =>
      then(await parsePayload(setKeyRequestSchema, payload), ({ profileId, apiKey }) =>
        profiles.setKey(profileId, apiKey)
      ),
    'apiKey:status': async (payload) =>
      then(await parsePayload(profileIdRequestSchema, payload), ({ profileId }) =>
        profiles.keyStatus(profileId)
      ),
    'apiKey:clear': async (payload) =>
      then(await parsePayload(profileIdRequestSchema, payload), ({ profileId }) =>
        profiles.clearKey(profileId)
      ),
    'apiKey:verify': async (payload) =>
      then(await parsePayload(profileIdRequestSchema, payload), ({ profileId }) =>
        profiles.verifyKey(profileId)
      ),
    'app:notices': async (payload) => then(parseNothing(payload), async () => services.notices.drain()),
    'contacts:create': (payload) => outbox.submit(payload),
    'drafts:save': (payload) => drafts.save(payload),
    'drafts:list': (payload) => drafts.list(payload),
    'drafts:get': (payload) => drafts.get(payload),
    'drafts:remove': (payload) => drafts.remove(payload),
    'drafts:duplicate': (payload) => drafts.duplicate(payload),
    'outbox:list': async (payload) =>
      then(await parsePayload(profileIdRequestSchema, payload), ({ profileId }) => outbox.list(profileId)),
    'outbox:resolve': (payload) => outbox.resolve(payload),
    'outbox:sendNow': async (payload) =>
      then(await parsePayload(idRequestSchema, payload), ({ id }) => outbox.sendNow(id)),
    'history:query': async (payload) =>
      then(await parsePayload(historyQuerySchema, payload), (q) => history.query(q)),
    'history:findByEmail': async (payload) =>
      then(await parsePayload(historyFindByEmailRequestSchema, payload), ({ profileId, email }) =>
        history.findByEmail(profileId, email)
      ),
    'history:export': async (payload) =>
      then(await parsePayload(historyExportRequestSchema, payload), ({ query, format }) =>
        history.exportTo(query, format)
      ),
    'history:undo': async (payload) =>
      then(await parsePayload(historyUndoRequestSchema, payload), ({ id }) => history.undo(id))
  }
  return guardAll(handlers)
}

async function then<T, R>(parsed: Result<T>, next: (value: T) => Promise<Result<R>>): Promise<Result<R>> {
  return parsed.ok ? next(parsed.value) : parsed
}

/** A bug in a service must reach the renderer as an `internal` error, not as a rejected invoke. */
function guardAll(handlers: Handlers): Handlers {
  const guarded = {} as Record<InvokeChannel, (payload: unknown) => Promise<Result<unknown>>>
  for (const channel of INVOKE_CHANNELS) {
    const handler = handlers[channel] as (payload: unknown) => Promise<Result<unknown>>
    guarded[channel] = async (payload) => {
      try {
        return await handler(payload)
      } catch {
        return err(
          'internal',
          'Something went wrong inside the app. Try again; if it keeps happening, restart the app.'
        )
      }
    }
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
        return err('forbidden', 'This request came from outside the app and was refused.')
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
