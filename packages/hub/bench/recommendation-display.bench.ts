// Issue-to-display latency with 1,000 viewers of one case: 999 raw SSE subscribers (their own process) plus ONE
// real headless Chromium page with <echo-recommendation-viewer> (a presenter token), against a hub in its own
// process. A recommendation is issued SAMPLES times; latency = start of the PATCH that issued it →
// (a) the frame's arrival at each SSE subscriber, (b) its text rendered in the viewer (MutationObserver in the page;
// both sides read performance.timeOrigin + performance.now(), a shared wall clock on this machine).
// Prints {"recommendationDisplay": {viewers, samples, sseP50Ms, sseP99Ms, displayP50Ms, displayP99Ms, …}} last.
import { fileURLToPath } from 'node:url';
import { createEmbedToken } from '@teleecho/sdk/server';
import {
  advanceTestCase,
  hubFetch,
  launchChromium,
  serveBundledPage,
  submitTestCase,
  testRecommendation,
  until,
  type FixtureHub,
} from '@teleecho/test-kit';
import { now, quantile, round, spawnTs } from './lib.js';

const SSE_SUBSCRIBERS = 999;
const SAMPLES = 20;
const WARMUP = 2;

const hub = spawnTs('./hub-process.ts', ['sqlite']);
let clients: ReturnType<typeof spawnTs> | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let site: Awaited<ReturnType<typeof serveBundledPage>> | undefined;
try {
  const started = JSON.parse(await hub.nextLine()) as { url: string; apiKey: string; demo: FixtureHub['demo'] };
  const mint: FixtureHub['mint'] = ({ role, sub }) =>
    createEmbedToken({
      apiKey: started.apiKey,
      user: { id: sub ?? `bench-${role}`, name: role },
      role,
      programId: started.demo.programId,
      ttlSeconds: 3600,
    });
  const fixture: FixtureHub = { url: started.url, demo: started.demo, mint };
  const specialist = await mint({ role: 'specialist' });
  const presenter = await mint({ role: 'presenter', sub: 'bench-presenter' });
  const c = await submitTestCase(fixture, { presenterToken: presenter, title: 'Bench case' });
  await advanceTestCase(fixture, c.id, 'presented');
  const drafts = [];
  for (let i = 0; i < SAMPLES + WARMUP; i += 1) {
    drafts.push(
      await testRecommendation(fixture, c.id, {
        specialistToken: specialist,
        body: `Recommendation ${i}: repeat HCV RNA at week ${i + 4}.`,
      }),
    );
  }

  clients = spawnTs('./sse-clients.ts', [started.url, specialist, String(SSE_SUBSCRIBERS)]);
  const ready = await clients.nextLine();
  if (ready !== 'ready') throw new Error(`clients said ${ready}`);

  site = await serveBundledPage({
    entryPoints: { page: fileURLToPath(new URL('./recommendation-display.page.ts', import.meta.url)) },
    html: '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><body><script type="module" src="/page.js"></script></body></html>',
  });
  browser = await launchChromium();
  const page = await browser.newPage();
  const query = new URLSearchParams({ hub: started.url, token: presenter, case: c.id });
  await page.goto(`${site.url}?${query}`);
  const displayed = () =>
    page.evaluate(() => (window as unknown as { __displayed: Record<string, number> }).__displayed);

  const sent = new Map<string, number>();
  for (const [i, draft] of drafts.entries()) {
    const t0 = now();
    const r = await hubFetch(started.url, 'PATCH', `/v1/recommendations/${draft.id}`, {
      token: specialist,
      body: { status: 'issued' },
    });
    if (r.status !== 200) throw new Error(`issue failed: ${r.status}`);
    if (i < WARMUP) {
      // warm-up: the viewer has loaded and its event stream is open once these show
      await until(`warm-up ${i} displayed`, async () => (await displayed())[draft.id], 30_000);
      continue;
    }
    sent.set(draft.id, t0);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const shown = await until(
    'every sample displayed',
    async () => {
      const d = await displayed();
      return [...sent.keys()].every((id) => d[id] !== undefined) && d;
    },
    30_000,
  );
  clients.process.stdin!.write('report\n');
  const arrivals = JSON.parse(await clients.nextLine()) as Record<string, number[]>;
  const sse: number[] = [];
  const display: number[] = [];
  let missing = 0;
  for (const [recId, t0] of sent) {
    const list = arrivals[recId] ?? [];
    missing += SSE_SUBSCRIBERS - list.length;
    for (const at of list) sse.push(at - t0);
    display.push(shown[recId]! - t0);
  }
  sse.sort((a, b) => a - b);
  display.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      recommendationDisplay: {
        viewers: SSE_SUBSCRIBERS + 1,
        samples: sent.size,
        sseDeliveries: sse.length,
        sseMissing: missing,
        sseP50Ms: round(quantile(sse, 0.5)),
        sseP99Ms: round(quantile(sse, 0.99)),
        displayP50Ms: round(quantile(display, 0.5)),
        displayP99Ms: round(quantile(display, 0.99)),
        displayMaxMs: round(display.at(-1) ?? Number.NaN),
      },
    }),
  );
} finally {
  await browser?.close();
  await site?.close();
  await clients?.stop();
  await hub.stop();
}
