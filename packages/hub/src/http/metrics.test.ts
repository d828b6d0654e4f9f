/**
 * `GET /metrics` (opt-in): what an operator's Prometheus would scrape — open event streams, request latency by route
 * pattern (never by URL: ids would make a series per case), event delivery lag — and nothing without `metrics: true`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createEmbedToken } from '@teleecho/sdk/server';
import { createApiKey, createHub, seedDemo, type Hub } from '../index.js';

describe('Prometheus metrics', () => {
  let hub: Hub;
  let plain: Hub;
  let dir: string;
  let token: string;
  let programId: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'teleecho-metrics-'));
    hub = await createHub({ dataDir: join(dir, 'a'), port: 0, logger: false, metrics: true });
    plain = await createHub({ dataDir: join(dir, 'b'), port: 0, logger: false });
    await hub.listen();
    await plain.listen();
    const { apiKey } = await createApiKey(hub.storage);
    programId = (await seedDemo(hub.storage)).programId;
    token = await createEmbedToken({
      apiKey,
      user: { id: 'coord', name: 'Coordinator' },
      role: 'coordinator',
      programId,
      ttlSeconds: 600,
    });
  });
  after(async () => {
    await hub?.close();
    await plain?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scrape = async (): Promise<string> => {
    const r = await fetch(`${hub.url}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
    return r.text();
  };
  const value = (text: string, series: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(series));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
  };

  test('open event streams, latency by route pattern, delivery lag of events', async () => {
    const stream = new AbortController();
    const sse = await fetch(`${hub.url}/v1/events`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: stream.signal,
    });
    assert.equal(sse.status, 200);
    try {
      assert.equal(value(await scrape(), 'teleecho_sse_open_streams'), 1);
      const created = await fetch(`${hub.url}/v1/programs/${programId}/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Metrics',
          topic: 'Scrapes',
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
          durationMinutes: 60,
        }),
      });
      assert.equal(created.status, 201);
      await fetch(`${hub.url}/v1/sessions/${((await created.json()) as { id: string }).id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const text = await scrape();
      assert.match(
        text,
        /teleecho_http_request_duration_seconds_count\{method="GET",route="\/v1\/sessions\/:id",status="200"\} 1/,
      );
      assert.doesNotMatch(text, /route="\/v1\/sessions\/ses_/, 'no series per id');
      assert.ok(value(text, 'teleecho_events_delivered_total') >= 1, 'the session event was delivered');
      assert.ok(value(text, 'teleecho_event_delivery_lag_seconds_count') >= 1);
      assert.match(text, /teleecho_nodejs_eventloop_lag_seconds/);
    } finally {
      stream.abort();
    }
  });

  test('off unless asked for', async () => {
    assert.equal((await fetch(`${plain.url}/metrics`)).status, 404);
  });
});
