export { createContactsService, type ContactsDeps, type ContactsService } from './service'
export { createPermissionsService, type ApplyOutcome, type PermissionsService } from './permissions'
