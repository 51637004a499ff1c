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
  // The bench lists the survivors; the progress bar shows how far an hours-long run is.
  reporters: ['json', 'progress'],
  jsonReporter: { fileName: '.stryker/mutation.json' },
  tempDirName: '.stryker/tmp',
  coverageAnalysis: 'perTest',
  // Mutants of module-level values (tables, constants) run every test once each: on this project
  // they were 46% of the HostUp client's mutants and 96% of the run's time (some 30 hours on two
  // cores). They are left out, and the figure says so.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 30,
  cleanTempDir: 'always'
}
