import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateCredit, type CreditInput, type CreditResult } from './credit.js';

const T0 = Date.parse('2030-03-07T16:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
const session = { startsAt: at(0), durationMinutes: 60 };
const rule = { creditsPerSession: 1.5, minimumShare: 0.75 };
const AFTER = T0 + 120 * 60_000;
const iv = (from: number, to?: number): { joinedAt: string; leftAt?: string } => ({
  joinedAt: at(from),
  ...(to !== undefined && { leftAt: at(to) }),
});

type Row = [name: string, input: Partial<CreditInput>, expected: Partial<CreditResult>];

const rows: Row[] = [
  ['full attendance', { intervals: [iv(0, 60)] }, { attendedMinutes: 60, share: 1, eligible: true, credits: 1.5 }],
  ['exactly the minimum (45 of 60)', { intervals: [iv(0, 45)] }, { attendedMinutes: 45, share: 0.75, eligible: true }],
  [
    'just below the minimum (44.9 of 60)',
    { intervals: [{ joinedAt: at(0), leftAt: new Date(T0 + 44.9 * 60_000).toISOString() }] },
    { attendedMinutes: 44.9, eligible: false, credits: 0, reason: 'below_minimum' },
  ],
  [
    'rejoin: gaps are not counted, parts add up',
    { intervals: [iv(0, 20), iv(25, 50)] },
    { attendedMinutes: 45, eligible: true },
  ],
  [
    'rejoin with a long gap stays below',
    { intervals: [iv(0, 20), iv(40, 60)] },
    { attendedMinutes: 40, reason: 'below_minimum' },
  ],
  [
    'overlap (two tabs) counts once',
    { intervals: [iv(0, 40), iv(10, 40), iv(30, 44)] },
    { attendedMinutes: 44, eligible: false },
  ],
  ['late join', { intervals: [iv(14, 60)] }, { attendedMinutes: 46, eligible: true }],
  ['late join too late', { intervals: [iv(16, 60)] }, { attendedMinutes: 44, reason: 'below_minimum' }],
  ['early leave', { intervals: [iv(0, 30)] }, { attendedMinutes: 30, share: 0.5, reason: 'below_minimum' }],
  [
    'time before the start and after the end is clipped',
    { intervals: [iv(-30, 10), iv(50, 120)] },
    { attendedMinutes: 20, reason: 'below_minimum' },
  ],
  [
    'intervals entirely outside the window count nothing',
    { intervals: [iv(-60, -1), iv(61, 90)] },
    { attendedMinutes: 0 },
  ],
  ['zero-length interval counts nothing', { intervals: [iv(10, 10)] }, { attendedMinutes: 0, share: 0 }],
  ['no attendance at all', { intervals: [] }, { attendedMinutes: 0, eligible: false, reason: 'below_minimum' }],
  [
    'open interval while live: below so far, session not ended',
    { intervals: [iv(0)], now: T0 + 30 * 60_000 },
    { attendedMinutes: 30, eligible: false, reason: 'session_not_ended' },
  ],
  [
    'open interval while live: eligible as soon as the minimum is reached',
    { intervals: [iv(0)], now: T0 + 50 * 60_000 },
    { attendedMinutes: 50, eligible: true, credits: 1.5 },
  ],
  [
    'open interval after the end is clipped at the end',
    { intervals: [iv(10)], now: AFTER },
    { attendedMinutes: 50, eligible: true },
  ],
  [
    'a session ended early by the coordinator is final',
    { intervals: [iv(0, 30)], session: { ...session, status: 'ended' }, now: T0 + 35 * 60_000 },
    { reason: 'below_minimum' },
  ],
  [
    'cancelled session grants nothing',
    { intervals: [iv(0, 60)], session: { ...session, status: 'cancelled' } },
    { eligible: false, credits: 0, attendanceMet: false, reason: 'session_cancelled' },
  ],
  [
    'evaluation required and not done',
    { intervals: [iv(0, 60)], rule: { ...rule, evaluationTemplateId: 'tpl_eval' } },
    { attendanceMet: true, evaluationRequired: true, eligible: false, credits: 0, reason: 'evaluation_pending' },
  ],
  [
    'evaluation required and done',
    { intervals: [iv(0, 60)], rule: { ...rule, evaluationTemplateId: 'tpl_eval' }, evaluationDone: true },
    { eligible: true, credits: 1.5 },
  ],
  [
    'evaluation done but attendance below: below_minimum wins',
    { intervals: [iv(0, 10)], rule: { ...rule, evaluationTemplateId: 'tpl_eval' }, evaluationDone: true },
    { reason: 'below_minimum' },
  ],
  [
    'missing minimumShare defaults to 75 %',
    { intervals: [iv(0, 44)], rule: { creditsPerSession: 1 } },
    { reason: 'below_minimum' },
  ],
  [
    'a shortened rule (10 %) for short test sessions',
    { intervals: [iv(0, 6)], rule: { creditsPerSession: 1, minimumShare: 0.1 }, now: T0 + 6 * 60_000 },
    { eligible: true, credits: 1 },
  ],
];

describe('evaluateCredit', () => {
  for (const [name, input, expected] of rows) {
    test(name, () => {
      const result = evaluateCredit({ rule, session, intervals: [], now: AFTER, ...input });
      const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, result[k as keyof CreditResult]]));
      assert.deepEqual(picked, expected);
      assert.equal(result.scheduledMinutes, (input.session ?? session).durationMinutes);
      assert.equal(result.eligible, result.reason === undefined, 'reason is present exactly when not eligible');
      if (!result.eligible) assert.equal(result.credits, 0);
    });
  }

  test('eligible results carry no reason key at all', () => {
    const result = evaluateCredit({ rule, session, intervals: [iv(0, 60)], now: AFTER });
    assert.equal('reason' in result, false);
  });
});
