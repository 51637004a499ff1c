// The canary: a key, a password and an account's reset token that must never be written anywhere
// but the keychain, fed through every flow of the real bootstrap (src/main/index.ts over the real
// services, a real keychain and the sandbox over real HTTP), including a HostUp that echoes them
// back. Then the log files, the diagnostics on the clipboard and the export are scanned for them.
import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startSandbox, type Sandbox } from '../../../e2e/sandbox'
import { APP_TOP_FRAME, createElectronStandIn, type ElectronStandIn } from '../testing/electron'

const canaryKey = `hk-canary-${randomUUID()}`
const canaryPassword = `Canary-${randomUUID().slice(0, 8)}-Pw!9`
const canaryDraftPassword = `Draft-${randomUUID().slice(0, 8)}-Pw!9`
const canaryToken = `reset-canary-${randomUUID()}`
const CANARIES = [canaryKey, canaryPassword, canaryDraftPassword, canaryToken]

let dir: string
let sandbox: Sandbox
let standIn: ElectronStandIn
let diagnostics = ''

type Ok<T> = { ok: true; value: T }
async function invoke<T = unknown>(channel: string, payload?: unknown): Promise<{ ok: boolean; value?: T }> {
  const handler = standIn.ipcMain.handlers.get(channel)
  if (!handler) throw new Error(`${channel} is not registered`)
  return (await handler({ senderFrame: APP_TOP_FRAME }, payload)) as { ok: boolean; value?: T }
}
async function must<T>(channel: string, payload?: unknown): Promise<T> {
  const result = await invoke<T>(channel, payload)
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result)}`)
  return (result as Ok<T>).value
}

const contact = (password: string): Record<string, string> => ({
  firstname: 'Canary',
  lastname: 'Bird',
  email: `canary.${randomUUID().slice(0, 6)}@example.com`,
  password,
  phonenumber: '',
  address1: '',
  city: 'Malmö',
  country: 'SE',
  postcode: ''
})

async function everythingWritten(): Promise<string> {
  const logs = join(dir, 'data', 'logs')
  const files = await readdir(logs)
  const texts = await Promise.all(files.map((name) => readFile(join(logs, name), 'utf8')))
  return texts.join('\n')
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostup-canary-'))
  sandbox = await startSandbox({ port: 0 })
  sandbox.addKey(canaryKey, { account: { reset_token: canaryToken } })
  standIn = createElectronStandIn({
    userData: join(dir, 'data'),
    documents: dir,
    savePath: join(dir, 'export.json')
  })
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  vi.resetModules()
  vi.doMock('electron', () => standIn.module)
  // The real services, over a keychain service of this run's own (never the app's entries).
  vi.doMock('../services', async (importOriginal) => {
    const real = await importOriginal<typeof import('../services')>()
    return {
      ...real,
      createServices: (options: Parameters<typeof real.createServices>[0]) =>
        real.createServices({ ...options, secretService: `${options.secretService} canary ${randomUUID()}` })
    }
  })
  await import('../index')
  await vi.waitFor(() => expect(standIn.ipcMain.handlers.size).toBeGreaterThan(0))

  // Profile, key, verify (the account's details carry the reset token).
  const profile = await must<{ id: string }>('profiles:save', { name: 'Canary AB', baseUrl: sandbox.url })
  await must('apiKey:set', { profileId: profile.id, apiKey: canaryKey })
  await must('apiKey:verify', { profileId: profile.id })
  // A draft keeps its password in the keychain.
  const draftId = randomUUID()
  const { password: _secret, ...fields } = contact(canaryDraftPassword)
  await must('drafts:save', {
    id: draftId,
    profileId: profile.id,
    fields,
    password: canaryDraftPassword
  })
  // Created, through the outbox, into the history.
  await must('contacts:create', {
    profileId: profile.id,
    formId: randomUUID(),
    contact: contact(canaryPassword)
  })
  // HostUp echoing the secrets back in its error, and in its request ID.
  sandbox.failNext(
    {
      kind: 'raw',
      status: 400,
      body: {
        title: 'Bad request',
        detail: `key ${canaryKey} password ${canaryPassword}`,
        requestId: canaryKey
      },
      contentType: 'application/problem+json'
    },
    { path: '/api/teams' }
  )
  await invoke('contacts:create', {
    profileId: profile.id,
    formId: randomUUID(),
    contact: contact(canaryPassword)
  })
  // And the contact's password as the request ID.
  sandbox.failNext(
    { kind: 'raw', status: 422, body: { title: 'Unprocessable', requestId: canaryPassword } },
    { path: '/api/teams' }
  )
  await invoke('contacts:create', {
    profileId: profile.id,
    formId: randomUUID(),
    contact: contact(canaryPassword)
  })
  // A server error, retried by the outbox.
  sandbox.failNext({ kind: 'server-error' }, { path: '/api/teams' })
  await invoke('contacts:create', {
    profileId: profile.id,
    formId: randomUUID(),
    contact: contact(canaryPassword)
  })
  await must('outbox:list', { profileId: profile.id })
  await must('history:query', {})
  await must('history:export', { query: {}, format: 'json' })
  // An error that goes to the log through IPC.
  await invoke('apiKey:set', { profileId: profile.id, apiKey: '' })
  await must('drafts:get', { id: draftId })

  // Help → Copy diagnostics, as the person would click it.
  const help = (
    standIn.menu.current() as { role?: string; submenu?: { label?: string; click?: () => void }[] }[]
  ).find((item) => item.role === 'help')
  help?.submenu?.find((item) => item.label === 'Copy diagnostics')?.click?.()
  await vi.waitFor(() => expect(standIn.clipboard.text).not.toBe(''))
  diagnostics = standIn.clipboard.text
}, 60_000)

afterAll(async () => {
  standIn.app.emit('before-quit')
  // Leave nothing in the keychain: the keys, and the drafts' and the outbox's passwords.
  const profiles = await invoke<{ profiles: { id: string }[] }>('profiles:list')
  for (const p of profiles.value?.profiles ?? []) {
    const drafts = await invoke<{ id: string }[]>('drafts:list', { profileId: p.id })
    for (const d of drafts.value ?? []) await invoke('drafts:remove', { id: d.id })
    await invoke('apiKey:clear', { profileId: p.id })
  }
  vi.restoreAllMocks()
  vi.doUnmock('electron')
  vi.doUnmock('../services')
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the canary: no secret in the log, the diagnostics or the export', () => {
  it('wrote a log that tells what happened: the start, every HostUp exchange with its request ID, the failures', async () => {
    const log = await everythingWritten()
    expect(log).toMatch(/INFO {2}app: HostUp Contacts 0\.1\.0 starting on /)
    expect(log).toMatch(/hostup: GET \/account\/details → 200 in \d+ ms \(request [0-9a-f-]{36}\)/)
    expect(log).toMatch(/hostup: POST \/teams → 200 in \d+ ms \(request [0-9a-f-]{36}\)/)
    expect(log).toMatch(/WARN {2}hostup: POST \/teams → 400 in \d+ ms/)
    expect(log).toMatch(/WARN {2}hostup: POST \/teams → 500 in \d+ ms/)
    expect(log).toMatch(/outbox: .*needsDecision=1;/)
    expect(log).toContain('ipc: apiKey:set failed: validation')
  })

  it('keeps every canary out of every log file', async () => {
    const log = await everythingWritten()
    for (const canary of CANARIES) expect(log).not.toContain(canary)
    // The echoed request IDs were the key (masked: the keychain told the log) and the password
    // (dropped: it is not shaped like an ID).
    expect(log).toMatch(/POST \/teams → 400 in \d+ ms \(request \[redacted\]\)$/m)
    expect(log).toMatch(/POST \/teams → 422 in \d+ ms$/m)
  })

  it('copied diagnostics that say what support needs, and nothing secret', () => {
    expect(diagnostics).toContain('HostUp Contacts diagnostics')
    expect(diagnostics).toContain('Version: 0.1.0')
    expect(diagnostics).toContain(`Profile base URL: ${sandbox.url}`)
    expect(diagnostics).toMatch(/POST \/teams 200 [0-9a-f-]{36}/)
    expect(diagnostics).toContain('Last 50 log lines:')
    for (const canary of CANARIES) expect(diagnostics).not.toContain(canary)
    expect(standIn.calls.find((c) => c.api === 'dialog.showMessageBox')?.args[1]).toMatchObject({
      type: 'info',
      message: 'Diagnostics copied'
    })
  })

  it('exported a history with the contacts and none of the canaries', async () => {
    const exported = await readFile(join(dir, 'export.json'), 'utf8')
    expect(exported).toContain('Canary')
    for (const canary of CANARIES) expect(exported).not.toContain(canary)
  })
})
