import { guard, type Result } from '@shared/result'

/** The contract says calls never reject; if one does (the bridge itself broke), no button stays spinning. */
export function guarded<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  return guard(call, { code: 'internal', message: 'errors.app.noBridge' })
}
