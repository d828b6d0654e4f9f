// The Node versions we support are declared once (`engines` in package.json), honestly: every installed package
// that declares the Node versions it runs on accepts all of ours (so `npm ci` prints no EBADENGINE), this Node is
// one of them, and the README says the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { ROOT } from './lib.mjs';

const json = (file) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
const supported = json('package.json').engines.node;
/** Node versions on a grid fine enough for engines ranges (majors 16–30, minors 0–40): the ones we support. */
const ours = [];
for (let major = 16; major <= 30; major += 1)
  for (let minor = 0; minor <= 40; minor += 1) {
    const version = `${major}.${minor}.0`;
    if (semver.satisfies(version, supported)) ours.push(version);
  }
/** The versions of ours that `range` does not accept. */
const refused = (range) => ours.filter((v) => !semver.satisfies(v, range));

test('every package in the lockfile runs on every Node version package.json says we support', () => {
  const lock = json('package-lock.json');
  assert.equal(lock.packages[''].engines.node, supported, 'package-lock.json is in step with package.json');
  const narrower = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const wanted = entry.engines?.node;
    if (!path || typeof wanted !== 'string') continue;
    const no = refused(wanted);
    if (no.length > 0) {
      narrower.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${wanted} (not ${no[0]})`);
    }
  }
  assert.deepEqual(narrower, [], `engines says "${supported}"`);
});

test('the check is real: a package wanting Node 22, or not Node 26, is caught; one for Node 18+ is not', () => {
  assert.ok(ours.includes('20.19.0') && ours.includes('26.0.0'), ours.join(' '));
  assert.notDeepEqual(refused('>=22'), []);
  assert.notDeepEqual(refused('20.x || 22.x || 24.x || 25.x'), []);
  assert.deepEqual(refused('>=18'), []);
});

test('this Node is a supported one, and the README names the same versions', () => {
  assert.ok(semver.satisfies(process.version, supported), `${process.version} is not in ${supported}`);
  assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(`Node \`${supported}\``), 'README requirements');
});
