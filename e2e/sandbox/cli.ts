/** `npm run sandbox`: the HostUp sandbox on a fixed loopback port, until Ctrl+C. */
import { DEMO_KEY, startSandbox } from './index'
import { EXAMPLE_REQUEST } from './fixtures'

function curlLine(url: string): string {
  const body = JSON.stringify(EXAMPLE_REQUEST, null, 2).replace(/\n/g, '\n    ')
  return [
    `curl -X POST "${url}/teams" \\`,
    `  -H "X-API-Key: ${DEMO_KEY}" \\`,
    '  -H "Content-Type: application/json" \\',
    '  -H "Accept: application/json" \\',
    `  -d '${body}'`
  ].join('\n')
}

// The package is CommonJS, so no top-level await here.
async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 4010)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`SANDBOX_PORT must be a port number from 1 to 65535, not "${process.env.SANDBOX_PORT}".`)
    process.exit(1)
  }
  const sandbox = await startSandbox({ port })
  console.log(`HostUp sandbox listening at ${sandbox.url}`)
  console.log(`API key: ${DEMO_KEY}`)
  console.log('\nTry it:')
  console.log(curlLine(sandbox.url))
  console.log('\nPress Ctrl+C to stop.')

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void sandbox.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  console.error(`The sandbox could not start: ${message}`)
  process.exit(1)
})
