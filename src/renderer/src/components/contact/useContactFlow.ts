import { computed, nextTick, onMounted, onUnmounted, provide, reactive, ref, watch } from 'vue'
import { useForm } from 'vee-validate'
import { toTypedSchema } from '@vee-validate/yup'
import {
  contactSchema,
  contactSchemaWithKeptPassword,
  type ContactField,
  type ContactInput
} from '@shared/contact'
import type { AppError, Result } from '@shared/ipc'
import type { SendOutcome } from '@shared/outbox'
import { parsePermissionChoice, type PermissionChoice } from '@shared/permissions'
import { useContactsStore, type CreatedContact } from '../../stores/contacts'
import { useDraftsStore } from '../../stores/drafts'
import { useProfilesStore } from '../../stores/profiles'
import { ADDRESS_FIELDS, emptyContact, fieldId, firstInOrder, isContactField } from './fields'
import { noneChoice, plainChoice } from '../permissions/model'
import { SERVER_ERROR_VALUES, type ServerErrorValues } from './useContactField'
import { useCountdown } from './useCountdown'
import { readEditing, useDraftAutosave, writeEditing } from './useDraftAutosave'

export type Stage = 'form' | 'created' | 'unknown' | 'queued'

const focusById = (id: string) => document.getElementById(id)?.focus()
const focusField = (field: ContactField | null) => field && focusById(fieldId(field))
const focusProblem = () => focusById('send-problem')

/**
 * The new-contact form from typing to outcome: the vee-validate form (provided to the fields below
 * it), the duplicate guard, what each answer does to the form and where focus goes next.
 */
export function useContactFlow() {
  const contacts = useContactsStore()
  const profiles = useProfilesStore()
  const drafts = useDraftsStore()
  /** The draft being continued keeps its password in the keychain: an empty field means "use it". */
  const keptPassword = ref(false)
  const schema = computed(() =>
    toTypedSchema(keptPassword.value ? contactSchemaWithKeptPassword : contactSchema)
  )
  const form = useForm({ validationSchema: schema, initialValues: emptyContact() })
  const serverValues = reactive<ServerErrorValues>({})
  provide(SERVER_ERROR_VALUES, serverValues)

  onMounted(contacts.listen)
  onUnmounted(contacts.dispose)

  const duplicate = ref<CreatedContact | null>(null)
  /** Why "I checked: it exists" could not be recorded. */
  const confirmError = ref<AppError | null>(null)
  const missingProfile = ref(false)
  const keepAddress = ref(false)
  /** What the contact may do once it exists: saved with the draft, sent with the create. */
  const permissions = ref<PermissionChoice>(noneChoice())

  // Answers to an earlier form (before "Add another") are not this form's business.
  const current = computed(() =>
    contacts.submission?.formId === contacts.formId ? contacts.submission : null
  )
  const outcome = computed(() => (current.value?.result?.ok ? current.value.result.value : null))
  const sendError = computed(() => {
    const result = current.value?.result
    return result && !result.ok ? result.error : null
  })
  const byKind = <K extends SendOutcome['kind']>(kind: K) =>
    computed(() =>
      outcome.value?.kind === kind ? (outcome.value as Extract<SendOutcome, { kind: K }>) : null
    )
  const created = byKind('created')
  const rejected = byKind('rejected')
  const retryable = byKind('retryable')
  const unknown = byKind('unknown')
  const stage = computed<Stage>(() => {
    const kind = outcome.value?.kind
    return kind === 'created' || kind === 'unknown' || kind === 'queued' ? kind : 'form'
  })

  const autosave = useDraftAutosave({
    values: () => form.values as ContactInput,
    profileId: () => profiles.selectedId,
    active: () => stage.value === 'form' && !contacts.pending,
    keptPassword,
    permissions: () => plainChoice(permissions.value)
  })
  // A created contact is in the history now; its draft is gone and nothing is left to resume.
  watch(stage, (next) => {
    if (next === 'created') {
      keptPassword.value = false
      autosave.forget()
    }
  })
  // "Open" in Drafts or Outbox hands a draft over; after a reload, the one being edited comes back.
  watch(
    () => drafts.openDraftId,
    (id) => {
      if (id) void resume(drafts.takeOpenDraft() ?? id)
    }
  )
  onMounted(() => {
    const handed = drafts.takeOpenDraft()
    const editing = readEditing()
    const id = handed ?? (editing?.profileId === profiles.selectedId ? editing?.draftId : null)
    if (id) void resume(id)
  })

  const retryDeadline = computed(() => {
    const wait = retryable.value?.error.retryAfterMs
    const answeredAt = current.value?.answeredAt
    return wait === undefined || !answeredAt ? null : Date.parse(answeredAt) + wait
  })
  const secondsLeft = useCountdown(retryDeadline)
  const blocked = computed(() => form.isSubmitting.value || secondsLeft.value > 0)

  async function send(force = false): Promise<void> {
    // The button's disabled state arrives a render later than a double click's second press.
    if (form.isSubmitting.value || contacts.pending || secondsLeft.value > 0) return
    await form.handleSubmit(
      (values) => deliver(values, force),
      ({ errors }) => focusField(firstInOrder(Object.keys(errors).filter((k) => errors[k as ContactField])))
    )()
  }

  async function deliver(values: ContactInput, force: boolean): Promise<void> {
    duplicate.value = null
    missingProfile.value = false
    const profile = profiles.selected
    if (!profile) {
      missingProfile.value = true
      await nextTick()
      focusProblem()
      return
    }
    const seen = force ? null : await contacts.findDuplicate(profile.id, values.email)
    if (seen) {
      duplicate.value = seen
      return
    }
    for (const field of Object.keys(serverValues) as ContactField[]) delete serverValues[field]
    // The send saves the draft itself; a late autosave must not race it.
    autosave.markClean()
    const useStoredPassword = keptPassword.value && values.password === ''
    const result = await contacts.submit({ id: profile.id, name: profile.name }, values, {
      useStoredPassword,
      permissions: plainChoice(permissions.value)
    })
    await afterAnswer(result)
  }

  async function afterAnswer(result: Result<SendOutcome>): Promise<void> {
    const fromServer = result.ok && result.value.kind === 'rejected'
    const error: AppError | null = result.ok
      ? fromServer
        ? (rejected.value?.error ?? null)
        : null
      : result.error
    if (!error) return // created, retryable, unknown, queued: their view focuses its own heading.
    const placed: ContactField[] = []
    for (const [field, message] of Object.entries(error.fields ?? {})) {
      if (!isContactField(field)) continue
      form.setFieldError(field, message)
      // Remember what HostUp refused: leaving that value unchanged must not clear the error.
      if (fromServer)
        serverValues[field] = { value: form.values[field] ?? '', says: error.fieldDetails?.[field] }
      placed.push(field)
    }
    await nextTick()
    if (placed.length > 0) focusField(firstInOrder(placed))
    else focusProblem()
  }

  /** The person checked the dashboard after an unknown outcome: not there, so send the form again. */
  async function sendAgain(): Promise<void> {
    if (contacts.pending) return
    confirmError.value = null
    await afterAnswer(await contacts.resend())
  }

  async function confirmExists(contactId: number): Promise<void> {
    const recorded = await contacts.confirmCreated(contactId)
    confirmError.value = recorded.ok ? null : recorded.error
  }

  async function addAnother(): Promise<void> {
    const kept: Partial<ContactInput> = {}
    if (keepAddress.value) for (const field of ADDRESS_FIELDS) kept[field] = form.values[field] ?? ''
    // Everything else goes, the password first of all.
    form.resetForm({ values: { ...emptyContact(), ...kept } })
    for (const field of Object.keys(serverValues) as ContactField[]) delete serverValues[field]
    duplicate.value = null
    missingProfile.value = false
    keptPassword.value = false
    contacts.newForm()
    autosave.forget()
    await nextTick()
    // Kept address fields are a start, not yet a draft worth saving.
    autosave.markClean()
    focusField('firstname')
  }

  /** Opens a saved draft in the form (from Drafts, or after a reload or restart). */
  async function resume(id: string): Promise<void> {
    const found = await contacts.getDraft(id)
    if (!found.ok || found.value.profileId !== profiles.selectedId) return
    const draft = found.value
    keptPassword.value = draft.hasPassword
    permissions.value = (draft.permissions && parsePermissionChoice(draft.permissions)) ?? noneChoice()
    contacts.adoptDraft(draft.id)
    form.resetForm({ values: { ...draft.fields, password: '' } })
    for (const field of Object.keys(serverValues) as ContactField[]) delete serverValues[field]
    duplicate.value = null
    await nextTick()
    autosave.markClean()
    writeEditing({ profileId: draft.profileId, draftId: draft.id })
  }

  async function cancelDuplicate(): Promise<void> {
    if (!duplicate.value) return
    duplicate.value = null
    await nextTick()
    // The e-mail is what the person most likely wants to change.
    focusField('email')
  }

  return {
    pending: computed(() => contacts.pending),
    current,
    stage,
    created,
    rejected,
    retryable,
    unknown,
    sendError,
    missingProfile,
    duplicate,
    keepAddress,
    secondsLeft,
    blocked,
    send,
    addAnother,
    cancelDuplicate,
    confirmError,
    sendAgain,
    confirmExists,
    keptPassword,
    permissions,
    draftStatus: autosave.status,
    saveDraftNow: autosave.flush
  }
}
