/** Updates: when they are on, what the person is told, and that nothing restarts the app under a batch. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEMO_KEY, startSandbox, type Sandbox } from '../../../e2e/sandbox'
import type { EventChannel } from '../../shared/ipc'
import type { Result } from '../../shared/result'
import type { UpdateState } from '../../shared/updates'
import { createHandlers, type Services } from '../ipc'
import { createServices } from '../services'
import { english } from '../testing/english'
import { memorySecretBackend } from '../testing/memory-secrets'
import { recordingUpdater, type RecordingUpdater } from '../testing/updater'
import {
  createUpdates,
  DISABLE_ENV,
  loadUpdater,
  managedPolicyPath,
  notesText,
  readManagedSetting,
  updatePolicy,
  UPDATER_MODULE,
  type UpdatePolicy
} from '.'

const FEED = 'https://updates.example.se/hostup-contacts/'
const ON: UpdatePolicy = { enabled: true, feedUrl: FEED }
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-updates-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
})

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${english(result.error)}`)
  return result.value
}

describe('the policy', () => {
  const base = { feedUrl: FEED, env: {}, managed: 'absent' as const, isPackaged: true }

  it('is on only for a packaged build with an https feed that nothing turns off', () => {
    expect(updatePolicy(base)).toEqual({ enabled: true, feedUrl: FEED })
    expect(updatePolicy({ ...base, managed: 'allowed' })).toEqual({ enabled: true, feedUrl: FEED })
    expect(updatePolicy({ ...base, feedUrl: undefined })).toEqual({ enabled: false, reason: 'no-feed' })
    expect(updatePolicy({ ...base, feedUrl: '  ' })).toEqual({ enabled: false, reason: 'no-feed' })
    expect(updatePolicy({ ...base, feedUrl: 'http://updates.example.se/' })).toEqual({
      enabled: false,
      reason: 'no-feed'
    })
    expect(updatePolicy({ ...base, feedUrl: 'not a url' })).toEqual({ enabled: false, reason: 'no-feed' })
    expect(updatePolicy({ ...base, isPackaged: false })).toEqual({ enabled: false, reason: 'not-packaged' })
  })

  it(`is off when ${DISABLE_ENV} says so, whatever the feed`, () => {
    for (const value of ['1', 'true', 'yes', 'TRUE'])
      expect(updatePolicy({ ...base, env: { [DISABLE_ENV]: value } })).toEqual({
        enabled: false,
        reason: 'env'
      })
    for (const value of ['', '0', 'false', ' False '])
      expect(updatePolicy({ ...base, env: { [DISABLE_ENV]: value } }).enabled).toBe(true)
  })

  it('is off when the managed setting says so, or cannot be read', () => {
    expect(updatePolicy({ ...base, managed: 'disabled' })).toEqual({ enabled: false, reason: 'managed' })
    expect(updatePolicy({ ...base, managed: 'unreadable' })).toEqual({
      enabled: false,
      reason: 'managed-unreadable'
    })
  })

  it('reads the managed setting file an admin writes', async () => {
    const file = join(dir, 'policy.json')
    expect(readManagedSetting(file)).toBe('absent')
    await writeFile(file, '{ "updates": false }\n')
    expect(readManagedSetting(file)).toBe('disabled')
    await writeFile(file, '{ "updates": true }')
    expect(readManagedSetting(file)).toBe('allowed')
    await writeFile(file, '{}')
    expect(readManagedSetting(file)).toBe('allowed')
    for (const text of ['{ "updates": "no" }', '{ updates: false', '[]', 'null', ''])
      await writeFile(file, text).then(() => expect(readManagedSetting(file), text).toBe('unreadable'))
    await rm(file)
    await mkdir(file)
    expect(readManagedSetting(file)).toBe('unreadable')
  })

  it('looks for the managed setting where only an admin can write, on each OS', () => {
    expect(managedPolicyPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe(
      join('D:\\ProgramData', 'HostUp Contacts', 'policy.json')
    )
    expect(managedPolicyPath('darwin', {})).toBe('/Library/Application Support/HostUp Contacts/policy.json')
    expect(managedPolicyPath('linux', {})).toBe('/etc/hostup-contacts/policy.json')
  })
})

describe('loading electron-updater', () => {
  it('is null with one logged line where the package is not installed (as here)', async () => {
    const lines: string[] = []
    const load = async (): Promise<unknown> => createRequire(__filename)(UPDATER_MODULE) as unknown
    let installed = true
    try {
      createRequire(__filename).resolve(UPDATER_MODULE)
    } catch {
      installed = false
    }
    const updater = await loadUpdater(load, (line) => lines.push(line))
    if (installed) {
      // Outside Electron its autoUpdater cannot be made (it needs Electron's app): one line, no throw.
      if (updater === null)
        expect(lines).toEqual(['updates: off, electron-updater has no usable autoUpdater'])
      else expect(lines).toEqual([])
      return
    }
    expect(updater).toBeNull()
    expect(lines).toEqual([
      'updates: off, electron-updater could not be loaded (MODULE_NOT_FOUND); install it to turn updates on'
    ])
  })

  it('takes autoUpdater from the module or its default export, and refuses anything else', async () => {
    const real = recordingUpdater()
    const lines: string[] = []
    const log = (line: string): void => void lines.push(line)
    expect(await loadUpdater(async () => ({ autoUpdater: real }), log)).toBe(real)
    expect(await loadUpdater(async () => ({ default: { autoUpdater: real } }), log)).toBe(real)
    expect(await loadUpdater(async () => ({ autoUpdater: { on: () => undefined } }), log)).toBeNull()
    expect(await loadUpdater(async () => null, log)).toBeNull()
    const throwing = {
      get autoUpdater(): never {
        throw new Error('app is not ready')
      }
    }
    expect(await loadUpdater(async () => throwing, log)).toBeNull()
    expect(lines).toEqual(
      Array.from({ length: 3 }, () => 'updates: off, electron-updater has no usable autoUpdater')
    )
  })
})

describe('the release notes', () => {
  it('are plain text: tags dropped, entities read, long notes cut', () => {
    expect(notesText('<h2>Nytt</h2><ul><li>Import &amp; export</li><li>Snabbare &lt;3</li></ul>')).toBe(
      'Nytt\nImport & export\nSnabbare <3'
    )
    expect(
      notesText([
        { version: '1.2.0', note: 'Faster history' },
        { version: '1.1.0', note: null }
      ])
    ).toBe('1.2.0: Faster history\n1.1.0')
    expect(notesText(null)).toBe('')
    expect(notesText('<img src=x onerror=alert(1)>ok')).toBe('ok')
    const long = notesText('a'.repeat(5000))
    expect(long).toHaveLength(2000)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('the updates service', () => {
  let updater: RecordingUpdater
  let emitted: UpdateState[]
  let lines: string[]
  let sending: boolean
  let service: ReturnType<typeof createUpdates>

  function make(policy: UpdatePolicy, withUpdater: RecordingUpdater | null = updater): void {
    service = createUpdates({
      policy,
      updater: withUpdater,
      batchSending: async () => sending,
      emit: (state) => void emitted.push(state),
      log: { info: (l) => void lines.push(l), warn: (l) => void lines.push(`warn ${l}`) }
    })
  }

  beforeEach(() => {
    updater = recordingUpdater()
    emitted = []
    lines = []
    sending = false
  })

  afterEach(() => service.stop())

  it('when off, never touches the updater, and says why in the log', async () => {
    make({ enabled: false, reason: 'managed' })
    service.start()
    await service.check()
    expect(updater.calls).toEqual([])
    expect(service.status()).toEqual({ state: 'off', reason: 'managed' })
    expect(lines).toEqual(['updates: off (managed)'])
    expect(await service.restart()).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('when on without the package, is off with the reason no-updater', () => {
    make(ON, null)
    service.start()
    expect(service.status()).toEqual({ state: 'off', reason: 'no-updater' })
    expect(lines).toEqual(['updates: off (no-updater)'])
  })

  it('uses the generic feed, downloads in the background, never installs on quit by itself, checks at once', async () => {
    make(ON)
    service.start()
    await vi.waitFor(() => expect(updater.names()).toContain('checkForUpdates'))
    expect(updater.calls.slice(0, 3)).toEqual([
      { method: 'autoDownload=', args: [true] },
      { method: 'autoInstallOnAppQuit=', args: [false] },
      { method: 'setFeedURL', args: [{ provider: 'generic', url: FEED }] }
    ])
    expect(updater.autoInstallOnAppQuit).toBe(false)
    expect(service.status()).toEqual({ state: 'idle' })
    expect(emitted).toEqual([])
  })

  it('tells the person the version and notes once downloaded, and installs only when they restart', async () => {
    make(ON)
    service.start()
    await vi.waitFor(() => expect(updater.names()).toContain('checkForUpdates'))
    updater.downloaded({ version: '1.4.0', releaseNotes: '<p>Batches resume after a restart.</p>' })
    const ready = { state: 'ready', version: '1.4.0', notes: 'Batches resume after a restart.' }
    expect(emitted).toEqual([ready])
    expect(service.status()).toEqual(ready)
    expect(updater.names()).not.toContain('quitAndInstall')
    // Downloaded already: no more checks until the person has restarted.
    await service.check()
    expect(updater.names().filter((n) => n === 'checkForUpdates')).toHaveLength(1)

    expect(value(await service.restart())).toBeNull()
    expect(updater.calls.at(-1)).toEqual({ method: 'quitAndInstall', args: [false, true] })
    expect(lines).toContain('updates: restarting to install version 1.4.0')
  })

  it('neither checks nor restarts while a batch is sending', async () => {
    sending = true
    make(ON)
    service.start()
    await vi.waitFor(() => expect(lines).toContain('updates: check put off while a batch is sending'))
    expect(updater.names()).not.toContain('checkForUpdates')
    updater.downloaded({ version: '1.4.0' })
    const refused = await service.restart()
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'busy', message: 'errors.updates.batchSending' }
    })
    expect(english(refused.ok ? { code: 'internal', message: 'errors.app.unexpected' } : refused.error)).toBe(
      'A batch is being sent, and a restart now would interrupt it. Restart once it is done, or pause the batch first.'
    )
    expect(updater.names()).not.toContain('quitAndInstall')
    sending = false
    expect((await service.restart()).ok).toBe(true)
    expect(updater.names()).toContain('quitAndInstall')
  })

  it('logs a failed check by its kind only (never its URL or message), and stays usable', async () => {
    updater = recordingUpdater({ checkFails: true })
    make(ON)
    service.start()
    await vi.waitFor(() => expect(updater.names()).toContain('checkForUpdates'))
    updater.failed(new TypeError('getaddrinfo ENOTFOUND updates.example.se'))
    expect(lines).toContain('warn updates: the check or download failed (TypeError)')
    expect(lines.join('\n')).not.toContain('example.se')
    expect(service.status()).toEqual({ state: 'idle' })
    await service.check()
    expect(updater.names().filter((n) => n === 'checkForUpdates')).toHaveLength(2)
  })

  it('ignores a download without a usable version, and a failing install is told', async () => {
    make(ON)
    service.start()
    updater.downloaded({ version: '<script>' })
    expect(emitted).toEqual([])
    expect(lines).toContain('warn updates: a download arrived without a usable version; ignored')
    updater.downloaded({ version: '2.0.0' })
    updater.quitAndInstall = () => {
      throw new Error('EACCES')
    }
    expect(await service.restart()).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'errors.updates.installFailed' }
    })
  })
})

describe('updates over the real services and a batch sent to the sandbox', () => {
  const FIXTURES = resolve(__dirname, '../../../e2e/fixtures/import')
  let sandbox: Sandbox
  let services: Services
  let events: { event: EventChannel; payload: unknown }[]

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 })
  })

  afterAll(async () => {
    await sandbox.close()
  })

  afterEach(async () => {
    // Answers a failed test left held go first: stopping waits for the send under way.
    sandbox.reset()
    await services.stop()
  })

  it('the IPC status and restart follow the batch: refused while it sends, allowed once it is done', async () => {
    const updater = recordingUpdater()
    events = []
    services = await createServices({
      dataDir: dir,
      secretService: 'hostup-contacts-updates-test',
      secretBackend: memorySecretBackend(),
      isOnline: () => true,
      version: 'test',
      platform: 'linux',
      emit: (event, payload) => void events.push({ event, payload }),
      chooseSavePath: async () => null,
      timeoutMs: 2000,
      outboxBackoff: () => 30,
      updatePolicy: ON,
      updater
    })
    const handlers = createHandlers(services)
    await services.start()
    expect(value(await handlers['updates:status'](undefined))).toEqual({ state: 'idle' })
    updater.downloaded({ version: '1.5.0', releaseNotes: 'Updates.' })
    expect(events).toContainEqual({
      event: 'updates:changed',
      payload: { state: 'ready', version: '1.5.0', notes: 'Updates.' }
    })

    const profileId = value(await handlers['profiles:save']({ name: 'Sandbox', baseUrl: sandbox.url })).id
    value(await handlers['apiKey:set']({ profileId, apiKey: DEMO_KEY }))
    const report = value(await handlers['import:open']({ profileId, path: join(FIXTURES, 'comma.csv') }))
    const batch = value(await handlers['import:commit']({ id: report.id, name: 'Uppdatering' }))
    // Held: the batch is sending for as long as the test looks.
    const release = sandbox.holdAnswers()
    value(await handlers['batches:send']({ id: batch.id }))
    await vi.waitFor(() => expect(sandbox.log.some((r) => r.path === '/api/teams')).toBe(true))
    expect(await handlers['updates:restart'](undefined)).toMatchObject({ ok: false, error: { code: 'busy' } })
    expect(updater.names()).not.toContain('quitAndInstall')
    release()

    await vi.waitFor(
      async () => expect(value(await handlers['batches:report']({ id: batch.id })).batch.state).toBe('done'),
      { timeout: 15_000, interval: 100 }
    )
    expect(value(await handlers['updates:restart'](undefined))).toBeNull()
    expect(updater.names()).toContain('quitAndInstall')
  })
})
