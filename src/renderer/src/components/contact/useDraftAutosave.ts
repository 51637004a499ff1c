import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue'
import type { ContactInput } from '@shared/contact'
import type { AppError } from '@shared/ipc'
import type { PermissionChoice } from '@shared/permissions'
import { useContactsStore } from '../../stores/contacts'

/** Typing pauses longer than this are saved: a crash loses at most this much typing. */
export const AUTOSAVE_DELAY_MS = 600
/** Which draft the form was editing, so a reload or a restart opens it again (an ID, no content). */
export const EDITING_KEY = 'hostup-contacts.editing-draft'

export type DraftStatus =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'failed'; error: AppError }

export interface EditingDraft {
  profileId: string
  draftId: string
}

export function readEditing(): EditingDraft | null {
  try {
    const raw = localStorage.getItem(EDITING_KEY)
    const parsed: unknown = raw ? JSON.parse(raw) : null
    if (parsed && typeof parsed === 'object' && 'profileId' in parsed && 'draftId' in parsed) {
      const { profileId, draftId } = parsed as Record<string, unknown>
      if (typeof profileId === 'string' && typeof draftId === 'string') return { profileId, draftId }
    }
  } catch {
    // Unreadable or disabled storage: nothing to resume.
  }
  return null
}

export function writeEditing(value: EditingDraft | null): void {
  try {
    if (value) localStorage.setItem(EDITING_KEY, JSON.stringify(value))
    else localStorage.removeItem(EDITING_KEY)
  } catch {
    // Not remembering which draft was open only costs a click in Drafts.
  }
}

export const isBlank = (values: ContactInput): boolean => Object.values(values).every((v) => (v ?? '') === '')

/**
 * Saves the form as a draft while the person types (debounced), when a field is left and when the
 * window goes away. A failed save keeps everything in the form and says so; the next change retries.
 */
export function useDraftAutosave(options: {
  values: () => ContactInput
  profileId: () => string | null
  /** Only a form being edited is saved (not one being sent or already answered). */
  active: () => boolean
  keptPassword: Ref<boolean>
  /** The permissions chosen for the contact: saved with the draft, a change is a change to save. */
  permissions?: () => PermissionChoice
}) {
  const contacts = useContactsStore()
  const status = ref<DraftStatus>({ state: 'idle' })
  let timer: ReturnType<typeof setTimeout> | undefined
  let dirty = false

  async function flush(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    const profileId = options.profileId()
    const values = options.values()
    if (!dirty || !profileId || !options.active() || isBlank(values)) return
    dirty = false
    status.value = { state: 'saving' }
    const saved = await contacts.saveDraft(
      profileId,
      values,
      options.keptPassword.value,
      options.permissions?.()
    )
    if (saved.ok) {
      status.value = { state: 'saved', at: saved.value.updatedAt }
      writeEditing({ profileId, draftId: saved.value.id })
    } else {
      dirty = true
      status.value = { state: 'failed', error: saved.error }
    }
  }

  watch(
    () => [options.values(), options.permissions?.()],
    () => {
      dirty = true
      clearTimeout(timer)
      timer = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS)
    },
    { deep: true }
  )

  const onHide = (): void => {
    if (document.visibilityState === 'hidden') void flush()
  }
  const onUnload = (): void => void flush()
  onMounted(() => {
    document.addEventListener('visibilitychange', onHide)
    window.addEventListener('beforeunload', onUnload)
  })
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onHide)
    window.removeEventListener('beforeunload', onUnload)
    void flush()
  })

  /** A new form, or a sent one: nothing is pending, nothing to resume. */
  function forget(): void {
    clearTimeout(timer)
    dirty = false
    status.value = { state: 'idle' }
    writeEditing(null)
  }

  /** Values set by the app (opening a draft), not typed: nothing new to save. */
  function markClean(): void {
    clearTimeout(timer)
    dirty = false
  }

  return { status, flush, forget, markClean }
}
