import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CaseStatus } from '@teleecho/sdk';
import { TRANSITIONS, findTransition } from './case-lifecycle.js';
import { canSeeEvent } from './events.js';
import { newId } from './ids.js';
import type { StoredEvent } from '../storage/storage.js';
import type { UserPrincipal } from './principal.js';

describe('case lifecycle table', () => {
  test('has exactly the transitions of the contract', () => {
    assert.deepEqual(
      TRANSITIONS.map((t) => `${t.from}>${t.to}`),
      [
        'submitted>accepted',
        'submitted>returned',
        'returned>submitted',
        'accepted>scheduled',
        'scheduled>accepted',
        'scheduled>presented',
        'recommendations_issued>closed',
      ],
    );
    assert.equal(findTransition('submitted', 'scheduled'), undefined);
    assert.equal(findTransition('closed' as CaseStatus, 'submitted'), undefined);
    assert.deepEqual(findTransition('submitted', 'returned')?.requires, ['reason']);
  });
});

describe('ids', () => {
  test('are prefixed and sort in creation order', () => {
    const ids = Array.from({ length: 500 }, () => newId('cas'));
    assert.ok(ids.every((id) => /^cas_[0-9a-z]{22}$/.test(id)));
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('event visibility', () => {
  const user = (role: UserPrincipal['role'], sub = `u-${role}`): UserPrincipal => ({
    kind: 'user',
    sub,
    name: sub,
    role,
    programId: 'prg_a',
    issuer: 'k',
    exp: 0,
  });
  const event = (type: StoredEvent['type'], extra: Partial<StoredEvent> = {}): StoredEvent => ({
    id: '1',
    type,
    programId: 'prg_a',
    at: '',
    data: {},
    caseId: 'cas_1',
    presenterId: 'u-presenter',
    ...extra,
  });
  const sees = (p: UserPrincipal, e: StoredEvent, attended: string[] = []) =>
    canSeeEvent({ principal: p, attendedSessions: new Set(attended) }, e);

  test('session events go to every member, case events to the hub team and the presenter', () => {
    for (const role of ['coordinator', 'facilitator', 'specialist', 'presenter', 'participant', 'observer'] as const) {
      assert.equal(sees(user(role), event('session.updated', { caseId: undefined })), true, role);
    }
    assert.equal(sees(user('specialist'), event('case.submitted')), true);
    assert.equal(sees(user('presenter'), event('case.submitted')), true);
    assert.equal(sees(user('presenter', 'someone-else'), event('case.submitted')), false);
    assert.equal(sees(user('observer'), event('recommendation.issued')), false);
    assert.equal(sees(user('specialist'), event('case.submitted', { programId: 'prg_b' })), false);
  });

  test('participants see issued recommendations of cases presented in sessions they attended', () => {
    const issued = event('recommendation.issued', { sessionId: 'ses_1' });
    assert.equal(sees(user('participant'), issued, ['ses_1']), true);
    assert.equal(sees(user('participant'), issued, ['ses_2']), false);
    assert.equal(sees(user('participant'), event('case.updated', { sessionId: 'ses_1' }), ['ses_1']), false);
    assert.equal(
      sees(user('participant'), event('recommendation.acknowledged', { sessionId: 'ses_1' }), ['ses_1']),
      false,
    );
  });

  test('token narrowing applies', () => {
    const narrowed = { ...user('specialist'), caseId: 'cas_2' };
    assert.equal(sees(narrowed, event('case.updated')), false);
    assert.equal(sees(narrowed, event('case.updated', { caseId: 'cas_2' })), true);
  });
});
