import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CAPABILITIES, CLIENT_ERROR_CODES, HUB_ERROR_CODES, ROLES, isEchoErrorCode, rolesThat } from './contract.js';
import { MODERATOR_ROLES, PUBLISH_SOURCES } from './session/index.js';

const HUB_SRC = join(import.meta.dirname, '../../hub/src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') && !name.includes('.test.') ? [full] : [];
  });
}

describe('the contract module', () => {
  test('each list names each value once; hub and client codes do not overlap', () => {
    for (const list of [ROLES, HUB_ERROR_CODES, CLIENT_ERROR_CODES]) assert.equal(new Set(list).size, list.length);
    const both = HUB_ERROR_CODES.filter((c) => (CLIENT_ERROR_CODES as readonly string[]).includes(c));
    assert.deepEqual(both, []);
  });

  test('every code the hub’s source raises is in HUB_ERROR_CODES (the compiler checks HubError; this checks the rest)', () => {
    // Codes written as literals next to a status: new HubError(409, 'x'), problem(400, 'x'), new LtiError(401, 'x').
    const raised = new Set<string>();
    for (const file of sources(HUB_SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:Error|problem)\(\s*\d{3},\s*'([a-z_]+)'/g)) raised.add(m[1]!);
    }
    assert.ok(raised.size >= 30, `found ${raised.size} codes`);
    const missing = [...raised].filter((c) => !(HUB_ERROR_CODES as readonly string[]).includes(c));
    assert.deepEqual(missing, []);
  });

  test('isEchoErrorCode knows the hub’s, the SDK’s and http_<status>, and nothing else', () => {
    assert.ok(isEchoErrorCode('already_issued'));
    assert.ok(isEchoErrorCode('smart_token_expired'));
    assert.ok(isEchoErrorCode('http_502'));
    assert.ok(!isEchoErrorCode('http_'));
    assert.ok(!isEchoErrorCode('gateway_timeout'));
    assert.ok(!isEchoErrorCode(404));
  });

  test('the session’s publish grants and moderators come from the capability table', () => {
    assert.deepEqual(Object.keys(CAPABILITIES).sort(), [...ROLES].sort());
    assert.deepEqual(PUBLISH_SOURCES.observer, []);
    assert.deepEqual(PUBLISH_SOURCES.participant, ['camera', 'microphone']);
    for (const role of ['presenter', 'specialist', 'facilitator', 'coordinator'] as const) {
      assert.ok(PUBLISH_SOURCES[role].includes('screen_share'), role);
    }
    assert.deepEqual([...MODERATOR_ROLES].sort(), ['coordinator', 'facilitator']);
    assert.deepEqual(rolesThat('hubTeam'), ['coordinator', 'facilitator', 'specialist']);
    assert.deepEqual(rolesThat('submitCases'), ['presenter']);
  });
});
