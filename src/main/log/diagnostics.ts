/**
 * Help → "Copy diagnostics": what support needs to help, and nothing secret. Built from facts the
 * bootstrap gathers (versions, the chosen profile's base URL) and from the log itself (its last
 * lines, the request IDs HostUp gave), every line through the log's redaction once more.
 */
import type { Locale, MessageKey } from '../../shared/i18n'
import { formatMessage } from '../../shared/i18n/format'
import type { AppLog } from './index'

export const DIAGNOSTIC_LOG_LINES = 50
const REQUESTS_SHOWN = 10

export interface DiagnosticsFacts {
  appName: string
  version: string
  platform: string
  osRelease: string
  arch: string
  versions: { electron?: string; chrome?: string; node?: string }
  locale: Locale
  /** The chosen profile's base URL, or null when none is chosen. */
  baseUrl: string | null
}

/** A base URL as diagnostics may show it: scheme, host, port and path; never user info, a query or a fragment. */
export function safeBaseUrl(url: string | null): string | null {
  if (url === null) return null
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  } catch {
    return null
  }
}

export function diagnosticsText(
  facts: DiagnosticsFacts,
  log: Pick<AppLog, 'tail' | 'requests' | 'redact'>
): string {
  const t = (key: MessageKey, params: Record<string, string | number> = {}): string =>
    formatMessage(facts.locale, key, { app: facts.appName, ...params })
  const row = (key: MessageKey, value: string): string => `${t(key)}: ${value}`
  const requests = log.requests().slice(-REQUESTS_SHOWN)
  const lines = log.tail(DIAGNOSTIC_LOG_LINES)
  const text = [
    t('diagnostics.title'),
    t('diagnostics.secretsNote'),
    '',
    row('diagnostics.version', facts.version),
    row('diagnostics.os', `${facts.platform} ${facts.osRelease} (${facts.arch})`),
    row('diagnostics.electron', facts.versions.electron ?? '-'),
    row('diagnostics.chromium', facts.versions.chrome ?? '-'),
    row('diagnostics.node', facts.versions.node ?? '-'),
    row('diagnostics.language', facts.locale),
    row('diagnostics.baseUrl', safeBaseUrl(facts.baseUrl) ?? t('diagnostics.noProfile')),
    '',
    `${t('diagnostics.requests')}:`,
    ...(requests.length === 0
      ? [t('diagnostics.noRequests')]
      : requests.map((r) => `${r.at} ${r.method} ${r.path} ${String(r.status)} ${r.requestId}`)),
    '',
    `${t('diagnostics.log', { count: DIAGNOSTIC_LOG_LINES })}:`,
    ...(lines.length === 0 ? [t('diagnostics.noLog')] : lines)
  ].join('\n')
  return `${log.redact(text)}\n`
}
