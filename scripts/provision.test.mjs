// What `npm start` and `npm test` decide to install (scripts/provision.mjs): npm ci only when node_modules does not
// match package-lock.json, livekit-server through Go when it is missing, a one-line way to get video without Go.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildIsStale,
  findExecutable,
  liveKitPlan,
  npmInstallState,
  npmState,
  ensureNpmDependencies,
} from './provision.mjs';
import { ROOT } from './lib.mjs';

const linux = { os: 'linux', cpu: 'x64', libc: 'glibc' };
const lock = {
  packages: {
    '': { name: 'teleecho-embed' },
    'packages/hub': { name: '@teleecho/hub', version: '0.1.0' },
    'node_modules/@teleecho/hub': { resolved: 'packages/hub', link: true },
    'node_modules/fastify': { version: '5.12.8' },
    'node_modules/fastify/node_modules/light-my-request': { version: '6.6.0' },
    'node_modules/@esbuild/linux-x64': { version: '0.25.12', optional: true, os: ['linux'], cpu: ['x64'] },
    'node_modules/@esbuild/darwin-arm64': { version: '0.25.12', optional: true, os: ['darwin'], cpu: ['arm64'] },
    'node_modules/@rollup/rollup-linux-x64-musl': {
      version: '4.68.8',
      optional: true,
      os: ['linux'],
      cpu: ['x64'],
      libc: ['musl'],
    },
  },
};
/** What npm ci on linux-x64 glibc leaves in node_modules/.package-lock.json for `lock`. */
const installedOnLinux = () => {
  const packages = structuredClone(lock.packages);
  delete packages[''];
  delete packages['packages/hub'];
  delete packages['node_modules/@esbuild/darwin-arm64'];
  delete packages['node_modules/@rollup/rollup-linux-x64-musl'];
  return { packages };
};
const state = (installed, nodeModules = true) => npmInstallState({ lock, installed, nodeModules, platform: linux });

describe('npm dependencies (npm ci or not)', () => {
  test('a fresh clone (no node_modules) installs', () => {
    const s = state(undefined, false);
    assert.equal(s.stale, true);
    assert.match(s.reason, /node_modules is missing/);
  });

  test('node_modules without npm’s record of what it installed installs', () => {
    assert.equal(state(undefined).stale, true);
  });

  test('node_modules as npm ci left it on this platform does not install again', () => {
    assert.deepEqual(state(installedOnLinux()), { stale: false, reason: 'node_modules matches package-lock.json' });
  });

  test('a package at another version than package-lock.json (e.g. after a pull) installs, naming it', () => {
    const installed = installedOnLinux();
    installed.packages['node_modules/fastify/node_modules/light-my-request'].version = '6.8.1';
    const s = state(installed);
    assert.equal(s.stale, true);
    assert.match(s.reason, /light-my-request is 6\.8\.1, package-lock\.json wants 6\.6\.0/);
  });

  test('a package the lockfile added and node_modules lacks installs', () => {
    const installed = installedOnLinux();
    delete installed.packages['node_modules/fastify'];
    assert.match(state(installed).reason, /fastify is not installed/);
  });

  test('a missing optional package of this platform installs; other platforms’ and other libcs’ do not count', () => {
    const installed = installedOnLinux();
    delete installed.packages['node_modules/@esbuild/linux-x64'];
    assert.equal(state(installed).stale, true, 'esbuild’s linux-x64 binary is needed here');
    const onMusl = npmInstallState({
      lock,
      installed: installedOnLinux(),
      nodeModules: true,
      platform: { ...linux, libc: 'musl' },
    });
    assert.equal(onMusl.stale, true, 'on musl the musl build is needed');
  });

  test('a workspace link pointing elsewhere installs', () => {
    const installed = installedOnLinux();
    installed.packages['node_modules/@teleecho/hub'].resolved = 'examples/hub';
    assert.equal(state(installed).stale, true);
  });

  test('packages installed beyond the lockfile do not force a reinstall', () => {
    const installed = installedOnLinux();
    installed.packages['node_modules/left-pad'] = { version: '1.3.0' };
    assert.equal(state(installed).stale, false);
  });

  test('this checkout’s node_modules is up to date, so npm start and npm test run no npm ci here', async () => {
    const lockfile = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    assert.ok(Object.keys(lockfile.packages).length > 100, 'reads the real lockfile');
    assert.deepEqual(npmState(), { stale: false, reason: 'node_modules matches package-lock.json' });
    const lines = [];
    assert.equal(await ensureNpmDependencies((l) => lines.push(l)), false, 'runs nothing');
    assert.deepEqual(lines, ['✓ npm dependencies are up to date']);
  });
});

describe('livekit-server (video)', () => {
  const binary = join(ROOT, '.tools/bin/livekit-server');

  test('present: nothing to do', () => {
    const plan = liveKitPlan({ binary, binaryReady: true, fromEnv: false, go: '/usr/local/go/bin/go' });
    assert.equal(plan.action, 'ready');
    assert.match(plan.message, /\.tools\/bin\/livekit-server/);
  });

  test('missing with Go: installs, saying what it does and how long it usually takes', () => {
    const plan = liveKitPlan({ binary, binaryReady: false, fromEnv: false, go: '/usr/local/go/bin/go' });
    assert.equal(plan.action, 'install');
    assert.match(plan.message, /installing livekit-server/);
    assert.match(plan.message, /\/usr\/local\/go\/bin\/go/);
    assert.match(plan.message, /minutes/);
    assert.equal(plan.message.split('\n').length, 1, 'one line');
  });

  test('missing without Go: one line on how to get video, and the rest runs', () => {
    const plan = liveKitPlan({ binary, binaryReady: false, fromEnv: false, go: undefined });
    assert.equal(plan.action, 'no-go');
    assert.match(plan.message, /Go was not found/);
    assert.match(plan.message, /go\.dev\/dl/);
    assert.match(plan.message, /scripts\/install-tools\.sh/);
    assert.equal(plan.message.split('\n').length, 1, 'one line');
  });

  test('a TELEECHO_LIVEKIT_BIN that is missing is not installed over', () => {
    const plan = liveKitPlan({ binary: '/opt/lk/livekit-server', binaryReady: false, fromEnv: true, go: '/x/go' });
    assert.equal(plan.action, 'env-missing');
    assert.match(plan.message, /\/opt\/lk\/livekit-server/);
  });

  test('Go is found on PATH first, then in /usr/local/go/bin', () => {
    const has = (set) => (p) => set.has(p);
    assert.equal(
      findExecutable('go', {
        path: '/usr/bin:/home/me/go/bin',
        extraDirs: ['/usr/local/go/bin'],
        isExecutable: has(new Set(['/home/me/go/bin/go', '/usr/local/go/bin/go'])),
      }),
      '/home/me/go/bin/go',
    );
    assert.equal(
      findExecutable('go', {
        path: '/usr/bin',
        extraDirs: ['/usr/local/go/bin'],
        isExecutable: has(new Set(['/usr/local/go/bin/go'])),
      }),
      '/usr/local/go/bin/go',
    );
    assert.equal(
      findExecutable('go', { path: '/usr/bin', extraDirs: ['/usr/local/go/bin'], isExecutable: () => false }),
      undefined,
    );
  });
});

describe('builds', () => {
  test('stale when an output is missing or older than the newest source', () => {
    assert.equal(buildIsStale({ newestSource: 100, outputs: [200, 300] }), false);
    assert.equal(buildIsStale({ newestSource: 100, outputs: [200, undefined] }), true);
    assert.equal(buildIsStale({ newestSource: 250, outputs: [200, 300] }), true);
  });
});
