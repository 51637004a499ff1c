/** A local HTTP server that speaks the HostUp contract, for unit tests, the harness, benchmarks and `npm run sandbox`. */
export { startSandbox } from './server'
export { DEMO_KEY, DEMO_ACCOUNT } from './fixtures'
export type {
  FailNextOptions,
  Fault,
  FieldProblem,
  KeyOptions,
  ProblemCode,
  Sandbox,
  SandboxAccount,
  SandboxContact,
  SandboxOptions,
  SandboxRequest,
  Scope
} from './types'
