// Benchmark of live sessions on a real hub + livekit-server with headless Chromium (fake camera and microphone):
// - join time: from joinSession() to the first remote video frame rendered, through the SDK and through a bare
//   livekit-client page doing the same, in one run (median of ROUNDS each, alternating); ratio target ≤ 1.15;
// - downstream bitrate over 30 s in normal and in low-bandwidth mode (target ≤ 50 kbit/s in low-bandwidth);
// - gzipped bytes a page loads before join (the SDK entry chunk) and of the chunk loaded on join (livekit-client).
// `<echo-session>` figures join these once the element exists. Last stdout line: {"session": {...}}.
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createLiveTestSession, launchChromium, requireLiveKit, startTestHub } from '@teleecho/hub/testing';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';

const ROUNDS = 7;
const WINDOW_MS = Number(process.env.TELEECHO_BENCH_WINDOW_MS ?? 30_000);

if (!requireLiveKit()) {
  console.log(JSON.stringify({ session: { skipped: 'livekit-server missing (scripts/install-tools.sh)' } }));
  process.exit(0);
}

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const built = await build({
  entryPoints: { sdk: here('../src/session/e2e-page.ts'), bare: here('./bare-livekit-page.ts') },
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
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const body = files.get(path);
  if (body === undefined) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': path.endsWith('.html') ? 'text/html' : 'text/javascript' }).end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const site = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

// bytes: the SDK page's eager graph vs the lazily loaded livekit chunk
const outputs = built.metafile.outputs;
const gz = (file: string): number => gzipSync(files.get(file) ?? '').length;
const key = (output: string): string => `/${output.split('/').pop()}`;
const sdkEntry = Object.keys(outputs).find((n) => outputs[n]!.entryPoint?.endsWith('e2e-page.ts'))!;
const eager = new Set<string>();
const visit = (n: string): void => {
  if (eager.has(n)) return;
  eager.add(n);
  for (const i of outputs[n]!.imports) if (i.kind === 'import-statement') visit(i.path);
};
visit(sdkEntry);
const lazy = outputs[sdkEntry]!.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
const gzipOf = (names: Iterable<string>): number => [...names].reduce((sum, n) => sum + gz(key(n)), 0);

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
  const sdkMs: number[] = [];
  const bareMs: number[] = [];
  // one discarded warm-up pair, then alternate which goes first so neither always follows a closing page
  for (let i = -1; i < ROUNDS; i++) {
    for (const kind of i % 2 === 0 ? (['sdk', 'bare'] as const) : (['bare', 'sdk'] as const)) {
      const page = await open(`/${kind}.html`);
      const token = await hub.mint({ role: 'participant', sub: `${kind}-${i + 1}` });
      const args = [hub.url, token, sessionId] as const;
      const ms =
        kind === 'sdk'
          ? await page.evaluate(([h, t, s]) => window.echoTest.firstFrameMs(h, t, s), args)
          : await page.evaluate(([h, t, s]) => window.bareTest.firstFrameMs(h, t, s), args);
      if (i >= 0) (kind === 'sdk' ? sdkMs : bareMs).push(ms);
      await page.context().close();
      process.stderr.write(`join ${kind} #${i + 1}${i < 0 ? ' (warm-up)' : ''}: ${Math.round(ms)} ms\n`);
    }
  }

  const viewer = await open('/sdk.html');
  await viewer.evaluate(([h, t, s]) => window.echoTest.join(h!, t!, s!, { video: false }), [
    hub.url,
    await hub.mint({ role: 'participant', sub: 'viewer' }),
    sessionId,
  ] as const);
  const bytes = () => viewer.evaluate(() => window.echoTest.inboundBytes());
  const bitrate = async (): Promise<number> => {
    const a = await bytes();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const b = await bytes();
    const kbps = (n: number): number => (n * 8) / (WINDOW_MS / 1000) / 1000;
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

  const sdk = median(sdkMs);
  const bare = median(bareMs);
  console.log(
    JSON.stringify({
      session: {
        joinToFirstFrameMs: {
          sdk: round(sdk),
          bareLivekitClient: round(bare),
          ratio: Math.round((sdk / bare) * 100) / 100,
        },
        joinRatioTarget: 1.15,
        downstreamKbps: { normal: round(normalKbps), lowBandwidth: round(lowKbps), lowBandwidthTarget: 50 },
        gzipBytes: { beforeJoin: gzipOf(eager), onJoin: gzipOf(lazy) },
        rounds: ROUNDS,
      },
    }),
  );
} finally {
  await browser.close();
  server.close();
  await hub.close();
}
