// First render and time to interactive of a 200-item Questionnaire in <echo-case-form> against LHC-Forms (`lforms`
// 40.1.3) rendering the same Questionnaire, in ONE headless Chromium run (same browser, same machine, pages served from
// loopback), plus the gzipped JavaScript each page actually loads.
//  - first render: from navigation start (performance.now() = 0) to the first frame painted after the LAST item's
//    label is in the DOM (the whole form rendered; shadow DOM searched too), by a requestAnimationFrame poller. It is
//    measured on a load of its own that Playwright leaves alone (the page reports on the console): Playwright's
//    locator polling and actionability checks run in the page and, on the interactive load, delayed that frame;
//  - interactive: on a second load, from navigation start to the moment the first text field shows a key typed by
//    real keyboard input (Playwright clicks it — visible, stable, enabled — then types one digit);
//  - bytes: gzip (level 9) of every script response the page loaded.
// The echo page is bundled and minified by rollup (code splitting, the "source" condition) as our CDN build is; its
// template comes from a real hub (SQLite), so its figures include the template request. Times are medians of RUNS
// runs (9 by default, CASE_FORM_BENCH_RUNS to change; the ratio moves by about ±0.02 between runs of 5 here); the
// ratios are medians of the per-run (paired, alternating) ratios, robust to load on a shared machine.
// Prints {"caseForm": {echoFirstRenderMs, echoInteractiveMs, lformsFirstRenderMs, lformsInteractiveMs, ratio, …}} last.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
// @ts-expect-error a plain .mjs module without declarations
import { browserBundlePlugins } from '../../../scripts/rollup-plugins.mjs';
import { hubFetch, launchChromium, startTestHub } from '@teleecho/test-kit';
import type { Response } from 'playwright-core';

const ITEMS = 200;
const RUNS = Number(process.env.CASE_FORM_BENCH_RUNS ?? 9);
const log = (...args: unknown[]) => console.error('[case-form bench]', ...args);

/** A 200-question Questionnaire: 20 groups of 10 items of the common types, item 1 a text field. */
function bigQuestionnaire() {
  const types = [
    'string',
    'integer',
    'decimal',
    'choice',
    'boolean',
    'date',
    'text',
    'quantity',
    'open-choice',
    'string',
  ];
  let n = 0;
  const groups = Array.from({ length: ITEMS / 10 }, (_, g) => ({
    linkId: `g${g + 1}`,
    text: `Section ${g + 1}`,
    type: 'group',
    item: types.map((type) => {
      n += 1;
      const item: Record<string, unknown> = { linkId: `q${n}`, text: `Item ${n} (${type})`, type };
      if (type === 'choice' || type === 'open-choice')
        item.answerOption = ['Alpha', 'Beta', 'Gamma', 'Delta'].map((code) => ({
          valueCoding: { system: 'https://example.org/cs', code: code.toLowerCase(), display: code },
        }));
      if (type === 'quantity')
        item.extension = [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption',
            valueCoding: { system: 'http://unitsofmeasure.org', code: 'mg', display: 'mg' },
          },
        ];
      if (n === ITEMS) item.text = `Item ${n} (last)`;
      return item;
    }),
  }));
  return {
    resourceType: 'Questionnaire',
    url: 'https://teleecho.dev/fhir/Questionnaire/bench-200',
    version: '1',
    status: 'active',
    title: 'Bench: 200 items',
    item: groups,
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** The LHC-Forms release compared against (its published web-component files, `dist/lforms`). */
const LFORMS_VERSION = '40.1.3';

/**
 * LHC-Forms' published files: the `lforms` package when it is installed, else LFORMS_DIR (an unpacked
 * `npm pack lforms`), else the tarball fetched once with `npm pack` into the OS temp folder (the files are prebuilt,
 * so its ~600 Angular dependencies are not needed).
 */
function findLforms(): string | undefined {
  const has = (root: string) => existsSync(join(root, 'dist', 'lforms', 'webcomponent', 'main.js'));
  try {
    const root = dirname(require.resolve('lforms/package.json'));
    if (has(root)) return join(root, 'dist', 'lforms');
  } catch {
    /* not installed */
  }
  if (process.env.LFORMS_DIR && has(process.env.LFORMS_DIR)) return join(process.env.LFORMS_DIR, 'dist', 'lforms');
  const cache = join(tmpdir(), `teleecho-lforms-${LFORMS_VERSION}`);
  if (!has(join(cache, 'package'))) {
    try {
      mkdirSync(cache, { recursive: true });
      log(`fetching lforms@${LFORMS_VERSION} with npm pack into ${cache}`);
      execFileSync('npm', ['pack', `lforms@${LFORMS_VERSION}`, '--pack-destination', cache], { stdio: 'ignore' });
      execFileSync('tar', ['xzf', `lforms-${LFORMS_VERSION}.tgz`], { cwd: cache });
    } catch (error) {
      log('could not get LHC-Forms:', (error as Error).message);
      return undefined;
    }
  }
  return has(join(cache, 'package')) ? join(cache, 'package', 'dist', 'lforms') : undefined;
}
const lformsDist = findLforms();

/** In-page probe (added before any page script): records first render, given the last item's label. */
const PROBE = `(() => {
  const deepText = (root, text) => {
    const walk = (node) => {
      if (node.nodeType === 3 && node.data.includes(text)) return true;
      if (node.shadowRoot && walk(node.shadowRoot)) return true;
      for (const child of node.childNodes) if (walk(child)) return true;
      return false;
    };
    return walk(root);
  };
  const tick = () => {
    if (document.body && deepText(document.body, 'Item ${ITEMS} (last)')) {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__firstRender = performance.now();
        console.log('first-render ' + window.__firstRender);
      }));
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** One measurement: first render on a fresh context left alone, then time to interactive on another fresh one. */
async function measure(url: string, firstInput: string) {
  const fresh = async () => {
    // A fresh context each time: cold cache, no draft left in IndexedDB.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(PROBE);
    return page;
  };

  const page = await fresh();
  const scripts: Promise<number>[] = [];
  page.on('response', (r: Response) => {
    if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => gzipSync(b, { level: 9 }).length));
  });
  const rendered = page.waitForEvent('console', {
    predicate: (m) => m.text().startsWith('first-render '),
    timeout: 60_000,
  });
  await page.goto(url, { waitUntil: 'commit' });
  const firstRender = Number((await rendered).text().slice('first-render '.length));
  const gzip = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  await page.context().close();

  const typing = await fresh();
  await typing.goto(url, { waitUntil: 'commit' });
  await typing.locator(firstInput).first().click({ timeout: 60_000 });
  await typing.keyboard.type('7');
  // Functions handed to the page are strings: tsx would add helpers (`__name`) the page does not have.
  const interactive = Number(
    await (
      await typing.waitForFunction(
        `(() => {
          const find = (root, s) => {
            const hit = root.querySelector(s);
            if (hit) return hit;
            for (const el of root.querySelectorAll('*')) if (el.shadowRoot) {
              const inner = find(el.shadowRoot, s);
              if (inner) return inner;
            }
            return null;
          };
          const el = find(document, ${JSON.stringify(firstInput)});
          if (el && el.value === '7') return (window.__interactive ??= performance.now());
          return false;
        })()`,
        undefined,
        { polling: 'raf', timeout: 60_000 },
      )
    ).jsonValue(),
  );
  await typing.context().close();
  return { firstRender, interactive, gzip, scripts: scripts.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

const hub = await startTestHub({ storage: 'sqlite' });
const browser = await launchChromium();
const server = createServer();
try {
  const questionnaire = bigQuestionnaire();
  const coordinator = await hub.mint({ role: 'coordinator' });
  const presenter = await hub.mint({ role: 'presenter', sub: 'bench-presenter' });
  const created = await hubFetch<{ id: string }>(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/case-templates`, {
    token: coordinator,
    body: { questionnaire },
  });
  if (created.status !== 201) throw new Error(`template: ${created.status} ${JSON.stringify(created.body)}`);

  // Bundled with rollup and the same plugins as our CDN build (rollup.config.mjs): rollup tree-shakes across chunks,
  // so code only the lazy pre-fill chunk needs (de-identification, fhirpath) stays out of what the page loads first.
  const bundle = await rollup({
    input: { page: join(here, 'case-form.page.ts') },
    onwarn: () => {},
    plugins: browserBundlePlugins(),
  });
  const { output } = await bundle.generate({ format: 'es', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  const files = new Map(
    output.map((o) => [
      `/echo/${o.fileName}`,
      new TextEncoder().encode(o.type === 'chunk' ? o.code : String(o.source)),
    ]),
  );
  // As LHC-Forms' README says: styles, zone.js, the three web-component modules, then the R4 FHIR support.
  const lformsHtml = `<!doctype html><html lang="en"><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css">
<body><div id="form"></div>
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/runtime.js" type="module"></script>
<script src="/lforms/webcomponent/polyfills.js" type="module"></script>
<script src="/lforms/webcomponent/main.js" type="module"></script>
<script src="/lforms-page.js" type="module"></script></body></html>`;
  const lformsPage = `
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/lforms/fhir/R4/lformsFHIR.min.js';
      s.onload = resolve;
      s.onerror = reject;
      document.head.append(s);
    });
    await LForms.Util.addFormToPage(${JSON.stringify(questionnaire)}, 'form', { prepopulate: false });`;
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (type: string, body: string | Uint8Array) => res.writeHead(200, { 'content-type': type }).end(body);
    if (path === '/echo.html')
      return send(
        'text/html',
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>echo</title><body><script type="module" src="/echo/page.js"></script></body></html>',
      );
    if (path.startsWith('/echo/') && files.has(path)) return send('text/javascript', files.get(path)!);
    if (path === '/lforms.html') return send('text/html', lformsHtml);
    if (path === '/lforms-page.js') return send('text/javascript', lformsPage);
    if (path.startsWith('/lforms/') && lformsDist) {
      try {
        const body = readFileSync(join(lformsDist, path.slice('/lforms/'.length)));
        return send(extname(path) === '.css' ? 'text/css' : 'text/javascript', body);
      } catch {
        /* 404 below */
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const echoUrl =
    `${base}/echo.html?` +
    new URLSearchParams({
      'hub-url': hub.url,
      token: presenter,
      'program-id': hub.demo.programId,
      'template-id': created.body.id,
    }).toString();

  const results = {
    echo: [] as Awaited<ReturnType<typeof measure>>[],
    lforms: [] as Awaited<ReturnType<typeof measure>>[],
  };
  for (let run = 0; run < RUNS; run += 1) {
    // Alternate echo and LHC-Forms, so each pair shares the machine's load at the time.
    for (const which of lformsDist ? (['echo', 'lforms'] as const) : (['echo'] as const)) {
      const r =
        which === 'echo'
          ? await measure(echoUrl, 'input[type="text"], input:not([type]), textarea')
          : await measure(`${base}/lforms.html`, '#form input');
      results[which].push(r);
      log(which, `run ${run + 1}`, JSON.stringify(r));
    }
  }
  const pick = (which: 'echo' | 'lforms', key: 'firstRender' | 'interactive') =>
    round(median(results[which].map((r) => r[key])));
  const out = {
    items: ITEMS,
    runs: RUNS,
    echoFirstRenderMs: pick('echo', 'firstRender'),
    echoInteractiveMs: pick('echo', 'interactive'),
    lformsFirstRenderMs: pick('lforms', 'firstRender'),
    lformsInteractiveMs: pick('lforms', 'interactive'),
    ratio: 0,
    interactiveRatio: 0,
    echoGzipBytes: results.echo[0]!.gzip,
    echoScripts: results.echo[0]!.scripts,
    lformsGzipBytes: results.lforms[0]?.gzip ?? null,
    lformsScripts: results.lforms[0]?.scripts ?? null,
    targets: { ratio: 0.2, echoGzipBytes: 40 * 1024 },
  };
  // Runs alternate echo/LHC-Forms, so each pair shares the machine's load at the time: the ratios are per pair.
  const pairRatio = (key: 'firstRender' | 'interactive') =>
    results.lforms.length
      ? Math.round(median(results.echo.map((e, i) => e[key] / results.lforms[i]![key])) * 1000) / 1000
      : Number.NaN;
  out.ratio = pairRatio('firstRender');
  out.interactiveRatio = pairRatio('interactive');
  // NaN (LHC-Forms missing) prints as null.
  console.log(JSON.stringify({ caseForm: out }));
} finally {
  server.close();
  await browser.close();
  await hub.close();
}
