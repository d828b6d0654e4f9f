// Schema-driven fuzzing of the hub from its own /v1/openapi.json (issue 13), on SQLite and PostgreSQL: no 5xx,
// problem+json for every 4xx, no request over 2 s, /healthz answering throughout. The seed is fixed (printed; set
// TELEECHO_FUZZ_SEED to replay another, TELEECHO_FUZZ_RUNS for more requests); `npm run bench` runs longer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { livekitAvailable } from '../livekit/server.js';
import { fuzzHub, prepareFuzz, watchHealth, type FuzzContext, type FuzzOperation } from '@teleecho/test-kit/fuzz';
import { startTestHub, storageTiers, type TestHub } from '@teleecho/test-kit';

const SEED = Number(process.env.TELEECHO_FUZZ_SEED ?? 20_250_613);
const RUNS = Number(process.env.TELEECHO_FUZZ_RUNS ?? 1500);
/** Without a LiveKit server, moderation honestly answers 502 livekit_unavailable: the one 5xx admitted then. */
const WITH_LIVEKIT = livekitAvailable();

for (const { tier, skip } of await storageTiers()) {
  describe(`fuzz from /v1/openapi.json [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let ops: FuzzOperation[];
    let ctx: FuzzContext;
    before(async () => {
      hub = await startTestHub({
        storage: tier,
        livekit: WITH_LIVEKIT ? true : { url: 'ws://127.0.0.1:9', apiKey: 'devkey', apiSecret: 'secret' },
      });
      ({ ops, ctx } = await prepareFuzz(hub));
    });
    after(() => hub?.close());

    test(`every operation, fixed hostile cases and ${RUNS} generated requests (seed ${SEED}): no 5xx, problem+json 4xx, none over 2 s, /healthz up`, async () => {
      console.log(
        `fuzz [${tier}]: seed ${SEED}, ${RUNS} generated requests, ${ops.length} operations, LiveKit ${WITH_LIVEKIT ? 'running' : 'absent'}`,
      );
      assert.ok(ops.length >= 45, `only ${ops.length} operations in the OpenAPI document`);
      const health = watchHealth(hub.url);
      const { stats, failure } = await fuzzHub({
        url: hub.url,
        ops,
        ctx,
        seed: SEED,
        numRuns: RUNS,
        allow: (r) => !WITH_LIVEKIT && r.status === 502 && r.json?.code === 'livekit_unavailable',
      });
      const healthz = await health.stop();
      console.log(
        `fuzz [${tier}]: ${stats.requests} requests, statuses ${JSON.stringify(stats.byStatus)}, healthz polled ${healthz.polls} times`,
      );
      assert.deepEqual(
        stats.violations
          .slice(0, 20)
          .map((v) => `${v.request.label} (${v.request.method} ${v.request.path.slice(0, 120)}): ${v.problem}`),
        [],
        `seed ${SEED}`,
      );
      assert.equal(failure, undefined, failure);
      assert.deepEqual(healthz.failures, []);
      assert.ok(healthz.polls > 0, '/healthz was polled');
      // the fuzz reached past the edge: successes, validation errors, and refusals all occurred
      for (const status of ['200', '201', '400', '401', '404'])
        assert.ok(stats.byStatus[status], `no ${status} at all`);
    });
  });
}
