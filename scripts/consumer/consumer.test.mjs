// The published packages as a consumer gets them (issue 16): `npm pack` the three packages, install the tarballs into
// a fresh project outside the workspace, then use them the way an EHR or portal team would. Each finding of the
// issue has an assertion here that fails if it comes back:
//   (a) every export imports in Node, and `require()`s (Node 20.19+ require(esm)); the elements' VERSION is right
//   (b) `tsc --strict --module nodenext` with skipLibCheck false: a Node backend without the DOM lib and a browser
//       file; node10 resolution finds the subpaths (typesVersions); no livekit-client types through a root entry
//   (d) `teleecho hub` from the installed tarball serves the elements bundle and a session page, and
//       `--livekit-dev` without the binary says what to do
//   (e) `npm publish --dry-run` of each tarball gives no warning
//   and: no test code, no undeclared import (runtime or types), engines/repository/LICENSE/README links,
//   custom-elements.json paths that exist, source maps that point at what ships.
// Runs in the build tier of `npm test` (needs the build; packAndInstall builds when an output is missing).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, posix } from 'node:path';
import { init as initLexer, parse as parseModule } from 'es-module-lexer';
import { ROOT, bin, run } from '../lib.mjs';
import { PACKAGES, packAndInstall } from './pack-install.mjs';

const SHORT = /** @type {const} */ (['sdk', 'elements', 'hub']);
const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const REPO_BLOB = 'https://github.com/teleecho/teleecho-embed/blob/main/';

const dir = mkdtempSync(join(tmpdir(), 'teleecho-consumer-'));
/** @type {{ sdk: string, elements: string, hub: string }} */
let tarballs;
const installed = (short) => join(dir, 'node_modules', PACKAGES[short]);
const manifestOf = (short) => JSON.parse(readFileSync(join(installed(short), 'package.json'), 'utf8'));

/** Every file under `base`, relative, with forward slashes. */
function filesOf(base, sub = '') {
  const out = [];
  for (const name of readdirSync(join(base, sub))) {
    const rel = sub ? `${sub}/${name}` : name;
    if (statSync(join(base, rel)).isDirectory()) out.push(...filesOf(base, rel));
    else out.push(rel);
  }
  return out;
}

/** Runs node in the consumer project; resolves with its exit code and output. */
function nodeIn(args, env = {}) {
  return run(process.execPath, args, { capture: true, quiet: true, cwd: dir, env });
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for relative/builtin. */
function packageOf(spec) {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('#') || spec.startsWith('node:'))
    return undefined;
  if (spec.startsWith('data:') || spec.startsWith('http:') || spec.startsWith('https:')) return undefined;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}

/** Bare specifiers of a JavaScript module (static imports, re-exports, string-literal dynamic imports). */
function jsSpecifiers(source) {
  const [imports] = parseModule(source);
  return imports.map((i) => i.n).filter((n) => typeof n === 'string');
}

/** Specifiers a declaration file imports (`from '…'`, `import('…')`, `/// <reference types="…" />`). */
function dtsSpecifiers(source) {
  const out = [];
  for (const m of source.matchAll(
    /\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm,
  ))
    out.push(m[1] ?? m[2] ?? m[3]);
  for (const m of source.matchAll(/\/\/\/\s*<reference\s+types="([^"]+)"/g)) out.push(m[1]);
  return out;
}

/** The subpaths of a package's exports a consumer can import (patterns expanded to the files that ship). */
function exportSubpaths(short) {
  const pkg = manifestOf(short);
  const out = [];
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key.endsWith('.json')) continue;
    if (key.includes('*')) {
      const to = typeof target === 'string' ? target : (target.import ?? target.default);
      const [prefix, suffix] = to.split('*');
      const folder = dirname(`${prefix}x`);
      for (const f of readdirSync(join(installed(short), folder))) {
        if (!f.endsWith(suffix) || f.endsWith('.d.ts')) continue;
        out.push(`${pkg.name}/${key.slice(2).replace('*', f.slice(0, -suffix.length))}`);
      }
    } else out.push(key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`);
  }
  return out;
}

/** Subpaths that are browser bundles by design (loaded in Chromium in the hub test below, not in Node). */
const BROWSER_ONLY = new Set(['@teleecho/elements/cdn/echo-elements.js']);

before(
  async () => {
    ({ tarballs } = await packAndInstall(dir, {
      dependencies: { '@types/node': rootPkg.devDependencies['@types/node'] },
    }));
    await initLexer;
  },
  { timeout: 30 * 60_000 },
);
after(() => rmSync(dir, { recursive: true, force: true }));

describe('installed from the tarballs: contents and metadata', () => {
  test('no test code ships: no testing entry, test helpers, fixtures or bench pages', () => {
    assert.equal(manifestOf('hub').exports['./testing'], undefined, '@teleecho/hub has no ./testing export');
    for (const short of SHORT) {
      const bad = filesOf(installed(short)).filter((f) =>
        /(^|\/)(testing|test-kit)(\/|\.)|test-helpers|test-vectors|test-fixtures|fixtures|\.test\.|e2e-page|bench-page/.test(
          f,
        ),
      );
      assert.deepEqual(bad, [], `${PACKAGES[short]} ships test code`);
    }
  });

  test('every import of every shipped module (runtime and types) is a declared dependency', () => {
    for (const short of SHORT) {
      const pkg = manifestOf(short);
      const declared = new Set([
        pkg.name,
        ...Object.keys(pkg.dependencies ?? {}),
        ...Object.keys(pkg.peerDependencies ?? {}),
        ...Object.keys(pkg.optionalDependencies ?? {}),
      ]);
      const undeclared = new Set();
      for (const f of filesOf(installed(short))) {
        const isDts = f.endsWith('.d.ts');
        if (!isDts && !f.endsWith('.js')) continue;
        const source = readFileSync(join(installed(short), f), 'utf8');
        for (const spec of isDts ? dtsSpecifiers(source) : jsSpecifiers(source)) {
          const name = isDts && spec === 'node' ? undefined : packageOf(spec);
          if (name && !declared.has(name) && !declared.has(`@types/${name}`)) undeclared.add(`${f}: ${spec}`);
        }
      }
      assert.deepEqual([...undeclared], [], `${pkg.name} imports what it does not declare`);
    }
  });

  test('engines match the workspace, repository/homepage/bugs are set, LICENSE ships', () => {
    for (const short of SHORT) {
      const pkg = manifestOf(short);
      assert.equal(pkg.engines?.node, rootPkg.engines.node, `${pkg.name} engines.node`);
      assert.equal(pkg.license, 'Apache-2.0');
      assert.match(pkg.repository?.url ?? '', /^git\+https:\/\/github\.com\/.+\.git$/, `${pkg.name} repository.url`);
      assert.equal(pkg.repository.directory, `packages/${short}`);
      assert.match(pkg.homepage ?? '', /^https:\/\//, `${pkg.name} homepage`);
      assert.match(pkg.bugs?.url ?? '', /^https:\/\//, `${pkg.name} bugs.url`);
      const license = readFileSync(join(installed(short), 'LICENSE'), 'utf8');
      assert.match(license, /Apache License\s+Version 2\.0/, `${pkg.name} LICENSE`);
    }
  });

  test('README links work from npm: absolute, and the repository files they name exist', () => {
    for (const short of SHORT) {
      const readme = readFileSync(join(installed(short), 'README.md'), 'utf8');
      const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
      const relative = links.filter((l) => !/^(https?:|mailto:|#)/.test(l));
      assert.deepEqual(relative, [], `${PACKAGES[short]} README has relative links (broken on npm)`);
      for (const link of links.filter((l) => l.startsWith(REPO_BLOB))) {
        const file = link.slice(REPO_BLOB.length).split('#')[0];
        assert.ok(existsSync(join(ROOT, file)), `${PACKAGES[short]} README links to ${file}, which does not exist`);
      }
      assert.match(readme, /```(sh|ts|js|html)\n/, `${PACKAGES[short]} README has a code example`);
    }
  });

  test('the elements README names every element the package defines', () => {
    const manifest = JSON.parse(readFileSync(join(installed('elements'), 'custom-elements.json'), 'utf8'));
    const readme = readFileSync(join(installed('elements'), 'README.md'), 'utf8');
    const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => d.tagName));
    assert.ok(tags.length >= 9, `manifest tags: ${tags.join(', ')}`);
    for (const tag of tags) assert.ok(readme.includes(`<${tag}>`), `README does not mention <${tag}>`);
    assert.doesNotMatch(readme, /contains the shared foundation .* and\s+one element/s, 'stale "one element" text');
  });

  test('custom-elements.json is referenced and every module path in it is a shipped file', () => {
    const pkg = manifestOf('elements');
    const base = installed('elements');
    assert.ok(existsSync(join(base, pkg.customElements)), 'package.json customElements names a shipped file');
    const manifest = JSON.parse(readFileSync(join(base, pkg.customElements), 'utf8'));
    const missing = new Set();
    let count = 0;
    const walk = (node, modulePath) => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n, modulePath));
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'path' || key === 'module') && typeof value === 'string') {
          count += 1;
          const file = value.startsWith('.') ? posix.join(posix.dirname(modulePath), value) : value.replace(/^\//, '');
          if (!existsSync(join(base, file))) missing.add(value);
        } else walk(value, modulePath);
      }
    };
    for (const m of manifest.modules) walk(m, m.path);
    assert.ok(count > 50, `${count} paths checked`);
    assert.deepEqual([...missing], [], 'manifest paths that do not exist in the package');
  });

  test('source maps: none for the CDN bundle in the tarball; every shipped map has its sources', () => {
    const cdn = filesOf(join(installed('elements'), 'dist', 'cdn'));
    assert.deepEqual(
      cdn.filter((f) => f.endsWith('.map')),
      [],
      'CDN maps are left out of the tarball',
    );
    for (const f of cdn.filter((f) => f.endsWith('.js'))) {
      const js = readFileSync(join(installed('elements'), 'dist', 'cdn', f), 'utf8');
      assert.doesNotMatch(js, /sourceMappingURL=/, `dist/cdn/${f} points at a map that does not ship`);
    }
    for (const short of SHORT) {
      for (const f of filesOf(installed(short)).filter((f) => f.endsWith('.map'))) {
        const map = JSON.parse(readFileSync(join(installed(short), f), 'utf8'));
        map.sources.forEach((source, i) => {
          const shipped = existsSync(join(installed(short), dirname(f), map.sourceRoot ?? '', source));
          assert.ok(shipped || typeof map.sourcesContent?.[i] === 'string', `${PACKAGES[short]}/${f}: ${source}`);
        });
      }
    }
    const size = statSync(tarballs.elements).size;
    assert.ok(size < 1_500_000, `@teleecho/elements tarball is ${size} bytes`);
  });

  test('the hub depends on the elements it serves', () => {
    const hub = manifestOf('hub');
    assert.equal(hub.dependencies['@teleecho/elements'], manifestOf('elements').version);
  });
});

describe('Node: import and require every export', () => {
  test('import() of every export', async () => {
    const specs = SHORT.flatMap(exportSubpaths).filter((s) => !BROWSER_ONLY.has(s));
    assert.ok(specs.includes('@teleecho/sdk/session') && specs.includes('@teleecho/sdk/server'), specs.join(' '));
    writeFileSync(
      join(dir, 'probe-import.mjs'),
      `const out = {};
for (const s of JSON.parse(process.argv[2])) {
  try { out[s] = Object.keys(await import(s)).length; } catch (e) { out[s] = 'FAILED ' + String(e?.stack ?? e).split('\\n').slice(0, 2).join(' '); }
}
console.log(JSON.stringify(out));`,
    );
    const r = await nodeIn(['probe-import.mjs', JSON.stringify(specs)]);
    const out = JSON.parse(r.output.trim().split('\n').at(-1));
    const failed = Object.entries(out).filter(([, v]) => typeof v === 'string');
    assert.deepEqual(failed, [], 'imports that failed');
  });

  test('require() of every export (Node 20.19+ require(esm))', async () => {
    const specs = SHORT.flatMap(exportSubpaths).filter((s) => !BROWSER_ONLY.has(s));
    writeFileSync(
      join(dir, 'probe-require.cjs'),
      `const out = {};
for (const s of JSON.parse(process.argv[2])) {
  try { out[s] = Object.keys(require(s)).length; } catch (e) { out[s] = 'FAILED ' + String(e?.stack ?? e).split('\\n').slice(0, 2).join(' '); }
}
console.log(JSON.stringify(out));`,
    );
    const r = await nodeIn(['--no-warnings', 'probe-require.cjs', JSON.stringify(specs)]);
    const out = JSON.parse(r.output.trim().split('\n').at(-1));
    const failed = Object.entries(out).filter(([, v]) => typeof v === 'string');
    assert.deepEqual(failed, [], 'requires that failed');
    for (const short of SHORT) {
      for (const [key, target] of Object.entries(manifestOf(short).exports)) {
        if (typeof target === 'object' && 'import' in target)
          assert.ok('require' in target, `${short} ${key}: require`);
      }
    }
  });

  test('the elements VERSION constant is the package version', async () => {
    const { version } = manifestOf('elements');
    const built = readFileSync(join(installed('elements'), 'dist', 'internal', 'version.js'), 'utf8');
    assert.ok(built.includes(`'${version}'`) || built.includes(`"${version}"`), built);
    writeFileSync(
      join(dir, 'probe-version.mjs'),
      "const { EchoElement } = await import('@teleecho/elements'); console.log(EchoElement.version);",
    );
    const r = await nodeIn(['probe-version.mjs']);
    assert.equal(r.output.trim().split('\n').at(-1), version, r.output);
  });
});

describe('TypeScript consumers (strict, skipLibCheck false)', () => {
  /** Writes a tsconfig + file under `dir/types/<name>` and runs the workspace's tsc on it. */
  async function tsc(name, compilerOptions, source) {
    const folder = join(dir, 'types', name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'main.ts'), source);
    writeFileSync(
      join(folder, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          ...compilerOptions,
        },
        files: ['main.ts'],
      }),
    );
    return run(bin('tsc'), ['-p', join(folder, 'tsconfig.json')], { capture: true, quiet: true, cwd: dir });
  }

  const backend = `import { constructWebhookEvent, createEmbedToken, verifyWebhookSignature } from '@teleecho/sdk/server';
import { CAPABILITIES, type Role } from '@teleecho/sdk/contract';
const role: Role = 'presenter';
export const canPublish = CAPABILITIES[role].publish;
export const token: Promise<string> = createEmbedToken({
  apiKey: process.env.TELEECHO_API_KEY ?? '',
  user: { id: 'u1', name: 'Dr. A' },
  role,
  programId: 'prg_1',
});
export { constructWebhookEvent, verifyWebhookSignature };
`;

  test('a Node backend without the DOM lib (@teleecho/sdk/server, /contract)', async () => {
    const r = await tsc('backend', { lib: ['es2023'], types: ['node'] }, backend);
    assert.equal(r.code, 0, r.output);
  });

  test('a Node backend that embeds the hub (@teleecho/hub)', async () => {
    const source = `${backend}import { createHub, type HubOptions } from '@teleecho/hub';
const options: HubOptions = { port: 0, dataDir: './.teleecho' };
export const hub = createHub(options).then((h) => h.listen());
`;
    const r = await tsc('backend-hub', { lib: ['es2023', 'dom'], types: ['node'] }, source);
    assert.equal(r.code, 0, r.output);
  });

  test('a browser file (@teleecho/sdk, @teleecho/elements, /define) pulls in no livekit-client types', async () => {
    const source = `import { SessionEvent, createEchoClient, type LiveSession, type Role } from '@teleecho/sdk';
import { EchoSchedule, EchoSessionElement } from '@teleecho/elements';
import '@teleecho/elements/define';
import '@teleecho/elements/define/echo-session.js';
const client = createEchoClient({ hubUrl: 'https://hub.example.org', getToken: async () => 'token' });
const role: Role = 'participant';
const element = document.createElement('echo-session');
export const session: LiveSession | undefined = element.session;
element.addEventListener('echo-session-joined', (e) => console.log(e.detail.identity));
export { client, role, EchoSchedule, EchoSessionElement, SessionEvent };
`;
    const r = await tsc('browser', { lib: ['es2023', 'dom', 'dom.iterable'], types: [] }, source);
    assert.equal(r.code, 0, r.output);
    assert.doesNotMatch(r.output, /livekit-client|throws-transformer|sdp-transform/);
  });

  test('@teleecho/sdk/session has the LiveKit types (the entry that owns them)', async () => {
    const source = `import { joinSession, type EchoSession } from '@teleecho/sdk/session';
import { createEchoClient } from '@teleecho/sdk';
import type { Room } from 'livekit-client';
const client = createEchoClient({ hubUrl: 'https://hub.example.org', getToken: async () => 'token' });
export const room: Promise<Room> = joinSession(client, 'ses_1').then((s: EchoSession) => s.room);
`;
    // livekit-client's own declarations need packages it does not install (its issue, not ours): skipLibCheck here
    const r = await tsc('session', { lib: ['es2023', 'dom', 'dom.iterable'], types: [], skipLibCheck: true }, source);
    assert.equal(r.code, 0, r.output);
  });

  test('moduleResolution node10 finds every subpath (typesVersions)', async () => {
    const source = `import { createEmbedToken } from '@teleecho/sdk/server';
import { CAPABILITIES } from '@teleecho/sdk/contract';
import { fetchCaseContext } from '@teleecho/sdk/fhir';
import { createEchoClient } from '@teleecho/sdk';
import { EchoSchedule } from '@teleecho/elements';
import '@teleecho/elements/define';
import '@teleecho/elements/define/echo-schedule.js';
import { createHub } from '@teleecho/hub';
export { createEmbedToken, CAPABILITIES, fetchCaseContext, createEchoClient, EchoSchedule, createHub };
`;
    const r = await tsc(
      'node10',
      // esModuleInterop as node10 projects have it (pino's declarations, through the hub's, need it)
      {
        module: 'esnext',
        moduleResolution: 'node10',
        esModuleInterop: true,
        lib: ['es2023', 'dom', 'dom.iterable'],
        types: ['node'],
      },
      source,
    );
    assert.equal(r.code, 0, r.output);
  });
});

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Starts the installed CLI's `teleecho hub`; resolves once it listens (or rejects with its output). */
function startHub(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(installed('hub'), 'bin', 'teleecho.js'), 'hub', ...args], {
      cwd: dir,
      env: { ...cleanEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 60_000);
    const onData = (d) => {
      output += d;
      const m = output.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited ${code}:\n${output}`));
    });
  });
}

/** The environment without anything that points the hub at the workspace or at a LiveKit server. */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('TELEECHO_') || key.startsWith('npm_')) delete env[key];
  }
  // no livekit-server on PATH: the dev flag must explain, not crash
  env.PATH = (env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d && !existsSync(join(d, 'livekit-server')))
    .join(delimiter);
  return env;
}

async function cli(args, data) {
  const r = await nodeIn([join(installed('hub'), 'bin', 'teleecho.js'), ...args, '--data', data], cleanEnv());
  assert.equal(r.code, 0, r.output);
  return r.output;
}

describe('teleecho hub from the installed tarball', () => {
  const data = () => join(dir, '.teleecho');
  /** @type {{ url: string, child: import('node:child_process').ChildProcess, output: () => string }} */
  let hub;
  /** @type {import('@teleecho/test-kit').TestLtiPlatform} */
  let platform;
  let sessionId = '';

  before(async () => {
    const { startTestLtiPlatform } = await import('@teleecho/test-kit/lti-platform');
    platform = await startTestLtiPlatform();
    const seeded = await cli(['seed-demo'], data());
    sessionId = /open now:\s+(ses_\w+)/.exec(seeded)?.[1] ?? '';
    const programId = seeded.trim().split('\n').at(-1).trim();
    assert.ok(sessionId && programId, seeded);
    await cli(
      [
        'lti',
        'add-platform',
        ...['--issuer', platform.issuer, '--client-id', platform.clientId, '--auth-url', platform.authUrl],
        ...['--token-url', platform.tokenUrl, '--jwks-url', platform.jwksUrl, '--deployment-id', platform.deploymentId],
        ...['--program', programId],
      ],
      data(),
    );
    hub = await startHub(['--port', String(await freePort()), '--data', data()]);
  });
  after(async () => {
    hub?.child.kill('SIGTERM');
    await platform?.close();
  });

  test('GET /lti/assets/echo-elements.js answers the elements bundle (and its chunks)', async () => {
    const r = await fetch(`${hub.url}/lti/assets/echo-elements.js`);
    const body = await r.text();
    assert.equal(r.status, 200, body.slice(0, 300));
    assert.match(r.headers.get('content-type') ?? '', /javascript/);
    assert.ok(body.length > 10_000, `${body.length} bytes`);
    const chunk = /["'](\.\/chunks\/[\w.-]+\.js)["']/.exec(body)?.[1];
    assert.ok(chunk, 'the bundle imports chunks');
    const c = await fetch(new URL(chunk, `${hub.url}/lti/assets/`));
    assert.equal(c.status, 200, chunk);
  });

  test('an LTI launch answers the session page, and <echo-session> upgrades in Chromium', async () => {
    const launch = await platform.launch(hub.url, { custom: { session_id: sessionId } });
    assert.equal(launch.status, 200, launch.html.slice(0, 500));
    assert.match(launch.html, /<echo-session\b/);
    assert.match(launch.html, /\/lti\/assets\/echo-elements\.js/);

    const { launchChromium } = await import('@teleecho/test-kit/chromium');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(platform.loginUrl(hub.url, { custom: { session_id: sessionId } }));
      await page.waitForFunction(
        () => customElements.get('echo-session') !== undefined && document.querySelector('echo-session')?.shadowRoot,
        undefined,
        { timeout: 30_000 },
      );
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('--livekit-dev without livekit-server says what is missing and how to get it', async () => {
    const dev = await startHub([
      '--port',
      String(await freePort()),
      '--data',
      join(dir, '.teleecho-dev'),
      '--livekit-dev',
    ]);
    try {
      const output = dev.output();
      assert.match(output, /--livekit-dev: livekit-server was not found on PATH/);
      assert.match(output, /TELEECHO_LIVEKIT_BIN/);
      assert.match(output, /https:\/\/docs\.livekit\.io\//);
      assert.doesNotMatch(output, /install-tools\.sh|\.tools\/bin/, 'no pointer to a script that is not shipped');
    } finally {
      dev.child.kill('SIGTERM');
    }
  });
});

describe('npm publish --dry-run', () => {
  for (const short of SHORT) {
    test(`${PACKAGES[short]}: no warnings`, async () => {
      const r = await run('npm', ['publish', '--dry-run', tarballs[short]], { capture: true, quiet: true, cwd: dir });
      assert.equal(r.code, 0, r.output);
      // dry-run always notes that a real publish needs a login; anything else is a finding
      const warnings = r.output
        .split('\n')
        .filter((l) => /npm warn/i.test(l) && !/requires you to be logged in/.test(l));
      assert.deepEqual(warnings, [], r.output);
    });
  }
});
