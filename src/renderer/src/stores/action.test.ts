import { describe, expect, it } from 'vitest'
import { reactive, ref } from 'vue'
import type { AppError, Result } from '@shared/ipc'
import { busyFlags, createActionRunner } from './action'

type Action = 'save' | 'check'
interface Failure {
  action: Action
  id: string | null
  error: AppError
}

const NOPE: AppError = { code: 'not_found', message: 'errors.code.not_found' }

function setup(extra: { clears?: (action: Action) => boolean } = {}) {
  const lastError = ref<Failure | null>(null)
  const busy = reactive<Record<Action, boolean>>({ save: false, check: false })
  const failures: string[] = []
  const run = createActionRunner<Action, Failure>({
    lastError,
    failure: (action, id, error) => ({ action, id, error }),
    start: busyFlags(busy),
    ...(extra.clears ? { clears: extra.clears } : {}),
    onFailure: (action) => failures.push(`${action} while busy: ${busy[action]}`)
  })
  return { run, lastError, busy, failures }
}

describe('createActionRunner', () => {
  it('shows the action as running only while its call is out', async () => {
    const { run, busy } = setup()
    let answer!: (result: Result<number>) => void
    const running = run('save', 'a', () => new Promise<Result<number>>((resolve) => (answer = resolve)))
    expect(busy).toEqual({ save: true, check: false })
    answer({ ok: true, value: 1 })
    expect(await running).toEqual({ ok: true, value: 1 })
    expect(busy.save).toBe(false)
  })

  it('keeps a failure as the store records it, and the next action clears it', async () => {
    const { run, lastError, failures } = setup()
    await run('save', 'a', async () => ({ ok: false, error: NOPE }))
    expect(lastError.value).toEqual({ action: 'save', id: 'a', error: NOPE })
    expect(failures).toEqual(['save while busy: true'])
    await run('check', null, async () => ({ ok: true, value: null }))
    expect(lastError.value).toBeNull()
  })

  it('leaves the last error alone for an action that does not clear it', async () => {
    const { run, lastError } = setup({ clears: (action) => action !== 'check' })
    await run('save', 'a', async () => ({ ok: false, error: NOPE }))
    await run('check', 'a', async () => ({ ok: true, value: null }))
    expect(lastError.value?.action).toBe('save')
  })

  it('turns a call that rejects (a broken bridge) into an internal error, and ends the action', async () => {
    const { run, lastError, busy } = setup()
    const result = await run('save', null, () => Promise.reject(new Error('boom')))
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'errors.app.noBridge' } })
    expect(lastError.value?.error.code).toBe('internal')
    expect(busy.save).toBe(false)
  })
})
