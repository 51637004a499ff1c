/**
 * "Verify key": the cheap session check first (it returns nothing sensitive), then whose account
 * the key opens, keeping only the five fields the app may show.
 */
import type { AccountSummary, KeyVerification } from '../../shared/outcome'
import { err, ok, type Result } from '../../shared/result'
import { isRecord } from '../../shared/guards'
import { envelopeData, readExchange } from './reading'
import type { Sent } from './transport'
import { answerVerdict, failureVerdict, type Action, type Context } from './verdict'

const VERIFY: Action = {
  task: 'errors.hostup.task.verify',
  scope: 'account',
  next: 'errors.hostup.next.read',
  advice: 'errors.hostup.advice.verify'
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
}

function summary(data: Record<string, unknown>): AccountSummary | undefined {
  const client = data.client
  if (!isRecord(client) || str(client.id) === '') return undefined
  return {
    id: str(client.id),
    firstname: str(client.firstname),
    lastname: str(client.lastname),
    companyname: str(client.companyname),
    email: str(client.email)
  }
}

export async function verifyKey(
  get: (path: string) => Promise<Sent>,
  ctx: Context
): Promise<Result<KeyVerification>> {
  const session = await get('/session-info')
  if (!session.ok) return { ok: false, error: failureVerdict(session.failure, VERIFY, ctx).error }
  const s = readExchange(session.exchange)
  const sessionData = envelopeData(s)
  // An older deployment may lack the route (404), and a 403 there still proves the key exists.
  if (!sessionData && s.status !== 404 && s.status !== 403) {
    return { ok: false, error: answerVerdict(s, VERIFY, ctx).error }
  }
  const isContact = typeof sessionData?.isContact === 'boolean' ? { isContact: sessionData.isContact } : {}

  const details = await get('/account/details')
  if (!details.ok) return { ok: false, error: failureVerdict(details.failure, VERIFY, ctx).error }
  const a = readExchange(details.exchange)
  const accountData = envelopeData(a)
  if (accountData) {
    const account = summary(accountData)
    if (account) return ok({ account, ...isContact })
    return err('bad_response', 'errors.hostup.noAccountDetails', {
      status: a.status,
      ...(a.requestId ? { requestId: a.requestId } : {})
    })
  }
  // A valid key without the account scope: it may still create contacts.
  if (a.status === 403 && a.serverCode !== 'verification_failed') return ok({ account: null, ...isContact })
  if (a.status === 404 && sessionData) return ok({ account: null, ...isContact })
  return { ok: false, error: answerVerdict(a, VERIFY, ctx).error }
}
