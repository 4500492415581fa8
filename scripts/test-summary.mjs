// Prints one plain closing line for the whole `npm test` run, summed over the vitest JSON reports
// of the unit and end-to-end suites: "N passed, N failed, N skipped", alone on the last line. CI
// reads that plain line to know the run executed tests (vitest is not among the runners whose own
// summaries it reads). Exits 1 when a report is missing or counts no test, so a run that silently
// executed nothing cannot pass.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`test-summary: cannot read ${file}: ${error.message}`);
    process.exit(1);
  }
  if (!(report.numTotalTests > 0)) {
    console.error(`test-summary: ${file} counts no test`);
    process.exit(1);
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
