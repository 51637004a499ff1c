// The last guard before an error leaves the client: the key and the password masked wherever a
// server could have echoed them.
import { describe, expect, it } from 'vitest'
import type { AppError } from '../../shared/result'
import { createRedactor, maskSecrets } from './redact'

const KEY = 'hu_live_0123456789abcdef'
const PASSWORD = 'Sommar-2026!'

describe('maskSecrets', () => {
  it('masks every occurrence of each secret of four characters or more, and nothing shorter', () => {
    expect(maskSecrets(`a ${KEY} b ${KEY}`, [KEY])).toBe('a [redacted] b [redacted]')
    expect(maskSecrets('pass word', ['pass'])).toBe('[redacted] word')
    expect(maskSecrets('abc abcd', ['abc'])).toBe('abc abcd')
    expect(maskSecrets('a 1234 b', [1234, null, undefined])).toBe('a 1234 b')
  })
})

describe('createRedactor', () => {
  const redact = createRedactor([KEY, PASSWORD, 'xy', 42])

  it('cleans every text a server could echo: params, field details, detail, cause, IDs, and the error behind', () => {
    const error: AppError = {
      code: 'validation',
      message: 'errors.hostup.refusedRequest',
      params: { host: `h ${KEY}`, count: 3 },
      fieldDetails: { password: `${PASSWORD} is weak` },
      detail: `Bearer ${KEY}`,
      cause: `cause ${PASSWORD}`,
      requestId: `id-${KEY}`,
      serverCode: `code-${PASSWORD}`,
      because: { code: 'network', message: 'errors.hostup.reset', detail: `inner ${KEY}` }
    }
    const out = redact(error)
    expect(JSON.stringify(out)).not.toContain(KEY)
    expect(JSON.stringify(out)).not.toContain(PASSWORD)
    expect(out).toEqual({
      code: 'validation',
      message: 'errors.hostup.refusedRequest',
      params: { host: 'h [redacted]', count: 3 },
      fieldDetails: { password: '[redacted] is weak' },
      detail: 'Bearer [redacted]',
      cause: 'cause [redacted]',
      requestId: 'id-[redacted]',
      serverCode: 'code-[redacted]',
      because: { code: 'network', message: 'errors.hostup.reset', detail: 'inner [redacted]' }
    })
    // The error it was given is left as it was.
    expect(error.detail).toBe(`Bearer ${KEY}`)
  })

  it('adds nothing an error did not have, and leaves short words alone', () => {
    expect(redact({ code: 'network', message: 'errors.hostup.reset', detail: 'xy xyz' })).toEqual({
      code: 'network',
      message: 'errors.hostup.reset',
      detail: 'xy xyz'
    })
  })
})
