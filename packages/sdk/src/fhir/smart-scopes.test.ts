import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseResourceScopes, scopesAllow } from './smart-scopes.js';

const q = (query: string) => new URLSearchParams(query);

describe('granted SMART scopes', () => {
  test('v2 and v1 forms; non-resource scopes are skipped', () => {
    const scopes = parseResourceScopes('launch openid online_access patient/Condition.rs user/*.read');
    assert.equal(scopes.length, 2);
    assert.ok(scopesAllow(scopes, 'Condition', 's'));
    assert.ok(scopesAllow(scopes, 'Observation', 'r'), 'user/*.read covers every type');
    assert.ok(!scopesAllow(parseResourceScopes('patient/Condition.c'), 'Condition', 's'), 'create is not search');
    assert.deepEqual(parseResourceScopes('launch fhirUser'), []);
  });

  test('a query-filtered scope covers only searches that ask for its filter (token match, system optional)', () => {
    const lab = parseResourceScopes(
      'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory',
    );
    assert.ok(scopesAllow(lab, 'Observation', 's', q('patient=1&category=laboratory')));
    assert.ok(
      scopesAllow(
        lab,
        'Observation',
        's',
        q('category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory'),
      ),
    );
    assert.ok(!scopesAllow(lab, 'Observation', 's', q('patient=1&category=vital-signs')));
    assert.ok(!scopesAllow(lab, 'Observation', 's', q('patient=1')), 'an unfiltered search is not covered');
    assert.ok(!scopesAllow(lab, 'Observation', 's', q('category=other-system|laboratory')));
    assert.ok(!scopesAllow(lab, 'Observation', 'r'), 'a read cannot show it matches the filter');
  });
});
