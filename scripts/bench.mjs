// `npm run bench`: runs every benchmark (packages/*/bench/*.bench.ts and scripts/bench/*.bench.mjs), each in its
// own process, and prints ONE merged JSON object on stdout. Each benchmark prints a JSON object as its last
// line of stdout; progress goes to stderr. Targets live in the benchmarks, not in tests.
import { spawn } from 'node:child_process';
import { TS_NODE_FLAGS, findFiles } from './lib.mjs';

const files = [
  ...findFiles('packages', (n, p) => /\.bench\.(ts|mjs)$/.test(n) && p.split('/')[2] === 'bench'),
  ...findFiles('scripts/bench', (n) => /\.bench\.(ts|mjs)$/.test(n)),
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
console.log(JSON.stringify(result, null, 2));
process.exit(failed ? 1 : 0);
