/**
 * Attendance arithmetic: merge a person's join-to-leave intervals (two tabs, reconnects and
 * overlapping webhooks count once) and clip them to the session's scheduled window. Pure.
 * @packageDocumentation
 */
import type { AttendanceInterval, AttendancePerson, AttendanceReport, Session } from '@teleecho/sdk';

/** A time range in epoch milliseconds, `start <= end`. */
export interface TimeRange {
  start: number;
  end: number;
}

/** The scheduled window of a session: `startsAt` to `startsAt + durationMinutes`. */
export function scheduledWindow(session: Pick<Session, 'startsAt' | 'durationMinutes'>): TimeRange {
  const start = Date.parse(session.startsAt);
  return { start, end: start + session.durationMinutes * 60_000 };
}

/**
 * Merges ranges (overlapping or touching ranges become one) after clipping each to `window`;
 * ranges outside the window disappear. Returns them sorted by start.
 */
export function mergeRanges(ranges: readonly TimeRange[], window: TimeRange): TimeRange[] {
  const clipped = ranges
    .map((r) => ({ start: Math.max(r.start, window.start), end: Math.min(r.end, window.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: TimeRange[] = [];
  for (const range of clipped) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** Minutes covered by ranges that are already merged (see {@link mergeRanges}), rounded to 0.1. */
export function coveredMinutes(merged: readonly TimeRange[]): number {
  const ms = merged.reduce((sum, r) => sum + (r.end - r.start), 0);
  return Math.round(ms / 6_000) / 10;
}

/**
 * Builds the attendance report of a session: per person (by user id) their intervals and the
 * minutes attended inside the scheduled window, overlaps counted once. Open intervals (still in
 * the room) count up to `now`.
 */
export function summariseAttendance(
  session: Pick<Session, 'id' | 'startsAt' | 'durationMinutes'>,
  intervals: readonly AttendanceInterval[],
  now: number = Date.now(),
): AttendanceReport {
  const window = scheduledWindow(session);
  const byUser = new Map<string, AttendanceInterval[]>();
  for (const interval of intervals) {
    const list = byUser.get(interval.userId) ?? [];
    list.push(interval);
    byUser.set(interval.userId, list);
  }
  const people: AttendancePerson[] = [...byUser.entries()].map(([userId, list]) => {
    const sorted = [...list].sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
    const latest = sorted.at(-1)!;
    const ranges = sorted.map((i) => ({
      start: Date.parse(i.joinedAt),
      end: i.leftAt ? Date.parse(i.leftAt) : Math.max(now, Date.parse(i.joinedAt)),
    }));
    return {
      userId,
      userName: latest.userName,
      role: latest.role,
      minutes: coveredMinutes(mergeRanges(ranges, window)),
      present: sorted.some((i) => !i.leftAt),
      intervals: sorted,
    };
  });
  people.sort((a, b) => a.userName.localeCompare(b.userName) || a.userId.localeCompare(b.userId));
  return {
    sessionId: session.id,
    scheduledStart: new Date(window.start).toISOString(),
    scheduledEnd: new Date(window.end).toISOString(),
    people,
  };
}
