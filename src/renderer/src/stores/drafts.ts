import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { Result } from '@shared/ipc'
import type { Draft } from '@shared/draft'
import { actionFailure, busyFlags, createActionRunner, type ActionFailure } from './action'
import { useAppStore } from './app'
import { bridge } from './bridge'

export type DraftsAction = 'load' | 'remove' | 'duplicate'

/** `id`: the draft the action was about; null for a load. */
export type DraftsError = ActionFailure<DraftsAction>

const newestFirst = (a: Draft, b: Draft): number => b.updatedAt.localeCompare(a.updatedAt)

/**
 * The selected profile's drafts, as a list to open, copy or delete. Saving a draft is the form's
 * business (autosave); this store only reads them back and hands one to the form via `openDraftId`.
 */
export const useDraftsStore = defineStore('drafts', () => {
  const drafts = ref<Draft[]>([])
  /** The profile the list belongs to: a late answer for another profile is dropped. */
  const profileId = ref<string | null>(null)
  const loaded = ref(false)
  const lastError = ref<DraftsError | null>(null)
  const busy = reactive<Record<DraftsAction, boolean>>({ load: false, remove: false, duplicate: false })
  /** The draft the person asked to open; the form reads it and clears it with `takeOpenDraft`. */
  const openDraftId = ref<string | null>(null)
  let loadSeq = 0

  const run = createActionRunner<DraftsAction, DraftsError>({
    lastError,
    failure: actionFailure,
    start: busyFlags(busy)
  })

  async function load(forProfile: string): Promise<Result<Draft[]>> {
    const seq = ++loadSeq
    if (profileId.value !== forProfile) {
      // Never show one profile's drafts under another's name, not even while loading.
      drafts.value = []
      loaded.value = false
    }
    profileId.value = forProfile
    const result = await run('load', null, () => bridge().drafts.list({ profileId: forProfile }))
    if (seq !== loadSeq) return result
    if (result.ok) {
      drafts.value = [...result.value].sort(newestFirst)
      loaded.value = true
    }
    return result
  }

  async function remove(id: string): Promise<Result<null>> {
    const result = await run('remove', id, () => bridge().drafts.remove({ id }))
    if (result.ok || result.error.code === 'not_found') drafts.value = drafts.value.filter((d) => d.id !== id)
    return result
  }

  async function duplicate(id: string): Promise<Result<Draft>> {
    const result = await run('duplicate', id, () => bridge().drafts.duplicate({ id }))
    if (result.ok && result.value.profileId === profileId.value)
      drafts.value = [result.value, ...drafts.value]
    return result
  }

  function open(id: string): void {
    openDraftId.value = id
    useAppStore().show('newContact')
  }

  /** For the form: the draft to open, once. */
  function takeOpenDraft(): string | null {
    const id = openDraftId.value
    openDraftId.value = null
    return id
  }

  return {
    drafts,
    profileId,
    loaded,
    lastError,
    busy,
    openDraftId,
    load,
    remove,
    duplicate,
    open,
    takeOpenDraft
  }
})
