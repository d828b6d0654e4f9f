import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Role, Session } from '@teleecho/sdk';
import { openStorage, type StorageLocation } from '../storage/open.js';
import type { Storage } from '../storage/storage.js';
import { createTestDatabase, dropTestDatabase, storageTiers } from '@teleecho/test-kit';
import type { UserPrincipal } from './principal.js';
import { insertProgramWithDefaults } from './programs.js';
import { joinWindow } from './session-join.js';
import { createSession, openSession, openSessionAs, readSession, startSessionNow, updateSession } from './sessions.js';

const DAY = 86_400_000;

/** Matches a refusal by its stable code (the domain's errors carry codes; statuses are the HTTP layer's). */
const refused = (code: string) => (error: unknown) => (error as { code?: unknown }).code === code;

describe('join window of a session opened early', () => {
  const startsAt = '2030-03-07T16:00:00.000Z';
  const T0 = Date.parse(startsAt);
  const base = { startsAt, durationMinutes: 60, status: 'scheduled' as const };

  test('a week before its start the room is closed; opened, it is open from then on', () => {
    const now = T0 - 7 * DAY;
    assert.deepEqual(joinWindow(base, now), {
      open: false,
      opensAt: '2030-03-07T15:30:00.000Z',
      closesAt: '2030-03-07T17:30:00.000Z',
      reason: 'not_yet_open',
    });
    const opened = joinWindow({ ...base, openedAt: new Date(now).toISOString() }, now + 60_000);
    assert.equal(opened.open, true);
    assert.equal(opened.opensAt, new Date(now).toISOString());
    assert.equal(opened.closesAt, '2030-03-07T17:30:00.000Z', 'still closes after the scheduled end');
  });

  test('opened after its scheduled end, it stays open for its length from the opening', () => {
    const openedAt = T0 + 3 * 3_600_000;
    const window = joinWindow({ ...base, openedAt: new Date(openedAt).toISOString() }, openedAt + 80 * 60_000);
    assert.equal(window.open, true);
    assert.equal(window.closesAt, new Date(openedAt + 90 * 60_000).toISOString());
    assert.equal(
      joinWindow({ ...base, openedAt: new Date(openedAt).toISOString() }, openedAt + 91 * 60_000).open,
      false,
    );
  });

  test('opening never reopens an ended or cancelled session', () => {
    for (const status of ['ended', 'cancelled'] as const) {
      const window = joinWindow({ ...base, status, openedAt: new Date(T0 - DAY).toISOString() }, T0);
      assert.deepEqual([window.open, window.reason], [false, status]);
    }
  });
});

for (const { tier, skip } of await storageTiers()) {
  describe(`opening sessions early and ad-hoc sessions [${tier}]`, { skip }, () => {
    let location: StorageLocation;
    let storage: Storage;
    let dir: string;
    let programId: string;
    const person = (role: Role, sub = `u-${role}`): UserPrincipal => ({
      kind: 'user',
      sub,
      name: `Dr. ${role}`,
      role,
      programId,
      issuer: 'teleecho-hub',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const inAWeek = (): Promise<Session> =>
      createSession(storage, { kind: 'apiKey', keyId: 'ak_test' }, programId, {
        title: 'HCV ECHO',
        topic: 'Cirrhosis',
        startsAt: new Date(Date.now() + 7 * DAY).toISOString(),
        durationMinutes: 60,
      });
    const eventsOf = async (sessionId: string) =>
      (await storage.events.after(0, 1000)).filter((e) => e.sessionId === sessionId).map((e) => e.type);

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'teleecho-open-'));
      location = tier === 'postgres' ? { databaseUrl: await createTestDatabase() } : { dataDir: dir };
      storage = await openStorage(location);
      programId = (await storage.write((tx) => insertProgramWithDefaults(tx, { name: 'Open', specialty: 's' }))).id;
    });
    after(async () => {
      await storage?.close();
      rmSync(dir, { recursive: true, force: true });
      if (location?.databaseUrl) await dropTestDatabase(location.databaseUrl);
    });

    test('a facilitator opens a session a week early: open, audited once, kept after a restart', async () => {
      const session = await inAWeek();
      const before = await readSession(storage, person('participant'), session.id);
      assert.equal(before.joinWindow?.open, false);
      assert.equal(before.joinWindow?.reason, 'not_yet_open');

      const opened = await openSession(storage, person('facilitator', 'dr-ana'), session.id);
      assert.equal(opened.joinWindow?.open, true);
      assert.ok(opened.openedAt);
      assert.deepEqual(opened.openedBy, { via: 'token', id: 'dr-ana', name: 'Dr. facilitator', role: 'facilitator' });
      assert.equal(opened.status, 'scheduled', 'the status is LiveKit’s to change (live on the first join)');
      assert.deepEqual(await eventsOf(session.id), ['session.updated', 'session.updated', 'session.opened']);
      const audit = (await storage.events.after(0, 1000)).find(
        (e) => e.type === 'session.opened' && e.sessionId === session.id,
      );
      assert.equal((audit?.data as Session).openedBy?.id, 'dr-ana');

      const again = await openSession(storage, person('coordinator'), session.id);
      assert.equal(again.openedAt, opened.openedAt, 'idempotent: the first opening stands');
      assert.equal(again.openedBy?.id, 'dr-ana');
      assert.deepEqual(await eventsOf(session.id), ['session.updated', 'session.updated', 'session.opened']);

      const reopened = await openStorage(location);
      try {
        const stored = await readSession(reopened, person('participant'), session.id);
        assert.equal(stored.openedAt, opened.openedAt);
        assert.equal(stored.openedBy?.name, 'Dr. facilitator');
        assert.equal(stored.joinWindow?.open, true);
      } finally {
        await reopened.close();
      }
    });

    test('only facilitators, coordinators and API keys may open; other programmes get wrong_program', async () => {
      const session = await inAWeek();
      for (const role of ['specialist', 'presenter', 'participant', 'observer'] as const) {
        await assert.rejects(openSession(storage, person(role), session.id), refused('forbidden'), role);
      }
      const stranger = { ...person('facilitator'), programId: 'prg_other' };
      await assert.rejects(openSession(storage, stranger, session.id), refused('wrong_program'));
      assert.deepEqual(await eventsOf(session.id), ['session.updated'], 'refusals leave no trace');
      const byKey = await openSession(storage, { kind: 'apiKey', keyId: 'ak_host' }, session.id);
      assert.deepEqual(byKey.openedBy, { via: 'api_key', id: 'ak_host', name: 'API key ak_host' });
    });

    test('an ended or cancelled session cannot be opened, an unknown one is not found', async () => {
      const session = await inAWeek();
      await updateSession(storage, { kind: 'apiKey', keyId: 'ak_test' }, session.id, { status: 'cancelled' });
      await assert.rejects(
        openSessionAs(storage, { via: 'cli', id: 'cli', name: 'teleecho CLI' }, session.id),
        refused('session_cancelled'),
      );
      const ended = await inAWeek();
      await updateSession(storage, { kind: 'apiKey', keyId: 'ak_test' }, ended.id, { status: 'ended' });
      await assert.rejects(openSession(storage, person('facilitator'), ended.id), refused('session_not_open'));
      await assert.rejects(openSession(storage, person('facilitator'), 'ses_missing'), refused('not_found'));
    });

    test('a facilitator starts an ad-hoc session: it starts now, open at once, audited', async () => {
      const t0 = Date.now();
      const session = await startSessionNow(storage, person('facilitator', 'dr-ana'), programId, {
        title: 'Urgent consult: HCV in pregnancy',
      });
      assert.equal(session.adHoc, true);
      assert.equal(session.joinWindow?.open, true);
      assert.ok(Date.parse(session.startsAt) >= t0 - 1000 && Date.parse(session.startsAt) <= Date.now());
      assert.equal(session.durationMinutes, 60);
      assert.equal(session.topic, '');
      assert.equal(session.openedBy?.id, 'dr-ana');
      assert.deepEqual(await eventsOf(session.id), ['session.updated', 'session.opened']);
      const stored = await readSession(storage, person('participant'), session.id);
      assert.equal(stored.adHoc, true);
      assert.equal(stored.openedAt, session.openedAt);

      await assert.rejects(
        startSessionNow(storage, person('participant'), programId, { title: 'Nope' }),
        refused('forbidden'),
      );
      await assert.rejects(
        startSessionNow(storage, { kind: 'apiKey', keyId: 'ak' }, 'prg_missing', { title: 'Nope' }),
        refused('not_found'),
      );
    });
  });
}
