import { guard } from '../shared/result'
import {
  INVOKE_CHANNELS,
  isEventChannel,
  splitChannel,
  type EventChannel,
  type HostupApi,
  type InvokeChannel,
  type Result
} from '../shared/ipc'

/** `ipcRenderer.invoke`, or the harness's stand-in for it. */
export type Invoke = (channel: InvokeChannel, payload: unknown) => Promise<unknown>
/** `ipcRenderer.on` + `removeListener`, or the harness's stand-in; returns an unsubscribe. */
export type Subscribe = (channel: EventChannel, listener: (payload: unknown) => void) => () => void
/** `webUtils.getPathForFile`, or the harness's stand-in: a dropped file's path on disk, '' if none. */
export type PathOf = (file: File) => string

/**
 * Builds `window.api` from the contract: a fixed set of named functions, never `ipcRenderer`
 * itself or a "send to any channel" door. Payloads are cloned to plain data before they leave,
 * so a reactive Vue proxy never reaches structured clone.
 */
export function createApi(invoke: Invoke, subscribe: Subscribe, pathOf: PathOf = () => ''): HostupApi {
  const api: Record<string, Record<string, (request?: unknown) => Promise<Result<unknown>>>> = {}
  for (const channel of INVOKE_CHANNELS) {
    const [domain, action] = splitChannel(channel)
    const group = (api[domain] ??= {})
    // Main never throws across IPC; a rejection here means the bridge itself failed.
    group[action] = (request?: unknown) =>
      guard(
        async () =>
          (await invoke(channel, request === undefined ? undefined : plain(request))) as Result<unknown>,
        { code: 'internal', message: 'errors.app.noBridge' }
      )
  }
  const on = (event: EventChannel, listener: (payload: never) => void): (() => void) => {
    if (!isEventChannel(event)) throw new Error(`Unknown event: ${String(event)}`)
    return subscribe(event, (payload) => listener(payload as never))
  }
  // Only ever a path string out, whatever the page hands in.
  const pathOfFile = (file: File): string => {
    try {
      const path = pathOf(file)
      return typeof path === 'string' ? path : ''
    } catch {
      return ''
    }
  }
  for (const group of Object.values(api)) Object.freeze(group)
  return Object.freeze({ ...api, on, pathOf: pathOfFile }) as unknown as HostupApi
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown
}
