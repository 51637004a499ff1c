import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { AppInfo } from '@shared/ipc'
import type { Locale } from '@shared/i18n'
import { applyLocale } from '../i18n/instance'
import { initialLocale, storeLocale } from '../i18n/locale'
import type { ViewName } from '../views'
import { bridge } from './bridge'

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  // The page's own guess until main, which owns the network, says otherwise.
  const online = ref(navigator.onLine)
  const locale = ref<Locale>(initialLocale())
  const view = ref<ViewName>('newContact')

  /** Bumped when "New contact" is asked for while it is already shown: the form starts afresh. */
  const newContactRequests = ref(0)
  /** The shown view's say before the person leaves it (false: it asks first, and stays for now). */
  let leaveGuard: ((next: ViewName) => boolean) | null = null
  /** Whether a switch of profile would carry a half-typed contact to another account (the form says). */
  let unsentContact: (() => boolean) | null = null

  let stopListening: (() => void) | null = null
  let heardFromMain = false

  async function init(): Promise<void> {
    stopListening ??= bridge().on('app:online', ({ online: value }) => {
      heardFromMain = true
      online.value = value
    })
    const result = await bridge().app.info()
    if (!result.ok) return
    info.value = result.value
    // An event that arrived while `info` was in flight is newer than the answer.
    if (!heardFromMain) online.value = result.value.online
  }

  function dispose(): void {
    stopListening?.()
    stopListening = null
  }

  function setLocale(next: Locale): void {
    locale.value = next
    storeLocale(next)
  }

  /** `force`: the person already answered the view's question about leaving. */
  function show(next: ViewName, options: { force?: boolean } = {}): void {
    if (next === view.value) {
      if (next === 'newContact') newContactRequests.value += 1
      return
    }
    if (!options.force && leaveGuard && !leaveGuard(next)) return
    view.value = next
  }

  /** Lets a view ask before it is left; returns the function that takes the guard away again. */
  function guardLeaving(guard: (next: ViewName) => boolean): () => void {
    leaveGuard = guard
    return () => {
      if (leaveGuard === guard) leaveGuard = null
    }
  }

  /** Lets the New contact form say it holds a contact; returns the function that takes it away again. */
  function guardSwitching(probe: () => boolean): () => void {
    unsentContact = probe
    return () => {
      if (unsentContact === probe) unsentContact = null
    }
  }

  function switchingNeedsConfirm(): boolean {
    return unsentContact?.() === true
  }

  // vue-i18n speaks it; screen readers pick their voice and hyphenation from <html lang>; main's
  // menu follows it (told once at start as well, since main begins in the system's language).
  watch(
    locale,
    (value) => {
      applyLocale(value)
      document.documentElement.setAttribute('lang', value)
      void bridge()
        .app.setLocale({ locale: value })
        .catch(() => undefined)
    },
    { immediate: true }
  )

  return {
    info,
    online,
    locale,
    view,
    newContactRequests,
    init,
    dispose,
    setLocale,
    show,
    guardLeaving,
    guardSwitching,
    switchingNeedsConfirm
  }
})
