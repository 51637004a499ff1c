/**
 * The single definition of what a valid contact is. The form validates with it as the person
 * types; main re-checks every payload with it before anything is sent to HostUp.
 */

/** The nine person fields of a contact (the tenth key of the request, `type`, is always "contact"). */
export interface ContactInput {
  firstname: string
  lastname: string
  email: string
  password: string
  phonenumber: string
  address1: string
  city: string
  country: string
  postcode: string
}

export const CONTACT_FIELDS = [
  'firstname',
  'lastname',
  'email',
  'password',
  'phonenumber',
  'address1',
  'city',
  'country',
  'postcode'
] as const satisfies readonly (keyof ContactInput)[]

export type ContactField = (typeof CONTACT_FIELDS)[number]

/** The exact body of `POST /teams`: ten string keys, all always present. */
export interface TeamsRequest extends ContactInput {
  type: 'contact'
}

/**
 * Builds the request body from a (valid) contact: exactly the ten keys, text fields trimmed,
 * the country upper-cased, the password sent exactly as typed.
 */
export function toTeamsRequest(input: ContactInput): TeamsRequest {
  return {
    type: 'contact',
    firstname: input.firstname.trim(),
    lastname: input.lastname.trim(),
    email: input.email.trim(),
    password: input.password,
    phonenumber: input.phonenumber.trim(),
    address1: input.address1.trim(),
    city: input.city.trim(),
    country: input.country.trim().toUpperCase(),
    postcode: input.postcode.trim()
  }
}
