import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEmbedToken } from '@teleecho/sdk/server';
import { newId } from '../domain/ids.js';
import {
  advanceTestCase,
  createTestDatabase,
  dropTestDatabase,
  hubFetch,
  openEventStream,
  startTestHub,
  storageTiers,
  submitTestCase,
  testRecommendation,
  until,
  type ReceivedEvent,
  type TestHub,
} from '@teleecho/test-kit';

const ids = (events: ReceivedEvent[]) => events.map((e) => Number(e.id));

for (const { tier, skip } of await storageTiers()) {
  describe(`event stream [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let specialist: string;
    before(async () => {
      hub = await startTestHub({ storage: tier, heartbeatMs: 100 });
      specialist = await hub.mint({ role: 'specialist' });
    });
    after(() => hub?.close());

    test('live events, then Last-Event-ID replays what was missed exactly once, in order', async () => {
      const first = await openEventStream(hub.url, specialist);
      assert.equal(first.status, 200);
      const c = await submitTestCase(hub);
      await advanceTestCase(hub, c.id, 'presented');
      await first.waitForCount(4);
      first.close();
      const seen = ids(first.events);
      assert.deepEqual(
        first.events.map((e) => e.event),
        ['case.submitted', 'case.updated', 'case.updated', 'case.updated'],
      );
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => a - b),
      );
      assert.equal(first.events[0]!.data.caseId, c.id);
      assert.equal(first.events[0]!.data.type, 'case.submitted');

      const missed = await testRecommendation(hub, c.id, { issue: true });
      const resumed = await openEventStream(hub.url, specialist, { lastEventId: String(seen.at(-1)) });
      await resumed.waitForCount(2);
      const more = await submitTestCase(hub);
      await resumed.waitFor((events) => events.some((e) => e.data.caseId === more.id));
      resumed.close();
      assert.deepEqual(
        resumed.events.map((e) => e.event),
        ['recommendation.issued', 'case.updated', 'case.submitted'],
      );
      assert.equal(resumed.events[0]!.data.data.id, missed.id);
      const resumedIds = ids(resumed.events);
      assert.equal(new Set(resumedIds).size, resumedIds.length, 'no duplicates');
      assert.ok(resumedIds[0]! > seen.at(-1)!);
      assert.deepEqual(
        resumedIds,
        [...resumedIds].sort((a, b) => a - b),
      );

      const viaQuery = await openEventStream(hub.url, specialist, { query: { lastEventId: String(seen.at(-1)) } });
      await viaQuery.waitForCount(3);
      viaQuery.close();
      assert.deepEqual(ids(viaQuery.events), resumedIds);
    });

    test('a fresh stream is told where "now" is, so a drop before its first event loses nothing', async () => {
      const before = await submitTestCase(hub);
      const fresh = await openEventStream(hub.url, specialist);
      await fresh.waitFor(() => fresh.resumeId !== undefined);
      assert.equal(fresh.events.length, 0, 'no replay without Last-Event-ID');
      fresh.close();
      const during = await submitTestCase(hub);
      const resumed = await openEventStream(hub.url, specialist, { lastEventId: fresh.resumeId! });
      await resumed.waitFor((events) => events.some((e) => e.data.caseId === during.id));
      resumed.close();
      assert.ok(!resumed.events.some((e) => e.data.caseId === before.id), 'events before the resume point stay out');
      assert.equal(resumed.events.filter((e) => e.data.caseId === during.id).length, 1);
    });

    test('heartbeat comments arrive on an idle stream', async () => {
      const stream = await openEventStream(hub.url, await hub.mint({ role: 'observer' }));
      await stream.waitFor((_events, comments) => comments.filter((c) => c === 'heartbeat').length >= 2, 3000);
      stream.close();
    });

    test('filters: caseId narrows; another programme is 403', async () => {
      const a = await submitTestCase(hub);
      const stream = await openEventStream(hub.url, specialist, { query: { caseId: a.id }, lastEventId: '1' });
      const b = await submitTestCase(hub);
      await advanceTestCase(hub, a.id, 'accepted');
      await stream.waitFor((events) => events.some((e) => e.event === 'case.updated'));
      stream.close();
      assert.ok(stream.events.every((e) => e.data.caseId === a.id));
      assert.ok(!stream.events.some((e) => e.data.caseId === b.id));
      const other = await openEventStream(hub.url, specialist, { query: { programId: 'prg_other' } });
      other.close();
      assert.equal(other.status, 403);
    });

    test('participants get issued recommendations of attended sessions only; observers no case events', async () => {
      const [attended, skipped] = hub.demo.sessionIds as [string, string];
      await hub.hub!.storage.write((tx) =>
        tx.attendance.insert({
          id: newId('att'),
          sessionId: attended,
          programId: hub.demo.programId,
          userId: 'spoke-1',
          userName: 'Spoke',
          role: 'participant',
          joinedAt: new Date().toISOString(),
        }),
      );
      const participant = await openEventStream(hub.url, await hub.mint({ role: 'participant', sub: 'spoke-1' }));
      const observer = await openEventStream(hub.url, await hub.mint({ role: 'observer' }));
      const inAttended = await submitTestCase(hub);
      await advanceTestCase(hub, inAttended.id, 'presented', attended);
      const inOther = await submitTestCase(hub);
      await advanceTestCase(hub, inOther.id, 'presented', skipped);
      const hidden = await testRecommendation(hub, inOther.id, { issue: true });
      const visible = await testRecommendation(hub, inAttended.id, { issue: true });
      await hubFetch(hub.url, 'PATCH', `/v1/sessions/${attended}`, { token: hub.apiKey, body: { status: 'live' } });
      await participant.waitFor((events) => events.some((e) => e.event === 'session.started'));
      await observer.waitFor((events) => events.some((e) => e.event === 'session.started'));
      participant.close();
      observer.close();
      assert.deepEqual(
        participant.events.map((e) => e.event),
        ['recommendation.issued', 'session.updated', 'session.started'],
      );
      assert.equal(participant.events[0]!.data.data.id, visible.id);
      assert.ok(!JSON.stringify(participant.events).includes(hidden.id));
      assert.deepEqual(
        observer.events.map((e) => e.event),
        ['session.updated', 'session.started'],
      );
    });

    test('the stream ends when the token expires', async () => {
      const stream = await openEventStream(hub.url, await hub.mint({ role: 'observer', ttlSeconds: 1 }));
      await stream.waitFor(() => stream.ended, 4000);
    });
  });
}

const BIN = fileURLToPath(new URL('../../bin/teleecho.js', import.meta.url));

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function startHubProcess(
  dataDir: string,
  port: number,
  storageArgs: string[] = [],
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'hub', '--port', String(port), '--data', dataDir, ...storageArgs], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve({ child, url: match[1]!, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`hub exited ${code}: ${stderr}`)));
  });
}

test('teleecho hub: first start creates the data dir and says how to get a key and a token', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'teleecho-first-')), 'fresh');
  const started = await startHubProcess(dataDir, 0);
  try {
    // the hints follow the "listening on" line
    await until('the first-start hints', async () => /teleecho token --role presenter/.test(started.stderr()), 10_000);
    assert.match(started.stderr(), /First start/);
    assert.match(started.stderr(), /teleecho api-key create/);
    assert.match(started.stderr(), /teleecho token --role presenter --program/);
    const health = await fetch(`${started.url}/healthz`);
    assert.equal(health.status, 200);
  } finally {
    started.child.kill('SIGINT');
    await new Promise((resolve) => started.child.once('exit', resolve));
    rmSync(dirname(dataDir), { recursive: true, force: true });
  }
});

for (const { tier, skip } of await storageTiers()) {
  describe(`event stream across a hub crash [${tier}] (CLI child process, SIGKILL)`, { skip }, () => {
    let dataDir: string;
    let databaseUrl: string | undefined;
    let child: ChildProcess | undefined;
    /** On the PostgreSQL tier the CLI keeps the hub's state in a fresh database (and its secret in the data folder). */
    const database = () => (databaseUrl ? ['--database-url', databaseUrl] : []);
    const storage = () => ['--data', dataDir, ...database()];
    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'teleecho-crash-'));
      if (tier === 'postgres') databaseUrl = await createTestDatabase();
    });
    after(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
      if (databaseUrl) await dropTestDatabase(databaseUrl);
    });

    test('a client resumes with Last-Event-ID and gets what happened while it was away, once, in order', async () => {
      const apiKey = (await runCli(['api-key', 'create', ...storage()])).stdout.trim().split('\n').at(-1)!;
      const seeded = await runCli(['seed-demo', ...storage()]);
      const programId = seeded.stdout.trim().split('\n').at(-1)!;
      const templateId = /templates: (\S+)/.exec(seeded.stdout)![1]!;
      const sessionId = /sessions: +(ses_[0-9a-z]+)/.exec(seeded.stdout)![1]!;
      const mint = (role: 'presenter' | 'coordinator' | 'specialist') =>
        createEmbedToken({ apiKey, user: { id: `crash-${role}`, name: role }, role, programId });
      const hubProcess = await startHubProcess(dataDir, 0, database());
      child = hubProcess.child;
      const port = Number(new URL(hubProcess.url).port);
      const fixture = {
        url: hubProcess.url,
        demo: { programId, templateId, sessionIds: [sessionId] },
        mint: (o: { role: 'presenter' | 'coordinator' | 'specialist' }) => mint(o.role),
      };
      const specialist = await mint('specialist');
      const stream = await openEventStream(hubProcess.url, specialist);
      const c = await submitTestCase(fixture);
      await stream.waitForCount(1);
      stream.close();
      const lastSeen = stream.events.at(-1)!.id;

      await advanceTestCase(fixture, c.id, 'accepted'); // happens while the client is away, before the crash
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
      const restarted = await startHubProcess(dataDir, port, database());
      child = restarted.child;
      await advanceTestCase(fixture, c.id, 'scheduled'); // after the restart, before the client is back

      const resumed = await openEventStream(restarted.url, specialist, { lastEventId: lastSeen });
      await resumed.waitForCount(2);
      await advanceTestCase(fixture, c.id, 'presented'); // live again
      // A last event as a marker: the stream is in order, so a repeat of any event above would arrive before it.
      const marker = await submitTestCase(fixture);
      await resumed.waitFor((events) => events.some((e) => e.data.data.id === marker.id));
      resumed.close();
      assert.deepEqual(
        resumed.events.map((e) => [e.event, e.data.data.id, e.data.data.status]),
        [
          ['case.updated', c.id, 'accepted'],
          ['case.updated', c.id, 'scheduled'],
          ['case.updated', c.id, 'presented'],
          ['case.submitted', marker.id, 'submitted'],
        ],
      );
      const got = ids(resumed.events);
      assert.ok(got[0]! > Number(lastSeen));
      assert.deepEqual(
        got,
        [...new Set(got)].sort((a, b) => a - b),
      );
      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0, 'graceful shutdown on SIGTERM');
      assert.match(restarted.stderr(), /SIGTERM: shutting down/);
      child = undefined;
    });
  });
}
