/// <reference types="vite/client" />

// No top-level import: this file stays a global script, so `Window` merges and `*.vue` is ambient.
interface Window {
  /** The preload's typed bridge to main (see `src/shared/ipc.ts`); the stores are its only callers. */
  api: import('../../shared/ipc').HostupApi
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

// A part of a catalogue, cut by the build (scripts/catalogue-parts.ts, @shared/i18n/parts.ts).
declare module '@shared/i18n/*.json' {
  const messages: Partial<import('../../shared/i18n').MessageSchema>
  export default messages
}
