import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StoreNotice } from '@shared/notice'
import { bridge } from './bridge'
import { guarded } from './guarded'

/**
 * Damaged files main moved aside. Main keeps each one until the person dismisses it (asked at start,
 * and announced if the window listens), so a notice can arrive both ways: one per moved-to path. A
 * dismissal is told to main, so no window of this run (a reload, one reopened) shows it again.
 */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<StoreNotice[]>([])
  let stopListening: (() => void) | null = null

  function add(notice: StoreNotice): void {
    if (notices.value.some((n) => n.movedTo === notice.movedTo)) return
    const { kind, file, movedTo, reason, at } = notice
    notices.value.push({ kind, file, movedTo, reason, at })
  }

  async function start(): Promise<void> {
    // Listen first: a file moved aside between the two steps is then caught either way.
    stopListening ??= bridge().on('app:notice', add)
    const result = await guarded(() => bridge().app.notices())
    if (result.ok) result.value.forEach(add)
  }

  function dismiss(movedTo: string): void {
    notices.value = notices.value.filter((n) => n.movedTo !== movedTo)
    // Gone from this window at once; should main not hear of it, the next window shows it again.
    void guarded(() => bridge().app.dismissNotice({ path: movedTo }))
  }

  function dispose(): void {
    stopListening?.()
    stopListening = null
  }

  return { notices, start, dismiss, dispose }
})
