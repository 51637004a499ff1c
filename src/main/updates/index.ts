// Updates from a generic feed baked into the build: see policy.ts (on or off), service.ts (when to
// check, what the person sees, when to restart) and updater.ts (electron-updater, loaded only when on).
export { createUpdates, notesText, type UpdatesDeps, type UpdatesService } from './service'
export {
  DISABLE_ENV,
  managedPolicyPath,
  readManagedSetting,
  updatePolicy,
  type ManagedSetting,
  type UpdatePolicy
} from './policy'
export { loadUpdater, UPDATER_MODULE, type DownloadedUpdate, type Updater } from './updater'
