// A node:test reporter for scripts/test.mjs: counts tests (not suites) and names every skipped and failed test by
// its path (file › suite › test), then writes one JSON object to its destination when the run ends:
//   {"passed": 0, "failed": 0, "skipped": 0, "todo": 0, "skippedTests": [{file, name, reason}], "failedTests": [...]}
// (Used next to the spec reporter: `--test-reporter=spec --test-reporter-destination=stdout
//  --test-reporter=./scripts/node-test-counts.mjs --test-reporter-destination=<file>`.)
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default async function* countsReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0, skippedTests: [], failedTests: [] };
  /** Per file: the names of the tests being run, by nesting level. */
  const stacks = new Map();
  const stackOf = (file) => {
    if (!stacks.has(file)) stacks.set(file, []);
    return stacks.get(file);
  };
  const where = (data) => {
    const file = data.file ? relative(ROOT, data.file) : '';
    const stack = stackOf(data.file ?? '');
    const path = [...stack.slice(0, data.nesting), data.name];
    // A file that fails to load is reported as a test named after the file.
    return { file, name: path.filter((part) => part && relative(ROOT, part) !== file).join(' › ') || '(file)' };
  };
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:start') {
      const stack = stackOf(data.file ?? '');
      stack.length = data.nesting;
      stack[data.nesting] = data.name;
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    const suite = data.details?.type === 'suite';
    if (type === 'test:fail' && suite) {
      // a suite fails when one of its tests or hooks does; only a hook failure is not a failed test already
      const failure = data.details?.error?.failureType;
      if (failure === 'hookFailed' || failure === 'testCodeFailure') {
        counts.failedTests.push({ ...where(data), reason: String(data.details.error.cause?.message ?? failure) });
      }
      continue;
    }
    if (suite) {
      // only without scripts/node-test-setup.mjs: a skipped suite whose tests were never registered
      if (data.skip !== undefined) {
        counts.skipped += 1;
        counts.skippedTests.push({ ...where(data), reason: `${reasonOf(data.skip)} (a whole suite; tests uncounted)` });
      }
      continue;
    }
    if (type === 'test:fail') {
      counts.failed += 1;
      const error = data.details?.error;
      counts.failedTests.push({ ...where(data), reason: String(error?.cause?.message ?? error?.message ?? 'failed') });
    } else if (data.skip !== undefined) {
      counts.skipped += 1;
      counts.skippedTests.push({ ...where(data), reason: reasonOf(data.skip) });
    } else if (data.todo !== undefined) counts.todo += 1;
    else counts.passed += 1;
  }
  yield `${JSON.stringify(counts)}\n`;
}

function reasonOf(skip) {
  return typeof skip === 'string' && skip ? skip : 'skipped';
}
