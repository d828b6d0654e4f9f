// Benchmark of live sessions on a real hub + livekit-server with headless Chromium (fake camera and microphone):
// - join time, to the first remote video frame rendered: through `<echo-session>` (from the click on its join
//   button, pre-join screen already shown), through the SDK alone (from joinSession()) and through a bare
//   livekit-client page doing the same (from its join()), in one run (median of ROUNDS each, rotating the order);
//   ratio = <echo-session> / bare, target ≤ 1.15;
// - downstream bitrate over TELEECHO_BENCH_WINDOW_MS (default 30 s; the measured window is reported) in normal and
//   in low-bandwidth mode (target ≤ 50 kbit/s in low-bandwidth);
// - gzipped bytes a page loads before join and of the chunks loaded on join (livekit-client), for the
//   `<echo-session>` page and for an SDK-only page. Last stdout line: {"session": {...}}.
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createLiveTestSession, launchChromium, requireLiveKit, startTestHub } from '@teleecho/test-kit';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';

const ROUNDS = Number(process.env.TELEECHO_BENCH_ROUNDS ?? 7);
const WINDOW_MS = Number(process.env.TELEECHO_BENCH_WINDOW_MS ?? 30_000);

if (!requireLiveKit()) {
  console.log(JSON.stringify({ session: { skipped: 'livekit-server missing (scripts/install-tools.sh)' } }));
  process.exit(0);
}

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const built = await build({
  entryPoints: {
    sdk: here('../src/session/e2e-page.ts'),
    bare: here('./bare-livekit-page.ts'),
    element: here('../../elements/src/session/bench-page.ts'),
  },
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['source'],
  outdir: '/page',
  write: false,
  metafile: true,
  logLevel: 'silent',
});
const files = new Map(built.outputFiles.map((f) => [f.path.replace(/^\/page/, ''), f.text]));
const html = (entry: string): string =>
  `<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/${entry}.js"></script>`;
files.set('/sdk.html', html('sdk'));
files.set('/bare.html', html('bare'));
files.set('/element.html', html('element'));
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const body = files.get(path);
  if (body === undefined) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': path.endsWith('.html') ? 'text/html' : 'text/javascript' }).end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const site = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

// bytes: a page's eager graph (what loads before join) vs the chunks its dynamic imports add on join
const outputs = built.metafile.outputs;
const gz = (file: string): number => gzipSync(files.get(file) ?? '').length;
const key = (output: string): string => `/${output.split('/').pop()}`;
const closure = (roots: string[]): Set<string> => {
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const i of outputs[n]!.imports) if (i.kind === 'import-statement') visit(i.path);
  };
  roots.forEach(visit);
  return seen;
};
const gzipOf = (names: Iterable<string>): number => [...names].reduce((sum, n) => sum + gz(key(n)), 0);
function pageBytes(entrySuffix: string): { beforeJoin: number; onJoin: number } {
  const entry = Object.keys(outputs).find((n) => outputs[n]!.entryPoint?.endsWith(entrySuffix))!;
  const eager = closure([entry]);
  const dynamic = [...eager].flatMap((n) => outputs[n]!.imports.filter((i) => i.kind === 'dynamic-import'));
  const onJoin = [...closure(dynamic.map((i) => i.path))].filter((n) => !eager.has(n));
  return { beforeJoin: gzipOf(eager), onJoin: gzipOf(onJoin) };
}

const hub = await startTestHub({ livekit: true });
const browser = await launchChromium();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): number => Math.round(x * 10) / 10;

async function open(path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${site}${path}`);
  await page.waitForFunction(() => document.title === 'ready');
  return page;
}

try {
  const sessionId = await createLiveTestSession(hub);
  const publisher = await open('/sdk.html');
  await publisher.evaluate(([h, t, s]) => window.echoTest.join(h!, t!, s!), [
    hub.url,
    await hub.mint({ role: 'presenter', sub: 'publisher' }),
    sessionId,
  ] as const);
  const kinds = ['element', 'sdk', 'bare'] as const;
  const joinMs: Record<(typeof kinds)[number], number[]> = { element: [], sdk: [], bare: [] };
  // one discarded warm-up round, then rotate the order so none always follows a closing page
  for (let i = -1; i < ROUNDS; i++) {
    const shift = (i + 3) % 3;
    for (const kind of [...kinds.slice(shift), ...kinds.slice(0, shift)]) {
      const page = await open(`/${kind}.html`);
      const token = await hub.mint({ role: 'participant', sub: `${kind}-${i + 1}` });
      const args = [hub.url, token, sessionId] as const;
      let ms: number;
      if (kind === 'element') {
        await page.evaluate(([h, t, s]) => window.elementTest.prepare(h, t, s), args);
        ms = await page.evaluate(() => window.elementTest.firstFrameMs());
      } else if (kind === 'sdk') {
        ms = await page.evaluate(([h, t, s]) => window.echoTest.firstFrameMs(h, t, s), args);
      } else {
        ms = await page.evaluate(([h, t, s]) => window.bareTest.firstFrameMs(h, t, s), args);
      }
      if (i >= 0) joinMs[kind].push(ms);
      const marks =
        kind === 'element'
          ? await page.evaluate(() => window.elementTest.marks)
          : kind === 'bare'
            ? await page.evaluate(() => window.bareTest.marks)
            : {};
      await page.context().close();
      process.stderr.write(
        `join ${kind} #${i + 1}${i < 0 ? ' (warm-up)' : ''}: ${Math.round(ms)} ms ${JSON.stringify(marks)}\n`,
      );
    }
  }

  const viewer = await open('/sdk.html');
  await viewer.evaluate(([h, t, s]) => window.echoTest.join(h!, t!, s!, { video: false }), [
    hub.url,
    await hub.mint({ role: 'participant', sub: 'viewer' }),
    sessionId,
  ] as const);
  const bytes = () => viewer.evaluate(() => window.echoTest.inboundBytes());
  const windowsMs: number[] = [];
  const bitrate = async (): Promise<number> => {
    const a = await bytes();
    const from = performance.now();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const b = await bytes();
    const elapsed = performance.now() - from;
    windowsMs.push(Math.round(elapsed));
    const kbps = (n: number): number => (n * 8) / (elapsed / 1000) / 1000;
    process.stderr.write(
      `  audio ${round(kbps(b.audio - a.audio))} + video ${round(kbps(b.video - a.video))} kbit/s\n`,
    );
    return kbps(b.audio + b.video - a.audio - a.video);
  };
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const normalKbps = await bitrate();
  process.stderr.write(`downstream normal: ${round(normalKbps)} kbit/s\n`);
  await viewer.evaluate(() => window.echoTest.call('setLowBandwidth', true));
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const lowKbps = await bitrate();
  process.stderr.write(`downstream low-bandwidth: ${round(lowKbps)} kbit/s\n`);

  const element = median(joinMs.element);
  const sdk = median(joinMs.sdk);
  const bare = median(joinMs.bare);
  const ratio = (x: number): number => Math.round((x / bare) * 100) / 100;
  console.log(
    JSON.stringify({
      session: {
        joinToFirstFrameMs: {
          echoSession: round(element),
          sdk: round(sdk),
          bareLivekitClient: round(bare),
          ratio: ratio(element),
          sdkRatio: ratio(sdk),
        },
        joinRatioTarget: 1.15,
        downstreamKbps: { normal: round(normalKbps), lowBandwidth: round(lowKbps), lowBandwidthTarget: 50 },
        bitrateWindowMs: { configured: WINDOW_MS, measured: windowsMs },
        gzipBytes: { echoSession: pageBytes('bench-page.ts'), sdk: pageBytes('e2e-page.ts') },
        rounds: ROUNDS,
      },
    }),
  );
} finally {
  await browser.close();
  server.close();
  await hub.close();
}
