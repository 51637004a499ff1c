export { createDraftService, type DraftService } from './service'
