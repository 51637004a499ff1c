/** The modules that take Electron's pieces as arguments, so they run (and are tested) in plain Node. */
export { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol'
export { buildMenuTemplate } from './menu'
export {
  APP_ENTRY_URL,
  APP_SCHEME,
  appOrigins,
  contentSecurityPolicy,
  hardenContents,
  hardenSession,
  isAllowedExternal,
  makeSenderCheck,
  secureWebPreferences
} from './security'
