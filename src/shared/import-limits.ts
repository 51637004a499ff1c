/**
 * The most an import reads, in a module of its own: the reading worker (src/main/import/read.worker.ts)
 * needs these and nothing else of `import.ts`, whose yup schemas would only slow its start.
 */
export const IMPORT_MAX_ROWS = 10_000
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024
