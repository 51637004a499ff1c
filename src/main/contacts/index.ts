export { createContactsService, type ContactsDeps, type ContactsService } from './service'
