import {
  computed,
  nextTick,
  onActivated,
  onDeactivated,
  onMounted,
  onUnmounted,
  provide,
  reactive,
  ref,
  watch
} from 'vue'
import { useForm } from 'vee-validate'
import {
  contactSchema,
  contactSchemaWithKeptPassword,
  type ContactField,
  type ContactInput
} from '@shared/contact'
import type { AppError, Result } from '@shared/ipc'
import type { MessageKey } from '@shared/i18n'
import type { SendOutcome } from '@shared/outbox'
import { parsePermissionChoice, type PermissionChoice } from '@shared/permissions'
import { useContactsStore, type CreatedContact } from '../../stores/contacts'
import { useDraftsStore } from '../../stores/drafts'
import { useProfilesStore } from '../../stores/profiles'
import { useAppStore } from '../../stores/app'
import type { ViewName } from '../../views'
import { ADDRESS_FIELDS, emptyContact, fieldId, firstInOrder, isContactField } from './fields'
import { noneChoice, plainChoice } from '../permissions/model'
import {
  CONTACT_RULES,
  PASSWORD_STATE,
  SERVER_ERROR_VALUES,
  fieldRule,
  type PasswordState,
  type ServerErrorValues
} from './useContactField'
import { useCountdown } from './useCountdown'
import { isBlank, readEditing, useDraftAutosave, writeEditing } from './useDraftAutosave'

export type Stage = 'form' | 'created' | 'unknown' | 'queued'

/** Where the person was going when the app asked about a generated password never copied. */
export type Leaving = { to: 'addAnother' } | { to: 'newContact' } | { to: 'view'; view: ViewName }

const emailKey = (email: string) => email.trim().toLowerCase()

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
  const app = useAppStore()
  /** The draft being continued keeps its password in the keychain: an empty field means "use it". */
  const keptPassword = ref(false)
  const schema = computed(() => (keptPassword.value ? contactSchemaWithKeptPassword : contactSchema))
  // No form-level schema: vee-validate would check all nine fields on every key (and only after a
  // 5 ms batching timer). Each field validates itself with its rule from the shared schema instead;
  // the send checks every field, and its values go through the whole schema (trimmed, upper-cased).
  const form = useForm<ContactInput>({ initialValues: emptyContact() })
  provide(CONTACT_RULES, (name) => computed(() => fieldRule(schema.value, name)))
  const serverValues = reactive<ServerErrorValues>({})
  provide(SERVER_ERROR_VALUES, serverValues)
  const password = reactive<PasswordState>({ generated: false, copied: false })
  provide(PASSWORD_STATE, password)

  onMounted(contacts.listen)
  onUnmounted(contacts.dispose)

  const duplicate = ref<CreatedContact | null>(null)
  /** The e-mail whose duplicate warning the person waved away: leaving the field again keeps quiet. */
  let dismissedEmail: string | null = null
  /** Set while the app asks whether to leave a card whose generated password was never copied. */
  const leaving = ref<Leaving | null>(null)
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

  /** The send was refused because an earlier send of this contact waits for the person's decision. */
  const undecided = computed(() => sendError.value?.message === 'errors.outbox.undecided')

  /** Seconds since the create in flight left, counted while it is in flight. */
  const elapsed = ref(0)
  let ticker: ReturnType<typeof setInterval> | undefined
  watch(
    () => (contacts.pending ? (contacts.submission?.sentAt ?? null) : null),
    (sentAt) => {
      clearInterval(ticker)
      elapsed.value = 0
      if (!sentAt) return
      const start = Date.parse(sentAt)
      const tick = () => (elapsed.value = Math.max(0, Math.floor((Date.now() - start) / 1000)))
      tick()
      ticker = setInterval(tick, 1000)
    }
  )
  onUnmounted(() => clearInterval(ticker))

  /** The created card's password was generated here and is still nowhere but on screen. */
  const passwordAtRisk = computed(
    () => stage.value === 'created' && password.generated && !password.copied && passwordValue() !== ''
  )
  const passwordValue = () => (form.values as ContactInput).password ?? ''

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
      (values) => deliver(schema.value.cast(values), force),
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
    // "Create anyway" is the person's answer for this address: it is not raised again on leaving the field.
    if (force) dismissedEmail = emailKey(values.email)
    const seen = force ? null : await contacts.findDuplicate(profile.id, values.email)
    if (seen) {
      duplicate.value = seen
      // The safe answer gets the focus, so a reflexive Enter never creates a second contact.
      await nextTick()
      focusById('duplicate-change-email')
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
    for (const [field, message] of Object.entries(fieldsOf(error, fromServer))) {
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

  /**
   * The fields an error points at. HostUp refuses a login e-mail that is already taken only with its
   * generic "could not add" answer: then the e-mail is the field to look at, and it is marked so.
   */
  function fieldsOf(error: AppError, fromServer: boolean): Record<string, MessageKey> {
    if (error.fields && Object.keys(error.fields).length > 0) return error.fields
    const advice = error.params?.['advice']
    const aboutCreate = typeof advice === 'object' && advice.key === 'errors.hostup.advice.create'
    if (fromServer && error.message === 'errors.hostup.innerFailure' && aboutCreate)
      return { email: 'contactForm.emailMaybeTaken' }
    return {}
  }

  /** The e-mail field was left: warn now, beside it, if this profile already has a contact with it. */
  async function checkDuplicate(): Promise<void> {
    const profile = profiles.selected
    const email = (form.values as ContactInput).email ?? ''
    if (!profile || emailKey(email) === '' || emailKey(email) === dismissedEmail) {
      if (emailKey(email) !== emailKey(duplicate.value?.email ?? '')) duplicate.value = null
      return
    }
    const seen = await contacts.findDuplicate(profile.id, email)
    // The field may have changed while the history was searched.
    if (emailKey((form.values as ContactInput).email ?? '') === emailKey(email)) duplicate.value = seen
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

  /** "Add another" on an outcome: a fresh form, unless a generated password would be lost unseen. */
  function addAnother(): Promise<void> {
    return leave({ to: 'addAnother' })
  }

  /**
   * Goes where the person asked, once nothing is lost by it: with a generated password never
   * copied on the Created card, the app asks first (`leaving`), and `leaveAnyway` goes on.
   */
  async function leave(to: Leaving, force = false): Promise<void> {
    if (!force && passwordAtRisk.value) {
      leaving.value = to
      return
    }
    leaving.value = null
    if (to.to === 'view') {
      password.generated = false
      app.show(to.view, { force: true })
    } else await startFresh(to.to === 'addAnother' && keepAddress.value)
  }

  function leaveAnyway(): Promise<void> {
    const to = leaving.value
    return to ? leave(to, true) : Promise.resolve()
  }

  /** "New contact" while the form shows an outcome: a new, empty form (an undecided one waits in the outbox). */
  async function newContact(): Promise<void> {
    if (stage.value === 'form') return
    await leave({ to: 'newContact' })
  }

  async function startFresh(keepTheAddress: boolean): Promise<void> {
    const kept: Partial<ContactInput> = {}
    if (keepTheAddress) for (const field of ADDRESS_FIELDS) kept[field] = form.values[field] ?? ''
    // Everything else goes, the password first of all.
    form.resetForm({ values: { ...emptyContact(), ...kept } })
    for (const field of Object.keys(serverValues) as ContactField[]) delete serverValues[field]
    duplicate.value = null
    dismissedEmail = null
    missingProfile.value = false
    keptPassword.value = false
    password.generated = false
    password.copied = false
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
    const profile = profiles.selected
    if (profile && (await contacts.adoptUndecided({ id: profile.id, name: profile.name }, draft.id))) {
      // Its outcome is shown with its two choices; the fields stay as they were sent, for a resend.
      form.resetForm({ values: { ...draft.fields, password: '' } })
      keptPassword.value = draft.hasPassword
      duplicate.value = null
      writeEditing({ profileId: draft.profileId, draftId: draft.id })
      return
    }
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
    dismissedEmail = emailKey(duplicate.value.email)
    duplicate.value = null
    await nextTick()
    // The e-mail is what the person most likely wants to change.
    focusField('email')
  }

  // "New contact" in the sidebar (or its shortcut) while this view shows an outcome.
  watch(
    () => app.newContactRequests,
    () => void newContact()
  )
  // Leaving for another view asks first while the Created card holds a password never copied.
  let unguard: (() => void) | null = null
  const guard = () => {
    unguard?.()
    unguard = app.guardLeaving((view) => {
      if (!passwordAtRisk.value) return true
      leaving.value = { to: 'view', view }
      return false
    })
  }
  onMounted(guard)
  onActivated(guard)
  onDeactivated(() => unguard?.())
  onUnmounted(() => unguard?.())
  // Switching profile asks first while the form holds a contact, shown or kept alive behind another
  // view: the form keeps it, and a Create after the switch would add it to the other account.
  const unguardSwitch = app.guardSwitching(
    () => stage.value === 'form' && !isBlank(form.values as ContactInput)
  )
  onUnmounted(unguardSwitch)

  return {
    pending: computed(() => contacts.pending),
    elapsed,
    undecided,
    checkDuplicate,
    newContact,
    leaving,
    leaveAnyway,
    stayOnCard: () => (leaving.value = null),
    passwordCopied: () => (password.copied = true),
    passwordAtRisk,
    passwordValue,
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
