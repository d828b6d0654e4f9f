import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FIXTURE_PATIENT_ID } from './patients.js';
import { EXAMPLE_APP_CLIENT_ID, startSandboxEhr } from './server.js';
import type { SandboxEhr } from './server.js';
import { authorize, authorizeRequest, fhirFetch, launchToken, tokenRequest } from './testing.js';

const P = FIXTURE_PATIENT_ID;
let ehr: SandboxEhr;
const auth = () => ehr.auth;

before(async () => {
  ehr = await startSandboxEhr();
});
after(() => ehr.close());

/** Authorizes and returns what the token request needs. */
async function codeFor(options: Parameters<typeof authorizeRequest>[1] = { patientId: P }) {
  const prepared = authorizeRequest(ehr, options);
  const { location } = await authorize(prepared.url);
  const code = location?.searchParams.get('code');
  assert.ok(code, `expected a code, got ${location?.toString()}`);
  assert.equal(location!.searchParams.get('state'), prepared.state, 'state is echoed unchanged');
  return {
    code,
    form: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: prepared.redirectUri,
      client_id: EXAMPLE_APP_CLIENT_ID,
      code_verifier: prepared.verifier,
    },
  };
}

describe('SMART authorization server', () => {
  test('publishes .well-known/smart-configuration with PKCE S256 only, and answers CORS', async () => {
    const res = await fetch(`${ehr.fhirBaseUrl}/.well-known/smart-configuration`, {
      headers: { origin: 'https://app.example.org' },
    });
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example.org');
    const config = (await res.json()) as Record<string, string[] | string>;
    assert.deepEqual(config.code_challenge_methods_supported, ['S256']);
    assert.ok((config.capabilities as string[]).includes('launch-ehr'));
    assert.ok((config.capabilities as string[]).includes('launch-standalone'));
    assert.equal(config.token_endpoint, `${ehr.ehrUrl}/auth/token`);
  });

  test('EHR launch: the token carries patient, encounter, banner and style context', async () => {
    const { form } = await codeFor({ patientId: P, encounterId: 'fx-enc-1' });
    const { status, body } = await tokenRequest(ehr, form);
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.patient, P);
    assert.equal(body.encounter, 'fx-enc-1');
    assert.equal(body.need_patient_banner, false, 'the EHR shows its own banner');
    assert.equal(body.smart_style_url, `${ehr.ehrUrl}/smart-style.json`);
    assert.match(String(body.scope), /patient\/\*\.rs/);
    const read = await fhirFetch(ehr, String(body.access_token), `Patient/${P}`);
    assert.equal(read.status, 200);
  });

  test('standalone launch: the patient picker, then a token with need_patient_banner', async () => {
    const prepared = authorizeRequest(ehr, { scope: 'launch/patient patient/*.rs' });
    const picker = await authorize(prepared.url);
    assert.equal(picker.status, 200);
    assert.match(picker.body, /Choose a patient/);
    const link = /href="\?([^"]+)"/.exec(picker.body)![1]!.replace(/&#38;/g, '&');
    const chosen = await authorize(`${ehr.ehrUrl}/auth/authorize?${link}`);
    const code = chosen.location!.searchParams.get('code')!;
    const { status, body } = await tokenRequest(ehr, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: prepared.redirectUri,
      client_id: EXAMPLE_APP_CLIENT_ID,
      code_verifier: prepared.verifier,
    });
    assert.equal(status, 200);
    assert.equal(body.need_patient_banner, true);
    assert.equal(typeof body.patient, 'string');
  });

  test('refuses an authorization request without PKCE, or with plain PKCE', async () => {
    const cases: Record<string, string | null>[] = [
      { code_challenge: null, code_challenge_method: null },
      { code_challenge_method: 'plain' },
    ];
    for (const overrides of cases) {
      const prepared = authorizeRequest(ehr, { patientId: P, overrides });
      const { status, location } = await authorize(prepared.url);
      assert.equal(status, 302);
      assert.equal(location!.searchParams.get('error'), 'invalid_request');
      assert.equal(location!.searchParams.get('code'), null);
      assert.equal(location!.searchParams.get('state'), prepared.state);
    }
  });

  test('refuses an unregistered redirect_uri without redirecting to it', async () => {
    const prepared = authorizeRequest(ehr, { patientId: P, overrides: { redirect_uri: 'https://evil.example/' } });
    const { status, location, body } = await authorize(prepared.url);
    assert.equal(status, 400);
    assert.equal(location, undefined);
    assert.match(body, /Redirect URI not registered/);
  });

  test('refuses a wrong aud, an unknown launch and a missing state', async () => {
    const wrongAud = await authorize(
      authorizeRequest(ehr, { patientId: P, overrides: { aud: 'https://other/fhir' } }).url,
    );
    assert.equal(wrongAud.location!.searchParams.get('error'), 'invalid_request');
    const unknownLaunch = await authorize(authorizeRequest(ehr, { overrides: { launch: 'forged' } }).url);
    assert.equal(unknownLaunch.location!.searchParams.get('error'), 'invalid_request');
    const noState = await authorize(authorizeRequest(ehr, { patientId: P, overrides: { state: null } }).url);
    assert.equal(noState.location!.searchParams.get('error'), 'invalid_request');
  });

  test('refuses a token request with a missing or wrong PKCE verifier', async () => {
    const missing = await codeFor();
    const { code_verifier: _drop, ...withoutVerifier } = missing.form;
    const a = await tokenRequest(ehr, withoutVerifier);
    assert.equal(a.status, 400);
    assert.equal(a.body.error, 'invalid_request');
    assert.equal(a.body.access_token, undefined);

    const wrong = await codeFor();
    const b = await tokenRequest(ehr, { ...wrong.form, code_verifier: 'x'.repeat(43) });
    assert.equal(b.status, 400);
    assert.equal(b.body.error, 'invalid_grant');
  });

  test('refuses a token request whose redirect_uri differs from the authorization request', async () => {
    const { form } = await codeFor();
    const res = await tokenRequest(ehr, { ...form, redirect_uri: `${ehr.appUrl}/other` });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
  });

  test('a reused code is refused and revokes the token it gave', async () => {
    const { form } = await codeFor();
    const first = await tokenRequest(ehr, form);
    assert.equal(first.status, 200);
    const token = String(first.body.access_token);
    assert.equal((await fhirFetch(ehr, token, `Patient/${P}`)).status, 200);
    const second = await tokenRequest(ehr, form);
    assert.equal(second.status, 400);
    assert.equal(second.body.error, 'invalid_grant');
    assert.equal((await fhirFetch(ehr, token, `Patient/${P}`)).status, 401, 'the first token is revoked');
  });

  test('publishes refresh tokens and online access in its SMART configuration', async () => {
    const config = auth().smartConfiguration();
    assert.deepEqual(config.grant_types_supported, ['authorization_code', 'refresh_token']);
    assert.ok((config.capabilities as string[]).includes('permission-online'));
    assert.ok((config.scopes_supported as string[]).includes('online_access'));
  });

  test("an EHR launch without an encounter gets the patient's current encounter in context", async () => {
    const body = await launchToken(ehr, { patientId: P });
    assert.equal(body.encounter, 'fx-enc-1', 'the in-progress encounter is auto-selected');
    assert.equal(body.need_patient_banner, false);
  });

  test('online_access: a refresh token, rotated on use; a reused one revokes the whole grant', async () => {
    const first = await launchToken(ehr, { patientId: P, scope: 'launch patient/*.rs online_access' });
    assert.equal(typeof first.refresh_token, 'string');
    assert.match(String(first.scope), /online_access/);
    const refresh = (refresh_token: string) =>
      tokenRequest(ehr, { grant_type: 'refresh_token', refresh_token, client_id: EXAMPLE_APP_CLIENT_ID });

    const second = await refresh(String(first.refresh_token));
    assert.equal(second.status, 200);
    assert.equal(second.body.token_type, 'Bearer');
    assert.ok(Number(second.body.expires_in) > 0);
    assert.notEqual(second.body.access_token, first.access_token);
    assert.notEqual(second.body.refresh_token, first.refresh_token, 'rotated');
    assert.equal((await fhirFetch(ehr, String(second.body.access_token), `Patient/${P}`)).status, 200);

    const wrongClient = await tokenRequest(ehr, {
      grant_type: 'refresh_token',
      refresh_token: String(second.body.refresh_token),
      client_id: 'someone-else',
    });
    assert.equal(wrongClient.body.error, 'invalid_grant', 'bound to its client');

    const replay = await refresh(String(first.refresh_token));
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
    const read = await fhirFetch(ehr, String(second.body.access_token), `Patient/${P}`);
    assert.equal(read.status, 401, 'the replay revoked the grant');
    assert.equal((await refresh(String(second.body.refresh_token))).body.error, 'invalid_grant');
  });

  test('no refresh token without online_access; offline_access is never granted to a public client', async () => {
    const plain = await launchToken(ehr, { patientId: P });
    assert.equal(plain.refresh_token, undefined);
    const offline = await launchToken(ehr, { patientId: P, scope: 'launch patient/*.rs offline_access' });
    assert.equal(offline.refresh_token, undefined);
    assert.doesNotMatch(String(offline.scope), /offline_access/);
  });

  test('expired on demand: 401 with WWW-Authenticate "expired"; the refresh token still works', async () => {
    const body = await launchToken(ehr, { patientId: P, scope: 'launch patient/*.rs online_access' });
    assert.ok(auth().expireAccessTokens() >= 1);
    const res = await fetch(`${ehr.fhirBaseUrl}/Patient/${P}`, {
      headers: { authorization: `Bearer ${String(body.access_token)}` },
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer .*error="invalid_token".*expired/);
    const refreshed = await tokenRequest(ehr, {
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token),
      client_id: EXAMPLE_APP_CLIENT_ID,
    });
    assert.equal(refreshed.status, 200);
    assert.equal((await fhirFetch(ehr, String(refreshed.body.access_token), `Patient/${P}`)).status, 200);
  });

  test('revoked on demand: 401 "revoked" for access tokens, and refresh tokens are refused', async () => {
    const body = await launchToken(ehr, { patientId: P, scope: 'launch patient/*.rs online_access' });
    assert.ok(auth().revokeAll() >= 1);
    const res = await fetch(`${ehr.fhirBaseUrl}/Patient/${P}`, {
      headers: { authorization: `Bearer ${String(body.access_token)}` },
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token".*revoked/);
    const refreshed = await tokenRequest(ehr, {
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token),
      client_id: EXAMPLE_APP_CLIENT_ID,
    });
    assert.equal(refreshed.body.error, 'invalid_grant');
    const fresh = await launchToken(ehr, { patientId: P });
    assert.equal((await fhirFetch(ehr, String(fresh.access_token), `Patient/${P}`)).status, 200, 'new grants work');
  });

  test('scopes narrowed on request: the token says what was granted, and the FHIR server holds to it', async () => {
    auth().configure({ grantScopes: 'patient/Patient.rs patient/Observation.rs?category=laboratory' });
    try {
      const body = await launchToken(ehr, { patientId: P });
      assert.equal(body.scope, 'launch patient/Patient.rs patient/Observation.rs?category=laboratory');
      const token = String(body.access_token);
      assert.equal((await fhirFetch(ehr, token, `Patient/${P}`)).status, 200);
      const conditions = await fhirFetch(ehr, token, `Condition?patient=${P}`);
      assert.equal(conditions.status, 403, 'out of scope: 403');
      const labs = await fhirFetch(ehr, token, `Observation?patient=${P}&category=laboratory`);
      assert.ok((labs.body.entry ?? []).length > 0);
      const vitals = await fhirFetch(ehr, token, `Observation?patient=${P}&category=vital-signs`);
      assert.deepEqual(vitals.body.entry ?? [], [], 'the query filter is enforced, not treated as unfiltered');
    } finally {
      auth().configure({ grantScopes: null });
    }
  });

  test('the admin controls answer over HTTP on the EHR origin (for demos)', async () => {
    const post = async (path: string, body?: unknown) => {
      const res = await fetch(`${ehr.ehrUrl}/ehr/api/sandbox/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const policy = await post('policy', { grantScopes: 'patient/Patient.rs', tokenTtlSeconds: 120 });
    assert.deepEqual(policy.body, { grantScopes: 'patient/Patient.rs', tokenTtlSeconds: 120, onlineAccess: true });
    const narrowed = await launchToken(ehr, { patientId: P });
    assert.equal(narrowed.scope, 'launch patient/Patient.rs');
    assert.equal(narrowed.expires_in, 120);
    await post('policy', { grantScopes: null, tokenTtlSeconds: 3600 });
    assert.equal((await post('expire-tokens')).status, 200);
    assert.equal((await fhirFetch(ehr, String(narrowed.access_token), `Patient/${P}`)).status, 401);
    assert.equal(typeof (await post('revoke-tokens')).body.revoked, 'number');
  });
});
