/**
 * Canned data copied from the documented fixtures (`hostup/fixtures/`), kept here so the sandbox
 * runs from the repository alone.
 */
import type { SandboxAccount } from './types'

export const DEMO_KEY = 'sandbox-demo-key-0001'

export const FIRST_CONTACT_ID = 14087

/** Includes `reset_token` on purpose: the client must be the one that filters it out. */
export const DEMO_ACCOUNT: SandboxAccount = {
  id: '9257',
  email: 'anna@example.com',
  status: 'Active',
  firstname: 'Anna',
  lastname: 'Svensson',
  companyname: '',
  address1: 'Examplegatan 1',
  city: 'Stockholm',
  country: 'SE',
  reset_token: 'SENSITIVE_DO_NOT_SHOW'
}

/** The seed's example request, as printed by the CLI. */
export const EXAMPLE_REQUEST = {
  type: 'contact',
  firstname: 'Anna',
  lastname: 'Svensson',
  email: 'anna.svensson@example.com',
  password: 'YOUR_PASSWORD',
  phonenumber: '',
  address1: '',
  city: '',
  country: '',
  postcode: ''
}

const STATUS_TEXT: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out'
}

export function nginxPage(status: number): string {
  const title = `${status} ${STATUS_TEXT[status] ?? 'Error'}`
  return `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`
}

/**
 * The services of every sandbox account: what a contact's permissions can grant. HostUp's docs show
 * these IDs as strings ("14101"), so the sandbox answers with strings and takes strings or numbers.
 */
export const ACCOUNT_SERVICES = [
  { id: '5101', name: 'VPS sto-2', type: 'vps', category: 'VPS' },
  { id: '5102', name: 'Webbhotell Bas', type: 'hosting', category: 'Web hosting' },
  { id: '5103', name: 'example.se', type: 'domain', category: 'Domains' }
] as const

export const ACCOUNT_DOMAINS = [
  { id: '7201', name: 'example.se' },
  { id: '7202', name: 'exempel.nu' }
] as const
export const ACCOUNT_DNS_ZONES = [{ id: '8301', name: 'example.se' }] as const

export const PERMISSION_FLAGS = [
  'canViewInvoices',
  'canReceiveInvoices',
  'canOpenTickets',
  'canViewTickets',
  'canReceiveTicketEmails',
  'canCloseTickets',
  'canPlaceOrders',
  'accessAllVps',
  'accessAllHosting',
  'accessAllDomains'
] as const
