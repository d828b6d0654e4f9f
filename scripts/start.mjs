// `npm start`: the whole product on embedded defaults.
//   1. builds what is out of date (SDK, elements, CDN bundle)
//   2. starts the hub on SQLite in ./.teleecho with the demo programme (idempotent seed)
//   3. serves the examples and a landing page, minting short-lived embed tokens for them server-side
//   4. starts the sandbox EHR (FHIR + SMART) and, where installed, LiveKit in dev mode (through the hub)
// Env: TELEECHO_HUB_PORT (8787), TELEECHO_EXAMPLES_PORT (8080), TELEECHO_EHR_PORT (9100, app on +1),
//      TELEECHO_DATA (./.teleecho)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TS_NODE_FLAGS, run } from './lib.mjs';
import { createStaticServer } from './static-server.mjs';

const HUB_PORT = Number(process.env.TELEECHO_HUB_PORT ?? 8787);
const EXAMPLES_PORT = Number(process.env.TELEECHO_EXAMPLES_PORT ?? 8080);
const DATA = process.env.TELEECHO_DATA ?? join(ROOT, '.teleecho');
const HUB_URL = `http://127.0.0.1:${HUB_PORT}`;
const EHR_PORT = Number(process.env.TELEECHO_EHR_PORT ?? 9100);
const EHR_URL = `http://127.0.0.1:${EHR_PORT}`;
const CLI = join(ROOT, 'packages/hub/bin/teleecho.js');
const children = [];

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const s = statSync(full);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(full) : s.mtimeMs);
  }
  return newest;
}

async function buildIfNeeded() {
  const out = join(ROOT, 'packages/elements/dist/cdn/echo-elements.js');
  const hubOut = join(ROOT, 'packages/hub/dist/cli.js');
  const sources = Math.max(...['sdk', 'elements', 'hub'].map((p) => newestMtime(join(ROOT, 'packages', p, 'src'))));
  if (
    existsSync(out) &&
    existsSync(hubOut) &&
    statSync(out).mtimeMs >= sources &&
    statSync(hubOut).mtimeMs >= sources
  ) {
    console.log('✓ build is up to date');
    return;
  }
  console.log('… building (npm run build)');
  const { code } = await run(process.execPath, ['scripts/build.mjs']);
  if (code !== 0) throw new Error('build failed');
}

async function cli(args, { quiet = false } = {}) {
  const { code, output } = await run(process.execPath, [CLI, ...args], { capture: true, quiet });
  if (code !== 0) throw new Error(`teleecho ${args.join(' ')} failed (exit ${code})`);
  return output;
}

async function apiKey() {
  const file = join(DATA, 'dev-api-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // quiet: the secret goes to a 0600 file, not to the terminal
  const lines = (await cli(['api-key', 'create', '--data', DATA], { quiet: true })).trim().split('\n');
  const key = lines[lines.length - 1].trim();
  writeFileSync(file, `${key}\n`);
  chmodSync(file, 0o600);
  return key;
}

async function waitFor(url, ms = 30000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function stopAll() {
  for (const child of children) child.kill('SIGTERM');
}
process.on('SIGINT', () => {
  stopAll();
  process.exit(0);
});
process.on('SIGTERM', () => {
  stopAll();
  process.exit(0);
});
// Any failure (e.g. a port already in use) stops the hub and the sandbox EHR too, rather than leaving them running.
const fail = (error) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  stopAll();
  process.exit(1);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

await buildIfNeeded();
mkdirSync(DATA, { recursive: true });
const seeded = await cli(['seed-demo', '--data', DATA]);
const programId = seeded.match(/prg_[A-Za-z0-9]+/)?.[0];
if (!programId) throw new Error(`seed-demo printed no programme id:\n${seeded}`);
const key = await apiKey();

// --livekit-dev: the hub starts livekit-server (installed by scripts/install-tools.sh) in dev mode with its
// webhooks pointed at the hub; without the binary it warns and runs without video.
const hub = spawn(process.execPath, [CLI, 'hub', '--port', String(HUB_PORT), '--data', DATA, '--livekit-dev'], {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit'],
});
children.push(hub);
hub.on('exit', (code) => {
  console.error(`hub exited (${code}); stopping`);
  stopAll();
  process.exit(code ?? 1);
});
await waitFor(`${HUB_URL}/healthz`);

// The sandbox EHR: a FHIR R4 server with synthetic patients, a SMART App Launch v2 authorization server, a chart
// page and the example SMART app (on a second origin).
const ehr = spawn(process.execPath, [...TS_NODE_FLAGS, join(ROOT, 'examples/sandbox-ehr/src/main.ts')], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    SANDBOX_EHR_PORT: String(EHR_PORT),
    SANDBOX_APP_PORT: String(EHR_PORT + 1),
    // "Present to ECHO" (<echo-case-form>) submits to this hub; the API key stays in the sandbox's server process.
    SANDBOX_HUB_URL: HUB_URL,
    SANDBOX_HUB_PROGRAM: programId,
    SANDBOX_HUB_API_KEY: key,
  },
});
children.push(ehr);
await waitFor(`${EHR_URL}/fhir/metadata`, 60000);

const ROLES = new Set(['coordinator', 'facilitator', 'specialist', 'presenter', 'participant', 'observer']);
async function mint(role) {
  const res = await fetch(`${HUB_URL}/v1/embed-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: `demo-${role}`, name: `Demo ${role}` }, role, programId, ttlSeconds: 900 }),
  });
  if (!res.ok) throw new Error(`minting a ${role} token failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

const examples = createStaticServer({
  mounts: {
    '/cdn/': join(ROOT, 'packages/elements/dist/cdn'),
    // The Moodle-style example loads RequireJS first, as Moodle pages do.
    '/vendor/requirejs/': join(ROOT, 'node_modules/requirejs'),
    '/docs/api/': join(ROOT, 'docs/api'),
    '/': join(ROOT, 'examples'),
  },
  routes: {
    '/config.json': async (url) => {
      const role = url.searchParams.get('role') ?? 'participant';
      return { hubUrl: HUB_URL, ehrUrl: EHR_URL, programId, token: ROLES.has(role) ? await mint(role) : undefined };
    },
  },
});
await new Promise((resolve) => examples.listen(EXAMPLES_PORT, '127.0.0.1', resolve));

const presenterToken = await mint('presenter');
console.log(`
teleECHO Embed is running
  examples + landing page  http://127.0.0.1:${EXAMPLES_PORT}/
  hub                      ${HUB_URL}   (health: ${HUB_URL}/healthz, OpenAPI: ${HUB_URL}/v1/openapi.json)
  sandbox EHR (chart)      ${EHR_URL}/   (FHIR base: ${EHR_URL}/fhir, SMART app on :${EHR_PORT + 1})
  demo programme           ${programId}
  data (SQLite)            ${DATA}
  secret API key           in ${join(DATA, 'dev-api-key')} (server side only)

A presenter embed token (15 min):
${presenterToken}

Try it:
  curl -H "Authorization: Bearer <token>" ${HUB_URL}/v1/programs/${programId}/sessions

Ctrl-C stops everything.
`);
