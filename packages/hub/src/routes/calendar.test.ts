import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session } from '@teleecho/sdk';
import ICAL from 'ical.js';
import {
  advanceTestCase,
  createTestSession,
  hubFetch,
  recordTestAttendance,
  startTestHub,
  storageTiers,
  submitTestCase,
  type TestHub,
} from '@teleecho/test-kit';

interface Feed {
  status: number;
  type: string;
  raw: string;
  calendar: ICAL.Component | undefined;
}

/** Fetches a feed like a calendar app does (no Authorization header) and parses it with ical.js. */
async function feed(url: string): Promise<Feed> {
  const response = await fetch(url);
  const raw = await response.text();
  const ok = response.status === 200;
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    raw,
    calendar: ok ? new ICAL.Component(ICAL.parse(raw)) : undefined,
  };
}

function events(f: Feed): Map<string, ICAL.Component> {
  const byId = new Map<string, ICAL.Component>();
  for (const vevent of f.calendar!.getAllSubcomponents('vevent')) {
    byId.set(String(vevent.getFirstPropertyValue('uid')).replace(/@teleecho-hub$/, ''), vevent);
  }
  return byId;
}

const PROGRAM = 'Hepatitis C ECHO, São Paulo; weekly';

for (const { tier, skip } of await storageTiers()) {
  describe(`iCalendar feeds [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let programId: string;
    let coordinator: string;
    let participant: string;
    let series: Session;
    let single: Session;
    let doomed: Session;

    before(async () => {
      hub = await startTestHub({ storage: tier });
      const created = await hubFetch(hub.url, 'POST', '/v1/programs', {
        token: hub.apiKey,
        body: { name: PROGRAM, specialty: 'hepatology' },
      });
      programId = created.body.id;
      coordinator = await hub.mint({ role: 'coordinator', programId });
      participant = await hub.mint({ role: 'participant', programId });
      series = await createTestSession(hub, {
        programId,
        startsAt: '2026-12-03T16:00:00Z',
        title: 'HCV ECHO weekly',
        recurrence: 'FREQ=WEEKLY;BYDAY=TH;COUNT=12',
      });
      single = await createTestSession(hub, {
        programId,
        startsAt: '2026-12-10T18:30:00Z',
        durationMinutes: 90,
        title: 'Special: HCV, pregnancy; C:\\ drive',
        topic: `Tratamento da hepatite C na gestação; riscos, benefícios, e seguimento — ${'ç'.repeat(60)}`,
      });
      doomed = await createTestSession(hub, { programId, startsAt: '2026-12-17T16:00:00Z', title: 'Holiday session' });
    });
    after(() => hub?.close());

    test('a member gets a subscribable link; the feed is RFC 5545 with recurring sessions', async () => {
      const link = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/calendar-link`, { token: participant });
      assert.equal(link.status, 200);
      assert.equal(link.body.scope, 'program');
      assert.match(
        link.body.url,
        new RegExp(`^${hub.url}/v1/programs/${programId}/calendar\\.ics\\?token=cal_[\\w-]{27}$`),
      );
      assert.equal(link.body.webcalUrl, link.body.url.replace(/^http:/, 'webcal:'));
      const same = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/calendar-link`, { token: coordinator });
      assert.equal(same.body.url, link.body.url, 'one programme link, reused');

      const f = await feed(link.body.url);
      assert.equal(f.status, 200);
      assert.equal(f.type, 'text/calendar; charset=utf-8');
      assert.ok(
        f.raw.split('\r\n').every((line) => Buffer.byteLength(line) <= 75),
        'lines are folded at 75 octets',
      );
      const cal = f.calendar!;
      // ical.js keeps X- properties raw; calendar apps read them as TEXT (RFC 5545 §3.8.8.2), so they are escaped
      assert.ok(f.raw.includes('\r\nX-WR-CALNAME:Hepatitis C ECHO\\, São Paulo\\; weekly\r\n'), f.raw.slice(0, 400));
      assert.equal(cal.getFirstPropertyValue('version'), '2.0');
      assert.equal(String(cal.getFirstPropertyValue('refresh-interval')), 'PT1H');
      assert.equal(cal.getFirstPropertyValue('x-published-ttl'), 'PT1H');
      const byId = events(f);
      assert.deepEqual([...byId.keys()].sort(), [series.id, single.id, doomed.id].sort());

      const weekly = new ICAL.Event(byId.get(series.id)!);
      assert.ok(weekly.isRecurring());
      assert.equal(weekly.startDate.toJSDate().toISOString(), '2026-12-03T16:00:00.000Z');
      assert.equal(weekly.endDate.toJSDate().toISOString(), '2026-12-03T17:00:00.000Z');
      const it = weekly.iterator();
      const starts: string[] = [];
      for (let next = it.next(); next; next = it.next()) starts.push(next.toJSDate().toISOString());
      assert.equal(starts.length, 12);
      assert.equal(starts[1], '2026-12-10T16:00:00.000Z');

      const special = new ICAL.Event(byId.get(single.id)!);
      assert.equal(special.summary, 'Special: HCV, pregnancy; C:\\ drive', 'TEXT escaping round trip');
      assert.equal(special.description, single.topic, 'non-ASCII text unfolds intact');
      assert.equal(special.endDate.toJSDate().toISOString(), '2026-12-10T20:00:00.000Z');
      assert.equal(special.sequence, 0);
      assert.equal(byId.get(single.id)!.getFirstPropertyValue('status'), 'CONFIRMED');
      assert.equal(byId.get(single.id)!.getFirstPropertyValue('dtstamp') !== null, true);
    });

    test('changes bump SEQUENCE; cancellations stay in the feed as STATUS:CANCELLED', async () => {
      const link = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/calendar-link`, { token: participant });
      const patch = (id: string, body: unknown) =>
        hubFetch(hub.url, 'PATCH', `/v1/sessions/${id}`, { token: coordinator, body });
      assert.equal((await patch(single.id, { startsAt: '2026-12-11T18:30:00Z' })).status, 200);
      assert.equal((await patch(doomed.id, { status: 'cancelled' })).status, 200);
      let byId = events(await feed(link.body.url));
      const moved = new ICAL.Event(byId.get(single.id)!);
      assert.equal(moved.sequence, 1);
      assert.equal(moved.startDate.toJSDate().toISOString(), '2026-12-11T18:30:00.000Z');
      assert.equal(moved.uid, `${single.id}@teleecho-hub`, 'same UID: calendars update the event');
      const cancelled = byId.get(doomed.id)!;
      assert.equal(cancelled.getFirstPropertyValue('status'), 'CANCELLED');
      assert.equal(cancelled.getFirstPropertyValue('sequence'), 1);

      assert.equal((await patch(single.id, { status: 'live' })).status, 200);
      byId = events(await feed(link.body.url));
      assert.equal(new ICAL.Event(byId.get(single.id)!).sequence, 1, 'going live is not a calendar change');
      assert.equal((await patch(single.id, { title: 'Special: HCV and pregnancy' })).status, 200);
      byId = events(await feed(link.body.url));
      assert.equal(new ICAL.Event(byId.get(single.id)!).sequence, 2);
    });

    test('no token → 401; wrong, other programme or rotated token → 404; rotating is for coordinators', async () => {
      const link = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/calendar-link`, { token: participant });
      const base = `${hub.url}/v1/programs/${programId}/calendar.ics`;
      const missing = await hubFetch(hub.url, 'GET', `/v1/programs/${programId}/calendar.ics`);
      assert.equal(missing.status, 401);
      assert.equal(missing.body.code, 'feed_token_required');
      assert.equal((await feed(`${base}?token=cal_wrong`)).status, 404);
      const other = await hubFetch(hub.url, 'GET', `/v1/programs/${hub.demo.programId}/calendar-link`, {
        token: hub.apiKey,
      });
      const otherToken = new URL(other.body.url).searchParams.get('token');
      assert.equal((await feed(`${base}?token=${otherToken}`)).status, 404, "another programme's token");
      assert.equal(
        (await hubFetch(hub.url, 'POST', `/v1/programs/${programId}/calendar-link`, { token: participant, body: {} }))
          .status,
        403,
      );
      const rotated = await hubFetch(hub.url, 'POST', `/v1/programs/${programId}/calendar-link`, {
        token: coordinator,
        body: {},
      });
      assert.equal(rotated.status, 201);
      assert.notEqual(rotated.body.url, link.body.url);
      assert.equal((await feed(link.body.url)).status, 404, 'the old link stops working');
      assert.equal((await feed(rotated.body.url)).status, 200);
    });

    test('join links: a coordinator sets an http(s) template; events carry URL and description', async () => {
      const bad = await hubFetch(hub.url, 'POST', `/v1/programs/${programId}/calendar-link`, {
        token: coordinator,
        body: { joinUrl: 'javascript:alert(1)' },
      });
      assert.equal(bad.status, 400);
      const link = await hubFetch(hub.url, 'POST', `/v1/programs/${programId}/calendar-link`, {
        token: coordinator,
        body: { joinUrl: 'https://portal.example.org/echo/{sessionId}?src=ics' },
      });
      const byId = events(await feed(link.body.url));
      const event = new ICAL.Event(byId.get(series.id)!);
      const join = `https://portal.example.org/echo/${series.id}?src=ics`;
      assert.equal(byId.get(series.id)!.getFirstPropertyValue('url'), join);
      assert.equal(event.description, `Treatment of HCV in primary care\nJoin: ${join}`);
    });

    test('personal feed: only the sessions a person presents in, attended, or was linked to', async () => {
      const demo = hub.demo;
      const presenter = await hub.mint({ role: 'presenter', sub: 'pres-1', name: 'Dr Ana Souza' });
      const c = await submitTestCase(hub, { presenterToken: presenter });
      await advanceTestCase(hub, c.id, 'scheduled', demo.sessionIds[1]);
      const mine = await hubFetch(hub.url, 'GET', `/v1/programs/${demo.programId}/calendar-link?scope=personal`, {
        token: presenter,
      });
      assert.equal(mine.body.scope, 'personal');
      assert.match(mine.body.url, /calendar\.ics\?user=pres-1&token=cal_/);
      const f = await feed(mine.body.url);
      assert.equal(f.calendar!.getFirstPropertyValue('x-wr-calname'), 'HCV ECHO — Dr Ana Souza');
      const byId = events(f);
      assert.deepEqual([...byId.keys()], [demo.sessionIds[1]]);
      assert.match(new ICAL.Event(byId.get(demo.sessionIds[1]!)!).description, /You present a case in this session\./);

      const attended = await createTestSession(hub, { startsAt: '2026-11-02T16:00:00Z', title: 'Past session' });
      await recordTestAttendance(hub, attended, { userId: 'pres-1', from: 0, to: 30 });
      assert.deepEqual([...events(await feed(mine.body.url)).keys()].sort(), [demo.sessionIds[1], attended.id].sort());

      const narrowed = await hub.mint({ role: 'participant', sub: 'lti-learner', ses: demo.sessionIds[0] });
      const lti = await hubFetch(hub.url, 'GET', `/v1/programs/${demo.programId}/calendar-link?scope=personal`, {
        token: narrowed,
      });
      assert.deepEqual([...events(await feed(lti.body.url)).keys()], [demo.sessionIds[0]]);
      const spoofed = mine.body.url.replace('user=pres-1', 'user=lti-learner');
      assert.equal((await feed(spoofed)).status, 404, 'the user must be the token’s');
      const keyPersonal = await hubFetch(
        hub.url,
        'GET',
        `/v1/programs/${demo.programId}/calendar-link?scope=personal`,
        {
          token: hub.apiKey,
        },
      );
      assert.equal(keyPersonal.status, 400);
    });
  });
}
