/**
 * History paging limits the renderer needs, in a module of its own: the History view's store needs
 * this and nothing else of `history.ts`, whose yup schemas would only weigh on its chunk.
 */

/**
 * At most this many rows in a `partial` page (the newest, read from the file's end while the whole
 * history loads): a tall window shows some 40 rows. The view asks for the rows it shows (`first`),
 * as each row more is a line more to read and parse before the person sees any.
 */
export const HISTORY_FIRST_ROWS = 50
