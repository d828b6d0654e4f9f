// What `npm start` and `npm test` install before anything else runs: the npm dependencies (`npm ci` when
// node_modules is missing or does not match package-lock.json) and livekit-server (scripts/install-tools.sh, with
// Go). Node built-ins only: this runs on a fresh clone, before node_modules exists.
// The decisions are pure functions (scripts/provision.test.mjs); the `ensure*` functions act on them.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { ROOT, run } from './lib.mjs';

/** The libc of this Node process (`glibc` or `musl` on Linux), as npm's `libc` field names it. */
export function currentLibc(report = process.report?.getReport?.()) {
  if (process.platform !== 'linux') return undefined;
  return report?.header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

/** Whether an npm `os` / `cpu` / `libc` list allows `value` (absent: any; `!x` entries exclude). */
function allows(list, value) {
  if (!Array.isArray(list) || list.length === 0) return true;
  if (value === undefined) return true;
  if (list.includes(`!${value}`)) return false;
  const positive = list.filter((x) => !x.startsWith('!'));
  return positive.length === 0 || positive.includes(value);
}

/**
 * Whether node_modules matches package-lock.json, from the lockfile and npm's hidden lockfile
 * (`node_modules/.package-lock.json`, written by every `npm ci` / `npm install`).
 * Stale when node_modules or the hidden lockfile is missing, or when a package the lockfile wants on this platform
 * is missing or at another version. Optional packages for other platforms (esbuild's, rollup's…) are not
 * installed, so they do not count; packages installed beyond the lockfile are harmless and do not either.
 * @param {{ lock: any, installed: any, nodeModules: boolean,
 *   platform?: { os: string, cpu: string, libc?: string } }} state
 * @returns {{ stale: boolean, reason: string }}
 */
export function npmInstallState({ lock, installed, nodeModules, platform = thisPlatform() }) {
  if (!nodeModules) return { stale: true, reason: 'node_modules is missing' };
  if (!installed?.packages) {
    return { stale: true, reason: 'node_modules was not installed by npm (no node_modules/.package-lock.json)' };
  }
  if (!lock?.packages) return { stale: true, reason: 'package-lock.json has no packages' };
  for (const [path, wanted] of Object.entries(lock.packages)) {
    if (path === '' || !path.includes('node_modules/')) continue; // the root and the workspace folders themselves
    const have = installed.packages[path];
    if (!have) {
      const forThisPlatform =
        allows(wanted.os, platform.os) && allows(wanted.cpu, platform.cpu) && allows(wanted.libc, platform.libc);
      if (wanted.optional && !forThisPlatform) continue;
      if (wanted.optional && !wanted.os && !wanted.cpu && !wanted.libc) continue; // an optional extra npm skipped
      return { stale: true, reason: `${path.replace(/^.*node_modules\//, '')} is not installed` };
    }
    const want = wanted.link ? wanted.resolved : wanted.version;
    const got = have.link ? have.resolved : have.version;
    if (want !== got) {
      return {
        stale: true,
        reason: `${path.replace(/^.*node_modules\//, '')} is ${got ?? 'unknown'}, package-lock.json wants ${want}`,
      };
    }
  }
  return { stale: false, reason: 'node_modules matches package-lock.json' };
}

function thisPlatform() {
  return { os: process.platform, cpu: process.arch, libc: currentLibc() };
}

/** The first executable `name` on `PATH` or in `extraDirs`, or undefined. */
export function findExecutable(
  name,
  { path = process.env.PATH ?? '', extraDirs = [], isExecutable = executable } = {},
) {
  for (const dir of [...path.split(delimiter), ...extraDirs]) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Where Go is looked for besides `PATH` (the official tarball's place; scripts/install-tools.sh looks there too). */
export const GO_DIRS = ['/usr/local/go/bin'];

/**
 * What to do about livekit-server.
 * - `ready`: the binary is there;
 * - `install`: missing, and Go is there to build it (scripts/install-tools.sh);
 * - `no-go`: missing and no Go: everything but video runs;
 * - `env-missing`: TELEECHO_LIVEKIT_BIN names a binary that is not there (not installed over: the user chose it).
 * @param {{ binary: string, binaryReady: boolean, fromEnv: boolean, go: string | undefined }} state
 * @returns {{ action: 'ready' | 'install' | 'no-go' | 'env-missing', message: string }}
 */
export function liveKitPlan({ binary, binaryReady, fromEnv, go }) {
  const where = relative(ROOT, binary).startsWith('..') ? binary : relative(ROOT, binary);
  if (binaryReady) return { action: 'ready', message: `✓ livekit-server is installed (${where})` };
  if (fromEnv) {
    return {
      action: 'env-missing',
      message: `✗ TELEECHO_LIVEKIT_BIN=${binary} is missing; not installing over it (unset it to install into .tools/bin)`,
    };
  }
  if (go) {
    return {
      action: 'install',
      message:
        `… installing livekit-server (video) into ${where} with Go (${go}) through scripts/install-tools.sh — ` +
        'usually 2–5 minutes the first time, seconds once Go has it cached',
    };
  }
  return {
    action: 'no-go',
    message:
      '! no video: livekit-server is not installed and Go was not found (PATH, /usr/local/go/bin). Install Go ' +
      '(https://go.dev/dl/) and run this again, or run scripts/install-tools.sh; everything else runs without it.',
  };
}

/**
 * Whether a build is out of date: an output is missing, or older than the newest source.
 * @param {{ newestSource: number, outputs: (number | undefined)[] }} state  mtimes in ms (undefined: missing)
 */
export function buildIsStale({ newestSource, outputs }) {
  return outputs.some((mtime) => mtime === undefined || mtime < newestSource);
}

/** mtime (ms) of a file, or undefined when it does not exist. */
export function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The current state of node_modules against package-lock.json (see {@link npmInstallState}). */
export function npmState(root = ROOT) {
  return npmInstallState({
    lock: readJson(join(root, 'package-lock.json')),
    installed: readJson(join(root, 'node_modules', '.package-lock.json')),
    nodeModules: existsSync(join(root, 'node_modules')),
  });
}

/**
 * Runs `npm ci` (no Playwright browser download: the tests use the system Chromium) when node_modules is missing or
 * stale; prints one line either way. Throws when npm ci fails.
 */
export async function ensureNpmDependencies(log = console.log) {
  const state = npmState();
  if (!state.stale) {
    log('✓ npm dependencies are up to date');
    return false;
  }
  log(
    `… installing npm dependencies with npm ci (${state.reason}) — usually 3–10 minutes the first time, ` +
      'about a minute with a warm npm cache',
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const started = Date.now();
  const { code } = await run(npm, ['ci', '--no-audit', '--no-fund'], {
    env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
  if (code !== 0) throw new Error(`npm ci failed (exit ${code})`);
  log(`✓ npm dependencies installed (${Math.round((Date.now() - started) / 1000)} s)`);
  return true;
}

/** Path of livekit-server as the hub looks for it (packages/hub/src/livekit/server.ts). */
export const liveKitBinary = () => process.env.TELEECHO_LIVEKIT_BIN ?? join(ROOT, '.tools', 'bin', 'livekit-server');

/** The livekit-server plan for this machine (see {@link liveKitPlan}). */
export function liveKitState() {
  const binary = liveKitBinary();
  return liveKitPlan({
    binary,
    binaryReady: executable(binary),
    fromEnv: Boolean(process.env.TELEECHO_LIVEKIT_BIN),
    go: findExecutable('go', { extraDirs: GO_DIRS }),
  });
}

/**
 * Installs livekit-server with scripts/install-tools.sh when it is missing and Go is there; prints one line of what
 * it does (or how to get video). Resolves true when livekit-server is ready afterwards.
 */
export async function ensureLiveKit(log = console.log) {
  const plan = liveKitState();
  log(plan.message);
  if (plan.action === 'ready') return true;
  if (plan.action !== 'install') return false;
  const started = Date.now();
  const { code } = await run('bash', [join(ROOT, 'scripts/install-tools.sh')]);
  if (code !== 0) {
    log(`✗ scripts/install-tools.sh failed (exit ${code}): no video until it succeeds`);
    return false;
  }
  log(`✓ livekit-server installed (${Math.round((Date.now() - started) / 1000)} s)`);
  return true;
}
