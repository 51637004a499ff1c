// Mutation testing (run by `npm run bench -- mutation`): how many deliberate bugs in the HostUp
// client, the outbox and the stores the tests catch. The report lists the survivors.
process.env.HOSTUP_MUTATION = '1'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.mts', related: true },
  mutate: [
    'src/main/hostup/**/*.ts',
    'src/main/outbox/**/*.ts',
    'src/main/store/**/*.ts',
    '!src/**/*.test.ts'
  ],
  reporters: ['json', 'clear-text', 'progress'],
  jsonReporter: { fileName: '.stryker/mutation.json' },
  tempDirName: '.stryker/tmp',
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 30,
  cleanTempDir: 'always'
}
