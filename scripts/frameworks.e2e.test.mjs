// The React and Vue examples as host teams build them: Vite builds each example twice — against the workspace packages
// and against the packed tarballs installed in a project outside the workspace (scripts/consumer/pack-install.mjs;
// there `tsc` and `vue-tsc` check them against the installed types too) — and Chromium opens them against a live hub.
// On each page <echo-case-form> lists the hub's case templates, <echo-recommendation-viewer> the presenter's case and
// <echo-session> the session's title, all through the `getToken` the framework passed; acknowledging a recommendation
// reaches the framework as a typed event. On the page that loads the CDN script after the framework's first render,
// the tags are still unknown at first render and `getToken`, set before the upgrade, is kept.
// Each loaded page is photographed into FRAMEWORKS_SCREENSHOTS (default <tmpdir>/frameworks).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  advanceTestCase,
  hubFetch,
  launchChromium,
  startTestHub,
  submitTestCase,
  testRecommendation,
} from '@teleecho/test-kit';
import { packAndInstall } from './consumer/pack-install.mjs';
import { ROOT, run } from './lib.mjs';
import { createStaticServer } from './static-server.mjs';

const FRAMEWORKS = ['react', 'vue'];
/** Where each page is photographed once loaded (as the journey test does). */
const SHOTS = process.env.FRAMEWORKS_SCREENSHOTS ?? join(tmpdir(), 'frameworks');
const LOAD_TIMEOUT = 60_000;

/** What the host apps need besides our packages, at the examples' own ranges. */
function hostDependencies() {
  const deps = {};
  for (const fw of FRAMEWORKS) {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'examples', fw, 'package.json'), 'utf8'));
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (!name.startsWith('@teleecho/')) deps[name] = range;
    }
  }
  deps.typescript = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies.typescript;
  return deps;
}

/** Runs a package's bin (resolved from `cwd`, as npm would) with Node; throws with its output when it fails. */
async function runBin(cwd, pkg, binPath, args) {
  const main = createRequire(join(cwd, 'package.json')).resolve(`${pkg}/package.json`);
  const r = await run(process.execPath, [join(main, '..', binPath), ...args], { cwd, capture: true, quiet: true });
  if (r.code !== 0) throw new Error(`${pkg} ${args.join(' ')} in ${cwd} exited ${r.code}:\n${r.output}`);
  return r.output;
}

/** `vite build` of the example in `dir` into `outDir`. */
const viteBuild = (dir, outDir) =>
  runBin(dir, 'vite', 'bin/vite.js', ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']);

describe('React and Vue host apps built with Vite, in Chromium against a live hub', () => {
  let hub;
  let browser;
  let sessionTitle;
  const scratch = mkdtempSync(join(tmpdir(), 'teleecho-frameworks-'));
  /** @type {Record<'workspace' | 'tarballs', { url: string, close: () => void }>} */
  const sites = {};

  /** Serves built examples at /react/ and /vue/, the CDN build at /cdn/ and /config.json as `npm start` does. */
  async function serve(outDirs, cdnDir) {
    const server = createStaticServer({
      mounts: { '/react/': outDirs.react, '/vue/': outDirs.vue, '/cdn/': cdnDir, '/': join(ROOT, 'examples') },
      routes: {
        '/config.json': async (url) => ({
          hubUrl: hub.url,
          programId: hub.demo.programId,
          dropInSessionId: hub.demo.sessionIds[0],
          ...(url.searchParams.get('role') === 'presenter' && { token: await hub.mint({ role: 'presenter' }) }),
        }),
      },
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
  }

  before(
    async () => {
      mkdirSync(SHOTS, { recursive: true });
      [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
      const token = await hub.mint({ role: 'presenter' });
      sessionTitle = (await hubFetch(hub.url, 'GET', `/v1/sessions/${hub.demo.sessionIds[0]}`, { token })).body.title;

      // against the workspace: the examples' own folders, @teleecho/* linked to packages/*
      const workspace = {};
      for (const fw of FRAMEWORKS) {
        workspace[fw] = join(scratch, 'workspace', fw);
        await viteBuild(join(ROOT, 'examples', fw), workspace[fw]);
      }
      sites.workspace = await serve(workspace, join(ROOT, 'packages/elements/dist/cdn'));

      // against the tarballs: the examples copied into a project that installed the packed packages
      const { dir } = await packAndInstall(join(scratch, 'consumer'), { dependencies: hostDependencies() });
      const installed = {};
      for (const fw of FRAMEWORKS) {
        const app = join(dir, fw);
        cpSync(join(ROOT, 'examples', fw), app, {
          recursive: true,
          filter: (src) => !/[\\/](node_modules|dist)$/.test(src),
        });
        installed[fw] = join(scratch, 'tarballs', fw);
        await viteBuild(app, installed[fw]);
      }
      sites.tarballs = await serve(installed, join(dir, 'node_modules/@teleecho/elements/dist/cdn'));
    },
    { timeout: 25 * 60_000 }, // packing, and installing the tarballs (the hub compiles better-sqlite3), take most of it
  );
  after(async () => {
    await browser?.close();
    for (const site of Object.values(sites)) site.close();
    await hub?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('from the tarballs, tsc and vue-tsc check the examples against the installed @teleecho/elements types', async () => {
    const dir = join(scratch, 'consumer');
    await runBin(join(dir, 'react'), 'typescript', 'bin/tsc', ['-p', 'tsconfig.json', '--noEmit']);
    await runBin(join(dir, 'vue'), 'vue-tsc', 'bin/vue-tsc.js', ['-p', 'tsconfig.json', '--noEmit']);
    // and the deliberately wrong fixture fails there too
    const wrong = await run(
      process.execPath,
      [
        createRequire(join(dir, 'package.json')).resolve('typescript/bin/tsc'),
        '-p',
        'type-tests/tsconfig.json',
        '--noEmit',
      ],
      { cwd: join(dir, 'react'), capture: true, quiet: true },
    );
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.output, /wrong-props\.tsx\(6,\d+\): error TS2322/);
  });

  for (const source of ['workspace', 'tarballs']) {
    for (const fw of FRAMEWORKS) {
      const name = fw === 'react' ? 'React' : 'Vue';

      /** Opens a page and collects its errors. */
      async function open(path) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(`${sites[source].url}/${fw}/${path}`);
        return { page, errors, close: () => context.close() };
      }

      /** The three elements show the hub's data: templates, the presenter's case, the session's title. */
      async function assertLoaded(page, caseTitle, caseId) {
        await page.locator('#case-form [part~="template-button"]').first().waitFor({ timeout: LOAD_TIMEOUT });
        assert.ok((await page.locator('#case-form [part~="template-button"]').count()) >= 2, 'case templates');
        const caseButton = page.locator(`#recommendations [part="case-button"][data-case-id="${caseId}"]`);
        await caseButton.waitFor({ timeout: LOAD_TIMEOUT });
        assert.ok((await caseButton.innerText()).includes(caseTitle), await caseButton.innerText());
        const title = page.locator('#session [part="title"]');
        await title.waitFor({ timeout: LOAD_TIMEOUT });
        assert.equal((await title.innerText()).trim(), sessionTitle);
        return caseButton;
      }

      async function presentedCase(title) {
        const c = await submitTestCase(hub, { title });
        await advanceTestCase(hub, c.id, 'presented');
        const rec = await testRecommendation(hub, c.id, { issue: true });
        return { caseId: c.id, recommendationId: rec.id };
      }

      test(`${name} from the ${source}: the elements load the hub's data and events reach ${name}`, async () => {
        const title = `${name} host case (${source})`;
        const { caseId, recommendationId } = await presentedCase(title);
        const { page, errors, close } = await open('');
        try {
          const caseButton = await assertLoaded(page, title, caseId);
          // a typed `onecho-recommendation-acknowledged` / `@echo-recommendation-acknowledged` handler updates the app
          await caseButton.click();
          await page.locator('#recommendations [part~="acknowledge-button"]').click({ timeout: LOAD_TIMEOUT });
          await page
            .locator('#status', { hasText: `Recommendation ${recommendationId} acknowledged` })
            .waitFor({ timeout: LOAD_TIMEOUT });
          await page.screenshot({ path: join(SHOTS, `${fw}-${source}.png`), fullPage: true });
          assert.deepEqual(errors, []);
        } finally {
          await close();
        }
      });

      test(`${name} from the ${source}: elements defined after the first render keep getToken`, async () => {
        const title = `${name} late page case (${source})`;
        const { caseId } = await presentedCase(title);
        const { page, errors, close } = await open('late.html');
        try {
          await page.locator('#status', { hasText: 'The elements are defined.' }).waitFor({ timeout: LOAD_TIMEOUT });
          // the framework rendered the tags before they were defined
          assert.equal(await page.evaluate(() => document.body.dataset.definedAtFirstRender), 'false');
          await assertLoaded(page, title, caseId);
          // getToken, set on the unknown element, is the upgraded element's property
          assert.deepEqual(
            await page.evaluate(() =>
              ['#case-form', '#recommendations', '#session'].map((id) => {
                const el = document.querySelector(id);
                return [id, typeof el.getToken, Object.hasOwn(el, 'getToken')];
              }),
            ),
            [
              ['#case-form', 'function', false],
              ['#recommendations', 'function', false],
              ['#session', 'function', false],
            ],
          );
          await page.screenshot({ path: join(SHOTS, `${fw}-late-${source}.png`), fullPage: true });
          assert.deepEqual(errors, []);
        } finally {
          await close();
        }
      });
    }
  }
});
