/**
 * Import timing the renderer needs, in a module of its own: the import view's store needs this and
 * nothing else of `import.ts`, whose yup schemas would only weigh on its chunk.
 */

/**
 * A sending batch's report (and the batch list) is read again at most this often while outbox
 * events stream in, one per contact sent: four times a second is as often as a person can read a
 * count, and each read walks every row of the batch in main and carries them all to the window.
 */
export const BATCH_REFRESH_MS = 250
