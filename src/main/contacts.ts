import * as yup from 'yup'
import { validateContact } from '../shared/contact'
import type { SubmitOutcome } from '../shared/outcome'
import { idSchema } from '../shared/profile'
import { err, ok, type Result } from '../shared/result'
import type { ProfileService } from './profiles'
import { parsePayload } from './validate'

export const createContactRequestSchema = yup
  .object({ profileId: idSchema, formId: idSchema, contact: yup.mixed().required('contact.malformed') })
  .noUnknown('validation.unknownField')
  .strict()

export interface ContactService {
  /**
   * Re-checks the contact with the shared schema, then sends it once. `formId` names the form
   * (or draft) it came from: while one send of a form is in flight, another is refused, so a
   * double click or a second window can never create the same contact twice.
   */
  create(payload: unknown): Promise<Result<SubmitOutcome>>
}

export function createContactService(deps: { profiles: ProfileService }): ContactService {
  const inFlight = new Set<string>()

  return {
    async create(payload) {
      const request = await parsePayload(createContactRequestSchema, payload)
      if (!request.ok) return request
      const { profileId, formId } = request.value
      const contact = validateContact(request.value.contact)
      if (!contact.ok) {
        return err('validation', 'Some fields are not valid. Correct them and try again.', { fields: { ...contact.fields } })
      }
      const key = `${profileId}/${formId}`
      if (inFlight.has(key)) {
        return err('busy', 'This contact is already being sent. Wait for the answer before sending it again.')
      }
      inFlight.add(key)
      try {
        const client = await deps.profiles.client(profileId)
        if (!client.ok) return client
        return ok(await client.value.createContact(contact.value))
      } finally {
        inFlight.delete(key)
      }
    }
  }
}
