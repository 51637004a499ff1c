/**
 * Stored data that can evolve. Every file the app keeps carries the schema version that wrote it,
 * and is read through a chain of migrations, from every earlier version to the current one, before
 * it is parsed: so a file written by any earlier release opens complete in this one.
 *
 * A chain is a list: its step `i` turns data as version `i + 1` wrote it into data as version
 * `i + 2` writes it, so a file's current version is always `chain.length + 1` and a version
 * cannot be skipped. A step fills in defaults and reshapes; it never decides what is valid (the
 * parser that follows does) and never throws on data it merely does not recognise. How to add one:
 * README, "Adding a migration".
 */
import { isRecord } from '../../shared/guards'

/** One step of a chain: the data of version N → the data of version N + 1. */
export type Migration = (data: unknown) => unknown

export type MigrationChain = readonly Migration[]

export function currentVersion(chain: MigrationChain): number {
  return chain.length + 1
}

export type Migrated = { ok: true; data: unknown } | { ok: false; reason: 'invalid' | 'future-version' }

/** Brings `data` written as `version` to the current version of `chain`. */
export function migrate(data: unknown, version: unknown, chain: MigrationChain): Migrated {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { ok: false, reason: 'invalid' }
  if (version > currentVersion(chain)) return { ok: false, reason: 'future-version' }
  let out = data
  try {
    for (const step of chain.slice(version - 1)) out = step(out)
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  return { ok: true, data: out }
}

/** For writing steps: applies `step` to each element of `data[key]` when that is a list of records; anything else stays as it is. */
export function eachRecord(
  data: unknown,
  key: string,
  step: (item: Record<string, unknown>) => Record<string, unknown>
): unknown {
  if (!isRecord(data) || !Array.isArray(data[key])) return data
  const list = data[key] as unknown[]
  return { ...data, [key]: list.map((item) => (isRecord(item) ? step(item) : item)) }
}
