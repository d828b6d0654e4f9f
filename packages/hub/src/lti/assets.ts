/**
 * Files under `/lti/assets/`: the pages' stylesheet and scripts (served files, never inline, so the pages keep a
 * strict CSP), and the elements CDN bundle, found where Node resolves `@teleecho/elements/cdn/echo-elements.js`
 * from the hub (`@teleecho/elements` is a dependency of the hub). In a source checkout before `npm run build` (e.g.
 * the Node test tier, which runs before the build tier) the bundle is built on the fly from the elements' sources
 * with esbuild (an optional peer dependency, present in the repository), once per process.
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CSS = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.45;
  --lti-accent: #0f6cbf; --lti-text: #1d2125; --lti-muted: #5b6670; --lti-bg: #fff; --lti-border: #dee2e6; }
@media (prefers-color-scheme: dark) {
  :root { --lti-accent: #6cb4ff; --lti-text: #e8eaed; --lti-muted: #aab4be; --lti-bg: #16191d; --lti-border: #3a3f45; }
}
body { margin: 0; background: var(--lti-bg); color: var(--lti-text); }
.lti-header { padding: 0.75rem 1rem; border-bottom: 1px solid var(--lti-border); }
.lti-header h1 { font-size: 1.25rem; margin: 0 0 0.25rem; }
.lti-who { margin: 0; color: var(--lti-muted); }
.lti-main { padding: 1rem; max-width: 60rem; margin: 0 auto; box-sizing: border-box; }
.lti-error h1 { color: #b3261e; font-size: 1.3rem; }
@media (prefers-color-scheme: dark) { .lti-error h1 { color: #ffb4ab; } }
.lti-code code { font-size: 1rem; }
.lti-choices { border: 1px solid var(--lti-border); border-radius: 0.5rem; margin: 0 0 1rem; padding: 0.5rem 1rem; }
.lti-choice { display: flex; gap: 0.5rem; align-items: baseline; flex-wrap: wrap; padding: 0.4rem 0; }
.lti-choice time { color: var(--lti-muted); font-size: 0.9em; }
.lti-actions { display: flex; gap: 0.75rem; flex-wrap: wrap; }
button { font: inherit; padding: 0.5rem 1rem; border-radius: 0.4rem; border: 1px solid var(--lti-accent);
  background: var(--lti-accent); color: #fff; cursor: pointer; min-height: 44px; }
button.secondary { background: transparent; color: var(--lti-accent); }
button:focus-visible, input:focus-visible { outline: 3px solid var(--lti-accent); outline-offset: 2px; }
@media (prefers-color-scheme: dark) { button { color: #0b1a2a; } }
`;

/** Posts a form marked `data-autosubmit` as soon as the page runs. */
const AUTOSUBMIT = `const form = document.querySelector('form[data-autosubmit]');
if (form) form.submit();
`;

/** Tells the platform the registration window may close (LTI Dynamic Registration). */
const CLOSE = `const message = { subject: 'org.imsglobal.lti.close' };
(window.opener || window.parent).postMessage(message, '*');
`;

/**
 * LTI client-side OIDC login (platform storage through postMessage): stores the state and nonce in the platform
 * frame before going to the platform's auth endpoint (mode "put"), or checks them after the launch (mode "check").
 */
const STORAGE = `const root = document.getElementById('lti-storage');
const status = document.getElementById('lti-storage-status');
const { mode, target, origin, state, nonce, next, failed } = root.dataset;
function frame() {
  if (target === '_parent') return window.parent;
  try {
    const named = window.parent.frames[target];
    if (named) return named;
  } catch {}
  return window.opener || window.parent;
}
let seq = 0;
function call(subject, data) {
  const messageId = 'teleecho-' + Date.now() + '-' + ++seq;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), 5000);
    window.addEventListener('message', function onMessage(event) {
      const m = event.data;
      if (event.origin !== origin || !m || m.message_id !== messageId) return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      if (m.subject === subject + '.response' && !m.error) resolve(m);
      else reject(new Error(m.error ? m.error.code || 'error' : 'bad response'));
    });
    frame().postMessage({ subject, message_id: messageId, ...data }, origin);
  });
}
function fail() {
  status.textContent = failed;
  status.setAttribute('role', 'alert');
}
try {
  if (mode === 'put') {
    await call('lti.put_data', { key: 'state_' + state, value: state });
    await call('lti.put_data', { key: 'nonce_' + nonce, value: nonce });
    window.location.assign(next);
  } else {
    const got = await call('lti.get_data', { key: 'state_' + state });
    if (got.value !== state) fail();
    else document.getElementById('lti-next').submit();
  }
} catch {
  fail();
}
`;

const STATIC: Record<string, { type: string; body: string }> = {
  'lti.css': { type: 'text/css; charset=utf-8', body: CSS },
  'autosubmit.js': { type: 'text/javascript; charset=utf-8', body: AUTOSUBMIT },
  'close.js': { type: 'text/javascript; charset=utf-8', body: CLOSE },
  'lti-storage.js': { type: 'text/javascript; charset=utf-8', body: STORAGE },
};

/** The path `specifier` resolves to from the hub (with the hub's conditions), or undefined when it does not. */
function resolved(specifier: string): string | undefined {
  try {
    return fileURLToPath(import.meta.resolve(specifier));
  } catch {
    return undefined;
  }
}

/**
 * Where the built CDN bundle is: `TELEECHO_ELEMENTS_CDN_DIR`, else the folder of the installed
 * `@teleecho/elements/cdn/echo-elements.js`; undefined when neither has `echo-elements.js`.
 */
export function cdnDir(): string | undefined {
  const fromEnv = process.env.TELEECHO_ELEMENTS_CDN_DIR;
  if (fromEnv !== undefined) return existsSync(join(fromEnv, 'echo-elements.js')) ? fromEnv : undefined;
  const bundle = resolved('@teleecho/elements/cdn/echo-elements.js');
  return bundle !== undefined && existsSync(bundle) ? dirname(bundle) : undefined;
}

/** The elements' `src/define.ts` in a source checkout (the published package ships no sources), or undefined. */
function elementsSource(): string | undefined {
  const manifest = resolved('@teleecho/elements/package.json');
  const entry = manifest === undefined ? undefined : join(dirname(manifest), 'src', 'define.ts');
  return entry !== undefined && existsSync(entry) ? entry : undefined;
}

let onTheFly: Promise<Map<string, string>> | undefined;

/** Builds the CDN bundle in memory from the elements' `src/define.ts` (a source checkout, no dist yet). */
function buildFromSource(): Promise<Map<string, string>> {
  onTheFly ??= (async () => {
    const entry = elementsSource();
    if (entry === undefined) {
      throw new Error(
        process.env.TELEECHO_ELEMENTS_CDN_DIR !== undefined
          ? `TELEECHO_ELEMENTS_CDN_DIR=${process.env.TELEECHO_ELEMENTS_CDN_DIR} has no echo-elements.js`
          : '@teleecho/elements/cdn/echo-elements.js is missing: install @teleecho/elements next to @teleecho/hub ' +
              '(it is a dependency of the hub), or run `npm run build` in a checkout of the repository',
      );
    }
    const esbuild = await import('esbuild').catch(() => {
      throw new Error(`building the elements bundle from ${entry} needs esbuild (npm install -D esbuild)`);
    });
    const result = await esbuild.build({
      entryPoints: { 'echo-elements': entry },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['source', 'browser', 'import', 'default'],
      chunkNames: 'chunks/[name]-[hash]',
      outdir: '/cdn',
      write: false,
      minify: true,
      logLevel: 'silent',
    });
    return new Map(result.outputFiles.map((f) => [f.path.replace(/^\/cdn\//, ''), f.text]));
  })();
  onTheFly.catch(() => (onTheFly = undefined));
  return onTheFly;
}

/** An asset: content type and body, or undefined when there is none at that path. */
export async function asset(path: string): Promise<{ type: string; body: string | Buffer } | undefined> {
  const fixed = STATIC[path];
  if (fixed) return fixed;
  if (!/^[\w./-]+\.js(\.map)?$/.test(path) || path.includes('..')) return undefined;
  const type = path.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8';
  const dir = cdnDir();
  if (dir !== undefined) {
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) || !existsSync(file)) return undefined;
    return { type, body: readFileSync(file) };
  }
  const built = await buildFromSource();
  const body = built.get(path);
  return body === undefined ? undefined : { type, body };
}
