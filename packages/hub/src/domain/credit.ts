/**
 * CME credit: how a participant's attendance of one session turns into credit under the programme's
 * {@link CreditRule}. Pure — the same function serves transcripts, certificates and LTI grade passback.
 * @packageDocumentation
 */
import type { CreditReason, CreditRule, CreditStatus, Session } from '@teleecho/sdk';
import { mergeRanges, scheduledWindow } from './attendance.js';

/** Share of the scheduled time a participant must attend when the rule does not say. */
export const DEFAULT_MINIMUM_SHARE = 0.75;

/** Why credit is not (yet) granted — see {@link CreditStatus}. */
export type { CreditReason } from '@teleecho/sdk';

/** Input of {@link evaluateCredit}. */
export interface CreditInput {
  /** The programme's rule; a missing `minimumShare` means {@link DEFAULT_MINIMUM_SHARE}. */
  rule: Pick<CreditRule, 'creditsPerSession'> & Partial<CreditRule>;
  /** The session's scheduled time (and optionally its status: `cancelled` grants nothing). */
  session: Pick<Session, 'startsAt' | 'durationMinutes'> & Partial<Pick<Session, 'status'>>;
  /** The participant's join/leave intervals (ISO times); an interval without `leftAt` is still open. */
  intervals: readonly { joinedAt: string; leftAt?: string | undefined }[];
  /** Whether the participant submitted the rule's evaluation (only matters when the rule names one). */
  evaluationDone?: boolean;
  /** Epoch milliseconds; open intervals count until now. Default `Date.now()`. */
  now?: number;
}

/**
 * Result of {@link evaluateCredit} (the SDK's {@link CreditStatus}): attended and scheduled minutes, the share,
 * whether the attendance part is met, whether credit is granted, the credits, and the reason when not:
 * - `session_not_ended`: below the minimum so far, but the session is still running (it may still be reached);
 * - `below_minimum`: the session is over and the attended share stayed below the rule's minimum;
 * - `evaluation_pending`: attendance is enough but the rule's evaluation has not been submitted;
 * - `session_cancelled`: the session was cancelled (no credit for anyone).
 */
export type CreditResult = CreditStatus;

/**
 * Evaluates one participant's credit for one session.
 *
 * Attendance is the union of the participant's intervals clipped to the scheduled window (rejoins add up,
 * overlapping tabs count once, time before the start or after the end does not count; an open interval
 * counts until `now`). The attendance part is met when attended time ≥ `minimumShare` × scheduled time —
 * as soon as that happens, even while the session is still running (attendance only grows). When the rule
 * names an `evaluationTemplateId`, credit also needs `evaluationDone`.
 *
 * @example
 * ```ts
 * evaluateCredit({
 *   rule: { creditsPerSession: 1, minimumShare: 0.75 },
 *   session: { startsAt: '2030-03-07T16:00:00Z', durationMinutes: 60 },
 *   intervals: [{ joinedAt: '2030-03-07T16:05:00Z', leftAt: '2030-03-07T17:00:00Z' }],
 * }); // → { attendedMinutes: 55, share: 0.917, eligible: true, credits: 1, … }
 * ```
 */
export function evaluateCredit(input: CreditInput): CreditResult {
  const { rule, session, intervals } = input;
  const now = input.now ?? Date.now();
  const window = scheduledWindow(session);
  const ranges = intervals.map((i) => {
    const start = Date.parse(i.joinedAt);
    return { start, end: i.leftAt ? Date.parse(i.leftAt) : Math.max(now, start) };
  });
  const attendedMs = mergeRanges(ranges, window).reduce((sum, r) => sum + (r.end - r.start), 0);
  const scheduledMs = window.end - window.start;
  const minimumShare = validShare(rule.minimumShare) ? rule.minimumShare : DEFAULT_MINIMUM_SHARE;
  // 1 ms tolerance so that exactly 45 of 60 minutes meets 75 % despite floating point.
  const attendanceMet = scheduledMs > 0 && attendedMs + 1 >= minimumShare * scheduledMs;
  const evaluationRequired = Boolean(rule.evaluationTemplateId);

  let reason: CreditReason | undefined;
  if (session.status === 'cancelled') reason = 'session_cancelled';
  else if (!attendanceMet)
    reason = now < window.end && session.status !== 'ended' ? 'session_not_ended' : 'below_minimum';
  else if (evaluationRequired && !input.evaluationDone) reason = 'evaluation_pending';

  const eligible = reason === undefined;
  return {
    attendedMinutes: Math.round(attendedMs / 6_000) / 10,
    scheduledMinutes: session.durationMinutes,
    share: scheduledMs > 0 ? Math.round((attendedMs / scheduledMs) * 1000) / 1000 : 0,
    attendanceMet: attendanceMet && session.status !== 'cancelled',
    evaluationRequired,
    eligible,
    credits: eligible ? Math.max(0, rule.creditsPerSession) : 0,
    ...(reason && { reason }),
  };
}

function validShare(share: number | undefined): share is number {
  return typeof share === 'number' && Number.isFinite(share) && share > 0 && share <= 1;
}
