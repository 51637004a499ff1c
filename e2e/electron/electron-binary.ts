import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export const NO_ELECTRON_REASON =
  'Electron binary not installed (its download host is unreachable here); runs where `npx electron --version` works'

/**
 * The Electron executable, found the way `require('electron')` finds it but without its side
 * effect: requiring the package downloads the binary when it is missing, which hangs or fails
 * where GitHub is unreachable. Null when it is not installed.
 */
export function electronBinary(): string | null {
  const packageDir = dirname(require.resolve('electron/package.json'))
  const pathFile = join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const candidate = join(override, relative || 'electron')
    return existsSync(candidate) ? candidate : null
  }
  if (!relative) return null
  const candidate = join(packageDir, 'dist', relative)
  return existsSync(candidate) ? candidate : null
}
