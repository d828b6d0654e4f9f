// Preloaded into every test file of the node and build tiers by scripts/test.mjs (`--expose-internals --import
// ./scripts/node-test-setup.mjs`). Two things the test runner of Node 20 does not do by itself:
//
// 1. Tests inside a skipped `describe` are counted and named. node:test never runs the body of a skipped suite,
//    so its tests are never registered: without LiveKit, four e2e suites (28 tests) used to vanish from the totals.
//    Here a skipped suite runs its body anyway, with every test in it registered as skipped (same reason) and every
//    hook (before/after/beforeEach/afterEach) dropped, so nothing the suite would start is started and the
//    reporters see each test by name. Code at the top level of a suite's body (not in a hook) does run.
// 2. Every test and hook gets a timeout (TELEECHO_TEST_TIMEOUT_MS, default 180 s) unless it sets its own, so a
//    test that hangs fails instead of stalling the tier; and a test file that is still alive 10 s after its last
//    test and hook ended (a server, socket or timer left open, e.g. by a test that timed out) is told so on stderr
//    and exits with its result. (`--test-timeout` of Node 20 bounds a whole test file, not a test: scripts/test.mjs
//    passes it too, as a per-file backstop. `--test-force-exit` would do the last part, but in Node 20 it also
//    ends the runner before its reporters have written.)
//
// All of it hooks into where node:test creates a test, suite or hook (`Test.prototype.createSubtest` /
// `createHook`, internal), so a test keeps its own file and line in reports. Without `--expose-internals` (or on a
// Node whose internals differ) it warns and changes nothing. It does nothing in the `node --test` process itself
// (which only runs the files, each in a child process).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Default timeout of each test and hook, in ms. */
export const TEST_TIMEOUT_MS = Number(process.env.TELEECHO_TEST_TIMEOUT_MS) || 180_000;
/** How long a test file may stay alive after its last test, in ms. */
const EXIT_GRACE_MS = 10_000;

/** While the body of a skipped suite registers its tests: the suite's skip reason. */
const skipping = new AsyncLocalStorage();

const reasonOf = (skip) => (typeof skip === 'string' && skip ? skip : 'skipped');

let internals;
try {
  internals = require('internal/test_runner/test');
} catch {
  internals = undefined;
}
const Test = internals?.Test;
const Suite = internals?.Suite;
const runner = process.execArgv.includes('--test');
if (runner) {
  // the `node --test` process: its tests are the files
} else if (
  typeof Test?.prototype.createSubtest !== 'function' ||
  typeof Test.prototype.createHook !== 'function' ||
  typeof Test.prototype.run !== 'function' ||
  !Suite
) {
  console.warn(
    'scripts/node-test-setup.mjs: node:test internals unavailable (run with --expose-internals on Node 20); ' +
      'tests in skipped suites are not counted and tests have no default timeout',
  );
} else {
  const createSubtest = Test.prototype.createSubtest;
  Test.prototype.createSubtest = function (Factory, name, options, fn, overrides) {
    // node:test's own argument shuffling: ([name][, options][, fn])
    if (typeof name === 'function') {
      fn = name;
      name = undefined;
      options = undefined;
    } else if (name !== null && typeof name === 'object') {
      fn = options;
      options = name;
      name = undefined;
    } else if (typeof options === 'function') {
      fn = options;
      options = undefined;
    }
    const own = options !== null && typeof options === 'object' ? { ...options } : {};
    const inherited = skipping.getStore();
    const isSuite = Factory === Suite || Factory.prototype instanceof Suite;
    if (isSuite) {
      // describe.skip() passes its skip in `overrides`
      const skip = own.skip || overrides?.skip;
      const reason = skip ? reasonOf(skip) : inherited;
      if (reason !== undefined && typeof fn === 'function') {
        delete own.skip;
        if (overrides?.skip) overrides = { ...overrides, skip: undefined };
        const body = fn;
        fn = function (...args) {
          return skipping.run(reason, () => body.apply(this, args));
        };
        if (name === undefined) name = body.name || undefined;
      }
    } else {
      if (inherited !== undefined && !own.skip && !own.todo) own.skip = inherited;
      if (own.timeout === undefined) own.timeout = TEST_TIMEOUT_MS;
    }
    return createSubtest.call(this, Factory, name, own, fn, overrides);
  };

  const createHook = Test.prototype.createHook;
  Test.prototype.createHook = function (name, fn, options) {
    if (skipping.getStore() !== undefined) return undefined;
    return createHook.call(this, name, fn, { ...options, timeout: options?.timeout ?? TEST_TIMEOUT_MS });
  };

  const run = Test.prototype.run;
  Test.prototype.run = async function (...args) {
    const result = await run.apply(this, args);
    if (this.parent === null && typeof this.hookType !== 'string') {
      // the root test: every test and global hook of this file has ended. What --test-force-exit does, after a grace
      // period and only when something still holds the event loop (the timer is unref'd).
      setTimeout(() => {
        console.error(
          `\n*** ${process.argv[1] ?? 'a test file'}: still running ${EXIT_GRACE_MS / 1000} s after its last test ` +
            '(a server, socket or timer left open); exiting ***\n',
        );
        this.reporter.once('close', () => process.exit());
        this.harness.teardown();
      }, EXIT_GRACE_MS).unref();
    }
    return result;
  };
}
