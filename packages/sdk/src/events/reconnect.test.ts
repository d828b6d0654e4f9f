// Transport behaviour of client.events.subscribe() that a healthy hub does not show on demand
// (replayed duplicates, a 401 token_expired on connect, 403s, 5xx, silent connections), against a
// real local HTTP server speaking SSE. The hub-backed behaviour is in subscribe.test.ts.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createEchoClient } from '../client/echo-client.js';
import { ForbiddenError } from '../errors.js';
import type { EchoError } from '../errors.js';
import { openEventStream, problem, sendJson, startTestServer, waitFor, writeEvent } from '../internal/test-server.js';
import type { TestServer } from '../internal/test-server.js';
import type { EchoEvent } from '../types.js';
import type { SubscriptionStatus } from './subscribe.js';
import { compareEventIds } from './subscribe.js';

const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
async function server(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
  const s = await startTestServer(...args);
  servers.push(s);
  return s;
}
const ev = (type: string, caseId = 'c1'): Record<string, unknown> => ({
  type,
  programId: 'p1',
  caseId,
  at: new Date().toISOString(),
  data: {},
});
const fast = { reconnectBaseMs: 10, reconnectMaxMs: 50 };

describe('events transport', () => {
  test('resumes with Last-Event-ID after the stream ends and drops replayed duplicates', async () => {
    const s = await server((req, res, i) => {
      if (i === 0) {
        openEventStream(res, [
          ['1', ev('case.submitted')],
          ['2', ev('case.updated')],
        ]);
        res.end(); // e.g. a hub restart
      } else {
        // A sloppy replay: repeats 2 and sends 3, 4.
        openEventStream(res, [
          ['2', ev('case.updated')],
          ['3', ev('recommendation.issued')],
          ['4', ev('recommendation.acknowledged')],
        ]);
      }
    });
    const seen: EchoEvent[] = [];
    const statuses: SubscriptionStatus[] = [];
    const client = createEchoClient({ hubUrl: s.url, token: 'tok' });
    const sub = client.events.subscribe({ programId: 'p1', caseId: 'c1' }, (e) => seen.push(e), {
      ...fast,
      onStatus: (st) => statuses.push(st),
    });
    await waitFor(() => seen.length >= 4, 'four events');
    assert.deepEqual(
      seen.map((e) => [e.id, e.type]),
      [
        ['1', 'case.submitted'],
        ['2', 'case.updated'],
        ['3', 'recommendation.issued'],
        ['4', 'recommendation.acknowledged'],
      ],
    );
    assert.equal(sub.lastEventId, '4');
    assert.equal(s.requests[0]!.url, '/v1/events?programId=p1&caseId=c1');
    assert.equal(s.requests[0]!.headers.authorization, 'Bearer tok');
    assert.equal(s.requests[0]!.headers.accept, 'text/event-stream');
    assert.equal(s.requests[0]!.headers['last-event-id'], undefined);
    assert.equal(s.requests[1]!.headers['last-event-id'], '2');
    sub.unsubscribe();
    assert.deepEqual(statuses, ['connecting', 'open', 'reconnecting', 'open', 'closed']);
    assert.equal(sub.status, 'closed');
  });

  test('starts from options.lastEventId', async () => {
    const s = await server((_req, res) => openEventStream(res, [['11', ev('case.updated')]]));
    const seen: string[] = [];
    const sub = createEchoClient({ hubUrl: s.url, token: 't' }).events.subscribe({}, (e) => seen.push(e.id), {
      lastEventId: '10',
    });
    await waitFor(() => seen.length === 1, 'one event');
    assert.equal(s.requests[0]!.headers['last-event-id'], '10');
    sub.unsubscribe();
  });

  test('on 401 token_expired it calls getToken and reconnects with the new token', async () => {
    const s = await server((req, res) => {
      if (req.headers.authorization !== 'Bearer fresh') sendJson(res, 401, problem(401, 'token_expired'));
      else openEventStream(res, [['1', ev('case.updated')]]);
    });
    const tokens = ['stale', 'fresh'];
    const seen: string[] = [];
    const client = createEchoClient({ hubUrl: s.url, getToken: () => tokens.shift() ?? 'none' });
    const sub = client.events.subscribe({}, (e) => seen.push(e.id), fast);
    await waitFor(() => seen.length === 1, 'event after refresh');
    assert.deepEqual(
      s.requests.map((r) => r.headers.authorization),
      ['Bearer stale', 'Bearer fresh'],
    );
    sub.unsubscribe();
  });

  test('on 403 it stops: status closed, onError(ForbiddenError), no reconnect', async () => {
    const s = await server((_req, res) => sendJson(res, 403, problem(403, 'forbidden')));
    const errors: EchoError[] = [];
    const statuses: SubscriptionStatus[] = [];
    const sub = createEchoClient({ hubUrl: s.url, getToken: () => 't' }).events.subscribe({}, () => {}, {
      ...fast,
      onError: (e) => errors.push(e),
      onStatus: (st) => statuses.push(st),
    });
    await waitFor(() => sub.status === 'closed', 'closed');
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof ForbiddenError);
    assert.deepEqual(statuses, ['connecting', 'closed']);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(s.requests.length, 1);
  });

  test('a 401 that a new token cannot fix closes the subscription', async () => {
    const s = await server((_req, res) => sendJson(res, 401, problem(401, 'token_invalid')));
    const errors: EchoError[] = [];
    const sub = createEchoClient({ hubUrl: s.url, token: 'x' }).events.subscribe({}, () => {}, {
      ...fast,
      onError: (e) => errors.push(e),
    });
    await waitFor(() => sub.status === 'closed', 'closed');
    assert.equal(errors[0]?.code, 'token_invalid');
  });

  test('reconnects after 503 and after a silent (idle) connection', async () => {
    const s = await server((_req, res, i) => {
      if (i === 0) sendJson(res, 503, problem(503, 'unavailable'));
      else if (i === 1)
        openEventStream(res); // then silence: no heartbeats at all
      else openEventStream(res, [['5', ev('session.started')]]);
    });
    const seen: string[] = [];
    const sub = createEchoClient({ hubUrl: s.url, token: 't' }).events.subscribe({}, (e) => seen.push(e.id), {
      ...fast,
      idleTimeoutMs: 200,
    });
    await waitFor(() => seen.length === 1, 'event on the third connection');
    assert.equal(s.requests.length, 3);
    sub.unsubscribe();
  });

  test('unsubscribe() aborts the open stream and delivers nothing more', async () => {
    let closedByClient = false;
    let stream: ServerResponse | undefined;
    const s = await server((_req, res) => {
      stream = res;
      res.on('close', () => {
        closedByClient = true;
      });
      openEventStream(res, [['1', ev('case.updated')]]);
    });
    const seen: string[] = [];
    const sub = createEchoClient({ hubUrl: s.url, token: 't' }).events.subscribe({}, (e) => seen.push(e.id), fast);
    await waitFor(() => seen.length === 1, 'first event');
    sub.unsubscribe();
    await waitFor(() => closedByClient, 'server sees the connection close');
    if (stream && !stream.destroyed) writeEvent(stream, '2', ev('case.updated'));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(seen, ['1']);
    assert.equal(s.requests.length, 1);
  });

  test('a throwing handler does not stop the stream', async () => {
    const s = await server((_req, res) =>
      openEventStream(res, [
        ['1', ev('case.updated')],
        ['2', ev('case.updated')],
      ]),
    );
    const seen: string[] = [];
    const original = (globalThis as { reportError?: unknown }).reportError;
    const reported: unknown[] = [];
    (globalThis as { reportError?: unknown }).reportError = (e: unknown) => reported.push(e);
    try {
      const sub = createEchoClient({ hubUrl: s.url, token: 't' }).events.subscribe({}, (e) => {
        seen.push(e.id);
        if (e.id === '1') throw new Error('handler bug');
      });
      await waitFor(() => seen.length === 2, 'both events');
      assert.equal(reported.length, 1);
      sub.unsubscribe();
    } finally {
      (globalThis as { reportError?: unknown }).reportError = original;
    }
  });

  test('aborting options.signal unsubscribes; an already-aborted signal never connects', async () => {
    const s = await server((_req, res) => openEventStream(res));
    const client = createEchoClient({ hubUrl: s.url, token: 't' });
    const controller = new AbortController();
    const sub = client.events.subscribe({}, () => {}, { signal: controller.signal });
    await waitFor(() => sub.status === 'open', 'open');
    controller.abort();
    assert.equal(sub.status, 'closed');
    const never = client.events.subscribe({}, () => {}, { signal: AbortSignal.abort() });
    assert.equal(never.status, 'closed');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(s.requests.length, 1);
  });

  test('an id-only message sets the resume point without delivering an event', async () => {
    const s = await server((_req, res, i) => {
      if (i === 0) {
        openEventStream(res);
        res.write('id: 41\n\n'); // "now" is 41
        res.end();
      } else openEventStream(res, [['42', ev('case.updated')]]);
    });
    const seen: string[] = [];
    const sub = createEchoClient({ hubUrl: s.url, token: 't' }).events.subscribe({}, (e) => seen.push(e.id), fast);
    await waitFor(() => seen.length === 1, 'the event after the anchor');
    assert.equal(s.requests[1]!.headers['last-event-id'], '41');
    assert.deepEqual(seen, ['42']);
    sub.unsubscribe();
  });

  test('event ids compare numerically', () => {
    assert.ok(compareEventIds('9', '10') < 0);
    assert.ok(compareEventIds('100', '99') > 0);
    assert.equal(compareEventIds('7', '7'), 0);
  });
});
