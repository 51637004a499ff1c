import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import keytar from 'keytar'

/**
 * `npm run harness` as a newcomer meets it: it starts with a ready profile (`--seed`), says when it
 * has no window, takes screenshots of the whole view, and Ctrl+C ends it cleanly, leaving nothing.
 */
const ROOT = resolve(__dirname, '..')

interface Run {
  child: ChildProcess
  out: () => string
  err: () => string
  /** Resolves with the first stdout line matching `pattern`. */
  line(pattern: RegExp): Promise<RegExpMatchArray>
  exit: Promise<number | null>
}

function start(args: string[]): Run {
  // No display, whatever the machine running the tests has: the harness must say so and carry on.
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/harness/cli.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      HOSTUP_SCREENSHOT_DIR: resolve(ROOT, 'test-results/harness-cli')
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so a Ctrl+C can reach it as a terminal sends one: to the whole group.
    detached: true
  })
  let out = ''
  let err = ''
  const waiting: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = []
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    for (const w of [...waiting]) {
      const match = out.match(w.pattern)
      if (match) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(match)
      }
    }
  })
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  return {
    child,
    out: () => out,
    err: () => err,
    exit,
    line: (pattern) =>
      new Promise((done, fail) => {
        const match = out.match(pattern)
        if (match) return done(match)
        waiting.push({ pattern, resolve: done })
        void exit.then(() => fail(new Error(`ended before ${String(pattern)}:\n${out}\n${err}`)))
      })
  }
}

/** A PNG's height, from its IHDR chunk. */
const pngHeight = (path: string): number => readFileSync(path).readUInt32BE(20)

test('the harness starts seeded, says it has no window, shoots the whole view, and Ctrl+C leaves nothing behind', async () => {
  test.setTimeout(90_000)
  const run = start(['--seed'])
  await run.line(/Ready\. Type 'help'/)
  expect(run.out()).toContain('No display found')
  expect(run.out()).toContain('profile "Demo AB" on the sandbox, demo key stored in the keychain')
  const dataDir = run.out().match(/data dir: (\S+)/)?.[1] ?? ''
  const exportDir = run.out().match(/exports: +(\S+)/)?.[1] ?? ''
  expect(existsSync(dataDir)).toBe(true)
  const service = `hostup-contacts-harness-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`
  expect(await keytar.findCredentials(service)).toHaveLength(1)

  // The New contact form is taller than the window: the shot has all of it.
  run.child.stdin?.write('shot new contact\n')
  const saved = (await run.line(/saved (\S+new-contact\.png)/))[1] ?? ''
  expect(pngHeight(saved)).toBeGreaterThan(760)

  run.child.stdin?.write('fail nonsense\n')
  await run.line(/fail what\? One of: server-error/)

  // Ctrl+C in a terminal: SIGINT to the foreground process group.
  process.kill(-(run.child.pid ?? 0), 'SIGINT')
  const code = await run.exit
  expect(`${String(code)}\n${run.out()}\n${run.err()}`).toMatch(/^0\n/)
  expect(run.out()).toContain('Done.')
  expect(run.err()).not.toMatch(/\bat .+:\d+:\d+/)
  expect(existsSync(dataDir)).toBe(false)
  expect(existsSync(exportDir)).toBe(false)
  expect(await keytar.findCredentials(service)).toEqual([])
})

test('the harness explains its options, and refuses an unknown one', async () => {
  const help = start(['--help'])
  expect(await help.exit).toBe(0)
  expect(help.out()).toContain('--seed')
  const wrong = start(['--sedd'])
  expect(await wrong.exit).toBe(2)
  expect(wrong.err()).toContain('Unknown option --sedd')
})
