import { existsSync } from 'node:fs'
import type { LaunchOptions } from '@playwright/test'

/**
 * Playwright cannot download its own browser on the machines this project is built on, so the
 * tests drive the system Chromium (Debian's `chromium`). HOSTUP_CHROMIUM overrides the path.
 */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable'
]

export function chromiumPath(): string {
  const fromEnv = process.env.HOSTUP_CHROMIUM
  if (fromEnv) return fromEnv
  const found = CANDIDATES.find((path) => existsSync(path))
  if (!found) {
    throw new Error(
      `No Chromium found (looked at ${CANDIDATES.join(', ')}). Run 'npm run setup' or set HOSTUP_CHROMIUM.`
    )
  }
  return found
}

export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      '--disable-quic'
    ]
  }
}
