export {
  createOutboxService,
  type CreatedRecord,
  type OutboxDeps,
  type OutboxService,
  type SendSource
} from './service'
export { defaultBackoff } from './schedule'
