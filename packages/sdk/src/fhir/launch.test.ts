import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EXAMPLE_APP_CLIENT_ID, FIXTURE_PATIENT_ID, startSandboxEhr } from '@teleecho/example-sandbox-ehr';
import type { SandboxEhr } from '@teleecho/example-sandbox-ehr';
import { AuthError } from '../errors.js';
import { completeSmartLaunch, freshAccessToken, fromHostContext, refreshSmartToken, smartLaunch } from './launch.js';
import type { SmartLaunchOptions } from './launch.js';
import { memoryLaunchStorage } from './launch-storage.js';

let ehr: SandboxEhr;
before(async () => {
  ehr = await startSandboxEhr();
});
after(() => ehr.close());

/** Starts an EHR launch with the SDK and lets the real authorization server answer. */
async function launchAndAuthorize(storage = memoryLaunchStorage(), extra: Partial<SmartLaunchOptions> = {}) {
  const launch = ehr.auth.createLaunch({ patientId: FIXTURE_PATIENT_ID, encounterId: 'fx-enc-1' });
  const start = await smartLaunch({
    iss: ehr.fhirBaseUrl,
    launch,
    clientId: EXAMPLE_APP_CLIENT_ID,
    redirectUri: `${ehr.appUrl}/`,
    scope: 'patient/*.rs',
    storage,
    navigate: false,
    ...extra,
  });
  const res = await fetch(start.authorizeUrl, { redirect: 'manual' });
  assert.equal(res.status, 302);
  return { start, storage, redirect: new URL(res.headers.get('location')!) };
}

describe('smartLaunch / completeSmartLaunch', () => {
  test('an EHR launch ends with a token, the patient and encounter in context, and a working FHIR read', async () => {
    const { start, storage, redirect } = await launchAndAuthorize();
    const authorize = new URL(start.authorizeUrl);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorize.searchParams.get('aud'), ehr.fhirBaseUrl);
    assert.match(authorize.searchParams.get('scope')!, /^launch /, 'launch scope added for an EHR launch');
    assert.equal(redirect.searchParams.get('state'), start.state);

    const context = await completeSmartLaunch({ url: redirect.toString(), storage });
    assert.equal(context.patientId, FIXTURE_PATIENT_ID);
    assert.equal(context.encounterId, 'fx-enc-1');
    assert.equal(context.needPatientBanner, false);
    assert.equal(context.smartStyleUrl, `${ehr.ehrUrl}/smart-style.json`);
    assert.equal(context.fhirBaseUrl, ehr.fhirBaseUrl);
    assert.ok(context.expiresAt! > Date.now());
    const res = await fetch(`${context.fhirBaseUrl}/Patient/${context.patientId}`, {
      headers: { authorization: `Bearer ${context.accessToken}` },
    });
    assert.equal(res.status, 200);
  });

  test('a tampered state is refused and no code is exchanged', async () => {
    const { storage, redirect } = await launchAndAuthorize();
    const tampered = new URL(redirect);
    tampered.searchParams.set('state', `${redirect.searchParams.get('state')}x`);
    await assert.rejects(completeSmartLaunch({ url: tampered.toString(), storage }), (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.code, 'smart_state_mismatch');
      return true;
    });
    // The code was not spent: the genuine redirect still completes.
    const context = await completeSmartLaunch({ url: redirect.toString(), storage });
    assert.equal(context.patientId, FIXTURE_PATIENT_ID);
  });

  test('a state can complete only once (a replayed redirect is refused)', async () => {
    const { storage, redirect } = await launchAndAuthorize();
    await completeSmartLaunch({ url: redirect.toString(), storage });
    await assert.rejects(completeSmartLaunch({ url: redirect.toString(), storage }), { code: 'smart_state_mismatch' });
  });

  test('an authorization error is reported with its reason', async () => {
    const url = `${ehr.appUrl}/?error=access_denied&error_description=User+said+no&state=abc`;
    await assert.rejects(completeSmartLaunch({ url, storage: memoryLaunchStorage() }), (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.code, 'smart_denied');
      assert.match(e.message, /User said no/);
      return true;
    });
  });

  test('the default storage works in Node (memory) across smartLaunch and completeSmartLaunch', async () => {
    const launch = ehr.auth.createLaunch({ patientId: FIXTURE_PATIENT_ID });
    const start = await smartLaunch({
      iss: ehr.fhirBaseUrl,
      launch,
      clientId: EXAMPLE_APP_CLIENT_ID,
      redirectUri: `${ehr.appUrl}/`,
      scope: 'launch patient/*.rs',
      navigate: false,
    });
    const res = await fetch(start.authorizeUrl, { redirect: 'manual' });
    const context = await completeSmartLaunch({ url: res.headers.get('location')! });
    assert.equal(context.patientId, FIXTURE_PATIENT_ID);
  });

  test('an iss outside allowedIssuers is refused before anything is sent', async () => {
    const seen = ehr.fhirRequests.length;
    await assert.rejects(
      smartLaunch({
        iss: 'https://evil.example/fhir',
        launch: 'x',
        clientId: EXAMPLE_APP_CLIENT_ID,
        redirectUri: `${ehr.appUrl}/`,
        scope: 'patient/*.rs',
        allowedIssuers: [ehr.fhirBaseUrl],
        navigate: false,
        fetch: () => Promise.reject(new Error('must not be called')),
      }),
      { code: 'smart_issuer_not_allowed' },
    );
    assert.equal(ehr.fhirRequests.length, seen);
  });

  test('smartLaunch needs a FHIR base URL; fromHostContext validates its input', async () => {
    await assert.rejects(
      smartLaunch({ clientId: 'x', redirectUri: 'https://app/', scope: 'patient/*.rs', navigate: false }),
      { code: 'invalid_options' },
    );
    assert.throws(() => fromHostContext({ fhirBaseUrl: '', accessToken: 't', patientId: 'p' }), {
      code: 'invalid_options',
    });
    assert.equal(
      fromHostContext({ fhirBaseUrl: 'https://ehr/fhir/', accessToken: 't', patientId: 'p' }).fhirBaseUrl,
      'https://ehr/fhir',
    );
  });

  test('asks for online_access when the server offers it, and the refresh token stays off the context', async () => {
    const { start, storage, redirect } = await launchAndAuthorize();
    assert.match(new URL(start.authorizeUrl).searchParams.get('scope')!, /\bonline_access\b/);
    const context = await completeSmartLaunch({ url: redirect.toString(), storage });
    assert.equal(context.refreshable, true);
    assert.doesNotMatch(JSON.stringify(context), /refresh_?token/i, 'no refresh token in what the app may log or post');

    const off = await launchAndAuthorize(memoryLaunchStorage(), { onlineAccess: false });
    assert.doesNotMatch(new URL(off.start.authorizeUrl).searchParams.get('scope')!, /online_access/);
    const plain = await completeSmartLaunch({ url: off.redirect.toString(), storage: off.storage });
    assert.equal(plain.refreshable, false);
  });

  test('refreshes in place before expiry; a refused refresh becomes smart_token_expired with a relaunch hint', async () => {
    ehr.auth.configure({ tokenTtlSeconds: 30 }); // less than the SDK's 60 s margin
    try {
      const { storage, redirect } = await launchAndAuthorize(memoryLaunchStorage(), {
        relaunchUrl: `${ehr.appUrl}/?iss=x`,
      });
      const context = await completeSmartLaunch({ url: redirect.toString(), storage });
      const first = context.accessToken;
      const grants = ehr.auth.tokenRequests.length;
      const token = await freshAccessToken(context);
      assert.notEqual(token, first, 'a new access token');
      assert.equal(context.accessToken, token, 'updated in place');
      assert.deepEqual(
        ehr.auth.tokenRequests.slice(grants).map((r) => `${r.grantType} ${r.status}`),
        ['refresh_token 200'],
      );
      const read = await fetch(`${ehr.fhirBaseUrl}/Patient/${FIXTURE_PATIENT_ID}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(read.status, 200);

      ehr.auth.revokeAll();
      await assert.rejects(refreshSmartToken(context), (e: unknown) => {
        assert.ok(e instanceof AuthError);
        assert.equal(e.code, 'smart_token_expired');
        assert.equal(e.relaunch?.url, `${ehr.appUrl}/?iss=x`);
        assert.equal(e.relaunch?.fhirBaseUrl, ehr.fhirBaseUrl);
        return true;
      });
      assert.equal(context.refreshable, false);
    } finally {
      ehr.auth.configure({ tokenTtlSeconds: 3600 });
    }
  });

  test('a token past its expiry that cannot be refreshed is refused before any request', async () => {
    const { storage, redirect } = await launchAndAuthorize(memoryLaunchStorage(), { onlineAccess: false });
    const context = await completeSmartLaunch({ url: redirect.toString(), storage });
    context.expiresAt = Date.now() - 1;
    const seen = ehr.auth.tokenRequests.length;
    await assert.rejects(freshAccessToken(context), (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.code, 'smart_token_expired');
      assert.equal(e.relaunch?.reason, 'expired');
      return true;
    });
    assert.equal(ehr.auth.tokenRequests.length, seen);
  });

  test('token responses are validated: expires_in, access_token, token_type, patient when asked', async () => {
    /** The real token endpoint, with its JSON answer changed the way a faulty server would. */
    const tamper =
      (change: (body: Record<string, unknown>) => void): typeof fetch =>
      async (input, init) => {
        const res = await fetch(input, init);
        const body = (await res.json()) as Record<string, unknown>;
        change(body);
        return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
      };
    const cases: [string, (b: Record<string, unknown>) => void, RegExp][] = [
      ['expires_in 0', (b) => void (b.expires_in = 0), /expires_in/],
      ['expires_in negative', (b) => void (b.expires_in = -30), /expires_in/],
      ['expires_in a string', (b) => void (b.expires_in = '3600'), /expires_in/],
      ['no access_token', (b) => void delete b.access_token, /access_token/],
      ['not a bearer token', (b) => void (b.token_type = 'mac'), /Bearer/],
      ['no patient for a patient scope', (b) => void delete b.patient, /patient/],
    ];
    for (const [name, change, message] of cases) {
      const { storage, redirect } = await launchAndAuthorize(memoryLaunchStorage(), { relaunchUrl: 'https://app/x' });
      await assert.rejects(
        completeSmartLaunch({ url: redirect.toString(), storage, fetch: tamper(change) }),
        (e: unknown) => {
          assert.ok(e instanceof AuthError, name);
          assert.equal(e.code, 'smart_token_invalid', name);
          assert.match(e.message, message, name);
          assert.deepEqual(e.relaunch, { reason: 'launch_failed', fhirBaseUrl: ehr.fhirBaseUrl, url: 'https://app/x' });
          return true;
        },
      );
    }
    // Without expires_in (only recommended by SMART) the expiry is unknown, not invented.
    const { storage, redirect } = await launchAndAuthorize();
    const noExpiry = await completeSmartLaunch({
      url: redirect.toString(),
      storage,
      fetch: tamper((b) => void delete b.expires_in),
    });
    assert.equal(noExpiry.expiresAt, undefined);
  });

  test('a launch without patient scopes may come back without a patient', async () => {
    const launch = ehr.auth.createLaunch({ patientId: FIXTURE_PATIENT_ID });
    const storage = memoryLaunchStorage();
    const start = await smartLaunch({
      iss: ehr.fhirBaseUrl,
      launch,
      clientId: EXAMPLE_APP_CLIENT_ID,
      redirectUri: `${ehr.appUrl}/`,
      scope: 'launch user/*.rs',
      storage,
      navigate: false,
    });
    const res = await fetch(start.authorizeUrl, { redirect: 'manual' });
    const context = await completeSmartLaunch({
      url: res.headers.get('location')!,
      storage,
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        const { patient: _patient, ...rest } = (await answer.json()) as Record<string, unknown>;
        return new Response(JSON.stringify(rest), { status: answer.status });
      },
    });
    assert.equal(context.patientId, undefined);
  });
});
