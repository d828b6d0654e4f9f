// A @web/test-runner reporter that counts individual tests (not files) so scripts/test.mjs can print one
// "N passed, N failed" line across every tier. Writes JSON to $TELEECHO_WTR_COUNTS when set.
import { writeFileSync } from 'node:fs';

function countSuite(suite, counts) {
  for (const t of suite?.tests ?? []) {
    if (t.skipped) counts.skipped += 1;
    else if (t.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const s of suite?.suites ?? []) countSuite(s, counts);
}

export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, sessionErrors: 0 };
      for (const session of sessions) {
        countSuite(session.testResults, counts);
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.sessionErrors += 1;
      }
      if (process.env.TELEECHO_WTR_COUNTS) writeFileSync(process.env.TELEECHO_WTR_COUNTS, JSON.stringify(counts));
    },
  };
}
