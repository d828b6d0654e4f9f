// One /v1/events connection per page, hub and token scope: subscriptions of several clients share it, each gets
// only what its filter lets through, the connection widens its filter when a subscriber needs more (resuming with
// Last-Event-ID, so nobody misses anything), and it closes when the last subscriber leaves. Against a real local
// HTTP server speaking SSE; the hub-backed behaviour is in subscribe.test.ts, a browser page in
// examples/hub-console/src/one-event-stream.e2e.test.ts.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createEchoClient } from '../client/echo-client.js';
import { openEventStream, startTestServer, waitFor, writeEvent } from '../internal/test-server.js';
import type { TestServer } from '../internal/test-server.js';
import type { EchoEvent } from '../types.js';
import type { SubscriptionStatus } from './subscribe.js';

const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A JWT-shaped token (the SDK reads its claims without verifying; this server does not check it). */
function token(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ aud: 'teleecho-hub', iss: 'k1', exp: 4_000_000_000, ...claims })}.sig`;
}
const specialist = (extra: Record<string, unknown> = {}) =>
  token({ sub: 'u1', role: 'specialist', prg: 'p1', iat: Math.floor(Date.now() / 1000), ...extra });

const ev = (type: string, caseId: string): Record<string, unknown> => ({
  type,
  programId: 'p1',
  caseId,
  at: new Date().toISOString(),
  data: {},
});
const fast = { reconnectBaseMs: 10, reconnectMaxMs: 50 };

/** A server that keeps every event stream open and lets the test write to them. */
async function streamServer(onOpen: (res: ServerResponse, i: number) => void = () => {}) {
  const open: ServerResponse[] = [];
  const closed: number[] = [];
  const s = await startTestServer((_req, res, i) => {
    res.on('close', () => closed.push(i));
    openEventStream(res);
    open.push(res);
    onOpen(res, i);
  });
  servers.push(s);
  return { s, open, closed };
}

describe('one shared event stream per hub and token scope', () => {
  test('subscriptions of several clients with the same scope share one request; filters apply in the page', async () => {
    const { s, open } = await streamServer();
    // Three elements, three clients, tokens minted at different times for the same person: one scope.
    const clients = [specialist(), specialist({ iat: 1 }), specialist({ exp: 4_100_000_000 })].map((t) =>
      createEchoClient({ hubUrl: s.url, token: t }),
    );
    const caseA: EchoEvent[] = [];
    const caseB: EchoEvent[] = [];
    const all: EchoEvent[] = [];
    const subs = [
      clients[0]!.events.subscribe({ programId: 'p1', caseId: 'a' }, (e) => caseA.push(e), fast),
      clients[1]!.events.subscribe({ programId: 'p1', caseId: 'b' }, (e) => caseB.push(e), fast),
      clients[2]!.events.subscribe({ programId: 'p1' }, (e) => all.push(e), fast),
    ];
    await waitFor(() => subs.every((sub) => sub.status === 'open'), 'all open');
    assert.equal(s.requests.length, 1, 'one connection');
    assert.equal(s.requests[0]!.url, '/v1/events?programId=p1', 'the filter they share');
    writeEvent(open[0]!, '1', ev('case.updated', 'a'));
    writeEvent(open[0]!, '2', ev('case.updated', 'b'));
    writeEvent(open[0]!, '3', ev('recommendation.issued', 'a'));
    await waitFor(() => all.length === 3, 'three events');
    assert.deepEqual(
      caseA.map((e) => e.id),
      ['1', '3'],
    );
    assert.deepEqual(
      caseB.map((e) => e.id),
      ['2'],
    );
    assert.equal(subs[1]!.lastEventId, '3', 'the resume point is the stream’s');
    for (const sub of subs) sub.unsubscribe();
  });

  test('the connection closes when the last subscriber leaves, not before', async () => {
    const { s, open, closed } = await streamServer();
    const client = createEchoClient({ hubUrl: s.url, token: specialist() });
    const seen: string[] = [];
    const first = client.events.subscribe({}, () => {}, fast);
    const second = client.events.subscribe({}, (e) => seen.push(e.id), fast);
    await waitFor(() => second.status === 'open', 'open');
    first.unsubscribe();
    assert.equal(first.status, 'closed');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(closed, [], 'still open for the second');
    writeEvent(open[0]!, '7', ev('case.updated', 'a'));
    await waitFor(() => seen.length === 1, 'the second still receives');
    second.unsubscribe();
    await waitFor(() => closed.length === 1, 'the server sees the connection close');
    assert.equal(s.requests.length, 1);
  });

  test('a subscriber the open connection does not carry widens it, resuming with Last-Event-ID', async () => {
    const { s, open } = await streamServer((res, i) => {
      if (i === 1) writeEvent(res, '6', ev('case.updated', 'b')); // happened while the filter changed
    });
    const client = createEchoClient({ hubUrl: s.url, token: specialist() });
    const caseA: string[] = [];
    const caseB: string[] = [];
    const statuses: SubscriptionStatus[] = [];
    const a = client.events.subscribe({ caseId: 'a' }, (e) => caseA.push(e.id), {
      ...fast,
      onStatus: (st) => statuses.push(st),
    });
    await waitFor(() => a.status === 'open', 'a open');
    assert.equal(s.requests[0]!.url, '/v1/events?caseId=a');
    writeEvent(open[0]!, '5', ev('case.updated', 'a'));
    await waitFor(() => caseA.length === 1, "a's event");
    const b = client.events.subscribe({ caseId: 'b' }, (e) => caseB.push(e.id), fast);
    await waitFor(() => s.requests.length === 2, 'the wider connection');
    assert.equal(s.requests[1]!.url, '/v1/events');
    assert.equal(s.requests[1]!.headers['last-event-id'], '5');
    await waitFor(() => caseB.length === 1, "b's event");
    writeEvent(open[1]!, '7', ev('case.updated', 'a'));
    await waitFor(() => caseA.length === 2, "a's next event");
    assert.deepEqual(caseA, ['5', '7']);
    assert.deepEqual(caseB, ['6']);
    assert.deepEqual(statuses, ['connecting', 'open'], 'the switch is not a reconnect for the subscribers');
    a.unsubscribe();
    b.unsubscribe();
  });

  test('other scopes get their own stream: another user, another role, another hub', async () => {
    const { s } = await streamServer();
    const other = await streamServer();
    const subs = [
      createEchoClient({ hubUrl: s.url, token: specialist() }).events.subscribe({}, () => {}, fast),
      createEchoClient({ hubUrl: s.url, token: specialist({ sub: 'u2' }) }).events.subscribe({}, () => {}, fast),
      createEchoClient({ hubUrl: s.url, token: specialist({ role: 'coordinator' }) }).events.subscribe(
        {},
        () => {},
        fast,
      ),
      createEchoClient({ hubUrl: other.s.url, token: specialist() }).events.subscribe({}, () => {}, fast),
    ];
    await waitFor(() => subs.every((sub) => sub.status === 'open'), 'all open');
    assert.equal(s.requests.length, 3);
    assert.equal(other.s.requests.length, 1);
    for (const sub of subs) sub.unsubscribe();
  });

  test('after a drop every subscriber resumes on the one new connection, missing nothing', async () => {
    const { s, open } = await streamServer((res, i) => {
      if (i === 1) {
        writeEvent(res, '3', ev('case.updated', 'a')); // replayed after Last-Event-ID 2
        writeEvent(res, '4', ev('case.updated', 'b'));
      }
    });
    const client = createEchoClient({ hubUrl: s.url, token: specialist() });
    const a: string[] = [];
    const b: string[] = [];
    const subA = client.events.subscribe({ caseId: 'a' }, (e) => a.push(e.id), fast);
    const subB = client.events.subscribe({ caseId: 'b' }, (e) => b.push(e.id), fast);
    await waitFor(() => subA.status === 'open' && subB.status === 'open', 'open');
    writeEvent(open[0]!, '1', ev('case.updated', 'a'));
    writeEvent(open[0]!, '2', ev('case.updated', 'b'));
    await waitFor(() => a.length === 1 && b.length === 1, 'the first events');
    open[0]!.destroy(); // the connection drops
    await waitFor(() => a.length === 2 && b.length === 2, 'the missed events');
    assert.equal(s.requests.length, 2);
    assert.equal(s.requests[1]!.headers['last-event-id'], '2');
    assert.deepEqual(
      [a, b],
      [
        ['1', '3'],
        ['2', '4'],
      ],
    );
    subA.unsubscribe();
    subB.unsubscribe();
  });
});
