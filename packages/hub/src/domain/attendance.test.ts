import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AttendanceInterval } from '@teleecho/sdk';
import { mergeRanges, summariseAttendance } from './attendance.js';
import { joinWindow } from './session-join.js';

const T0 = Date.parse('2030-03-07T16:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const session = { id: 'ses_1', startsAt: at(0), durationMinutes: 60 };

function interval(userId: string, from: number, to?: number, id = `${userId}-${from}`): AttendanceInterval {
  return {
    id,
    sessionId: 'ses_1',
    userId,
    userName: userId.toUpperCase(),
    role: 'participant',
    joinedAt: at(from),
    ...(to !== undefined && { leftAt: at(to) }),
  };
}

describe('attendance merge', () => {
  test('overlapping intervals (two tabs, reconnects) count once', () => {
    const report = summariseAttendance(session, [interval('a', 0, 30), interval('a', 20, 40), interval('a', 40, 45)]);
    assert.equal(report.people[0]!.minutes, 45);
    assert.equal(report.people[0]!.intervals.length, 3);
  });

  test('time outside the scheduled window is clipped', () => {
    const report = summariseAttendance(session, [interval('a', -25, 10), interval('a', 50, 90), interval('b', 70, 80)]);
    const [a, b] = report.people;
    assert.equal(a!.minutes, 20);
    assert.equal(b!.minutes, 0);
    assert.equal(report.scheduledEnd, at(60));
  });

  test('gaps are not counted; open intervals count until now and mark the person present', () => {
    const report = summariseAttendance(session, [interval('a', 0, 10), interval('a', 30)], T0 + 40 * 60_000);
    assert.equal(report.people[0]!.minutes, 20);
    assert.equal(report.people[0]!.present, true);
  });

  test('people are grouped by user id and sorted by name', () => {
    const report = summariseAttendance(session, [
      interval('zoe', 0, 5),
      interval('amy', 0, 5),
      interval('zoe', 10, 15),
    ]);
    assert.deepEqual(
      report.people.map((p) => [p.userId, p.minutes]),
      [
        ['amy', 5],
        ['zoe', 10],
      ],
    );
  });

  test('mergeRanges joins touching ranges and drops empty ones', () => {
    const window = { start: 0, end: 100 };
    assert.deepEqual(
      mergeRanges(
        [
          { start: 10, end: 20 },
          { start: 20, end: 30 },
          { start: 150, end: 160 },
          { start: 5, end: 5 },
        ],
        window,
      ),
      [{ start: 10, end: 30 }],
    );
  });
});

describe('join window', () => {
  const s = { startsAt: at(0), durationMinutes: 60, status: 'scheduled' as const };
  test('opens 30 minutes before the start and closes 30 minutes after the scheduled end', () => {
    assert.equal(joinWindow(s, T0 - 31 * 60_000).reason, 'not_yet_open');
    assert.equal(joinWindow(s, T0 - 30 * 60_000).open, true);
    assert.equal(joinWindow(s, T0 + 90 * 60_000).open, true);
    assert.equal(joinWindow(s, T0 + 91 * 60_000).reason, 'over');
  });
  test('a live session stays open past its end; ended and cancelled ones are closed', () => {
    assert.equal(joinWindow({ ...s, status: 'live' }, T0 + 200 * 60_000).open, true);
    assert.equal(joinWindow({ ...s, status: 'ended' }, T0).reason, 'ended');
    assert.equal(joinWindow({ ...s, status: 'cancelled' }, T0).reason, 'cancelled');
  });
});
