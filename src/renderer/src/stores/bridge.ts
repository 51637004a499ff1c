import { INVOKE_CHANNELS, splitChannel, type HostupApi, type Result } from '@shared/ipc'

let missing: HostupApi | null = null

/**
 * The preload's `window.api`. Read on every call (not captured once) so a test or the harness can
 * install its own before an action runs. Without a bridge (the renderer opened in a plain browser)
 * every call fails with `internal`: the app shows a calm error instead of throwing at start-up.
 */
export function bridge(): HostupApi {
  return (window as { api?: HostupApi }).api ?? (missing ??= missingBridge())
}

function missingBridge(): HostupApi {
  const failure: Result<never> = {
    ok: false,
    error: {
      code: 'internal',
      message: 'errors.app.noBridge'
    }
  }
  const api: Record<string, Record<string, () => Promise<Result<never>>>> = {}
  for (const channel of INVOKE_CHANNELS) {
    const [domain, action] = splitChannel(channel)
    const group = (api[domain] ??= {})
    group[action] = () => Promise.resolve(failure)
  }
  return { ...api, on: () => () => undefined, pathOf: () => '' } as unknown as HostupApi
}
