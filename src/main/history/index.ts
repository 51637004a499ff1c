export {
  createHistoryService,
  type HistoryRecordInput,
  type HistoryService,
  type HistoryServiceDeps
} from './service'
export { csvRow, historyCsv, neutralizeCell, toCsv } from './export'
