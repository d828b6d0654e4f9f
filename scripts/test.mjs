// `npm test`: every tier, in order, with a clear banner per tier and one summary line at the end.
//   lint → typecheck → node (unit + integration: hub on SQLite and PostgreSQL, SDK against a real hub)
//   → build (rollup + declarations + manifest, then checks on the output) → browser (real Chromium) → docs
// Options: --only <tier>[,<tier>]  --skip <tier>[,<tier>]
// Env: TELEECHO_REQUIRE_ALL_TIERS=1 turns a skipped tier (e.g. PostgreSQL unreachable) into a failure.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, TS_NODE_FLAGS, bin, findFiles, run } from './lib.mjs';

const { values } = parseArgs({ options: { only: { type: 'string' }, skip: { type: 'string' } } });
const only = values.only?.split(',');
const skip = values.skip?.split(',') ?? [];
const requireAll = process.env.TELEECHO_REQUIRE_ALL_TIERS === '1';

const totals = { passed: 0, failed: 0, skipped: 0 };
const report = [];
const skippedTiers = new Set();

function banner(name) {
  console.log(`\n${'='.repeat(80)}\n== tier: ${name}\n${'='.repeat(80)}`);
}

function noteSkips(output, tier) {
  for (const m of output.matchAll(/SKIPPED TIER ([\w-]+)/g)) skippedTiers.add(`${tier}/${m[1]}`);
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
    const files = [
      ...findFiles(
        'packages',
        (n, p) => n.endsWith('.test.ts') && !n.endsWith('.browser.test.ts') && !p.startsWith('packages/elements/'),
      ),
      ...findFiles('examples', (n) => n.endsWith('.test.ts') && !n.endsWith('.browser.test.ts')),
      // scripts/*.test.mjs need the build; they run in the build tier
    ];
    const r = await run(process.execPath, [...TS_NODE_FLAGS, '--test', '--test-reporter=spec', ...files], {
      capture: true,
    });
    count(r.output);
    noteSkips(r.output, 'node');
    return r.code === 0;
  },
  async build() {
    const b = await run(process.execPath, ['scripts/build.mjs']);
    if (b.code !== 0) return false;
    const files = findFiles('scripts', (n) => n.endsWith('.test.mjs'));
    const r = await run(process.execPath, ['--test', '--test-reporter=spec', ...files], {
      capture: true,
    });
    count(r.output);
    return r.code === 0;
  },
  async browser() {
    const countsFile = join(mkdtempSync(join(tmpdir(), 'teleecho-wtr-')), 'counts.json');
    const r = await run(
      process.execPath,
      [
        ...TS_NODE_FLAGS,
        join(ROOT, 'node_modules/@web/test-runner/dist/bin.js'),
        '--config',
        'web-test-runner.config.mjs',
      ],
      { env: { TELEECHO_WTR_COUNTS: countsFile } },
    );
    if (existsSync(countsFile)) {
      const c = JSON.parse(readFileSync(countsFile, 'utf8'));
      totals.passed += c.passed;
      totals.failed += c.failed + c.sessionErrors;
      totals.skipped += c.skipped;
    } else if (r.code !== 0) totals.failed += 1;
    return r.code === 0;
  },
  async docs() {
    return (await run(bin('typedoc'), ['--treatWarningsAsErrors', '--logLevel', 'Warn'])).code === 0;
  },
};

function count(output) {
  // node:test spec reporter summary lines: "ℹ pass 12", "ℹ fail 0", "ℹ skipped 1"
  const num = (label) => Number(output.match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  totals.passed += num('pass');
  totals.failed += num('fail');
  totals.skipped += num('skipped');
}

let ok = true;
const started = Date.now();
for (const [name, fn] of Object.entries(tiers)) {
  if ((only && !only.includes(name)) || skip.includes(name)) continue;
  banner(name);
  const t0 = Date.now();
  const passed = await fn();
  report.push(`${passed ? 'PASS' : 'FAIL'}  ${name.padEnd(10)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!passed) ok = false;
}

banner('summary');
for (const line of report) console.log(line);
if (skippedTiers.size > 0) {
  console.log(
    `\nSKIPPED TIERS: ${[...skippedTiers].join(', ')}${requireAll ? ' — TELEECHO_REQUIRE_ALL_TIERS=1 makes this a failure' : ''}`,
  );
  if (requireAll) ok = false;
}
console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(ok && totals.failed === 0 ? 0 : 1);
