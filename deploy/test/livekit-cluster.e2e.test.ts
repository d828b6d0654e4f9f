/**
 * The reference topology's video half, from the files under deploy/: two `livekit-server` nodes sharing Redis
 * (LiveKit's own multi-node mode) behind HAProxy, a hub whose join route hands out the balancer's address, and two
 * Chromium pages running `<echo-session>`. What users would notice: two people whose signal connections land on
 * different nodes still meet in one room and see each other's video, and the session's attendance counts each of
 * them once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  createLiveTestSession,
  freeTcpPort,
  hubFetch,
  launchChromium,
  mountEchoSession,
  playsVideoOf,
  serveBundledPage,
  startTestHub,
  until,
  type BundledPage,
  type TestHub,
} from '@teleecho/test-kit';
import type { Browser, Page } from 'playwright-core';
import { clusterSkip, startHaproxy, startLiveKitNode, type LiveKitNode, type Proc } from './cluster.js';

/** A Redis database of its own, so LiveKit's room state cannot meet another run's. */
const REDIS_DB = 1 + Math.floor(Math.random() * 14);

describe('a LiveKit cluster of two nodes behind HAProxy (deploy/)', { skip: clusterSkip() }, () => {
  let hub: TestHub;
  let nodes: LiveKitNode[] = [];
  let lb: Proc | undefined;
  let browser: Browser;
  let site: BundledPage;
  let sessionId: string;
  const pages: Page[] = [];

  before(async () => {
    const livekitLb = await freeTcpPort();
    hub = await startTestHub({
      livekit: { url: `ws://127.0.0.1:${livekitLb}`, apiKey: 'devkey', apiSecret: 'secret' },
    });
    const webhookUrl = `${hub.url}/v1/livekit/webhook`;
    nodes = [
      await startLiveKitNode({ redisDb: REDIS_DB, webhookUrl }),
      await startLiveKitNode({ redisDb: REDIS_DB, webhookUrl }),
    ];
    // The hub replicas of the topology are not needed here: the hub ports point at the one test hub.
    const hubPort = Number(new URL(hub.url).port);
    lb = await startHaproxy({
      hubLb: await freeTcpPort(),
      hubs: [hubPort, hubPort, hubPort],
      livekitLb,
      livekit: [nodes[0]!.port, nodes[1]!.port],
    });
    sessionId = await createLiveTestSession(hub, { title: 'Cluster ECHO' });
    site = await serveBundledPage({
      entryPoints: { elements: fileURLToPath(new URL('../../packages/elements/src/define.ts', import.meta.url)) },
      html:
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>cluster</title>' +
        '<script type="module" src="/elements.js"></script><body></body></html>',
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await lb?.stop();
    for (const node of nodes) await node.stop();
    await hub?.close();
  });

  async function open(role: 'facilitator' | 'participant', sub: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 720 } })).newPage();
    await page.goto(site.url);
    await mountEchoSession(page, hub.url, await hub.mint({ role, sub, name: sub }), sessionId);
    return page;
  }

  test('two people whose signal connections land on different nodes see each other in one room', async () => {
    pages.push(await open('facilitator', 'dr-cluster'), await open('participant', 'spoke-cluster'));
    for (const page of pages) {
      await page.locator('echo-session [part="join-button"]').click();
      // one after the other, so the balancer's round robin sends the two signal connections to different nodes
      await until('joined', () =>
        page.evaluate(() => document.querySelector('echo-session')?.session?.room.state === 'connected'),
      );
    }
    const signalled = [...lb!.output().matchAll(/livekit_nodes\/(livekit\d)\b.*"GET \/rtc[?/ ]/g)].map((m) => m[1]);
    assert.deepEqual(new Set(signalled), new Set(['livekit1', 'livekit2']), `signal connections:\n${lb!.output()}`);
    await until('the facilitator sees the spoke', () => playsVideoOf(pages[0]!, 'spoke-cluster'));
    await until('the spoke sees the facilitator', () => playsVideoOf(pages[1]!, 'dr-cluster'));
    const roomNodes = await Promise.all(
      pages.map((p) => p.evaluate(() => document.querySelector('echo-session')?.session?.room.serverInfo?.nodeId)),
    );
    assert.ok(roomNodes[0], 'the room reports the node that hosts it');
    assert.equal(roomNodes[0], roomNodes[1], 'one room, on one node');
  });

  test('attendance counts each person once, whichever node their connection went through', async () => {
    const people = await until('both present', async () => {
      const r = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}/attendance`, { token: hub.apiKey });
      const body = r.body as { people: { userId: string; present: boolean; intervals: unknown[] }[] };
      return body.people.filter((p) => p.present).length === 2 ? body.people : undefined;
    });
    assert.deepEqual(people.map((p) => p.userId).sort(), ['dr-cluster', 'spoke-cluster']);
    for (const person of people) assert.equal(person.intervals.length, 1, `${person.userId}: one interval`);
  });
});
