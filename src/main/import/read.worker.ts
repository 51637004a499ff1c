/**
 * The worker thread that reads spreadsheets (`reader.ts` starts it): papaparse and exceljs run
 * here, so a 10,000-row file never holds up main, which keeps answering the window meanwhile.
 * Each message is one file; its answer is `readSpreadsheet`'s result as it is, errors included,
 * after a CSV's parts when they were asked for.
 */
import { parentPort } from 'node:worker_threads'
import { err } from '../../shared/result'
import { loadExcel, readSpreadsheet, type SheetPart } from './read'
import type { ReadRequest, ReadResponse } from './reader'

const port = parentPort
if (!port) throw new Error('read.worker.ts runs as a worker thread')

// Ready for a CSV at once; exceljs (slower to load than a CSV is to read) after the first file,
// or after a second with none, so that a first workbook seldom waits for it either.
const preload = (): void => {
  loadExcel()
}
setTimeout(preload, 1000)

port.on('message', (request: ReadRequest) => {
  const onPart = request.parts
    ? (part: SheetPart) => port.postMessage({ id: request.id, part } satisfies ReadResponse)
    : undefined
  void readSpreadsheet(request.bytes, request.fileName, onPart)
    // Nothing of the file's own makes readSpreadsheet throw; whatever does is the reader's fault.
    .catch(() => err('internal', 'errors.import.readStopped'))
    .then((result) => {
      port.postMessage({ id: request.id, result } satisfies ReadResponse)
      preload()
    })
})
