import { computed, ref, type Ref } from 'vue'

/**
 * A list's search and its picked items, for bulk actions (the Outbox, Drafts). Only what is shown
 * counts as picked: an item the search hides is never sent or removed by surprise.
 */
export function useBulkSelection<T extends { id: string }>(
  items: Readonly<Ref<readonly T[]>>,
  /** The words an item is found by (its name and e-mail). */
  textOf: (item: T) => string
) {
  const search = ref('')
  const selected = ref<ReadonlySet<string>>(new Set())

  /** The items whose text holds every word typed. */
  const shown = computed(() => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean)
    return items.value.filter((item) => {
      const text = textOf(item).toLowerCase()
      return words.every((w) => text.includes(w))
    })
  })
  const picked = computed(() => shown.value.filter((item) => selected.value.has(item.id)))
  const allPicked = computed(() => shown.value.length > 0 && picked.value.length === shown.value.length)

  function select(id: string, on: boolean): void {
    const next = new Set(selected.value)
    if (on) next.add(id)
    else next.delete(id)
    selected.value = next
  }

  function selectAll(on: boolean): void {
    selected.value = on ? new Set(shown.value.map((item) => item.id)) : new Set()
  }

  function clear(): void {
    selected.value = new Set()
  }

  return { search, selected, shown, picked, allPicked, select, selectAll, clear }
}
