export { createProfileService, type ProfileService, type ProfileServiceDeps } from './service'
