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
type Column = 'first' | 'last' | 'city' | 'profile' | 'source'

const PICK: Record<Column, (e: HistoryEntry) => string> = {
  first: (e) => e.fields.firstname,
  last: (e) => e.fields.lastname,
  city: (e) => e.fields.city,
  profile: (e) => e.profileName,
  source: (e) => e.source
}

/**
 * What makes 100,000 entries fast with little held: names, cities, profiles and sources repeat, so
 * each distinct value is kept once (its folded form for search, its place in collator order for
 * sorting) and an entry holds only numbers pointing at them (per column, made when a search or a
 * sort first needs it), its creation time and its e-mail key.
 * A search tests each distinct value once per word, then each entry by a table look-up; a sort by
 * such a column is a counting sort on the values' places. Per sort key, an order of positions is
 * built on first use and kept until something changes. `sync` finds what changed by identity (the
 * store hands out frozen entries and replaces one on a change).
 */
export function createIndex(): HistoryIndex {
  let entries: readonly HistoryEntry[] = []
  let created: number[] = []
  let contactIds: number[] = []
  /**
   * Per numeric key, how many neighbours in storage order are out of its order: kept as entries
   * come and change, so a first sort of a history in order already (IDs and times grow as the file
   * does) is the storage order, found with no pass over the entries at all.
   */
  let descents = { createdAt: 0, contactId: 0 }
  let emails: string[] = []
  /** Folded e-mail keys that differ from the key itself (non-ASCII); most have none. */
  let foldedEmails = new Map<number, string>()
  /** Per column, each entry's value ID: built when a search or sort first needs the column. */
  const columns = new Map<Column, number[]>()
  const orders = new Map<HistorySortKey, Order>()
  /**
   * Every entry's folded e-mail and contact ID, one line each in storage order, as one string (a
   * word is found in it by one fast scan, not 100,000 small ones); null until a search needs it.
   */
  let text: { all: string; starts: Int32Array } | null = null
  /** What a search marks, per entry: reused, as `select` reads it before the next search starts. */
  let scratch: { hit: Uint8Array; words: Uint8Array[] } = { hit: new Uint8Array(0), words: [] }

  // The distinct values: each one's ID is its place here.
  let values: string[] = []
  let valueIds = new Map<string, number>()
  let foldedValues: (string | undefined)[] = []
  /** Each value's place in collator order (equal-by-collator values share one); null until a sort needs it. */
  let valueRanks: { of: Int32Array; count: number } | null = null

  function intern(value: string): number {
    let id = valueIds.get(value)
    if (id === undefined) {
      id = values.length
      values.push(value)
      valueIds.set(value, id)
      valueRanks = null
    }
    return id
  }

  function derive(p: number, e: HistoryEntry): void {
    const f = e.fields
    const email = emailKey(f.email)
    emails[p] = email
    const foldedEmail = fold(email)
    if (foldedEmail !== email) foldedEmails.set(p, foldedEmail)
    else foldedEmails.delete(p)
    text = null
    for (const [c, ids] of columns) ids[p] = intern(PICK[c](e))
    setNumber('createdAt', created, p, Date.parse(e.createdAt))
    setNumber('contactId', contactIds, p, e.contactId)
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
    created = []
    contactIds = []
    descents = { createdAt: 0, contactId: 0 }
    emails = []
    foldedEmails = new Map()
    text = null
    columns.clear()
    values = []
    valueIds = new Map()
    foldedValues = []
    valueRanks = null
    orders.clear()
    for (let p = 0; p < entries.length; p += 1) derive(p, entries[p] as HistoryEntry)
  }

  function column(c: Column): number[] {
    let ids = columns.get(c)
    if (ids === undefined) {
      const pick = PICK[c]
      ids = new Array<number>(entries.length)
      for (let p = 0; p < entries.length; p += 1) ids[p] = intern(pick(entries[p] as HistoryEntry))
      columns.set(c, ids)
    }
    return ids
  }

  function ranksOfValues(): { of: Int32Array; count: number } {
    if (valueRanks) return valueRanks
    const byOrder = Array.from(values.keys()).sort((a, b) =>
      collator.compare(values[a] as string, values[b] as string)
    )
    const of = new Int32Array(values.length)
    let rank = -1
    byOrder.forEach((id, i) => {
      const prev = byOrder[i - 1]
      if (prev === undefined || collator.compare(values[prev] as string, values[id] as string) !== 0)
        rank += 1
      of[id] = rank
    })
    valueRanks = { of, count: rank + 1 }
    return valueRanks
  }

  /** The order one-by-one inserts use; `build` reaches the same order faster through ranks. */
  function comparator(key: HistorySortKey): (a: number, b: number) => number {
    const by =
      (column: number[]) =>
      (a: number, b: number): number =>
        collator.compare(values[column[a] as number] as string, values[column[b] as number] as string)
    const e = (p: number): HistoryEntry => entries[p] as HistoryEntry
    switch (key) {
      case 'createdAt':
        return (a, b) => (created[a] as number) - (created[b] as number) || a - b
      case 'contactId':
        return (a, b) => e(a).contactId - e(b).contactId || a - b
      case 'email':
        return (a, b) => byString(emails[a] as string, emails[b] as string) || a - b
      case 'name': {
        const [byLast, byFirst] = [by(column('last')), by(column('first'))]
        return (a, b) => byLast(a, b) || byFirst(a, b) || a - b
      }
      case 'city': {
        const byCity = by(column('city'))
        return (a, b) => byCity(a, b) || a - b
      }
      case 'profileName': {
        const byProfile = by(column('profile'))
        return (a, b) => byProfile(a, b) || a - b
      }
      case 'source': {
        const bySource = by(column('source'))
        return (a, b) => bySource(a, b) || a - b
      }
    }
  }

  function setNumber(key: keyof typeof descents, keys: number[], p: number, value: number): void {
    descents[key] -= descentAt(keys, p) + descentAt(keys, p + 1)
    keys[p] = value
    descents[key] += descentAt(keys, p) + descentAt(keys, p + 1)
  }

  /** Positions by numeric keys, ties in storage order. */
  function numericOrder(keys: number[], outOfOrder: number): Order {
    const n = entries.length
    const out = new Int32Array(n)
    for (let p = 0; p < n; p += 1) out[p] = p
    if (outOfOrder === 0) return out
    // A plain array's sort, which finds the runs there are in one pass.
    return Int32Array.from(Array.from(out).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b))
  }

  function build(key: HistorySortKey): Order {
    const n = entries.length
    const all = new Int32Array(n)
    for (let p = 0; p < n; p += 1) all[p] = p
    // Names, cities and profiles repeat: the distinct values are in collator order once, then every
    // entry is placed by a stable counting sort on its value's rank (ties keep storage order).
    const ranked = (c: Column) => (order: Order) => bucketSort(order, column(c), ranksOfValues())
    switch (key) {
      case 'name':
        return ranked('last')(ranked('first')(all))
      case 'city':
        return ranked('city')(all)
      case 'profileName':
        return ranked('profile')(all)
      case 'source':
        return ranked('source')(all)
      case 'contactId':
        return numericOrder(contactIds, descents.contactId)
      case 'createdAt':
        return numericOrder(created, descents.createdAt)
      case 'email':
        return all.sort(comparator(key))
    }
  }

  function order(key: HistorySortKey): Order {
    const found = orders.get(key) ?? build(key)
    orders.set(key, found)
    return found
  }

  function searchText(): { all: string; starts: Int32Array } {
    if (text) return text
    const n = entries.length
    const starts = new Int32Array(n + 1)
    const lines: string[] = new Array<string>(n)
    let at = 0
    for (let p = 0; p < n; p += 1) {
      const line = `${foldedEmails.get(p) ?? (emails[p] as string)}\t${(entries[p] as HistoryEntry).contactId}\n`
      lines[p] = line
      starts[p] = at
      at += line.length
    }
    starts[n] = at
    text = { all: lines.join(''), starts }
    return text
  }

  /** Which entries hold the word in their e-mail or contact ID (the word holds no space, so never spans a line). */
  function entriesWith(word: string, out: Uint8Array): Uint8Array {
    const { all, starts } = searchText()
    out.fill(0)
    let p = 0
    for (let found = all.indexOf(word); found >= 0; found = all.indexOf(word, starts[p] as number)) {
      while ((starts[p + 1] as number) <= found) p += 1
      out[p] = 1
      p += 1
    }
    return out
  }

  /** Which distinct values hold the word: each tested once, however many entries share it. */
  function valuesWith(word: string): Uint8Array {
    const out = new Uint8Array(values.length)
    for (let id = 0; id < values.length; id += 1) {
      let folded = foldedValues[id]
      if (folded === undefined) foldedValues[id] = folded = fold(values[id] as string)
      if (folded.includes(word)) out[id] = 1
    }
    return out
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
    // A word matches an entry when it is part of its first name, last name, city, e-mail or contact
    // ID (the word holds no space, so it never spans two of them).
    const n = entries.length
    // Kept from one search to the next: 100,000 bytes each, allocated anew per keystroke, mostly
    // make work for the garbage collector.
    if (scratch.hit.length !== n) scratch = { hit: new Uint8Array(n), words: [] }
    const { hit } = scratch
    hit.fill(0)
    const none: number[] = []
    const [first, last, city] =
      words.length > 0 ? [column('first'), column('last'), column('city')] : [none, none, none]
    const tests = words.map((word, i) => ({
      inValue: valuesWith(word),
      inEntry: entriesWith(word, (scratch.words[i] ??= new Uint8Array(n)))
    }))
    let total = 0
    next: for (let p = 0; p < n; p += 1) {
      const t = created[p] as number
      if (t < from || t > to) continue
      if (profileId !== undefined && (entries[p] as HistoryEntry).profileId !== profileId) continue
      if (batchId !== undefined && (entries[p] as HistoryEntry).batch?.id !== batchId) continue
      for (const { inValue, inEntry } of tests) {
        if (inEntry[p] === 1 || inValue[first[p] as number] === 1 || inValue[last[p] as number] === 1)
          continue
        if (inValue[city[p] as number] !== 1) continue next
      }
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

/**
 * 1 when the key at `a` is smaller than the one before it, else 0. Module-level, not a closure in
 * `setNumber`: that ran twice per entry loaded, and a closure made per call showed in the profile.
 */
function descentAt(keys: number[], a: number): number {
  return a >= 1 && a < keys.length && (keys[a] as number) < (keys[a - 1] as number) ? 1 : 0
}

function sameSortFields(a: HistoryEntry, b: HistoryEntry): boolean {
  const [f, g] = [a.fields, b.fields]
  return (
    a.createdAt === b.createdAt &&
    a.contactId === b.contactId &&
    a.profileName === b.profileName &&
    a.source === b.source &&
    f.firstname === g.firstname &&
    f.lastname === g.lastname &&
    f.email === g.email &&
    f.city === g.city
  )
}

/** Stable counting sort of positions by their value's rank: linear, where a comparison sort of 100,000 is not. */
function bucketSort(order: Order, column: number[], { of, count }: { of: Int32Array; count: number }): Order {
  // Indexed loops over typed arrays: this runs once per first sort, before the engine has had the
  // time to optimise it, and an iterator's protocol costs most there.
  const n = order.length
  const rank = new Int32Array(n)
  for (let i = 0; i < n; i += 1) rank[i] = of[column[order[i] as number] as number] as number
  // start[r] = where the next position of rank r goes; the typed arrays are all in bounds.
  const start = new Int32Array(count + 1)
  for (let i = 0; i < n; i += 1) {
    const next = (rank[i] as number) + 1
    start[next] = (start[next] as number) + 1
  }
  for (let r = 0; r < count; r += 1) start[r + 1] = (start[r + 1] as number) + (start[r] as number)
  const out = new Int32Array(n)
  for (let i = 0; i < n; i += 1) {
    const r = rank[i] as number
    out[start[r] as number] = order[i] as number
    start[r] = (start[r] as number) + 1
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
