import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EXAMPLE_APP_CLIENT_ID, FIXTURE_PATIENT_ID, startSandboxEhr } from '@teleecho/example-sandbox-ehr';
import type { SandboxEhr } from '@teleecho/example-sandbox-ehr';
import { AuthError } from '../errors.js';
import { completeSmartLaunch, fromHostContext, smartLaunch } from './launch.js';
import { memoryLaunchStorage } from './launch-storage.js';

let ehr: SandboxEhr;
before(async () => {
  ehr = await startSandboxEhr();
});
after(() => ehr.close());

/** Starts an EHR launch with the SDK and lets the real authorization server answer. */
async function launchAndAuthorize(storage = memoryLaunchStorage()) {
  const launch = ehr.auth.createLaunch({ patientId: FIXTURE_PATIENT_ID, encounterId: 'fx-enc-1' });
  const start = await smartLaunch({
    iss: ehr.fhirBaseUrl,
    launch,
    clientId: EXAMPLE_APP_CLIENT_ID,
    redirectUri: `${ehr.appUrl}/`,
    scope: 'patient/*.rs',
    storage,
    navigate: false,
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
    assert.ok(context.expiresAt > Date.now());
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
});
