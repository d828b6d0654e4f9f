// A longer run of the schema-driven fuzzer (src/testing/fuzz.ts) than `npm test` makes: FUZZ_BENCH_RUNS generated
// requests (default 10000) per storage, with a fresh random seed each time (printed; FUZZ_BENCH_SEED replays one).
// Every violation is counted and listed, not stopped at. Prints
// {"fuzz": {"sqlite": {seed, requests, byStatus, p50Ms, p99Ms, maxMs, violations, healthz: {p50Ms, p99Ms, maxMs}}, …}}
// as its last line; exits 1 when anything broke a promise (a 5xx, a non-problem 4xx, a stall, /healthz down).
import { randomInt } from 'node:crypto';
import { livekitAvailable } from '../src/livekit/server.js';
import { fuzzHub, prepareFuzz, watchHealth } from '@teleecho/test-kit/fuzz';
import { pgAvailable, startTestHub, type TestStorage } from '@teleecho/test-kit';
import { quantile, round } from './lib.js';

const RUNS = Number(process.env.FUZZ_BENCH_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_BENCH_SEED ?? randomInt(2 ** 31));
const WITH_LIVEKIT = livekitAvailable();

async function run(tier: TestStorage) {
  const hub = await startTestHub({
    storage: tier,
    livekit: WITH_LIVEKIT ? true : { url: 'ws://127.0.0.1:9', apiKey: 'devkey', apiSecret: 'secret' },
  });
  try {
    const { ops, ctx } = await prepareFuzz(hub);
    console.error(`fuzz bench [${tier}]: seed ${SEED}, ${RUNS} generated requests over ${ops.length} operations`);
    const health = watchHealth(hub.url, 50);
    const started = Date.now();
    const { stats } = await fuzzHub({
      url: hub.url,
      ops,
      ctx,
      seed: SEED,
      numRuns: RUNS,
      stopOnFailure: false,
      allow: (r) => !WITH_LIVEKIT && r.status === 502 && r.json?.code === 'livekit_unavailable',
    });
    const healthz = await health.stop();
    return {
      seed: SEED,
      seconds: round((Date.now() - started) / 1000),
      requests: stats.requests,
      byStatus: stats.byStatus,
      p50Ms: round(quantile(stats.latencies, 0.5)),
      p99Ms: round(quantile(stats.latencies, 0.99)),
      maxMs: round(stats.latencies.at(-1) ?? Number.NaN),
      slowest: stats.slowest,
      violations: stats.violations.length,
      firstViolations: stats.violations
        .slice(0, 10)
        .map((v) => `${v.request.label}: ${v.request.method} ${v.request.path.slice(0, 160)} → ${v.problem}`),
      healthz: {
        polls: healthz.polls,
        failures: healthz.failures.slice(0, 5),
        p50Ms: round(quantile(healthz.latencies, 0.5)),
        p99Ms: round(quantile(healthz.latencies, 0.99)),
        maxMs: round(healthz.latencies.at(-1) ?? Number.NaN),
      },
    };
  } finally {
    await hub.close();
  }
}

const result: Record<string, unknown> = { sqlite: await run('sqlite') };
if (await pgAvailable()) result.postgres = await run('postgres');
else {
  console.warn('SKIPPED TIER postgres: PostgreSQL unreachable; fuzz bench ran on SQLite only');
  result.postgres = { skipped: 'PostgreSQL unreachable' };
}
const broken = Object.values(result).some(
  (r) =>
    (r as { violations?: number }).violations || (r as { healthz?: { failures: string[] } }).healthz?.failures.length,
);
console.log(JSON.stringify({ fuzz: result }));
process.exit(broken ? 1 : 0);
