import type { Result } from '@shared/ipc'

/** The contract says calls never reject; if one does, it must not leave a button spinning. */
export async function guarded<T>(call: () => Promise<Result<T>>, what: string): Promise<Result<T>> {
  try {
    return await call()
  } catch {
    return { ok: false, error: { code: 'internal', message: `The ${what} call failed.` } }
  }
}
