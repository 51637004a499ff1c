import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { AppCommand } from '@shared/commands'
import type { AppInfo } from '@shared/ipc'
import type { Locale } from '@shared/i18n'
import { applyLocale, hasCatalogue, loadCatalogue, loadWholeCatalogue } from '../i18n/instance'
import { initialLocale, storeLocale } from '../i18n/locale'
import { chooseTheme, storedTheme, type Theme } from '../theme'
import type { ViewName } from '../views'
import { bridge } from './bridge'

/** A menu command that a component of the page carries out (the palette, the sheet, History's search). */
export type PageCommand = Exclude<AppCommand['kind'], 'show'>

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  // The page's own guess until main, which owns the network, says otherwise.
  const online = ref(navigator.onLine)
  const locale = ref<Locale>(initialLocale())
  /** The one source of the theme: Settings' switch and the command palette both read and set it here. */
  const theme = ref<Theme>(storedTheme())
  const view = ref<ViewName>('newContact')

  /** Bumped when "New contact" is asked for while it is already shown: the form starts afresh. */
  const newContactRequests = ref(0)
  /** The menu asked for this; the component it belongs to takes it (`take`) and does it. */
  const requested = ref<PageCommand | null>(null)
  /** The shown view's say before the person leaves it (false: it asks first, and stays for now). */
  let leaveGuard: ((next: ViewName) => boolean) | null = null
  /** Whether a switch of profile would carry a half-typed contact to another account (the form says). */
  let unsentContact: (() => boolean) | null = null

  let stopListening: (() => void) | null = null
  let stopCommands: (() => void) | null = null
  let heardFromMain = false

  async function init(): Promise<void> {
    stopListening ??= bridge().on('app:online', ({ online: value }) => {
      heardFromMain = true
      online.value = value
    })
    stopCommands ??= bridge().on('app:command', run)
    const result = await bridge().app.info()
    if (!result.ok) return
    info.value = result.value
    // An event that arrived while `info` was in flight is newer than the answer.
    if (!heardFromMain) online.value = result.value.online
  }

  function dispose(): void {
    stopListening?.()
    stopListening = null
    stopCommands?.()
    stopCommands = null
  }

  function setLocale(next: Locale): void {
    locale.value = next
    storeLocale(next)
  }

  function setTheme(next: Theme): void {
    theme.value = next
    chooseTheme(next)
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

  /**
   * A command from the application menu: what its keyboard shortcut does. As the shortcuts, it
   * waits while a modal dialog asks something.
   */
  function run(command: AppCommand): void {
    if (document.querySelector('dialog[open]')) return
    if (command.kind === 'show') {
      show(command.view)
      return
    }
    if (command.kind === 'findInHistory') {
      show('history')
      // The form may have asked first and kept the person where they were.
      if (view.value !== 'history') return
    }
    requested.value = command.kind
  }

  /** For the component that carries out `command`: whether it was asked for (once). */
  function take(command: PageCommand): boolean {
    if (requested.value !== command) return false
    requested.value = null
    return true
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
  let starting = true
  watch(
    locale,
    (value) => {
      // The page says its language once it can speak it: its catalogue may still be on its way (at
      // start the first view's part of it, App.vue loading the rest; a language switched to, whole).
      const speak = () => {
        if (locale.value !== value) return
        applyLocale(value)
        document.documentElement.setAttribute('lang', value)
      }
      const load = starting ? loadCatalogue : loadWholeCatalogue
      starting = false
      if (hasCatalogue(value)) speak()
      else void load(value).then(speak, () => undefined)
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
    theme,
    view,
    newContactRequests,
    requested,
    init,
    dispose,
    setLocale,
    setTheme,
    show,
    run,
    take,
    guardLeaving,
    guardSwitching,
    switchingNeedsConfirm
  }
})
