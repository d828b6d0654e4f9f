import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEmbedToken, parseApiKey, deriveTokenSigningKey, signEmbedToken } from '@teleecho/sdk/server';
import { SignJWT } from 'jose';
import { hubFetch, startTestHub, storageTiers, submitTestCase, type TestHub } from '@teleecho/test-kit';

for (const { tier, skip } of await storageTiers()) {
  describe(`tokens and auth [${tier}]`, { skip }, () => {
    let hub: TestHub;
    before(async () => {
      hub = await startTestHub({ storage: tier });
    });
    after(() => hub?.close());

    const programPath = () => `/v1/programs/${hub.demo.programId}`;

    test('POST /v1/embed-tokens mints a working scoped token', async () => {
      const r = await hubFetch(hub.url, 'POST', '/v1/embed-tokens', {
        token: hub.apiKey,
        body: {
          user: { id: 'dr-42', name: 'Dr. Ana Lima' },
          role: 'presenter',
          programId: hub.demo.programId,
          ttlSeconds: 600,
        },
      });
      assert.equal(r.status, 201);
      const expiresIn = Date.parse(r.body.expiresAt) - Date.now();
      assert.ok(expiresIn > 590_000 && expiresIn <= 600_000, `expiresAt ${r.body.expiresAt}`);
      const c = await submitTestCase(hub, { presenterToken: r.body.token });
      assert.equal(c.presenterId, 'dr-42');
      assert.equal(c.presenterName, 'Dr. Ana Lima');
    });

    test('POST /v1/embed-tokens: unknown programme 404, ttl over 2 h 400, embed token 403', async () => {
      const unknown = await hubFetch(hub.url, 'POST', '/v1/embed-tokens', {
        token: hub.apiKey,
        body: { user: { id: 'u', name: 'U' }, role: 'presenter', programId: 'prg_nope' },
      });
      assert.equal(unknown.status, 404);
      const long = await hubFetch(hub.url, 'POST', '/v1/embed-tokens', {
        token: hub.apiKey,
        body: { user: { id: 'u', name: 'U' }, role: 'presenter', programId: hub.demo.programId, ttlSeconds: 7201 },
      });
      assert.equal(long.status, 400);
      const coordinator = await hub.mint({ role: 'coordinator' });
      const byToken = await hubFetch(hub.url, 'POST', '/v1/embed-tokens', {
        token: coordinator,
        body: { user: { id: 'u', name: 'U' }, role: 'coordinator', programId: hub.demo.programId },
      });
      assert.equal(byToken.status, 403);
      assert.equal(byToken.body.code, 'api_key_required');
      const junkByToken = await hubFetch(hub.url, 'POST', '/v1/embed-tokens', { token: coordinator, body: {} });
      assert.equal(junkByToken.status, 403, 'an embed token is refused before its body is even looked at');
      assert.equal(junkByToken.body.code, 'api_key_required');
    });

    test('missing token → 401 unauthorized as problem+json', async () => {
      const r = await hubFetch(hub.url, 'GET', programPath());
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 'unauthorized');
      assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(r.body.type, 'https://teleecho.dev/problems/unauthorized');
    });

    test('forged token (signed with another key, same key id) → 401 token_invalid', async () => {
      const { keyId } = parseApiKey(hub.apiKey);
      const forged = await createEmbedToken({
        apiKey: `teleecho_sk_${keyId}.${'A'.repeat(43)}`,
        user: { id: 'evil', name: 'Evil' },
        role: 'coordinator',
        programId: hub.demo.programId,
      });
      const r = await hubFetch(hub.url, 'GET', programPath(), { token: forged });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 'token_invalid');
    });

    test('unknown issuer, garbage, and a wrong API key secret → 401 token_invalid', async () => {
      const stranger = await createEmbedToken({
        apiKey: `teleecho_sk_zzzzzzzzzzzz.${'B'.repeat(43)}`,
        user: { id: 'x', name: 'X' },
        role: 'coordinator',
        programId: hub.demo.programId,
      });
      for (const token of [stranger, 'not-a-jwt', `teleecho_sk_${parseApiKey(hub.apiKey).keyId}.${'C'.repeat(43)}`]) {
        const r = await hubFetch(hub.url, 'GET', programPath(), { token });
        assert.equal(r.status, 401, token);
        assert.equal(r.body.code, 'token_invalid');
      }
    });

    test('expired token → 401 token_expired', async () => {
      const { keyId, secret } = parseApiKey(hub.apiKey);
      const expired = await signEmbedToken({
        issuer: keyId,
        key: deriveTokenSigningKey(secret),
        user: { id: 'u', name: 'U' },
        role: 'coordinator',
        programId: hub.demo.programId,
        ttlSeconds: 60,
        now: Math.floor(Date.now() / 1000) - 3600,
      });
      const r = await hubFetch(hub.url, 'GET', programPath(), { token: expired });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 'token_expired');
    });

    async function manual(claims: Record<string, unknown>, ttl = 900): Promise<string> {
      const { keyId, secret } = parseApiKey(hub.apiKey);
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ role: 'coordinator', prg: hub.demo.programId, name: 'M', ...claims })
        .setProtectedHeader({ alg: 'HS256', kid: keyId })
        .setSubject('m')
        .setIssuer(keyId)
        .setAudience((claims.aud as string) ?? 'teleecho-hub')
        .setIssuedAt(now)
        .setExpirationTime(now + ttl)
        .sign(deriveTokenSigningKey(secret));
    }

    test('wrong audience → 401 token_invalid naming the audience', async () => {
      const r = await hubFetch(hub.url, 'GET', programPath(), { token: await manual({ aud: 'someone-else' }) });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 'token_invalid');
      assert.match(r.body.detail, /audience/);
    });

    test('lifetime over 2 h and unknown role → 401 token_invalid', async () => {
      const long = await hubFetch(hub.url, 'GET', programPath(), { token: await manual({}, 3 * 3600) });
      assert.equal(long.status, 401);
      assert.match(long.body.detail, /2 hours/);
      const role = await hubFetch(hub.url, 'GET', programPath(), { token: await manual({ role: 'admin' }) });
      assert.equal(role.status, 401);
      assert.equal(role.body.code, 'token_invalid');
    });

    test('resource of another programme → 403 wrong_program', async () => {
      const other = await hubFetch(hub.url, 'POST', '/v1/programs', {
        token: hub.apiKey,
        body: { name: 'HIV ECHO', specialty: 'infectious disease' },
      });
      const coordinator = await hub.mint({ role: 'coordinator' });
      for (const path of [`/v1/programs/${other.body.id}`, `/v1/programs/${other.body.id}/sessions`]) {
        const r = await hubFetch(hub.url, 'GET', path, { token: coordinator });
        assert.equal(r.status, 403, path);
        assert.equal(r.body.code, 'wrong_program');
      }
      const list = await hubFetch(hub.url, 'GET', '/v1/programs', { token: coordinator });
      assert.deepEqual(
        list.body.items.map((p: { id: string }) => p.id),
        [hub.demo.programId],
      );
    });

    test('tokens narrowed by ses / case only touch that session / case', async () => {
      const [s1, s2] = hub.demo.sessionIds as [string, string];
      const narrowed = await hub.mint({ role: 'participant', ses: s1 });
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/sessions/${s1}`, { token: narrowed })).status, 200);
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/sessions/${s2}`, { token: narrowed })).status, 403);
      const sessions = await hubFetch(hub.url, 'GET', `/v1/programs/${hub.demo.programId}/sessions`, {
        token: narrowed,
      });
      assert.deepEqual(
        sessions.body.items.map((s: { id: string }) => s.id),
        [s1],
      );

      const a = await submitTestCase(hub);
      const b = await submitTestCase(hub);
      const one = await hub.mint({ role: 'specialist', case: a.id });
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/cases/${a.id}`, { token: one })).status, 200);
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/cases/${b.id}`, { token: one })).status, 404);
      const list = await hubFetch(hub.url, 'GET', '/v1/cases', { token: one });
      assert.deepEqual(
        list.body.items.map((c: { id: string }) => c.id),
        [a.id],
      );
    });
  });
}
