// Prints one closing line over Vitest's and Playwright's JSON reports:
// "tests: N passed, N failed, N skipped". Exits 1 if anything failed or nothing ran.
const { readFileSync } = require('node:fs')

let passed = 0
let failed = 0
let skipped = 0

for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'))
  if (typeof report.numPassedTests === 'number') {
    // Vitest (Jest-compatible JSON)
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests + (report.numTodoTests ?? 0)
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + (report.stats.flaky ?? 0)
    failed += report.stats.unexpected
    skipped += report.stats.skipped
  } else {
    console.error(`test-summary: ${file} is not a Vitest or Playwright JSON report`)
    process.exit(1)
  }
}

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
