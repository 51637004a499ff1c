/**
 * Passwords for new contacts: generated in the page with Web Crypto and handed to the form only.
 * Nothing here stores or logs one.
 */

// Look-alikes are left out (I l 1 | O 0 o) so a password read aloud or off a screen survives.
export const PASSWORD_CLASSES = {
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  lower: 'abcdefghijkmnpqrstuvwxyz',
  digit: '23456789',
  // No quotes, backslash, backtick or space: they break when pasted into shells, CSV or e-mails.
  symbol: '!#$%&*+-=?@^_'
} as const

const ALPHABET = Object.values(PASSWORD_CLASSES).join('')

export const GENERATED_LENGTH = 20

type RandomSource = (buffer: Uint32Array<ArrayBuffer>) => Uint32Array<ArrayBuffer>

const webCrypto: RandomSource = (buffer) => crypto.getRandomValues(buffer)

/**
 * A uniform index below `n`: values from the top, incomplete stretch of the 2^32 range are
 * drawn again, since `value % n` would favour the first characters of the alphabet.
 */
export function randomIndex(n: number, random: RandomSource = webCrypto): number {
  const range = 2 ** 32
  const limit = range - (range % n)
  const buffer = new Uint32Array(1)
  for (;;) {
    const value = random(buffer)[0]!
    if (value < limit) return value % n
  }
}

function hasEveryClass(password: string): boolean {
  return Object.values(PASSWORD_CLASSES).every((chars) => [...password].some((c) => chars.includes(c)))
}

/**
 * 20 characters with at least one of each class. A whole password missing a class is drawn again
 * (about 2 in 100 are), which keeps every allowed password equally likely; forcing one character
 * per class into fixed slots would not.
 */
export function generatePassword(length = GENERATED_LENGTH, random: RandomSource = webCrypto): string {
  for (;;) {
    let password = ''
    for (let i = 0; i < length; i++) password += ALPHABET[randomIndex(ALPHABET.length, random)]
    if (hasEveryClass(password)) return password
  }
}

export type Strength = 'weak' | 'fair' | 'strong'

/**
 * A rough, honest measure: length and the kinds of characters, nothing more. It cannot know a
 * password is a name or a common word, so it never says more than "strong".
 */
export function passwordStrength(password: string): Strength | null {
  if (password === '') return null
  const length = [...password].length
  const classes = [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u, /[^\p{Lu}\p{Ll}\p{Nd}]/u].filter((re) =>
    re.test(password)
  ).length
  if (length < 10 || classes < 2) return 'weak'
  if ((length >= 14 && classes >= 3) || (length >= 12 && classes === 4) || length >= 20) return 'strong'
  return 'fair'
}
