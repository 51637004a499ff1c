/**
 * The app's log: a small rotating file in the data dir, written by main only (the renderer has no
 * channel to it). Secrets are kept out by construction: callers write fixed sentences with ids and
 * codes, and HostUp exchanges are logged from a record that has no field for a header, a body or an
 * account's details. As a second fence every line passes a redaction before it is written: every
 * secret the keychain has stored or handed out in this run, and anything shaped like a credential.
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ExchangeRecord } from '../hostup/client'
import { maskSecrets } from '../hostup/redact'

export type { ExchangeRecord }

export type LogLevel = 'info' | 'warn' | 'error'

export interface RequestTrace {
  at: string
  method: string
  path: string
  status: number | string
  requestId: string
}

export interface AppLog {
  info(line: string): void
  warn(line: string): void
  error(line: string): void
  exchange(record: ExchangeRecord): void
  /** A value that must never appear in the log (every keychain read and write tells it). */
  knowSecret(secret: string): void
  /** The last `count` lines, oldest first, across the current file and the one before it. */
  tail(count: number): string[]
  /** The request IDs HostUp gave in this run, newest last. */
  requests(): RequestTrace[]
  /** Runs `text` through the same redaction as every log line. */
  redact(text: string): string
}

export interface LogOptions {
  dir: string
  /** Rotate when the file reaches this many bytes (default 512 KiB). */
  maxBytes?: number
  /** How many rotated files are kept beside the current one (default 3). */
  keep?: number
  now?: () => Date
  /** Also written here (the console while developing); never told anything the file is not. */
  echo?: (line: string) => void
}

export const LOG_FILE = 'hostup-contacts.log'
const REQUESTS_KEPT = 20
const MAX_LINE = 2_000

// Credential shapes a line could carry even when no secret was registered for them.
const SECRET_NAMES = '(?:password|passwd|api[_-]?key|apikey|secret|token|reset_token)'
const PATTERNS: [RegExp, string][] = [
  [/\b(x-api-key|authorization)\s*[:=]\s*(bearer\s+)?\S+/gi, '$1: [redacted]'],
  [/\bbearer\s+[\w.~+/=-]{8,}/gi, 'Bearer [redacted]'],
  // "password": "…" (JSON), password=… (a form or a query), password: … (a header-like line); not `apiKey:set`.
  [new RegExp(`("${SECRET_NAMES}"\\s*:\\s*)("[^"]*"|[^\\s,;}&]+)`, 'gi'), '$1[redacted]'],
  [new RegExp(`\\b(${SECRET_NAMES}\\s*=\\s*)[^\\s,;&]+`, 'gi'), '$1[redacted]'],
  [new RegExp(`\\b(${SECRET_NAMES}:\\s+)\\S+`, 'gi'), '$1[redacted]']
]

const SAFE_ID = /^[\w.:-]{1,100}$/
const SAFE_PATH = /^\/[\w./-]{0,200}$/

export function createAppLog(options: LogOptions): AppLog {
  const maxBytes = options.maxBytes ?? 512 * 1024
  const keep = options.keep ?? 3
  const now = options.now ?? (() => new Date())
  const file = join(options.dir, LOG_FILE)
  const secrets = new Set<string>()
  const traces: RequestTrace[] = []
  let size: number | null = null

  const redact = (text: string): string => {
    let out = maskSecrets(text, secrets)
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
    return out
  }

  const rotate = (): void => {
    rmSync(`${file}.${keep}`, { force: true })
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(`${file}.${n}`, `${file}.${n + 1}`)
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(file, `${file}.1`)
    size = 0
  }

  const write = (level: LogLevel, line: string): void => {
    // One line per entry: a newline inside one could forge another entry.
    const clean = redact(line.replace(/[\r\n]+/g, ' ')).slice(0, MAX_LINE)
    const entry = `${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${clean}\n`
    options.echo?.(entry.trimEnd())
    try {
      mkdirSync(options.dir, { recursive: true })
      if (size === null) {
        try {
          size = statSync(file).size
        } catch {
          size = 0
        }
      }
      if (size > 0 && size + entry.length > maxBytes) rotate()
      appendFileSync(file, entry, { mode: 0o600 })
      size = (size ?? 0) + Buffer.byteLength(entry)
    } catch {
      // A log that cannot be written must never stop the app; the echo still saw the line.
    }
  }

  const read = (path: string): string[] => {
    try {
      return readFileSync(path, 'utf8').split('\n').filter(Boolean)
    } catch {
      return []
    }
  }

  return {
    info: (line) => write('info', line),
    warn: (line) => write('warn', line),
    error: (line) => write('error', line),
    exchange(record) {
      const path = SAFE_PATH.test(record.path) ? record.path : '/…'
      const requestId = record.requestId && SAFE_ID.test(record.requestId) ? record.requestId : undefined
      const status = typeof record.status === 'number' ? String(record.status) : record.status
      write(
        typeof record.status === 'number' && record.status < 400 ? 'info' : 'warn',
        `hostup: ${record.method} ${path} → ${status} in ${Math.round(record.ms)} ms` +
          (requestId ? ` (request ${requestId})` : '')
      )
      if (requestId) {
        traces.push({
          at: now().toISOString(),
          method: record.method,
          path,
          status: record.status,
          requestId
        })
        if (traces.length > REQUESTS_KEPT) traces.shift()
      }
    },
    knowSecret(secret) {
      if (secret.length >= 4) secrets.add(secret)
    },
    tail(count) {
      const lines = read(file)
      const all = lines.length >= count ? lines : [...read(`${file}.1`), ...lines]
      // Redacted again on the way out: a secret learnt after a line was written is masked too.
      return all.slice(-count).map(redact)
    },
    requests: () => traces.map((trace) => ({ ...trace })),
    redact
  }
}
