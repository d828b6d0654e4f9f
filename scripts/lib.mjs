// Small helpers shared by the repository scripts (test, build, start, bench).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Node flags that run our TypeScript sources directly (workspace packages resolve to src/ via "source"). */
export const TS_NODE_FLAGS = ['--conditions=source', '--import', 'tsx'];

/**
 * Node flags of the node:test runs of `npm test`: scripts/node-test-setup.mjs (needs `--expose-internals`) registers
 * the tests of skipped suites as skipped, gives each test and hook a timeout and ends a test file that something
 * keeps alive after its last test; `--test-timeout` stops a whole file after 20 minutes (in Node 20 it bounds
 * each file, not each test).
 */
export const NODE_TEST_FLAGS = [
  '--expose-internals',
  '--import',
  join(ROOT, 'scripts', 'node-test-setup.mjs'),
  '--test',
  '--test-timeout=1200000',
];

/** Recursively lists files under `dir` (relative to the repo root) whose name matches `test`. */
export function findFiles(dir, test, skipDirs = ['node_modules', 'dist', '.teleecho', '.tools']) {
  const out = [];
  const abs = join(ROOT, dir);
  let entries;
  try {
    entries = readdirSync(abs);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = join(abs, name);
    if (statSync(full).isDirectory()) {
      if (!skipDirs.includes(name)) out.push(...findFiles(relative(ROOT, full), test, skipDirs));
    } else if (test(name, relative(ROOT, full))) out.push(relative(ROOT, full));
  }
  return out.sort();
}

/**
 * Runs a command with inherited stdio (or captured, when `capture` is set, while still echoing it unless
 * `quiet`).
 * Resolves with { code, output }.
 */
export function run(cmd, args, { capture = false, quiet = false, env = {}, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (d) => {
        output += d;
        if (!quiet) process.stdout.write(d);
      });
      child.stderr.on('data', (d) => {
        output += d;
        if (!quiet) process.stderr.write(d);
      });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

export const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
