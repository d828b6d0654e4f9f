import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Recommendation } from '@teleecho/sdk';
import {
  WebhookSignatureError,
  constructWebhookEvent,
  deriveTokenSigningKey,
  parseApiKey,
  signEmbedToken,
  verifyWebhookSignature,
  type HostWebhookEvent,
} from '@teleecho/sdk/server';
import { runCli } from '../cli.js';
import { HUB_ISSUER } from '../http/auth.js';
import { loadHubSecret } from '../secret.js';
import {
  advanceTestCase,
  hubFetch,
  startTestHub,
  storageTiers,
  submitTestCase,
  testRecommendation,
  until,
  type TestHub,
} from '@teleecho/test-kit';
import { setHostWebhook } from './host-webhooks.js';

/** One POST the receiver got. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A real HTTP receiver on port 0: answers each request with the next planned status (default 200). */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  plan: number[];
  server: Server;
}> {
  const state = {
    url: '',
    received: [] as Received[],
    plan: [] as number[],
    server: undefined as unknown as Server,
  };
  state.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.writeHead(state.plan.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/teleecho/webhook`;
  return state;
}

const events = (received: Received[], caseId: string) =>
  received.map((r) => JSON.parse(r.body) as HostWebhookEvent).filter((e) => e.case.id === caseId);

for (const { tier, skip } of await storageTiers()) {
  describe(`host webhooks [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let secret: string;
    let keyId: string;
    const logs: string[] = [];
    before(async () => {
      receiver = await startReceiver();
      hub = await startTestHub({
        storage: tier,
        logger: (line) => logs.push(line),
        webhooks: { retryDelaysMs: [1000, 200, 200], jitter: 0.1, pollMs: 250 },
      });
      keyId = parseApiKey(hub.apiKey).keyId;
      secret = (await setHostWebhook(hub.hub!.storage, keyId, receiver.url)).secret!;
    });
    after(async () => {
      await hub?.close();
      receiver?.server.close();
    });

    const deliveriesOf = async (caseId: string) =>
      (await hub.hub!.storage.webhooks.list({ limit: 100 })).filter((d) => d.caseId === caseId);
    const settled = (caseId: string, count: number) =>
      until(
        `${count} settled deliveries of ${caseId}`,
        async () => {
          const rows = await deliveriesOf(caseId);
          return rows.length === count && rows.every((d) => d.status !== 'pending');
        },
        8000,
      );

    test('issue, amend, acknowledge: exactly one signed delivery each, verified by the SDK helper, with a FHIR Communication', async () => {
      const presenter = await hub.mint({ role: 'presenter', sub: 'webhook-presenter' });
      const specialist = await hub.mint({ role: 'specialist' });
      const c = await submitTestCase(hub, { presenterToken: presenter, title: 'HCV 1a, naive' });
      await advanceTestCase(hub, c.id, 'presented');
      const rec = await testRecommendation(hub, c.id, { body: 'Draft text' });
      await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${rec.id}`, {
        token: specialist,
        body: { body: 'Start sofosbuvir/velpatasvir 12 weeks', followUp: '2031-02-01' },
      });
      await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${rec.id}`, {
        token: specialist,
        body: { status: 'issued' },
      });
      await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${rec.id}`, {
        token: specialist,
        body: { body: 'Start sofosbuvir/velpatasvir 8 weeks' },
      });
      await hubFetch(hub.url, 'POST', `/v1/recommendations/${rec.id}/acknowledge`, {
        token: presenter,
        body: { reply: 'Will start Monday' },
      });
      await settled(c.id, 3);
      const got = receiver.received.filter((r) => events([r], c.id).length);
      assert.equal(got.length, 3, 'one delivery per event, none for draft edits');
      const parsed = got.map((r) =>
        constructWebhookEvent({ payload: r.body, header: r.headers['teleecho-signature'], secret }),
      );
      assert.deepEqual(
        parsed.map((e) => e.type),
        ['recommendation.issued', 'recommendation.amended', 'recommendation.acknowledged'],
      );
      for (const [i, r] of got.entries()) {
        assert.equal(r.headers['content-type'], 'application/json');
        assert.equal(r.headers['teleecho-delivery'], parsed[i]!.id);
        assert.match(String(r.headers['teleecho-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);
      }
      const [issued, amended, acked] = parsed as [HostWebhookEvent, HostWebhookEvent, HostWebhookEvent];
      assert.deepEqual(issued.case, {
        id: c.id,
        programId: hub.demo.programId,
        title: 'HCV 1a, naive',
        status: 'recommendations_issued',
      });
      assert.equal(issued.recommendation.number, 1);
      assert.equal(issued.communication.resourceType, 'Communication');
      assert.equal(issued.communication.status, 'completed');
      assert.equal(
        issued.communication.payload[0]!.contentString,
        'Recommendation 1 (Treatment): Start sofosbuvir/velpatasvir 12 weeks\nFollow-up: 2031-02-01',
      );
      assert.equal(amended.recommendation.history[0]!.body, 'Start sofosbuvir/velpatasvir 12 weeks', 'what changed');
      assert.ok(amended.communication.identifier.some((i) => i.value === `${rec.id}/2`));
      assert.equal(acked.recommendation.acknowledgement?.reply, 'Will start Monday');
      assert.equal(acked.case.status, 'closed');

      const first = got[0]!;
      assert.throws(
        () =>
          verifyWebhookSignature({
            payload: first.body.replace('12 weeks', '2 weeks'),
            header: first.headers['teleecho-signature'],
            secret,
          }),
        (e: unknown) => e instanceof WebhookSignatureError && e.code === 'webhook_signature_mismatch',
      );
      assert.throws(
        () =>
          verifyWebhookSignature({
            payload: first.body,
            header: first.headers['teleecho-signature'],
            secret,
            now: Math.floor(Date.now() / 1000) + 600,
          }),
        (e: unknown) => e instanceof WebhookSignatureError && e.code === 'webhook_timestamp_out_of_tolerance',
      );
    });

    test('a receiver that fails twice gets the same delivery on the third attempt', async () => {
      const presenter = await hub.mint({ role: 'presenter', sub: 'retry-presenter' });
      const c = await submitTestCase(hub, { presenterToken: presenter });
      await advanceTestCase(hub, c.id, 'presented');
      receiver.plan.push(500, 503);
      const rec = await testRecommendation(hub, c.id, { issue: true });
      await settled(c.id, 1);
      const got = receiver.received.filter((r) => events([r], c.id).length);
      assert.equal(got.length, 3);
      assert.equal(new Set(got.map((r) => r.headers['teleecho-delivery'])).size, 1, 'same delivery id');
      assert.equal(new Set(got.map((r) => r.body)).size, 1, 'same body');
      for (const r of got) verifyWebhookSignature({ payload: r.body, header: r.headers['teleecho-signature'], secret });
      assert.ok(got[1]!.at - got[0]!.at >= 850 && got[2]!.at - got[1]!.at >= 150, 'backoff between attempts');
      const [row] = await deliveriesOf(c.id);
      assert.deepEqual([row!.status, row!.attempts, row!.lastStatus], ['delivered', 3, 200]);
      assert.equal(events(got, c.id)[0]!.recommendation.id, rec.id);
    });

    test('the outbox survives a hub restart in the middle of retrying', async () => {
      const presenter = await hub.mint({ role: 'presenter', sub: 'restart-presenter' });
      const c = await submitTestCase(hub, { presenterToken: presenter });
      await advanceTestCase(hub, c.id, 'presented');
      receiver.plan.push(500);
      await testRecommendation(hub, c.id, { issue: true });
      // the first attempt failed and its retry is scheduled (1 s later): the hub dies now (polled every 10 ms, well
      // inside that second; `until` polls every 200 ms)
      const deadline = Date.now() + 8000;
      while ((await deliveriesOf(c.id))[0]?.attempts !== 1) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for the first failed attempt of ${c.id}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await hub.kill();
      const before = receiver.received.filter((r) => events([r], c.id).length);
      assert.equal(before.length, 1, 'one failed attempt before the restart');
      const restartedAt = Date.now();
      await hub.restart();
      await settled(c.id, 1);
      const got = receiver.received.filter((r) => events([r], c.id).length);
      assert.equal(got.length, 2);
      assert.ok(got[1]!.at >= restartedAt, 'the retry came from the restarted hub');
      assert.equal(got[0]!.headers['teleecho-delivery'], got[1]!.headers['teleecho-delivery']);
      const [row] = await deliveriesOf(c.id);
      assert.deepEqual([row!.status, row!.attempts], ['delivered', 2]);
    });

    test('a delivery that keeps failing ends as failed: logged, and listed by `teleecho webhooks list`', async () => {
      const presenter = await hub.mint({ role: 'presenter', sub: 'failing-presenter' });
      const c = await submitTestCase(hub, { presenterToken: presenter });
      await advanceTestCase(hub, c.id, 'presented');
      receiver.plan.push(500, 500, 500, 500);
      await testRecommendation(hub, c.id, { issue: true });
      await settled(c.id, 1);
      const [row] = await deliveriesOf(c.id);
      assert.deepEqual([row!.status, row!.attempts, row!.lastError], ['failed', 4, 'HTTP 500']);
      assert.ok(
        logs.some((l) => l.includes('"webhook delivery failed"') && l.includes(row!.id)),
        'logged as an error',
      );
      const out: string[] = [];
      const storageFlags = hub.databaseUrl ? ['--database-url', hub.databaseUrl] : ['--data', hub.dataDir];
      assert.equal(await runCli(['webhooks', 'list', '--status', 'failed', ...storageFlags], (l) => out.push(l)), 0);
      assert.ok(
        out.some((l) => l.startsWith(`${row!.id}\tfailed\t4\trecommendation.issued`)),
        out.join('\n'),
      );
    });

    test('without a webhook (CLI --none) or for hub-minted tokens nothing is enqueued', async () => {
      const out: string[] = [];
      const storageFlags = hub.databaseUrl ? ['--database-url', hub.databaseUrl] : ['--data', hub.dataDir];
      assert.equal(await runCli(['api-key', 'set-webhook', keyId, '--none', ...storageFlags], (l) => out.push(l)), 0);
      const presenter = await hub.mint({ role: 'presenter', sub: 'quiet-presenter' });
      const c = await submitTestCase(hub, { presenterToken: presenter });
      await advanceTestCase(hub, c.id, 'presented');
      await testRecommendation(hub, c.id, { issue: true });
      assert.equal((await deliveriesOf(c.id)).length, 0);
      const set: string[] = [];
      assert.equal(
        await runCli(['api-key', 'set-webhook', keyId, receiver.url, ...storageFlags], (l) => set.push(l)),
        0,
      );
      secret = set.at(-1)!;
      assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      assert.equal(
        await runCli(
          ['api-key', 'set-webhook', keyId, 'ftp://x', ...storageFlags],
          () => undefined,
          () => undefined,
        ),
        2,
      );
      const devPresenter = await signEmbedToken({
        issuer: HUB_ISSUER,
        key: deriveTokenSigningKey(loadHubSecret(hub.dataDir).secret),
        user: { id: 'dev-presenter', name: 'Dev' },
        role: 'presenter',
        programId: hub.demo.programId,
      });
      const dev = await submitTestCase(hub, { presenterToken: devPresenter });
      await advanceTestCase(hub, dev.id, 'presented');
      await testRecommendation(hub, dev.id, { issue: true });
      assert.equal((await deliveriesOf(dev.id)).length, 0, 'a hub-minted (dev) token has no host webhook');
      const recs = await hubFetch<{ items: Recommendation[] }>(hub.url, 'GET', `/v1/cases/${c.id}/recommendations`, {
        token: presenter,
      });
      assert.equal(recs.body.items.length, 1);
    });
  });
}
