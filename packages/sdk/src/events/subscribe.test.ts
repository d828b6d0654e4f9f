// client.events.subscribe() against a real hub (SQLite) from @teleecho/test-kit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEchoClient } from '../client/echo-client.js';
import type { EchoClient } from '../client/echo-client.js';
import { AuthError } from '../errors.js';
import type { EchoError } from '../errors.js';
import { caseInput, presentedCase } from '../internal/test-fixtures.js';
import { newProgram, startHub } from '../internal/test-hub.js';
import type { ProgramFixture, TestHub } from '../internal/test-hub.js';
import { startGateway, waitFor } from '../internal/test-server.js';
import type { Gateway } from '../internal/test-server.js';
import { createEmbedToken } from '../server/index.js';
import type { EchoEvent } from '../types.js';
import type { Subscription, SubscriptionStatus } from './subscribe.js';

let hub: TestHub;
const gateways: Gateway[] = [];
const subscriptions: Subscription[] = [];
before(async () => {
  hub = await startHub();
});
after(async () => {
  for (const s of subscriptions) s.unsubscribe();
  await Promise.all(gateways.map((g) => g.close()));
  await hub?.close();
});

const fast = { reconnectBaseMs: 50, reconnectMaxMs: 500 };

/** Subscribes and collects events; resolves once the stream is open. */
async function listen(
  client: EchoClient,
  filter: { programId?: string; caseId?: string },
  options: Parameters<EchoClient['events']['subscribe']>[2] = {},
): Promise<{ events: EchoEvent[]; statuses: SubscriptionStatus[]; sub: Subscription }> {
  const events: EchoEvent[] = [];
  const statuses: SubscriptionStatus[] = [];
  const sub = client.events.subscribe(filter, (e) => events.push(e), {
    ...fast,
    ...options,
    onStatus: (s, info) => {
      statuses.push(s);
      options.onStatus?.(s, info);
    },
  });
  subscriptions.push(sub);
  await waitFor(() => sub.status === 'open' || sub.status === 'closed', 'the stream to open');
  return { events, statuses, sub };
}

async function submit(fx: ProgramFixture, presenter: EchoClient, title: string): Promise<string> {
  return (await presenter.cases.submit(await caseInput(presenter, fx.program.id, title))).id;
}

describe('live events against a real hub', () => {
  test('receives live events in order', async () => {
    const fx = await newProgram(hub);
    const coordinator = await fx.as('coordinator');
    const presenter = await fx.as('presenter');
    const { events, sub } = await listen(coordinator, { programId: fx.program.id });
    const caseId = await submit(fx, presenter, 'Live one');
    await coordinator.cases.transition(caseId, { status: 'accepted' });
    await waitFor(() => events.some((e) => e.type === 'case.updated'), 'case.updated');
    const submitted = events.find((e) => e.type === 'case.submitted');
    assert.equal(submitted?.caseId, caseId);
    assert.equal(submitted?.programId, fx.program.id);
    const ids = events.map((e) => BigInt(e.id));
    assert.deepEqual(
      [...ids].sort((a, b) => (a < b ? -1 : 1)),
      ids,
      'ids increase',
    );
    assert.equal(sub.lastEventId, events.at(-1)!.id);
  });

  test('filters by caseId', async () => {
    const fx = await newProgram(hub);
    const coordinator = await fx.as('coordinator');
    const presenter = await fx.as('presenter');
    const a = await submit(fx, presenter, 'Case A');
    const b = await submit(fx, presenter, 'Case B');
    const onlyA = await listen(coordinator, { caseId: a });
    const everything = await listen(coordinator, { programId: fx.program.id });
    await coordinator.cases.transition(b, { status: 'accepted' });
    await coordinator.cases.transition(a, { status: 'accepted' });
    // Once the unfiltered stream has seen A's update, the filtered one has had B's chance too.
    await waitFor(() => everything.events.filter((e) => e.type === 'case.updated').length === 2, 'both updates');
    await waitFor(() => onlyA.events.length === 1, "A's update");
    assert.deepEqual(
      onlyA.events.map((e) => [e.type, e.caseId]),
      [['case.updated', a]],
    );
  });

  test('resumes after a dropped connection with Last-Event-ID: missed events once, in order', async () => {
    const fx = await newProgram(hub);
    const gateway = await startGateway(hub.url);
    gateways.push(gateway);
    const token = await hub.mint({ role: 'coordinator', programId: fx.program.id, sub: 'c', name: 'C' });
    const viaGateway = createEchoClient({ hubUrl: gateway.url, token });
    const presenter = await fx.as('presenter');
    const { events, statuses, sub } = await listen(viaGateway, { programId: fx.program.id });
    const first = await submit(fx, presenter, 'Before the drop');
    await waitFor(() => events.length === 1, 'first event');
    const lastBeforeDrop = sub.lastEventId;

    gateway.cut();
    await waitFor(() => statuses.includes('reconnecting'), 'reconnecting');
    const missed = [await submit(fx, presenter, 'Missed 1'), await submit(fx, presenter, 'Missed 2')];
    gateway.restore();
    await waitFor(() => events.length === 3, 'the two missed events');
    const resumed = gateway.requests.filter((r) => r.url.startsWith('/v1/events')).at(-1)!;
    assert.equal(resumed.headers['last-event-id'], lastBeforeDrop);
    await submit(fx, presenter, 'After');
    await waitFor(() => events.length === 4, 'live again');
    assert.deepEqual(
      events.map((e) => e.caseId),
      [first, ...missed, events[3]!.caseId],
    );
    assert.equal(new Set(events.map((e) => e.id)).size, 4, 'each event once');
  });

  test('resumes across a hub restart', async () => {
    const fx = await newProgram(hub);
    const coordinator = await fx.as('coordinator');
    const presenter = await fx.as('presenter');
    const { events, statuses } = await listen(coordinator, { programId: fx.program.id });
    const before = await submit(fx, presenter, 'Before restart');
    await waitFor(() => events.length === 1, 'first event');
    await hub.restart();
    const afterIds = [await submit(fx, presenter, 'After restart 1'), await submit(fx, presenter, 'After restart 2')];
    await waitFor(() => events.length === 3, 'events after the restart');
    assert.ok(statuses.includes('reconnecting'), 'the subscription noticed the restart');
    assert.deepEqual(
      events.map((e) => e.caseId),
      [before, ...afterIds],
    );
    assert.equal(new Set(events.map((e) => e.id)).size, 3);
  });

  test('unsubscribe() stops delivery', async () => {
    const fx = await newProgram(hub);
    const coordinator = await fx.as('coordinator');
    const presenter = await fx.as('presenter');
    const stopped = await listen(coordinator, { programId: fx.program.id });
    const witness = await listen(coordinator, { programId: fx.program.id });
    await submit(fx, presenter, 'Seen by both');
    await waitFor(() => stopped.events.length === 1 && witness.events.length === 1, 'both see the first');
    stopped.sub.unsubscribe();
    assert.equal(stopped.sub.status, 'closed');
    await submit(fx, presenter, 'Seen by the witness only');
    await waitFor(() => witness.events.length === 2, 'the witness sees the second');
    assert.equal(stopped.events.length, 1);
  });

  test('refreshes its token through getToken when the hub closes the stream at expiry', async () => {
    const fx = await newProgram(hub);
    const presenter = await fx.as('presenter');
    let minted = 0;
    const client = createEchoClient({
      hubUrl: hub.url,
      getToken: () => {
        minted++;
        return hub.mint({ role: 'coordinator', programId: fx.program.id, sub: 'short', name: 'S', ttlSeconds: 2 });
      },
    });
    const { events, statuses, sub } = await listen(client, { programId: fx.program.id });
    await submit(fx, presenter, 'Before expiry');
    await waitFor(() => events.length === 1, 'an event with the first token');
    // the first token expires (2 s): the hub ends the stream, and the subscription reconnects with a fresh token
    await waitFor(
      () => statuses.indexOf('reconnecting', statuses.indexOf('open')) > 0 && statuses.at(-1) === 'open',
      'the stream to end at expiry and open again',
      10_000,
    );
    await submit(fx, presenter, 'After expiry');
    // Delivered live on the refreshed stream, or replayed through Last-Event-ID if it fell in a gap.
    await waitFor(() => events.length === 2, 'an event after the first token expired');
    assert.ok(minted >= 2, `getToken called again (${minted})`);
    assert.equal(new Set(events.map((e) => e.id)).size, 2);
    assert.notEqual(sub.status, 'closed');
  });

  test('a token the hub rejects closes the subscription with an AuthError', async () => {
    const fx = await newProgram(hub);
    const forged = await createEmbedToken({
      apiKey: `teleecho_sk_abcdefghijkl.${'y'.repeat(43)}`,
      user: { id: 'u', name: 'U' },
      role: 'coordinator',
      programId: fx.program.id,
    });
    const errors: EchoError[] = [];
    const { sub } = await listen(
      createEchoClient({ hubUrl: hub.url, token: forged }),
      {},
      {
        onError: (e) => errors.push(e),
      },
    );
    await waitFor(() => sub.status === 'closed', 'closed');
    assert.ok(errors[0] instanceof AuthError, `AuthError, got ${String(errors[0])}`);
  });

  test('a presenter receives recommendation.issued for their case', async () => {
    const fx = await newProgram(hub);
    const presenter = await fx.as('presenter');
    const { case: c } = await presentedCase({ coordinator: await fx.as('coordinator'), presenter }, fx.program.id);
    const { events } = await listen(presenter, { caseId: c.id });
    const specialist = await fx.as('specialist');
    const draft = await specialist.recommendations.create(c.id, { body: 'Treat for 12 weeks.', category: 'treatment' });
    await specialist.recommendations.issue(draft.id);
    await waitFor(() => events.some((e) => e.type === 'recommendation.issued'), 'recommendation.issued');
    assert.equal(events.find((e) => e.type === 'recommendation.issued')?.caseId, c.id);
  });
});
