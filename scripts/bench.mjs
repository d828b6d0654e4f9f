// `npm run bench`: runs every benchmark (packages/*/bench/*.bench.ts and scripts/bench/*.bench.mjs), each in its
// own process, and prints ONE merged JSON object on stdout. Each benchmark prints a JSON object as its last
// line of stdout; progress goes to stderr. Targets live in the benchmarks, not in tests: TARGETS below checks the
// speed targets that functional tests used to assert; the merged JSON lists each under "targets" with its value, and
// a missed one makes the run exit 1.
import { spawn } from 'node:child_process';
import { TS_NODE_FLAGS, findFiles } from './lib.mjs';

const files = [
  ...findFiles('packages', (n, p) => /\.bench\.(ts|mjs)$/.test(n) && p.split('/')[2] === 'bench'),
  ...findFiles('scripts/bench', (n) => /\.bench\.(ts|mjs)$/.test(n)),
];
/** Speed targets, checked on the merged result: [metric path, at most, what it replaced]. */
const TARGETS = [
  [
    'recommendationDisplay.displayP99Ms',
    1000,
    'issue → shown in the presenter’s viewer within a second (was asserted in echo-recommendation-viewer.test.ts ' +
      'and hub-console.e2e.test.ts)',
  ],
  [
    'session.downstreamKbps.lowBandwidth',
    50,
    'low-bandwidth mode receives next to no video (was a fixed-sleep byte count in session.e2e.test.ts)',
  ],
  ['session.joinToFirstFrameMs.ratio', 1.15, '<echo-session> joins about as fast as bare livekit-client'],
];

const only = process.argv[2];
const result = { machine: { node: process.version, cpus: (await import('node:os')).availableParallelism() } };
let failed = false;
for (const file of files) {
  if (only && !file.includes(only)) continue;
  process.stderr.write(`▶ ${file}\n`);
  const out = await new Promise((resolve) => {
    const child = spawn(process.execPath, [...TS_NODE_FLAGS, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('close', (code) => resolve({ code, text }));
  });
  const last = out.text.trim().split('\n').pop() ?? '';
  try {
    Object.assign(result, JSON.parse(last));
  } catch {
    failed = true;
    result[file] = { error: `exit ${out.code}; no JSON on the last line`, output: out.text.slice(-2000) };
  }
  if (out.code !== 0) failed = true;
}
result.targets = [];
for (const [metric, atMost, about] of TARGETS) {
  const value = metric.split('.').reduce((o, key) => (o == null ? undefined : o[key]), result);
  if (typeof value !== 'number') continue; // that benchmark did not run (filtered, or skipped its tier)
  const met = value <= atMost;
  result.targets.push({ metric, atMost, value, met, about });
  if (!met) {
    failed = true;
    process.stderr.write(`✖ target missed: ${metric} = ${value} (at most ${atMost}): ${about}\n`);
  }
}
console.log(JSON.stringify(result, null, 2));
process.exit(failed ? 1 : 0);
