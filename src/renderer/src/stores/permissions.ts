import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { AppError, Result } from '@shared/ipc'
import type { Profile } from '@shared/profile'
import type {
  AccountLists,
  PermissionChoice,
  PermissionPreset,
  PermissionsRead,
  PermissionsSaved
} from '@shared/permissions'
import { cloneSet, plainChoice } from '../components/permissions/model'
import { bridge } from './bridge'
import { guarded } from './guarded'
import { useProfilesStore } from './profiles'

/** The account's lists for one profile: read once per session, again on request. */
export type ListsState =
  { state: 'loading' } | { state: 'ready'; lists: AccountLists | null } | { state: 'failed'; error: AppError }

function plainPreset(preset: PermissionPreset): PermissionPreset {
  return { id: preset.id, name: preset.name, set: cloneSet(preset.set) }
}

/**
 * Permissions from the renderer's side: the account's services, domains and DNS zones to choose
 * from, the profile's presets, and History's editor (read a contact's permissions, save new ones).
 */
export const usePermissionsStore = defineStore('permissions', () => {
  const profiles = useProfilesStore()
  const lists = reactive<Record<string, ListsState>>({})
  const presetBusy = ref(false)
  const presetError = ref<AppError | null>(null)

  async function loadLists(profileId: string, again = false): Promise<void> {
    const known = lists[profileId]
    // "No contact yet" is asked again each time: the first contact may have been created since.
    const settled = known?.state === 'ready' && known.lists !== null
    if (known?.state === 'loading' || (settled && !again)) return
    lists[profileId] = { state: 'loading' }
    const result = await guarded(() => bridge().contacts.accountLists({ profileId }))
    lists[profileId] = result.ok
      ? { state: 'ready', lists: result.value }
      : { state: 'failed', error: result.error }
  }

  async function presetCall(call: () => Promise<Result<Profile>>): Promise<Result<Profile>> {
    presetBusy.value = true
    presetError.value = null
    try {
      const result = await guarded(call)
      if (result.ok) profiles.replace(result.value)
      else presetError.value = result.error
      return result
    } finally {
      presetBusy.value = false
    }
  }

  function savePreset(profileId: string, preset: PermissionPreset): Promise<Result<Profile>> {
    const plain = plainPreset(preset)
    return presetCall(() => bridge().presets.save({ profileId, preset: plain }))
  }

  /** Removes one of the person's own presets, or puts a built-in back as the app defines it. */
  function removePreset(profileId: string, presetId: string): Promise<Result<Profile>> {
    return presetCall(() => bridge().presets.remove({ profileId, presetId }))
  }

  /** History's editor: the contact's permissions as HostUp has them now. */
  function read(entryId: string): Promise<Result<PermissionsRead>> {
    return guarded(() => bridge().contacts.permissions({ id: entryId }))
  }

  /**
   * History's editor: gives the contact these permissions (main posts them and reads them back).
   * The editor patches History's rows with the entry it gets back: the history store is History's
   * own, and stays out of the first view's download.
   */
  function save(entryId: string, choice: PermissionChoice): Promise<Result<PermissionsSaved>> {
    const plain = plainChoice(choice)
    return guarded(() => bridge().contacts.setPermissions({ id: entryId, choice: plain }))
  }

  return { lists, presetBusy, presetError, loadLists, savePreset, removePreset, read, save }
})
