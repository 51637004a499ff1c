// `npm run harness`: the built app in Chromium over the real services and a sandbox, to look
// at it without Electron. Type a name + Enter to save a screenshot; Ctrl+C to quit.
import { createInterface } from 'node:readline'
import { DEMO_KEY } from '../sandbox'
import { launchHarness, SCREENSHOT_DIR } from './index'

async function main(): Promise<void> {
  const locale = process.argv.includes('--sv') ? 'sv-SE' : 'en-US'
  const colorScheme = process.argv.includes('--dark') ? 'dark' : 'light'
  const harness = await launchHarness({ locale, colorScheme })
  console.log(`HostUp Contacts harness (${locale}, ${colorScheme})`)
  console.log(`  data dir:  ${harness.dataDir}`)
  console.log(`  sandbox:   ${harness.sandbox.url}   demo key: ${DEMO_KEY}`)
  console.log(`  Type a name and Enter to save a screenshot to ${SCREENSHOT_DIR}/<name>.png; Ctrl+C to quit.`)

  const stop = async (): Promise<void> => {
    await harness.forget()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
  const lines = createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    const name = line.trim().replace(/[^\w.-]+/g, '-') || `shot-${Date.now()}`
    void harness.screenshot(name).then((path) => console.log(`  saved ${path}`))
  })
  lines.on('close', () => void stop())
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
