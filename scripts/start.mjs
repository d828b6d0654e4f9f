// `npm start`: the whole product on embedded defaults, from a fresh clone (Node built-ins only until step 1 is done).
//   1. installs what is missing (scripts/provision.mjs): the npm dependencies (`npm ci` when node_modules is missing
//      or does not match package-lock.json) and livekit-server for video (scripts/install-tools.sh, when Go is
//      there; without Go everything else runs and one line says how to get video)
//   2. builds what is out of date (SDK, elements, CDN bundle, hub)
//   3. starts the hub on SQLite in ./.teleecho with the demo programme (idempotent seed) and a drop-in session that
//      is open now, and LiveKit in dev mode (through the hub)
//   4. serves the examples and a landing page, minting short-lived embed tokens for them server-side: one demo
//      person per role, the presenter being the sandbox EHR's clinician, so a case presented from the chart gets its
//      recommendations in the recommendations example
//   5. starts the sandbox EHR (FHIR + SMART)
//   6. builds the API docs (TypeDoc) in the background when they are out of date; the landing page says when
// Env: TELEECHO_HUB_PORT (8787), TELEECHO_EXAMPLES_PORT (8080), TELEECHO_EHR_PORT (9100, app on +1),
//      TELEECHO_DATA (./.teleecho)
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { ROOT, TS_NODE_FLAGS, bin, run } from './lib.mjs';
import { buildIsStale, ensureLiveKit, ensureNpmDependencies, mtimeOf } from './provision.mjs';
import { createStaticServer } from './static-server.mjs';

const HUB_PORT = Number(process.env.TELEECHO_HUB_PORT ?? 8787);
const EXAMPLES_PORT = Number(process.env.TELEECHO_EXAMPLES_PORT ?? 8080);
const DATA = process.env.TELEECHO_DATA ?? join(ROOT, '.teleecho');
const HUB_URL = `http://127.0.0.1:${HUB_PORT}`;
const EHR_PORT = Number(process.env.TELEECHO_EHR_PORT ?? 9100);
const EHR_URL = `http://127.0.0.1:${EHR_PORT}`;
const EXAMPLES_URL = `http://127.0.0.1:${EXAMPLES_PORT}`;
const CLI = join(ROOT, 'packages/hub/bin/teleecho.js');
const children = [];

/**
 * One demo person per role. The presenter is the clinician signed in to the sandbox EHR: what they present from the
 * chart is what the recommendations example (also signed in as them) shows.
 */
const DEMO_PEOPLE = {
  coordinator: { id: 'demo-coordinator', name: 'Demo coordinator' },
  facilitator: { id: 'demo-facilitator', name: 'Demo facilitator' },
  specialist: { id: 'demo-specialist', name: 'Demo specialist' },
  presenter: { id: 'sandbox-clinician', name: 'Dr. Sandbox Clinician' },
  participant: { id: 'demo-participant', name: 'Demo participant' },
  observer: { id: 'demo-observer', name: 'Demo observer' },
};

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const s = statSync(full);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(full) : s.mtimeMs);
  }
  return newest;
}

const newestSource = () =>
  Math.max(...['sdk', 'elements', 'hub'].map((p) => newestMtime(join(ROOT, 'packages', p, 'src'))));

async function buildIfNeeded() {
  const outputs = ['packages/elements/dist/cdn/echo-elements.js', 'packages/hub/dist/cli.js'].map((f) =>
    mtimeOf(join(ROOT, f)),
  );
  if (!buildIsStale({ newestSource: newestSource(), outputs })) {
    console.log('✓ build is up to date');
    return;
  }
  console.log('… building (npm run build) — usually 2–5 minutes');
  const { code } = await run(process.execPath, ['scripts/build.mjs']);
  if (code !== 0) throw new Error('build failed');
}

/** The React and Vue examples are built with Vite (a few seconds each) when their dist/ is older than their sources. */
async function buildFrameworkExamplesIfNeeded() {
  for (const fw of ['react', 'vue']) {
    const dir = join(ROOT, 'examples', fw);
    const sources = Math.max(
      newestMtime(join(dir, 'src')),
      ...['index.html', 'late.html', 'vite.config.ts', 'package.json'].map((f) => mtimeOf(join(dir, f)) ?? 0),
      mtimeOf(join(ROOT, 'packages/elements/dist/index.js')) ?? 0,
    );
    if (!buildIsStale({ newestSource: sources, outputs: [mtimeOf(join(dir, 'dist/index.html'))] })) continue;
    console.log(`… building the ${fw} example (vite build)`);
    const { code, output } = await run(
      'npm',
      ['run', 'build', '--silent', '-w', `examples/${fw}`, '--', '--logLevel=warn'],
      {
        capture: true,
        quiet: true,
      },
    );
    if (code !== 0) throw new Error(`the ${fw} example did not build (npm run build -w examples/${fw}):\n${output}`);
  }
}

/** The API reference (TypeDoc, docs/api): `ready` (maybe being refreshed), `building` (none yet) or `failed`. */
const apiDocs = { status: 'ready', updating: false };
const DOCS_OUT = join(ROOT, 'docs/api');

/** Builds the API docs in the background when missing or older than the sources; swaps them in when done. */
function buildApiDocsInBackground() {
  const index = mtimeOf(join(DOCS_OUT, 'index.html'));
  const sources = Math.max(newestSource(), mtimeOf(join(ROOT, 'docs/README.md')) ?? 0);
  if (!buildIsStale({ newestSource: sources, outputs: [index] })) {
    console.log('✓ API docs are up to date');
    return;
  }
  apiDocs.status = index === undefined ? 'building' : 'ready';
  apiDocs.updating = true;
  console.log(
    `… building the API docs (TypeDoc) in the background — usually 2–6 minutes; ${
      index === undefined ? 'the landing page links them when done' : 'the current ones stay up meanwhile'
    }`,
  );
  // built beside the tree in .tmp (ignored by git, lint and prettier), then moved into place
  const next = join(ROOT, '.tmp', `api-docs-${process.pid}`);
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const args = [bin('typedoc'), '--out', next, '--logLevel', 'Error'];
  // nice: the docs are the least urgent thing on a machine that is also running everything else
  const child =
    process.platform === 'win32'
      ? spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn('nice', ['-n', '10', process.execPath, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let errors = '';
  child.stderr.on('data', (d) => (errors += d));
  child.on('exit', (code) => {
    apiDocs.updating = false;
    if (code === 0 && existsSync(join(next, 'index.html'))) {
      rmSync(DOCS_OUT, { recursive: true, force: true });
      renameSync(next, DOCS_OUT);
      apiDocs.status = 'ready';
      console.log(`✓ API docs built: ${EXAMPLES_URL}/docs/api/`);
    } else {
      rmSync(next, { recursive: true, force: true });
      if (apiDocs.status === 'building') apiDocs.status = 'failed';
      if (code !== null) console.error(`✗ the API docs did not build (npm run docs shows why)\n${errors.trim()}`);
    }
  });
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
  rmSync(join(ROOT, '.tmp', `api-docs-${process.pid}`), { recursive: true, force: true }); // an unfinished docs build
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

await ensureNpmDependencies();
const video = await ensureLiveKit();
await buildIfNeeded();
await buildFrameworkExamplesIfNeeded();
mkdirSync(DATA, { recursive: true });
const seeded = await cli(['seed-demo', '--data', DATA]);
const programId = seeded.match(/prg_[A-Za-z0-9]+/)?.[0];
if (!programId) throw new Error(`seed-demo printed no programme id:\n${seeded}`);
const dropInSessionId = seeded.match(/open now: +(ses_[A-Za-z0-9]+)/)?.[1];
const key = await apiKey();

// --livekit-dev: the hub starts livekit-server (installed above) in dev mode with its webhooks pointed at the hub;
// without the binary it warns and runs without video.
const hub = spawn(process.execPath, [CLI, 'hub', '--port', String(HUB_PORT), '--data', DATA, '--livekit-dev'], {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, TELEECHO_QUIET_HINTS: '1' }, // its first-start "next steps" are done: the summary follows
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
    SANDBOX_HUB_USER_ID: DEMO_PEOPLE.presenter.id,
    SANDBOX_HUB_USER_NAME: DEMO_PEOPLE.presenter.name,
  },
});
children.push(ehr);
await waitFor(`${EHR_URL}/fhir/metadata`, 60000);

async function mint(role) {
  const res = await fetch(`${HUB_URL}/v1/embed-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: DEMO_PEOPLE[role], role, programId, ttlSeconds: 900 }),
  });
  if (!res.ok) throw new Error(`minting a ${role} token failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

const examples = createStaticServer({
  mounts: {
    '/cdn/': join(ROOT, 'packages/elements/dist/cdn'),
    // The Moodle-style example loads RequireJS first, as Moodle pages do.
    '/vendor/requirejs/': join(ROOT, 'node_modules/requirejs'),
    // the React and Vue examples, built by Vite (their pages load the CDN build from /cdn/ too)
    '/react/': join(ROOT, 'examples/react/dist'),
    '/vue/': join(ROOT, 'examples/vue/dist'),
    '/docs/api/': DOCS_OUT,
    '/': join(ROOT, 'examples'),
  },
  routes: {
    '/config.json': async (url) => {
      const role = url.searchParams.get('role') ?? 'participant';
      return {
        hubUrl: HUB_URL,
        ehrUrl: EHR_URL,
        programId,
        dropInSessionId,
        apiDocs: { ...apiDocs },
        token: Object.hasOwn(DEMO_PEOPLE, role) ? await mint(role) : undefined,
      };
    },
  },
});
await new Promise((resolve) => examples.listen(EXAMPLES_PORT, '127.0.0.1', resolve));
buildApiDocsInBackground();

const presenterToken = await mint('presenter');
console.log(`
teleECHO Embed is running
  examples + landing page  ${EXAMPLES_URL}/
  hub                      ${HUB_URL}   (health: ${HUB_URL}/healthz, OpenAPI: ${HUB_URL}/v1/openapi.json)
  sandbox EHR (chart)      ${EHR_URL}/   (FHIR base: ${EHR_URL}/fhir, SMART app on :${EHR_PORT + 1})
  demo programme           ${programId}
  open now (drop-in)       ${
    dropInSessionId
      ? `${EXAMPLES_URL}/session/?session=${dropInSessionId}${video ? '' : '   (no video: see above)'}`
      : '(none)'
  }
  demo presenter           ${DEMO_PEOPLE.presenter.name} (${DEMO_PEOPLE.presenter.id}): the sandbox EHR and the recommendations page
  data (SQLite)            ${DATA}
  secret API key           in ${join(DATA, 'dev-api-key')} (server side only)

A presenter embed token (15 min):
${presenterToken}

Try it:
  curl -H "Authorization: Bearer <token>" ${HUB_URL}/v1/programs/${programId}/sessions
  npx teleecho --help

Ctrl-C stops everything.
`);
