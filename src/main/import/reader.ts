/**
 * Reads spreadsheets off main's thread: one worker (`read.worker.ts`), started with the first
 * services and kept from file to file, so main's event loop stays free to answer the window while papaparse
 * or exceljs work through 10,000 rows. What the worker answers is `readSpreadsheet`'s result,
 * its messages unchanged; a worker that dies answers every file it had with `readStopped`, and
 * the next file starts a new one.
 */
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { err, type Result } from '../../shared/result'
import type { SheetPart, Spreadsheet } from './read'

export interface ReadRequest {
  id: number
  bytes: Uint8Array
  fileName: string
  /** Whether a CSV's rows are to come in parts as they are parsed. */
  parts: boolean
}

/** A part of a CSV (`readSpreadsheet`'s `onPart`), or the answer, whose sheet then holds the rest. */
export type ReadResponse = { id: number; part: SheetPart } | { id: number; result: Result<Spreadsheet> }

export interface SheetReader {
  /**
   * The file read whole. With `onPart`, a CSV's rows also come in parts as they are parsed, in
   * order (the answer has them all the same): main can check them meanwhile.
   */
  read(bytes: Uint8Array, fileName: string, onPart?: (part: SheetPart) => void): Promise<Result<Spreadsheet>>
  /** Ends the worker (it does not keep the process alive meanwhile either). */
  stop(): Promise<void>
}

/**
 * The worker's script. The app passes the built one (electron-vite's `?modulePath`, see
 * src/main/index.ts); run from source (Vitest, the bench) it is the TypeScript beside this file,
 * loaded through tsx, the dev dependency those already run with.
 */
export function sourceWorker(): string {
  // `__dirname`, not `import.meta`: Playwright's loader (the harness) takes a file with
  // `import.meta` for an ES module, and Vite reads `new URL(…, import.meta.url)` as an asset.
  return join(__dirname, 'read.worker.ts')
}

function startWorker(entry: string): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry)
  const boot = "require('tsx/cjs/api').register(); require(require('node:worker_threads').workerData)"
  return new Worker(boot, { eval: true, workerData: entry })
}

const shared = new Map<string, SheetReader>()

/**
 * The process's reader for `entry`: one reading thread however many services are made (the app
 * makes one; tests and the harness make many, and need not wait for a thread to start each time).
 */
export function sharedSheetReader(entry: string = sourceWorker()): SheetReader {
  let reader = shared.get(entry)
  if (!reader) {
    reader = createSheetReader(entry)
    shared.set(entry, reader)
  }
  return reader
}

export function createSheetReader(entry: string = sourceWorker()): SheetReader {
  let worker: Worker | undefined
  let next = 0
  const waiting = new Map<number, (response: ReadResponse) => void>()

  function stopped(): void {
    worker = undefined
    for (const [id, answer] of waiting) answer({ id, result: err('internal', 'errors.import.readStopped') })
    waiting.clear()
  }

  function started(): Worker {
    if (worker) return worker
    const w = startWorker(entry)
    w.on('message', (response: ReadResponse) => {
      waiting.get(response.id)?.(response)
      if ('part' in response) return
      waiting.delete(response.id)
      if (waiting.size === 0) w.unref()
    })
    w.on('error', () => {
      if (worker === w) stopped()
    })
    w.on('exit', () => {
      if (worker === w) stopped()
    })
    w.unref()
    worker = w
    return w
  }

  // Started now, so papaparse and exceljs are loaded (on the worker's thread, not main's) before
  // the first file comes; unreferenced, it keeps no process alive while it waits.
  started()

  return {
    read(bytes, fileName, onPart) {
      const w = started()
      const id = (next += 1)
      const parts: string[][][] = []
      return new Promise((resolve) => {
        waiting.set(id, (response) => {
          if ('part' in response) {
            parts.push(response.part.rows)
            try {
              onPart?.(response.part)
            } catch {
              // The caller's early look failed; the answer comes whole all the same.
            }
            return
          }
          const { result } = response
          const [sheet] = result.ok ? result.value.sheets : []
          // The answer's sheet holds the rows after the parts: the whole sheet is all of them.
          if (sheet && parts.length > 0) sheet.rows = [...parts.flat(), ...sheet.rows]
          resolve(result)
        })
        // Held while it reads: a file being read keeps the process (a test, the bench) waiting for it.
        w.ref()
        w.postMessage({ id, bytes, fileName, parts: onPart !== undefined } satisfies ReadRequest)
      })
    },
    async stop() {
      const w = worker
      worker = undefined
      if (w) await w.terminate()
      stopped()
    }
  }
}
