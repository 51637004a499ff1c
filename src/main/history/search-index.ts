/**
 * The in-memory search and sort index behind the history service: what keeps 100,000 entries
 * fast. Plain data structures, no I/O.
 */
import type { HistoryEntry, HistoryQuery, HistorySortKey } from '../../shared/history'

// Swedish order (Å Ä Ö after Z) is what the app's people expect of a name list; made once, as it is costly.
const collator = new Intl.Collator('sv', { sensitivity: 'base' })
/** More new entries than this at once and re-sorting beats inserting each one. */
const INSERT_LIMIT = 2000

export interface HistoryIndex {
  sync(list: readonly HistoryEntry[]): void
  /** Matching positions in order: how many in all, and those from `offset` on, at most `limit`. */
  select(q: HistoryQuery, offset: number, limit: number): { total: number; page: number[] }
  entry(position: number): HistoryEntry
  byEmail(profileId: string, email: string): HistoryEntry[]
  /** One pass for many look-ups: e-mail key → the latest entry of the profile with it, removed ones left out. */
  emailsOf(profileId: string): Map<string, HistoryEntry>
}

type Order = Int32Array

/**
 * What makes 100,000 entries fast: per entry, once, a folded search text, the creation time and
 * the e-mail key; per sort key, an order of positions kept until something changes. `sync` finds
 * what changed by identity (the store hands out frozen entries and replaces one on a change).
 */
export function createIndex(): HistoryIndex {
  let entries: readonly HistoryEntry[] = []
  let search: string[] = []
  let created: number[] = []
  let emails: string[] = []
  const orders = new Map<HistorySortKey, Order>()

  // Names and cities repeat across thousands of entries: fold each distinct one once.
  let folded = new Map<string, string>()
  function foldOnce(value: string): string {
    let out = folded.get(value)
    if (out === undefined) folded.set(value, (out = fold(value)))
    return out
  }

  function derive(p: number, e: HistoryEntry): void {
    const f = e.fields
    const email = emailKey(f.email)
    emails[p] = email
    search[p] =
      `${foldOnce(f.firstname)} ${foldOnce(f.lastname)}\n${fold(email)}\n${e.contactId}\n${foldOnce(f.city)}`
    created[p] = Date.parse(e.createdAt)
  }

  function sync(list: readonly HistoryEntry[]): void {
    const old = entries
    entries = list
    if (list.length < old.length) return rebuild()
    for (let p = 0; p < old.length; p += 1) {
      const before = old[p] as HistoryEntry
      const after = list[p] as HistoryEntry
      if (before === after) continue
      if (before.id !== after.id) return rebuild()
      derive(p, after)
      if (!sameSortFields(before, after)) orders.clear()
    }
    for (let p = old.length; p < list.length; p += 1) derive(p, list[p] as HistoryEntry)
    if (list.length - old.length > INSERT_LIMIT) orders.clear()
    else if (list.length > old.length) {
      const added = Array.from({ length: list.length - old.length }, (_, i) => old.length + i)
      for (const [key, order] of orders) orders.set(key, insert(order, added, comparator(key)))
    }
  }

  function rebuild(): void {
    search = []
    created = []
    emails = []
    folded = new Map()
    orders.clear()
    entries.forEach((e, p) => derive(p, e))
  }

  /** The order one-by-one inserts use; `build` reaches the same order faster through ranks. */
  function comparator(key: HistorySortKey): (a: number, b: number) => number {
    const e = (p: number): HistoryEntry => entries[p] as HistoryEntry
    const by = (pick: (e: HistoryEntry) => string) => (a: number, b: number) =>
      collator.compare(pick(e(a)), pick(e(b))) || a - b
    switch (key) {
      case 'createdAt':
        return (a, b) => (created[a] as number) - (created[b] as number) || a - b
      case 'contactId':
        return (a, b) => e(a).contactId - e(b).contactId || a - b
      case 'email':
        return (a, b) => byString(emails[a] as string, emails[b] as string) || a - b
      case 'name':
        return (a, b) =>
          collator.compare(e(a).fields.lastname, e(b).fields.lastname) || by((x) => x.fields.firstname)(a, b)
      case 'city':
        return by((x) => x.fields.city)
      case 'profileName':
        return by((x) => x.profileName)
      case 'source':
        return by((x) => x.source)
    }
  }

  function build(key: HistorySortKey): Order {
    const all = Int32Array.from({ length: entries.length }, (_, p) => p)
    const rank = (pick: (e: HistoryEntry) => string): Ranks => ranks(entries.map(pick))
    // Names, cities and profiles repeat: sort the distinct values once, then place every entry by
    // a stable counting sort on its rank (ties keep storage order), with no per-pair comparisons.
    if (key === 'name')
      return bucketSort(
        bucketSort(
          all,
          rank((e) => e.fields.firstname)
        ),
        rank((e) => e.fields.lastname)
      )
    if (key === 'city')
      return bucketSort(
        all,
        rank((e) => e.fields.city)
      )
    if (key === 'profileName')
      return bucketSort(
        all,
        rank((e) => e.profileName)
      )
    if (key === 'source')
      return bucketSort(
        all,
        rank((e) => e.source)
      )
    if (key === 'contactId') {
      // IDs grow with time, so storage order is nearly sorted already: a plain array's sort (runs
      // found in one pass) over the keys pulled out once, not a typed array's over entry lookups.
      const ids = Float64Array.from(entries, (entry) => entry.contactId)
      const positions = Array.from(all)
      positions.sort((a, b) => (ids[a] as number) - (ids[b] as number) || a - b)
      return Int32Array.from(positions)
    }
    return all.sort(comparator(key))
  }

  function order(key: HistorySortKey): Order {
    const found = orders.get(key) ?? build(key)
    orders.set(key, found)
    return found
  }

  /** Marks matches walking positions in storage order, which is far kinder to the CPU cache than sorted order. */
  function matches(q: HistoryQuery): { hit: Uint8Array; total: number } | null {
    const words = fold(q.text ?? '')
      .split(/\s+/)
      .filter((w) => w !== '')
    const from = q.from === undefined ? -Infinity : bound(q.from, 'start')
    const to = q.to === undefined ? Infinity : bound(q.to, 'end')
    const { profileId, batchId } = q
    if (
      words.length === 0 &&
      from === -Infinity &&
      to === Infinity &&
      profileId === undefined &&
      batchId === undefined
    )
      return null
    const n = entries.length
    const hit = new Uint8Array(n)
    let total = 0
    next: for (let p = 0; p < n; p += 1) {
      const t = created[p] as number
      if (t < from || t > to) continue
      if (profileId !== undefined && (entries[p] as HistoryEntry).profileId !== profileId) continue
      if (batchId !== undefined && (entries[p] as HistoryEntry).batch?.id !== batchId) continue
      const text = search[p] as string
      for (const w of words) if (!text.includes(w)) continue next
      hit[p] = 1
      total += 1
    }
    return { hit, total }
  }

  return {
    sync,
    entry: (p) => entries[p] as HistoryEntry,
    emailsOf(profileId) {
      const out = new Map<string, HistoryEntry>()
      entries.forEach((e, p) => {
        const key = emails[p]
        if (e.profileId === profileId && e.removedAt === undefined && key) out.set(key, e)
      })
      return out
    },
    byEmail(profileId, email) {
      const key = emailKey(email)
      return entries.filter(
        (e, p) => e.profileId === profileId && e.removedAt === undefined && emails[p] === key
      )
    },
    select(q, offset, limit) {
      const { key, dir } = q.sort ?? { key: 'createdAt', dir: 'desc' }
      const sorted = order(key)
      const n = sorted.length
      const at = (i: number): number => sorted[dir === 'asc' ? i : n - 1 - i] as number
      const found = matches(q)
      const page: number[] = []
      if (!found) {
        for (let i = offset; i < n && page.length < limit; i += 1) page.push(at(i))
        return { total: n, page }
      }
      let skip = offset
      for (let i = 0; i < n && page.length < limit; i += 1) {
        const p = at(i)
        if (found.hit[p] !== 1) continue
        if (skip > 0) skip -= 1
        else page.push(p)
      }
      return { total: found.total, page }
    }
  }
}

function sameSortFields(a: HistoryEntry, b: HistoryEntry): boolean {
  const [f, g] = [a.fields, b.fields]
  return (
    a.createdAt === b.createdAt &&
    a.contactId === b.contactId &&
    a.profileName === b.profileName &&
    f.firstname === g.firstname &&
    f.lastname === g.lastname &&
    f.email === g.email &&
    f.city === g.city
  )
}

/** Each value's place among the distinct values in collator order; equal-by-collator values share one. */
interface Ranks {
  of: Int32Array
  count: number
}

function ranks(values: string[]): Ranks {
  const rankOf = new Map<string, number>()
  for (const v of values) rankOf.set(v, 0)
  const distinct = [...rankOf.keys()].sort(collator.compare)
  let rank = -1
  distinct.forEach((v, i) => {
    if (i === 0 || collator.compare(distinct[i - 1] as string, v) !== 0) rank += 1
    rankOf.set(v, rank)
  })
  const of = new Int32Array(values.length)
  for (let p = 0; p < values.length; p += 1) of[p] = rankOf.get(values[p] as string) ?? 0
  return { of, count: rank + 1 }
}

/** Stable counting sort of positions by rank: linear, where a comparison sort of 100,000 is not. */
function bucketSort(order: Order, { of, count }: Ranks): Order {
  // start[r] = where the next position of rank r goes; the typed arrays are all in bounds.
  const start = new Int32Array(count + 1)
  const rankAt = (p: number): number => of[p] as number
  for (const p of order) start[rankAt(p) + 1] = (start[rankAt(p) + 1] as number) + 1
  for (let r = 0; r < count; r += 1) start[r + 1] = (start[r + 1] as number) + (start[r] as number)
  const out = new Int32Array(order.length)
  for (const p of order) {
    const r = rankAt(p)
    const at = start[r] as number
    out[at] = p
    start[r] = at + 1
  }
  return out
}

/** Merges a few new positions into an order: a binary search each, then one copy of the whole. */
function insert(order: Order, added: number[], cmp: (a: number, b: number) => number): Order {
  const places = added.sort(cmp).map((p) => {
    let [lo, hi] = [0, order.length]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cmp(order[mid] as number, p) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  })
  const out = new Int32Array(order.length + added.length)
  let from = 0
  added.forEach((p, i) => {
    const place = places[i] as number
    out.set(order.subarray(from, place), from + i)
    out[place + i] = p
    from = place
  })
  out.set(order.subarray(from), from + added.length)
  return out
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function emailKey(email: string): string {
  return email.trim().toLowerCase()
}

const LETTERS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i'
}

/** Case- and accent-insensitive form for search: "Åsa Øberg" and "asa oberg" fold alike. */
export function fold(text: string): string {
  const lower = text.toLowerCase()
  // Most text is plain ASCII; skipping normalisation for it is most of the indexing time saved.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower
  return lower
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[øæœßłđðþı]/g, (ch) => LETTERS[ch] ?? ch)
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A day means the person's whole local day; an instant is taken as it is. */
function bound(value: string, edge: 'start' | 'end'): number {
  const day = DAY.exec(value)
  if (!day) return Date.parse(value)
  const [y, m, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])]
  return edge === 'start' ? new Date(y, m, d).getTime() : new Date(y, m, d + 1).getTime() - 1
}
