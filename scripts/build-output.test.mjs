// Checks on what `npm run build` produced, as a host developer would meet it: typed ESM packages, a browser
// build of the SDK without Node-only code, a self-contained CDN module that registers the elements on a page
// with a strict Content-Security-Policy, and a custom-elements manifest.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { init as initLexer, parse as parseModule } from 'es-module-lexer';
import { ROOT } from './lib.mjs';

await initLexer;
import { createStaticServer } from './static-server.mjs';
import { CHROMIUM_ARGS } from '../web-test-runner.config.mjs';

const dist = (p) => join(ROOT, 'packages', p);

/**
 * Relative import graph of an ESM file: every bare specifier met (relative ones followed), and the bare
 * specifiers reached through static imports only (what loads with the page).
 */
function importGraph(entry) {
  const specifiers = new Set();
  const staticSpecifiers = new Set();
  const files = new Set();
  const visit = (file, eager) => {
    const key = `${file}|${eager}`;
    if (files.has(key)) return;
    files.add(key);
    // A real ES module lexer: minified third-party chunks contain strings such as `import{` that a regex misreads.
    const [imports] = parseModule(readFileSync(file, 'utf8'));
    for (const { n: spec, d } of imports) {
      if (spec === undefined || d === -2) continue; // import.meta, or a dynamic import of a computed specifier
      const staticImport = d === -1 && eager;
      if (spec.startsWith('.')) visit(join(file, '..', spec), staticImport);
      else {
        specifiers.add(spec);
        if (staticImport) staticSpecifiers.add(spec);
      }
    }
  };
  visit(entry, true);
  const plain = [...new Set([...files].map((k) => k.split('|')[0]))];
  return { specifiers: [...specifiers], staticSpecifiers: [...staticSpecifiers], files: plain };
}

test('the SDK ships typed ESM whose browser entry pulls in no Node-only code', () => {
  assert.ok(existsSync(dist('sdk/dist/index.js')));
  assert.ok(existsSync(dist('sdk/dist/index.d.ts')));
  assert.ok(existsSync(dist('sdk/dist/server/index.d.ts')));
  const { specifiers, files } = importGraph(dist('sdk/dist/index.js'));
  assert.deepEqual(
    specifiers.filter((s) => s.startsWith('node:')),
    [],
    'no node: imports in the browser graph',
  );
  assert.ok(!files.some((f) => f.includes('/server/')), 'server/ is not reachable from the main entry');
});

test('livekit-client loads only on join: the session entry imports it dynamically, the root entry not at all', () => {
  const root = importGraph(dist('sdk/dist/index.js'));
  assert.ok(!root.specifiers.includes('livekit-client'), 'no livekit-client from @teleecho/sdk');
  const { specifiers, staticSpecifiers } = importGraph(dist('sdk/dist/session/index.js'));
  assert.ok(specifiers.includes('livekit-client'), 'joinSession imports livekit-client');
  assert.ok(!staticSpecifiers.includes('livekit-client'), 'no static import of livekit-client from the entry');
});

test('the elements ship typed ESM with lit and the SDK as peers, not bundled copies', () => {
  assert.ok(existsSync(dist('elements/dist/index.js')));
  assert.ok(existsSync(dist('elements/dist/index.d.ts')));
  assert.ok(existsSync(dist('elements/dist/define.js')));
  const { specifiers } = importGraph(dist('elements/dist/index.js'));
  assert.ok(
    specifiers.some((s) => s === 'lit' || s.startsWith('lit/')),
    'imports lit',
  );
});

test('the CDN build is one self-contained ES module entry (relative chunks only)', () => {
  const entry = dist('elements/dist/cdn/echo-elements.js');
  assert.ok(existsSync(entry));
  const { specifiers } = importGraph(entry);
  assert.deepEqual(specifiers, [], `bare or absolute imports left in the CDN build: ${specifiers.join(', ')}`);
});

test('custom-elements.json describes the shipped elements', () => {
  const pkg = JSON.parse(readFileSync(dist('elements/package.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(dist(`elements/${pkg.customElements}`), 'utf8'));
  const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
  const tags = declarations.filter((d) => d.customElement && d.tagName).map((d) => d.tagName);
  assert.ok(tags.includes('echo-schedule'), `tags in manifest: ${tags.join(', ')}`);
  const schedule = declarations.find((d) => d.tagName === 'echo-schedule');
  assert.ok(
    schedule.attributes?.some((a) => a.name === 'program-id'),
    'program-id attribute documented',
  );
  assert.ok((schedule.cssParts ?? []).length > 0, 'css parts documented');
});

test('the CDN module registers the elements on a page with a strict CSP and Trusted Types', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'teleecho-cdn-'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html">
<script type="module" src="/cdn/echo-elements.js"></script></head>
<body><echo-schedule program-id="prg_x"></echo-schedule></body></html>`,
  );
  const server = createStaticServer({ mounts: { '/cdn/': dist('elements/dist/cdn'), '/': dir } });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  after(() => server.close());
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  after(() => browser.close());
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => customElements.get('echo-schedule') !== undefined, null, { timeout: 10000 });
  const rendered = await page.evaluate(async () => {
    const el = document.querySelector('echo-schedule');
    await el.updateComplete;
    return el.shadowRoot !== null && el.shadowRoot.childNodes.length > 0;
  });
  assert.ok(rendered, 'echo-schedule rendered into its shadow root');
  const csp = problems.filter((p) => /Content Security Policy|TrustedHTML|Trusted Type/i.test(p));
  assert.deepEqual(csp, [], 'no CSP / Trusted Types violations');
});
