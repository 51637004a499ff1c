export { createBatchService, type BatchDeps, type BatchService } from './batches'
export { createImportService, generatePassword, type ImportDeps, type ImportService } from './service'
