// 1,000 SSE subscribers (in a separate process) on a hub (in its own process); a recommendation is
// issued SAMPLES times; latency = arrival at each subscriber − start of the PATCH that issued it.
// Prints {"sseFanout": {subscribers, samples, p50Ms, p99Ms, maxMs}} as its last line.
import { createEmbedToken } from '@teleecho/sdk/server';
import { advanceTestCase, hubFetch, submitTestCase, testRecommendation, type FixtureHub } from '@teleecho/test-kit';
import { now, quantile, round, spawnTs } from './lib.js';

const SUBSCRIBERS = 1000;
const SAMPLES = 20;

const hub = spawnTs('./hub-process.ts', ['sqlite']);
let clients: ReturnType<typeof spawnTs> | undefined;
try {
  const started = JSON.parse(await hub.nextLine()) as {
    url: string;
    apiKey: string;
    demo: FixtureHub['demo'];
  };
  const fixture: FixtureHub = {
    url: started.url,
    demo: started.demo,
    mint: ({ role, sub }) =>
      createEmbedToken({
        apiKey: started.apiKey,
        user: { id: sub ?? `bench-${role}`, name: role },
        role,
        programId: started.demo.programId,
        ttlSeconds: 3600,
      }),
  };
  const specialist = await fixture.mint({ role: 'specialist' });
  const c = await submitTestCase(fixture);
  await advanceTestCase(fixture, c.id, 'presented');
  const drafts = [];
  for (let i = 0; i < SAMPLES + 2; i += 1)
    drafts.push(await testRecommendation(fixture, c.id, { specialistToken: specialist, body: `Recommendation ${i}` }));

  clients = spawnTs('./sse-clients.ts', [started.url, specialist, String(SUBSCRIBERS)]);
  const ready = await clients.nextLine();
  if (ready !== 'ready') throw new Error(`clients said ${ready}`);

  const sent = new Map<string, number>();
  for (const [i, draft] of drafts.entries()) {
    const t0 = now();
    const r = await hubFetch(started.url, 'PATCH', `/v1/recommendations/${draft.id}`, {
      token: specialist,
      body: { status: 'issued' },
    });
    if (r.status !== 200) throw new Error(`issue failed: ${r.status}`);
    if (i >= 2) sent.set(draft.id, t0); // the first two warm up
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  clients.process.stdin!.write('report\n');
  const arrivals = JSON.parse(await clients.nextLine()) as Record<string, number[]>;
  const latencies: number[] = [];
  let missing = 0;
  for (const [recId, t0] of sent) {
    const list = arrivals[recId] ?? [];
    missing += SUBSCRIBERS - list.length;
    for (const at of list) latencies.push(at - t0);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      sseFanout: {
        subscribers: SUBSCRIBERS,
        samples: sent.size,
        deliveries: latencies.length,
        missing,
        p50Ms: round(quantile(latencies, 0.5)),
        p99Ms: round(quantile(latencies, 0.99)),
        maxMs: round(latencies.at(-1) ?? Number.NaN),
      },
    }),
  );
} finally {
  await clients?.stop();
  await hub.stop();
}
