// Packs the three published packages and installs the tarballs into a fresh project outside the workspace, the way
// an EHR or portal team would use them. Used by scripts/consumer/*.test.mjs and the framework example tests.
//
//   import { packAndInstall } from './pack-install.mjs';
//   const { dir, tarballs } = await packAndInstall(join(tmpdir(), 'consumer'));
//   // dir/node_modules/@teleecho/{sdk,elements,hub} are the packed packages; tarballs.sdk is the .tgz path
//
// The build runs first when an output is missing (`npm run build`); the install prefers the npm cache
// (`--prefer-offline`), so it needs the network only for what `npm ci` did not fetch. Install scripts do not run:
// the only one the packages need is better-sqlite3's native build, taken from the workspace when it is the same
// version (same Node, same machine) and otherwise built with `npm rebuild better-sqlite3` (minutes on a busy box).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ROOT, run } from '../lib.mjs';

/** The published packages, by short name. */
export const PACKAGES = /** @type {const} */ ({
  sdk: '@teleecho/sdk',
  elements: '@teleecho/elements',
  hub: '@teleecho/hub',
});

/** Files whose absence means the build has not run (or ran only in part). */
const BUILD_OUTPUTS = [
  'packages/sdk/dist/index.js',
  'packages/sdk/dist/index.d.ts',
  'packages/sdk/dist/server/index.d.ts',
  'packages/elements/dist/index.js',
  'packages/elements/dist/index.d.ts',
  'packages/elements/dist/cdn/echo-elements.js',
  'packages/elements/custom-elements.json',
  'packages/elements/dist/frameworks/react.d.ts',
  'packages/hub/dist/index.js',
  'packages/hub/dist/cli.js',
];

const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'];

const versionOf = (dir) => {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

/** Gives the consumer's better-sqlite3 its native addon: the workspace's when the versions match, else a build. */
async function nativeAddons(target) {
  const mine = join(ROOT, 'node_modules', 'better-sqlite3');
  const theirs = join(target, 'node_modules', 'better-sqlite3');
  if (!existsSync(theirs)) return;
  const addon = join('build', 'Release', 'better_sqlite3.node');
  if (versionOf(mine) === versionOf(theirs) && existsSync(join(mine, addon))) {
    mkdirSync(join(theirs, 'build', 'Release'), { recursive: true });
    copyFileSync(join(mine, addon), join(theirs, addon));
    return;
  }
  await must('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], { cwd: target });
}

/** Runs a command quietly; throws with its output when it fails. */
async function must(cmd, args, options = {}) {
  const r = await run(cmd, args, { capture: true, quiet: true, ...options });
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.output}`);
  return r.output;
}

/** Runs `npm run build` when one of the build outputs is missing. */
export async function buildIfNeeded({ force = false } = {}) {
  if (!force && BUILD_OUTPUTS.every((f) => existsSync(join(ROOT, f)))) return false;
  await must('npm', ['run', 'build', '--silent']);
  return true;
}

/**
 * `npm pack`s the published packages into `destination` (a new temp folder by default).
 * @returns {Promise<{ sdk: string, elements: string, hub: string }>} absolute paths of the tarballs
 */
export async function packPackages(destination = mkdtempSync(join(tmpdir(), 'teleecho-tarballs-'))) {
  mkdirSync(destination, { recursive: true });
  const workspaces = Object.values(PACKAGES).flatMap((name) => ['-w', name]);
  const out = await must('npm', ['pack', '--json', '--pack-destination', destination, ...workspaces]);
  /** @type {{ name: string, filename: string }[]} */
  const packed = JSON.parse(out.slice(out.indexOf('[')));
  const byName = new Map(packed.map((p) => [p.name, join(destination, p.filename)]));
  const tarballs = /** @type {{ sdk: string, elements: string, hub: string }} */ ({});
  for (const [short, name] of Object.entries(PACKAGES)) {
    const file = byName.get(name);
    if (!file || !existsSync(file)) throw new Error(`npm pack did not produce a tarball for ${name}`);
    tarballs[/** @type {keyof typeof PACKAGES} */ (short)] = file;
  }
  return tarballs;
}

/**
 * Builds if needed, packs @teleecho/sdk, @teleecho/elements and @teleecho/hub, creates an npm project at `dir`
 * (which must be outside the workspace, e.g. under os.tmpdir()) and installs the three tarballs there.
 * @param {string} dir the consumer project's folder (created if missing)
 * @param {{ dependencies?: Record<string, string>, build?: boolean }} [options] extra dependencies to install
 *   with the tarballs (e.g. `{ react: '^19.0.0' }`); `build: false` skips the build check
 * @returns {Promise<{ dir: string, tarballs: { sdk: string, elements: string, hub: string } }>}
 */
export async function packAndInstall(dir, options = {}) {
  const target = resolve(dir);
  const inside = relative(ROOT, target);
  if (!inside.startsWith('..') && !isAbsolute(inside)) {
    throw new Error(`packAndInstall: ${target} is inside the workspace; use a folder outside it (os.tmpdir())`);
  }
  if (options.build !== false) await buildIfNeeded();
  const tarballs = await packPackages(join(target, '.tarballs'));
  mkdirSync(target, { recursive: true });
  writeFileSync(
    join(target, 'package.json'),
    `${JSON.stringify({ name: 'teleecho-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  const extra = Object.entries(options.dependencies ?? {}).map(([name, range]) => `${name}@${range}`);
  await must('npm', ['install', ...INSTALL_FLAGS, tarballs.sdk, tarballs.elements, tarballs.hub, ...extra], {
    cwd: target,
  });
  await nativeAddons(target);
  return { dir: target, tarballs };
}

// `node scripts/consumer/pack-install.mjs [dir]`: packs and installs, prints the folder.
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'teleecho-consumer-'));
  const { tarballs } = await packAndInstall(dir);
  console.log(JSON.stringify({ dir: resolve(dir), tarballs }, null, 2));
}
