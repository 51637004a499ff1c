export type QuarantineReason = 'unparseable' | 'invalid' | 'future-version'

/** Something the stores did that the person must be told about once (a damaged file moved aside). */
export interface StoreNotice {
  kind: 'quarantined'
  /** The file as it was named. */
  file: string
  /** Where its bytes are now: never deleted. */
  movedTo: string
  reason: QuarantineReason
  at: string
}
