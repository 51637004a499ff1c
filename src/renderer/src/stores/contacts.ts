import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppError, Result } from '@shared/ipc'
import type { Draft } from '@shared/draft'
import type { OutboxEvent, OutboxItem, PermissionsState, SendOutcome } from '@shared/outbox'
import { isEmptySet, type PermissionChoice } from '@shared/permissions'
import { normalizeContact, type ContactInput } from '@shared/contact'
import type { MessageKey } from '@shared/i18n'
import { bridge } from './bridge'
import { guarded } from './guarded'
import { useProfilesStore } from './profiles'

/** A contact as it was sent, minus the password: what the person may be shown again later. */
export type SentContact = Omit<ContactInput, 'password'>

/** One send of the current form and what came of it. Holds no password. */
export interface Submission {
  formId: string
  profileId: string
  profileName: string
  sent: SentContact
  /** ISO times, local clock. `firstSentAt`: the first send of this form (resends keep it). */
  firstSentAt: string
  sentAt: string
  answeredAt: string | null
  /** null while the call is in flight. */
  result: Result<SendOutcome> | null
  /** The outcome was unknown and the person said the contact exists, giving its ID. */
  confirmedByUser: boolean
  /** The permissions chosen for the contact, as they were sent with it. */
  permissions?: PermissionChoice
}

/** How far giving the created contact its permissions got, as the outbox tells it. */
export interface PermissionsProgressView {
  formId: string
  state: PermissionsState
  /** Why the last try failed: for `failed` the reason; for `pending` what is being waited out. */
  error?: AppError
  nextAttemptAt?: string
}

/** A contact this session knows exists: the memory behind the duplicate warning. */
export interface CreatedContact {
  profileId: string
  contactId: number
  email: string
  name: string
  /** ISO time it was created (or confirmed). */
  at: string
  requestId?: string
}

/** The target of a send; the name is kept so the outcome can say where the contact went. */
export interface SendTarget {
  id: string
  name: string
}

const emailKey = (email: string) => email.trim().toLowerCase()
const now = () => new Date().toISOString()
const failure = (code: AppError['code'], message: MessageKey): Result<never> => ({
  ok: false,
  error: { code, message }
})

function withoutPassword(contact: ContactInput): SentContact {
  const { password: _password, ...rest } = contact
  return rest
}

/** What an outbox item's state means for the form that sent it. */
export function outcomeOf(item: OutboxItem): SendOutcome | null {
  const error: AppError = item.error ?? { code: 'internal', message: 'errors.code.internal' }
  const requestId = item.requestId === undefined ? {} : { requestId: item.requestId }
  switch (item.state) {
    case 'created':
      return item.contactId === undefined
        ? null
        : { kind: 'created', contactId: item.contactId, ...requestId }
    case 'rejected':
    case 'retryable':
    case 'unknown':
      return { kind: item.state, error }
    case 'queued':
      return { kind: 'queued', reason: 'offline' }
    case 'sending':
      return null
  }
}

/**
 * Sending contacts: the only caller of `contacts:create`. The password passes through `submit` on
 * its way to main and is never kept, not in a submission, not in an error.
 */
export const useContactsStore = defineStore('contacts', () => {
  /** Identifies the form being filled in: the same for every resend of it, new after "Add another". */
  const formId = ref<string>(crypto.randomUUID())
  const submission = ref<Submission | null>(null)
  /** Per profile, in creation order. In memory only for now; history will make it durable. */
  const created = ref<Record<string, CreatedContact[]>>({})

  const pending = computed(() => submission.value !== null && submission.value.result === null)
  /** The created contact's permissions, while the form shows it: pending, set or failed. */
  const permissions = ref<PermissionsProgressView | null>(null)
  const retryingPermissions = ref(false)
  /** Why "Retry permissions" could not even start (offline, …). */
  const retryError = ref<AppError | null>(null)
  let stopListening: (() => void) | null = null

  function remember(entry: CreatedContact): void {
    const list = (created.value[entry.profileId] ??= [])
    list.push(entry)
  }

  function findCreated(profileId: string, email: string): CreatedContact | null {
    const key = emailKey(email)
    if (key === '') return null
    const list = created.value[profileId] ?? []
    // The latest one is the most useful to name (its ID and time).
    return list.findLast((entry) => emailKey(entry.email) === key) ?? null
  }

  /** Records the answer on the submission it belongs to (unless "Add another" replaced it meanwhile). */
  function settle(sending: Submission, result: Result<SendOutcome>, confirmedByUser = false): void {
    const answered: Submission = { ...sending, result, answeredAt: now(), confirmedByUser }
    const current = submission.value
    if (current?.formId === sending.formId && current.sentAt === sending.sentAt) submission.value = answered
    if (result.ok && result.value.kind === 'created') {
      const choice = sending.permissions
      if (choice && !isEmptySet(choice.set) && permissions.value?.formId !== sending.formId) {
        permissions.value = { formId: sending.formId, state: 'pending' }
        void refreshPermissions(sending)
      }
      remember({
        profileId: sending.profileId,
        contactId: result.value.contactId,
        email: sending.sent.email,
        name: `${sending.sent.firstname} ${sending.sent.lastname}`,
        at: answered.answeredAt ?? sending.sentAt,
        ...(result.value.requestId ? { requestId: result.value.requestId } : {})
      })
    }
  }

  /**
   * The duplicate guard: a contact with this e-mail created under this profile, from this session's
   * memory or else from the history on disk.
   */
  async function findDuplicate(profileId: string, email: string): Promise<CreatedContact | null> {
    const inMemory = findCreated(profileId, email)
    if (inMemory || emailKey(email) === '') return inMemory
    const found = await guarded(() => bridge().history.findByEmail({ profileId, email: email.trim() }))
    const entry = found.ok ? found.value.at(-1) : undefined
    if (!entry) return null
    return {
      profileId,
      contactId: entry.contactId,
      email: entry.fields.email,
      name: `${entry.fields.firstname} ${entry.fields.lastname}`,
      at: entry.createdAt,
      ...(entry.requestId ? { requestId: entry.requestId } : {})
    }
  }

  /**
   * Autosave: the form as typed, under this form's ID (its draft ID). The password goes to main's
   * keychain with it; with `keptPassword` and nothing typed, the kept one is left alone.
   */
  async function saveDraft(
    profileId: string,
    values: ContactInput,
    keptPassword: boolean,
    choice?: PermissionChoice
  ): Promise<Result<Draft>> {
    const { password, ...fields } = values
    const keep = keptPassword && password === ''
    const request = {
      id: formId.value,
      profileId,
      fields: { ...fields },
      ...(keep ? {} : { password }),
      ...(choice ? { permissions: choice } : {})
    }
    return guarded(() => bridge().drafts.save(request))
  }

  function getDraft(id: string): Promise<Result<Draft>> {
    return guarded(() => bridge().drafts.get({ id }))
  }

  /** Continue a saved draft: its ID becomes this form's, so its sends and autosaves are the draft's. */
  function adoptDraft(id: string): void {
    formId.value = id
    submission.value = null
    permissions.value = null
  }

  async function submit(
    target: SendTarget,
    contact: ContactInput,
    options: { useStoredPassword?: boolean; permissions?: PermissionChoice } = {}
  ): Promise<Result<SendOutcome>> {
    // main refuses a second send of the same form too; refusing here keeps the first answer's view intact.
    if (pending.value) return failure('busy', 'errors.outbox.busy')
    const normalized = normalizeContact(contact)
    const before = submission.value?.formId === formId.value ? submission.value : null
    const at = now()
    const sending: Submission = {
      formId: formId.value,
      profileId: target.id,
      profileName: target.name,
      sent: withoutPassword(normalized),
      firstSentAt: before?.firstSentAt ?? at,
      sentAt: at,
      answeredAt: null,
      result: null,
      confirmedByUser: false,
      ...(options.permissions ? { permissions: options.permissions } : {})
    }
    submission.value = sending
    // A fresh object of exactly the nine keys: no Vue proxy and nothing vee-validate added.
    const request = {
      profileId: target.id,
      formId: sending.formId,
      contact: { ...normalized },
      ...(options.useStoredPassword ? { useStoredPassword: true } : {}),
      ...(options.permissions ? { permissions: options.permissions } : {})
    }
    let result = await guarded(() => bridge().contacts.create(request))
    if (!result.ok && before && !result.error.fields) result = await reconcile(sending, result)
    settle(sending, result)
    // HostUp refused the key (revoked in the dashboard): main marked it, the badges must say so now.
    if (result.ok && result.value.kind === 'rejected' && result.value.error.code === 'unauthorized')
      void useProfilesStore().rereadCheck(target.id)
    return result
  }

  /**
   * Sends a saved draft as it is, with its kept password, without the form (a bulk send from
   * Drafts): the form's own submission is left alone. Offline, main queues it in the outbox.
   */
  async function sendDraft(draft: Draft): Promise<Result<SendOutcome>> {
    const request = {
      profileId: draft.profileId,
      formId: draft.id,
      contact: { ...draft.fields, password: '' },
      useStoredPassword: true,
      ...(draft.permissions ? { permissions: draft.permissions } : {})
    }
    const result = await guarded(() => bridge().contacts.create(request))
    if (result.ok && result.value.kind === 'created')
      remember({
        profileId: draft.profileId,
        contactId: result.value.contactId,
        email: draft.fields.email.trim(),
        name: `${draft.fields.firstname} ${draft.fields.lastname}`,
        at: now(),
        ...(result.value.requestId ? { requestId: result.value.requestId } : {})
      })
    return result
  }

  /**
   * main refuses to send a form again once the outbox has sent it by itself (or is sending it right
   * now): then what the outbox or the history knows about this form is the real answer.
   */
  async function reconcile(sending: Submission, refused: Result<SendOutcome>): Promise<Result<SendOutcome>> {
    const items = await guarded(() => bridge().outbox.list({ profileId: sending.profileId }))
    const item = items.ok ? items.value.find((i) => i.id === sending.formId) : undefined
    const known = item ? outcomeOf(item) : null
    if (known) return { ok: true, value: known }
    if (item) return refused
    const history = await guarded(() =>
      bridge().history.findByEmail({ profileId: sending.profileId, email: sending.sent.email })
    )
    const entry = history.ok ? history.value.findLast((e) => e.createdAt >= sending.firstSentAt) : undefined
    if (!entry) return refused
    const requestId = entry.requestId === undefined ? {} : { requestId: entry.requestId }
    return { ok: true, value: { kind: 'created', contactId: entry.contactId, ...requestId } }
  }

  /** After an unknown outcome the person checked: it does not exist. main sends the kept draft again. */
  async function resend(): Promise<Result<SendOutcome>> {
    const previous = submission.value
    if (!previous || pending.value) return failure('busy', 'errors.outbox.busy')
    const sending: Submission = { ...previous, sentAt: now(), answeredAt: null, result: null }
    submission.value = sending
    const answer = await guarded(() => bridge().outbox.resolve({ id: previous.formId, decision: 'resend' }))
    const outcome = answer.ok && answer.value ? outcomeOf(answer.value) : null
    const result: Result<SendOutcome> = answer.ok
      ? outcome
        ? { ok: true, value: outcome }
        : failure('internal', 'errors.code.internal')
      : answer
    settle(sending, result)
    return result
  }

  /**
   * After an unknown outcome the person looked in the dashboard and found the contact: from here on
   * it counts as created, with the ID they typed.
   */
  async function confirmCreated(contactId: number): Promise<Result<null>> {
    const current = submission.value
    if (!current || current.result === null) return failure('busy', 'errors.outbox.busy')
    const answer = await guarded(() =>
      bridge().outbox.resolve({ id: current.formId, decision: 'exists', contactId })
    )
    if (!answer.ok) return answer
    settle(current, { ok: true, value: { kind: 'created', contactId } }, true)
    return { ok: true, value: null }
  }

  /**
   * Reopens a contact whose last send has an unknown outcome (after a reload, or "Open" in Drafts):
   * the form shows that outcome and its two choices again, never an editable form that could be
   * sent blindly. Its outbox item is what the submission is rebuilt from.
   */
  async function adoptUndecided(target: SendTarget, id: string): Promise<boolean> {
    const items = await guarded(() => bridge().outbox.list({ profileId: target.id }))
    const item = items.ok ? items.value.find((i) => i.id === id) : undefined
    if (!item || (item.state !== 'unknown' && item.state !== 'sending')) return false
    const sentAt = item.intent?.sentAt ?? item.updatedAt
    const error: AppError = item.error ?? { code: 'internal', message: 'errors.outbox.undecided' }
    formId.value = item.id
    permissions.value = null
    submission.value = {
      formId: item.id,
      profileId: target.id,
      profileName: target.name,
      sent: { ...item.fields },
      firstSentAt: item.queuedAt,
      sentAt,
      answeredAt: item.updatedAt,
      result: { ok: true, value: { kind: 'unknown', error } },
      confirmedByUser: false,
      ...(item.permissions ? { permissions: item.permissions.choice } : {})
    }
    return true
  }

  /** Starts a new form: a new formId, so its first send can never be taken for a resend of the last. */
  function newForm(): void {
    formId.value = crypto.randomUUID()
    submission.value = null
    permissions.value = null
    retryError.value = null
  }

  /**
   * What the outbox holds about the created contact's permissions: its item while they are pending
   * or failed; once they are set the item is gone (and the event said so).
   */
  async function refreshPermissions(sent: Pick<Submission, 'formId' | 'profileId'>): Promise<void> {
    const listed = await guarded(() => bridge().outbox.list({ profileId: sent.profileId }))
    const shown = permissions.value
    if (!listed.ok || shown?.formId !== sent.formId || shown.state === 'set') return
    const item = listed.value.find((i) => i.id === sent.formId)
    const progress = item?.permissions
    if (!item) {
      permissions.value = { formId: sent.formId, state: 'set' }
      return
    }
    if (!progress) return
    permissions.value = {
      formId: sent.formId,
      state: progress.state,
      ...(progress.error ? { error: progress.error } : {}),
      ...(progress.nextAttemptAt ? { nextAttemptAt: progress.nextAttemptAt } : {})
    }
  }

  /** "Retry permissions" on the Created card: main tries them again now (the create is never repeated). */
  async function retryPermissions(): Promise<Result<OutboxItem | null>> {
    const current = submission.value
    if (!current || retryingPermissions.value) return failure('busy', 'errors.outbox.busy')
    retryingPermissions.value = true
    retryError.value = null
    permissions.value = { formId: current.formId, state: 'pending' }
    try {
      const result = await guarded(() => bridge().contacts.retryPermissions({ id: current.formId }))
      if (!result.ok) {
        retryError.value = result.error
        await refreshPermissions(current)
        return result
      }
      const progress = result.value?.permissions
      permissions.value = {
        formId: current.formId,
        state: result.value === null ? 'set' : (progress?.state ?? 'set'),
        ...(progress?.error ? { error: progress.error } : {}),
        ...(progress?.nextAttemptAt ? { nextAttemptAt: progress.nextAttemptAt } : {})
      }
      return result
    } finally {
      retryingPermissions.value = false
    }
  }

  // The outbox resends a retryable or queued contact by itself; when it creates this form's contact,
  // the form must say so rather than keep "Nothing was created" on screen.
  function onOutboxChanged(event: OutboxEvent): void {
    const current = submission.value
    const told = event.permissions?.find((p) => p.id === current?.formId)
    if (current && permissions.value?.formId === current.formId && permissions.value.state !== 'set') {
      if (told)
        permissions.value = {
          formId: current.formId,
          state: told.state,
          ...(told.error ? { error: told.error } : {})
        }
      else if (!retryingPermissions.value) void refreshPermissions(current)
    }
    const sent = event.sent?.find((s) => s.id === current?.formId)
    if (!current || !sent || current.result === null) return
    if (current.result.ok && current.result.value.kind === 'created') return
    settle(current, { ok: true, value: { kind: 'created', contactId: sent.contactId } })
  }

  function listen(): void {
    stopListening ??= bridge().on('outbox:changed', onOutboxChanged)
  }

  function dispose(): void {
    stopListening?.()
    stopListening = null
  }

  return {
    formId,
    submission,
    created,
    pending,
    permissions,
    retryingPermissions,
    retryError,
    retryPermissions,
    findCreated,
    findDuplicate,
    saveDraft,
    getDraft,
    adoptDraft,
    adoptUndecided,
    submit,
    sendDraft,
    resend,
    confirmCreated,
    newForm,
    listen,
    dispose
  }
})
