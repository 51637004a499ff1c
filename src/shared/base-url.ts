/** HostUp's production API; every profile starts here. */
export const DEFAULT_BASE_URL = 'https://cloud.hostup.se/api'

/** HostUp's dashboard, where an account's contacts are listed (an allowed external address, see security.ts). */
export const HOSTUP_DASHBOARD_URL = 'https://cloud.hostup.se/'

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1'])

function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/**
 * The app sends an API key with every call, so it only talks `https`, except to a loopback
 * host (the local sandbox), where nothing crosses a network.
 */
export function isAllowedBaseUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.username || url.password || url.search || url.hash) return false
  if (url.protocol === 'https:') return url.hostname.length > 0
  return url.protocol === 'http:' && isLoopbackHost(url.hostname)
}

/** One spelling per base URL: no trailing slash, so `${base}/teams` is always right. */
export function normalizeBaseUrl(value: string): string {
  return value.trim().replace(/\/+$/, '')
}
