// What electron-vite bakes into the main bundle at build time (variables named MAIN_VITE_*).
interface ImportMetaEnv {
  /** The generic update feed (https); unset: the build never looks for updates. */
  readonly MAIN_VITE_UPDATE_FEED_URL?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
