// A @web/test-runner reporter that counts individual tests (not files) and names every skipped and failed one, so
// scripts/test.mjs can print one summary across every tier. Writes JSON to $TELEECHO_WTR_COUNTS when set:
//   {"passed": 0, "failed": 0, "skipped": 0, "skippedTests": [{file, name, reason}], "failedTests": [...]}
// A test file that fails outside any test (e.g. it does not load) counts as one failed test.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

function countSuite(suite, file, path, counts) {
  const here = suite?.name ? [...path, suite.name] : path;
  for (const t of suite?.tests ?? []) {
    const name = [...here, t.name].join(' › ');
    if (t.skipped) {
      counts.skipped += 1;
      counts.skippedTests.push({ file, name, reason: 'skipped (it.skip / describe.skip / this.skip())' });
    } else if (t.passed) counts.passed += 1;
    else {
      counts.failed += 1;
      counts.failedTests.push({ file, name, reason: t.error?.message ?? 'failed' });
    }
  }
  for (const s of suite?.suites ?? []) countSuite(s, file, here, counts);
}

export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, skippedTests: [], failedTests: [] };
      for (const session of sessions) {
        const file = relative(process.cwd(), session.testFile);
        countSuite(session.testResults, file, [], counts);
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          counts.failed += 1;
          counts.failedTests.push({ file, name: '(file)', reason: session.errors[0]?.message ?? 'failed' });
        }
      }
      if (process.env.TELEECHO_WTR_COUNTS) writeFileSync(process.env.TELEECHO_WTR_COUNTS, JSON.stringify(counts));
    },
  };
}
