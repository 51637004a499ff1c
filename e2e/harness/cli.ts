// `npm run harness`: the app in Chromium over the real main-process services and a sandbox HostUp,
// for anyone without the Electron binary. Builds the renderer if needed; runs with a keychain (the
// npm script goes through scripts/with-keyring.sh); a visible window where there is a display.
// Type `help` for the commands; Ctrl+C (or `quit`) ends it and removes everything it made.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { DEMO_KEY, type Fault } from '../sandbox'
import { launchHarness, SCREENSHOT_DIR, type Harness } from './index'

const ROOT = resolve(__dirname, '../..')
const BUILT = join(ROOT, 'out/renderer/index.html')
const SOURCES = ['src/renderer', 'src/shared', 'src/preload'].map((dir) => join(ROOT, dir))

const USAGE = `Usage: npm run harness -- [--seed] [--sv] [--dark] [--small] [--headless]
  --seed      start with a profile "Demo AB" on the sandbox, its demo key set
  --sv        the app in Swedish (as on a Swedish system)
  --dark      dark colour scheme
  --small     the minimum window size, 900×600 (default 1100×760)
  --headless  no window, even where there is a display (screenshots still work)`

const HELP = `Commands:
  shot [name]      save a screenshot of the whole view to ${SCREENSHOT_DIR}/<name>.png
  offline | online what main sees of the network (the outbox waits, then sends)
  fail <kind>      the next POST /api/teams fails: ${['server-error', 'rate-limited', 'inner-failure', 'hang', 'reset-after-request', 'v1-unauthorized'].join(', ')}
  seed             add a profile on the sandbox with the demo key
  drop <file>      drop a spreadsheet on the window (Chromium tells a page no dropped file's path)
  choose <file>    what the next "Choose file…" opens (the open dialog's stand-in)
  info             where the data, the sandbox and the exports are
  help             this list
  quit             end (as Ctrl+C does), removing the data dir, exports and keychain entries`

const FAULTS: Record<string, Fault> = {
  'server-error': { kind: 'server-error' },
  'rate-limited': { kind: 'rate-limited', retryAfter: '10' },
  'inner-failure': { kind: 'inner-failure' },
  hang: { kind: 'hang' },
  'reset-after-request': { kind: 'reset-after-request' },
  'v1-unauthorized': { kind: 'v1-unauthorized' }
}

function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    // Tests and test support are not part of the build.
    if (!entry.isFile() || /\.test\.ts$/.test(entry.name) || entry.parentPath.includes('testing')) continue
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return latest
}

/** Builds the app when out/ is missing or older than the sources it is built from. */
function buildIfNeeded(): void {
  const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0
  if (builtAt > 0 && SOURCES.every((dir) => newest(dir) <= builtAt)) return
  console.log(builtAt === 0 ? 'Building the app (first run)…' : 'Building the app (the sources changed)…')
  const result = spawnSync('npx', ['--no-install', 'electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit'
  })
  if (result.status !== 0)
    throw new Error('The build failed (see above); fix it, then run npm run harness again.')
}

/** Whether a window can be shown: always on macOS and Windows, on Linux only with a display. */
function hasDisplay(): boolean {
  if (process.platform !== 'linux') return true
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
}

async function seedProfile(h: Harness, name: string): Promise<void> {
  const saved = await h.services.profiles.save({ name, baseUrl: h.sandbox.url })
  if (!saved.ok) throw new Error(`Could not save the profile: ${saved.error.message}`)
  const key = await h.services.profiles.setKey(saved.value.id, DEMO_KEY)
  if (!key.ok) throw new Error(`Could not store the demo key in the keychain: ${key.error.message}`)
  await h.page.reload()
  console.log(`  profile "${name}" on the sandbox, demo key stored in the keychain`)
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE)
    return
  }
  const unknown = args.filter((a) => !['--seed', '--sv', '--dark', '--small', '--headless'].includes(a))
  if (unknown.length > 0) {
    console.error(`Unknown option ${unknown.join(' ')}.\n${USAGE}`)
    process.exitCode = 2
    return
  }
  buildIfNeeded()
  const headed = !args.includes('--headless') && hasDisplay()
  const harness = await launchHarness({
    locale: args.includes('--sv') ? 'sv-SE' : 'en-US',
    colorScheme: args.includes('--dark') ? 'dark' : 'light',
    viewport: args.includes('--small') ? { width: 900, height: 600 } : { width: 1100, height: 760 },
    headed
  })

  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      console.log('\nClosing: removing the data dir, the exports and the keychain entries…')
      try {
        await harness.forget()
        console.log('Done.')
      } catch (error) {
        console.error(
          `Could not clean up everything: ${error instanceof Error ? error.message : String(error)}`
        )
        console.error(`Remove ${harness.dataDir} and ${harness.exportDir} by hand if they are still there.`)
        process.exitCode = 1
      }
    })())
  // `on`, not `once`: a second Ctrl+C while the cleanup runs must not kill it half done.
  process.on('SIGINT', () => void stop().then(() => process.exit()))
  process.on('SIGTERM', () => void stop().then(() => process.exit()))

  const info = (): void => {
    console.log(`  data dir: ${harness.dataDir}`)
    console.log(`  exports:  ${harness.exportDir}`)
    console.log(`  sandbox:  ${harness.sandbox.url}   demo key: ${DEMO_KEY}`)
  }
  console.log(
    `HostUp Contacts harness (${args.includes('--sv') ? 'Swedish' : 'English'}, ${args.includes('--dark') ? 'dark' : 'light'})`
  )
  info()
  if (!headed) {
    console.log(
      args.includes('--headless')
        ? '  No window (--headless): use `shot` to see the app.'
        : '  No display found (DISPLAY and WAYLAND_DISPLAY are unset), so Chromium runs without a window.\n' +
            '  Use `shot` to see the app as screenshots, or run it where there is a display (or under xvfb-run).'
    )
  }
  if (args.includes('--seed')) await seedProfile(harness, 'Demo AB')
  let seeded = args.includes('--seed') ? 1 : 0
  console.log("Ready. Type 'help' for the commands.")

  const lines = createInterface({ input: process.stdin })
  let shots = 0
  const run = async (line: string): Promise<void> => {
    const [command = '', ...rest] = line.trim().split(/\s+/)
    switch (command) {
      case '':
        return
      case 'shot': {
        shots += 1
        const name = (rest.join('-') || `shot-${shots}`).replace(/[^\w.-]+/g, '-')
        console.log(`  saved ${await harness.screenshot(name, { wholeView: true })}`)
        return
      }
      case 'offline':
      case 'online':
        await harness.setOnline(command === 'online')
        console.log(`  main now sees the network as ${command}`)
        return
      case 'fail': {
        const fault = FAULTS[rest[0] ?? '']
        if (!fault) {
          console.log(`  fail what? One of: ${Object.keys(FAULTS).join(', ')}`)
          return
        }
        harness.sandbox.failNext(fault, { path: '/api/teams', method: 'POST' })
        console.log(`  the next POST /api/teams answers ${rest[0]}`)
        return
      }
      case 'drop':
      case 'choose': {
        const file = rest.join(' ')
        if (!file) {
          console.log(`  ${command} which file? e.g. ${command} e2e/fixtures/import/comma.csv`)
          return
        }
        if (command === 'drop') await harness.dropFile(resolve(file))
        else harness.nextOpenPath(resolve(file))
        console.log(command === 'drop' ? `  dropped ${file}` : `  "Choose file…" opens ${file} next`)
        return
      }
      case 'seed':
        seeded += 1
        await seedProfile(harness, seeded === 1 ? 'Demo AB' : `Demo AB ${seeded}`)
        return
      case 'info':
        info()
        return
      case 'help':
        console.log(HELP)
        return
      case 'quit':
      case 'exit':
        await stop()
        process.exit()
        return
      default:
        console.log(`  unknown command "${command}"; type 'help'`)
    }
  }
  let queue = Promise.resolve()
  lines.on('line', (line) => {
    queue = queue.then(() =>
      run(line).catch((error: unknown) =>
        console.log(`  ${error instanceof Error ? error.message : String(error)}`)
      )
    )
  })
  // Input closed (Ctrl+D, or a pipe that ended): finish what was asked, then end as quit does.
  lines.on('close', () => void queue.then(stop).then(() => process.exit()))
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
