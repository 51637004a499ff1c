import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StoreNotice } from '@shared/notice'
import { bridge } from './bridge'
import { guarded } from './guarded'

/** Where the window keeps what the person dismissed: a reload (main still knows them all) does not bring them back. */
const DISMISSED_KEY = 'hostup.dismissedNotices'

function dismissedPaths(): string[] {
  try {
    const kept: unknown = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? '[]')
    return Array.isArray(kept) ? kept.filter((p): p is string => typeof p === 'string') : []
  } catch {
    return []
  }
}

/**
 * Damaged files main moved aside. Main keeps every one for the run (asked at start, and announced
 * if the window listens), so a notice can arrive both ways: one per moved-to path.
 */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<StoreNotice[]>([])
  let stopListening: (() => void) | null = null

  function add(notice: StoreNotice): void {
    if (notices.value.some((n) => n.movedTo === notice.movedTo)) return
    if (dismissedPaths().includes(notice.movedTo)) return
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
    try {
      sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...dismissedPaths(), movedTo]))
    } catch {
      // Storage refused (full or disabled): dismissed for as long as this window lives.
    }
  }

  function dispose(): void {
    stopListening?.()
    stopListening = null
  }

  return { notices, start, dismiss, dispose }
})
