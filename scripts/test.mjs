// `npm test`: every tier, in order, with a clear banner per tier and a summary at the end.
//   lint → typecheck → node (unit + integration: hub on SQLite and PostgreSQL, SDK against a real hub, LiveKit e2e)
//   → build (rollup + declarations + manifest, then checks on the output) → browser (real Chromium) → docs
// Every tier is required: a skipped test (PostgreSQL unreachable, livekit-server missing, a `skip` in a test) fails
// the run. The summary names every skipped and every failed test. First it provisions as `npm start` does
// (scripts/provision.mjs): `npm ci` when node_modules is missing or does not match package-lock.json, and
// livekit-server with scripts/install-tools.sh when it is missing (needs Go) before the tiers that use it.
// Options: --only <tier>[,<tier>]  --skip <tier>[,<tier>]
//          --files <text>[,<text>]  only the test files whose path contains one of these (node, build, browser)
//          --allow-skips   skipped tests are listed but do not fail the run (for local runs without a server;
//                          ignored when TELEECHO_REQUIRE_ALL_TIERS=1, as in .ci/run)
// Env: TELEECHO_TEST_TIMEOUT_MS  timeout of each node:test test and hook (default 180000; scripts/node-test-setup.mjs)
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_TEST_FLAGS, ROOT, TS_NODE_FLAGS, bin, findFiles, run } from './lib.mjs';
import { ensureLiveKit as provisionLiveKit, ensureNpmDependencies } from './provision.mjs';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    skip: { type: 'string' },
    files: { type: 'string' },
    'allow-skips': { type: 'boolean' },
  },
});
const only = values.only?.split(',');
const skip = values.skip?.split(',') ?? [];
const fileFilter = values.files?.split(',');
const selected = (files) => (fileFilter ? files.filter((f) => fileFilter.some((part) => f.includes(part))) : files);
const forced = process.env.TELEECHO_REQUIRE_ALL_TIERS === '1';
const allowSkips = Boolean(values['allow-skips']) && !forced;
if (values['allow-skips'] && forced) console.log('== --allow-skips ignored: TELEECHO_REQUIRE_ALL_TIERS=1');
// Test files skip (loudly) what this machine lacks instead of throwing, so each skipped test is named below.
const CHILD_ENV = { TELEECHO_REQUIRE_ALL_TIERS: '' };

const totals = { passed: 0, failed: 0, skipped: 0 };
/** @type {{tier: string, file: string, name: string, reason: string}[]} */
const skippedTests = [];
/** @type {{tier: string, file: string, name: string, reason: string}[]} */
const failedTests = [];
const report = [];
const skippedTiers = new Set();
const scratch = mkdtempSync(join(tmpdir(), 'teleecho-test-'));

function banner(name) {
  console.log(`\n${'='.repeat(80)}\n== tier: ${name}\n${'='.repeat(80)}`);
}

function noteSkips(output, tier) {
  for (const m of output.matchAll(/SKIPPED TIER ([\w-]+)/g)) skippedTiers.add(`${tier}/${m[1]}`);
}

/** Adds a tier's counts (scripts/node-test-counts.mjs or scripts/wtr-count-reporter.mjs JSON) to the totals. */
function addCounts(tier, file, exitCode) {
  if (!existsSync(file)) {
    if (exitCode !== 0) {
      totals.failed += 1;
      failedTests.push({ tier, file: '', name: `(the ${tier} tier)`, reason: `exited ${exitCode} before reporting` });
    }
    return;
  }
  const c = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  for (const t of c.skippedTests ?? []) skippedTests.push({ tier, ...t });
  for (const t of c.failedTests ?? []) failedTests.push({ tier, ...t });
}

/** Runs node:test over `files` with the per-test timeout and the counting reporter (see node-test-setup.mjs). */
async function nodeTest(tier, flags, files) {
  if (files.length === 0) {
    // (`node --test` without files would look for tests everywhere, scripts/test.mjs included)
    console.log(`no ${tier} test files${fileFilter ? ` match --files ${values.files}` : ''}`);
    return true;
  }
  const countsFile = join(scratch, `${tier}.json`);
  const r = await run(
    process.execPath,
    [
      ...flags,
      ...NODE_TEST_FLAGS,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(ROOT, 'scripts/node-test-counts.mjs')}`,
      `--test-reporter-destination=${countsFile}`,
      ...files,
    ],
    { capture: true, env: CHILD_ENV },
  );
  addCounts(tier, countsFile, r.code);
  noteSkips(r.output, tier);
  return r.code === 0;
}

let toolsChecked = false;
/** Installs livekit-server with scripts/install-tools.sh when it is missing and Go is there (once per run). */
async function ensureLiveKit() {
  if (toolsChecked) return;
  toolsChecked = true;
  const ready = await provisionLiveKit((line) => console.log(`== ${line}`));
  if (!ready) {
    console.log(`== without livekit-server the LiveKit tests are skipped${allowSkips ? '' : ', which fails this run'}`);
  }
}

const tiers = {
  async lint() {
    const a = await run(bin('eslint'), ['.', '--max-warnings=0']);
    const b = await run(bin('prettier'), ['--check', '.', '--log-level=warn']);
    return a.code === 0 && b.code === 0;
  },
  async typecheck() {
    return (await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])).code === 0;
  },
  async node() {
    await ensureLiveKit();
    const files = [
      ...findFiles(
        'packages',
        (n, p) => n.endsWith('.test.ts') && !n.endsWith('.browser.test.ts') && !p.startsWith('packages/elements/'),
      ),
      ...findFiles('examples', (n) => n.endsWith('.test.ts') && !n.endsWith('.browser.test.ts')),
      // scripts/*.test.mjs need the build; they run in the build tier
    ];
    return nodeTest('node', TS_NODE_FLAGS, selected(files));
  },
  async build() {
    await ensureLiveKit();
    const b = await run(process.execPath, ['scripts/build.mjs']);
    if (b.code !== 0) return false;
    // tsx: the build's tests use @teleecho/test-kit (TypeScript); the published packages resolve to their dist/
    return nodeTest(
      'build',
      ['--import', 'tsx'],
      selected([
        ...findFiles('scripts', (n) => n.endsWith('.test.mjs')),
        // the reference topology (HAProxy, hub replicas from the built CLI, a LiveKit cluster) from deploy/'s files
        ...findFiles('deploy', (n) => n.endsWith('.test.ts')),
      ]),
    );
  },
  async browser() {
    const countsFile = join(scratch, 'browser.json');
    const r = await run(
      process.execPath,
      [
        ...TS_NODE_FLAGS,
        join(ROOT, 'node_modules/@web/test-runner/dist/bin.js'),
        '--config',
        'web-test-runner.config.mjs',
        ...(fileFilter
          ? [
              '--files',
              ...selected([
                ...findFiles('packages/elements/src', (n) => n.endsWith('.test.ts')),
                ...findFiles('packages/sdk/src', (n) => n.endsWith('.browser.test.ts')),
              ]),
            ]
          : []),
      ],
      { env: { ...CHILD_ENV, TELEECHO_WTR_COUNTS: countsFile } },
    );
    addCounts('browser', countsFile, r.code);
    return r.code === 0;
  },
  async docs() {
    return (await run(bin('typedoc'), ['--treatWarningsAsErrors', '--logLevel', 'Warn'])).code === 0;
  },
};

let ok = true;
const started = Date.now();
try {
  await ensureNpmDependencies((line) => console.log(`== ${line}`));
} catch (error) {
  console.error(`== ${error instanceof Error ? error.message : String(error)}: cannot run the tests`);
  process.exit(1);
}
for (const [name, fn] of Object.entries(tiers)) {
  if ((only && !only.includes(name)) || skip.includes(name)) continue;
  banner(name);
  const t0 = Date.now();
  const skippedBefore = totals.skipped;
  const passed = await fn();
  const skippedHere = totals.skipped - skippedBefore;
  report.push(
    `${passed ? 'PASS' : 'FAIL'}  ${name.padEnd(10)} ${((Date.now() - t0) / 1000).toFixed(1)} s` +
      (skippedHere ? `  (${skippedHere} skipped)` : ''),
  );
  if (!passed) ok = false;
}

const firstLine = (text, max = 240) => {
  const line = String(text).split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
};
const where = (t) => `${t.tier}: ${t.file ? `${t.file} › ` : ''}${t.name}`;

banner('summary');
for (const line of report) console.log(line);
if (skippedTests.length > 0) {
  console.log(`\nskipped tests (${skippedTests.length}), by reason:`);
  const byReason = new Map();
  for (const t of skippedTests) byReason.set(t.reason, [...(byReason.get(t.reason) ?? []), t]);
  for (const [reason, list] of byReason) {
    console.log(`  ${firstLine(reason)} (${list.length}):`);
    for (const t of list) console.log(`    - ${where(t)}`);
  }
}
if (failedTests.length > 0) {
  console.log(`\nfailed (${failedTests.length}):`);
  for (const t of failedTests) console.log(`  ✖ ${where(t)}: ${firstLine(t.reason)}`);
}
if (skippedTiers.size > 0) console.log(`\nSKIPPED TIERS: ${[...skippedTiers].join(', ')}`);
console.log(`\ntotal time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
const skipped = totals.skipped > 0 || skippedTiers.size > 0;
if (skipped && !allowSkips) {
  ok = false;
  console.log(
    `FAIL: ${totals.skipped} skipped test(s)${skippedTiers.size ? ' and skipped tiers' : ''}: npm test requires ` +
      `every tier${forced ? ' (TELEECHO_REQUIRE_ALL_TIERS=1)' : '; `npm test -- --allow-skips` allows skips for a local run'}`,
  );
} else if (skipped) {
  console.log(`(${totals.skipped} skipped test(s) allowed by --allow-skips)`);
}
process.exit(ok && totals.failed === 0 ? 0 : 1);
