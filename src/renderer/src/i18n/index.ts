import { computed } from 'vue'
import type { AppError } from '@shared/ipc'
import { useAppStore } from '../stores/app'
import { errorMessageKey, type ErrorContext } from './errors'
import { isMessageKey, translate, type MessageKey, type MessageParams } from './messages'

export { LOCALES, LOCALE_NAMES, isMessageKey, type Locale, type MessageKey } from './messages'

/**
 * The app's translator. The locale lives in the app store, so each Pinia instance (each test) has
 * its own, and every template that calls `t` re-renders when it changes.
 */
export function useI18n() {
  const app = useAppStore()

  function t(key: MessageKey, params?: MessageParams): string {
    return translate(app.locale, key, params)
  }

  /** A field error is a message key from a schema, or a server's own text, shown as it came. */
  function fieldMessage(text: string): string {
    return isMessageKey(text) ? t(text) : text
  }

  function errorMessage(error: AppError, context?: ErrorContext): string {
    return t(errorMessageKey(error, context))
  }

  return { t, fieldMessage, errorMessage, locale: computed(() => app.locale), setLocale: app.setLocale }
}
