// Bundled into the page by the harness, in place of src/preload/index.ts: the same createApi,
// with Playwright's binding standing in for ipcRenderer.invoke and page.evaluate for ipcRenderer.on.
import { createApi } from '../../src/preload/api'
import type { EventChannel, InvokeChannel } from '../../src/shared/ipc'

interface HarnessWindow {
  __hostupInvoke(channel: InvokeChannel, payload: unknown): Promise<unknown>
  __hostupDispatch(event: EventChannel, payload: unknown): void
}

// webUtils.getPathForFile's stand-in: Chromium gives a page no path for a dropped file, so the
// harness names one for each File it drops (see `dropFile`).
const droppedPaths = new WeakMap<File, string>()

const bridge = window as unknown as HarnessWindow & Window
const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()

const api = createApi(
  (channel, payload) => bridge.__hostupInvoke(channel, payload),
  (channel, listener) => {
    const set = listeners.get(channel) ?? new Set()
    listeners.set(channel, set)
    set.add(listener)
    return () => set.delete(listener)
  },
  (file) => droppedPaths.get(file) ?? ''
)

// contextBridge hands the page a frozen copy it cannot replace; so does this.
Object.defineProperty(window, 'api', { value: api, writable: false, configurable: false, enumerable: true })
Object.defineProperty(window, '__hostupDispatch', {
  value: (event: EventChannel, payload: unknown) =>
    listeners.get(event)?.forEach((listener) => listener(payload)),
  writable: false,
  configurable: false
})
Object.defineProperty(window, '__hostupDroppedPath', {
  value: (file: File, path: string) => droppedPaths.set(file, path),
  writable: false,
  configurable: false
})
