import { computed, inject, type InjectionKey, type Ref } from 'vue'
import { useField, useSubmitCount, type TypedSchema } from 'vee-validate'
import { toTypedSchema } from '@vee-validate/yup'
import { Schema } from 'yup'
import type { ContactField, contactSchema, contactSchemaWithKeptPassword } from '@shared/contact'
import { useI18n } from '../../i18n'
import { trackPointer, whenPointerReleased } from './pointer'

/**
 * Field → the value HostUp refused, and HostUp's own words about it when it sent any (the error's
 * key is set through vee-validate's setFieldError).
 */
export type ServerErrorValues = Partial<Record<ContactField, { value: string; says?: string }>>
export const SERVER_ERROR_VALUES: InjectionKey<ServerErrorValues> = Symbol('server-error-values')

/** Whether the password in the field was made by "Generate password", and copied since. */
export interface PasswordState {
  generated: boolean
  copied: boolean
}
export const PASSWORD_STATE: InjectionKey<PasswordState> = Symbol('password-state')

/** The form's schema of the moment (a continued draft's kept password changes the password's rule). */
export type ContactSchema = typeof contactSchema | typeof contactSchemaWithKeptPassword

/**
 * Each field's own rule, taken from the shared schema: a key re-checks the field it changed, not
 * the whole form (no contact rule looks at another field). Provided by `useContactFlow`.
 */
export const CONTACT_RULES: InjectionKey<(name: ContactField) => Ref<TypedSchema<string>>> =
  Symbol('contact-rules')

const typedRules = new WeakMap<object, TypedSchema<string>>()

/** The field's rule in `schema`, one typed wrapper per rule (so an unchanged rule stays the same object). */
export function fieldRule(schema: ContactSchema, name: ContactField): TypedSchema<string> {
  const rule = schema.fields[name]
  if (!(rule instanceof Schema)) throw new TypeError(`no rule for ${name}`)
  let typed = typedRules.get(rule)
  if (!typed) typedRules.set(rule, (typed = toTypedSchema(rule) as TypedSchema<string>))
  return typed
}

/**
 * One contact field bound to the surrounding `useForm`, with the form's rule for when to speak:
 * an error appears once the field was left or the form was submitted, never during a first try.
 */
export function useContactField(name: ContactField) {
  // Without the flow's rules (a component on its own), the surrounding form's schema decides.
  const field = useField<string>(name, inject(CONTACT_RULES, null)?.(name))
  const submitCount = useSubmitCount()
  const serverValues = inject(SERVER_ERROR_VALUES, {})
  const { t, fieldMessage } = useI18n()
  trackPointer()

  const error = computed(() => {
    const message = field.errorMessage.value
    if (!message || !(field.meta.touched || submitCount.value > 0)) return null
    const refused = serverValues[name]
    return refused?.says !== undefined && refused.value === field.value.value
      ? `${fieldMessage(message)} (${t('hostup.says', { text: refused.says })})`
      : fieldMessage(message)
  })

  function onBlur(event?: Event): void {
    whenPointerReleased(() => {
      // The schema cannot reproduce a server's verdict: leaving the field unchanged must not wipe it.
      const refused = serverValues[name] !== undefined && serverValues[name].value === field.value.value
      field.handleBlur(event, !refused)
    })
  }

  return { value: field.value, error, onBlur }
}
