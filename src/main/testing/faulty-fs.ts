/**
 * Test support: the faults this machine cannot produce (Windows's scanner holding a file, a file
 * system without hard links, a file cut short while it is read) injected by swapping one
 * `fs/promises` function for the length of a test. The code under test calls the real module, so
 * the swap is seen the way a real failure would be; `restoreFs` (in an afterEach) puts it back.
 */
import fsCjs, { type FileHandle } from 'node:fs/promises'
import { syncBuiltinESMExports } from 'node:module'

export type Fs = typeof fsCjs
type Name = 'rename' | 'link' | 'copyFile' | 'open' | 'mkdir'

const originals = new Map<Name, Fs[Name]>()

/** Replaces `fs/promises`'s `name` with what `replacement` makes of the real one. */
export function faulty<K extends Name>(name: K, replacement: (real: Fs[K]) => Fs[K]): void {
  const real = (originals.get(name) as Fs[K] | undefined) ?? fsCjs[name]
  if (!originals.has(name)) originals.set(name, real)
  ;(fsCjs as Record<Name, unknown>)[name] = replacement(real)
  syncBuiltinESMExports()
}

export function restoreFs(): void {
  for (const [name, real] of originals) (fsCjs as Record<Name, unknown>)[name] = real
  originals.clear()
  syncBuiltinESMExports()
}

/** An error as the system gives it: `code` names what happened. */
export function failure(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code })
}

/** Every file `open` is asked for from now on (the real open still runs). */
export function recordOpens(): string[] {
  const opened: string[] = []
  faulty('open', (real) => async (...args: Parameters<Fs['open']>) => {
    opened.push(String(args[0]))
    return real(...args)
  })
  return opened
}

/**
 * Every file handle `open` gives from now on, first handed to `change` with its path (to make one of
 * its calls fail, say); returns the paths of the handles closed since, in order.
 */
export function faultyHandles(change: (handle: FileHandle, path: string) => void): string[] {
  const closed: string[] = []
  faulty('open', (real) => async (...args: Parameters<Fs['open']>) => {
    const handle = await real(...args)
    const path = String(args[0])
    change(handle, path)
    const close = handle.close.bind(handle)
    handle.close = async () => {
      closed.push(path)
      return close()
    }
    return handle
  })
  return closed
}

/** Where every rename from now on puts its file (the real rename still runs). */
export function recordRenames(): string[] {
  const renamed: string[] = []
  faulty('rename', (real) => async (from, to) => {
    renamed.push(String(to))
    return real(from, to)
  })
  return renamed
}
