import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Client } from 'fhir-kit-client';
import { EXAMPLE_APP_CLIENT_ID, FIXTURE_PATIENT_ID, startSandboxEhr } from '@teleecho/example-sandbox-ehr';
import type { SandboxEhr } from '@teleecho/example-sandbox-ehr';
import { launchToken } from '@teleecho/example-sandbox-ehr/testing';
import { AuthError, ForbiddenError } from '../errors.js';
import type { FhirResource } from '../types.js';
import { fetchCaseContext } from './context.js';
import { completeSmartLaunch, fromHostContext, smartLaunch } from './launch.js';
import type { FhirConnection, SmartContext } from './launch.js';
import { memoryLaunchStorage } from './launch-storage.js';

let ehr: SandboxEhr;
let connection: FhirConnection;
before(async () => {
  ehr = await startSandboxEhr();
  const token = await launchToken(ehr, { patientId: FIXTURE_PATIENT_ID });
  connection = fromHostContext({
    fhirBaseUrl: ehr.fhirBaseUrl,
    accessToken: String(token.access_token),
    patientId: FIXTURE_PATIENT_ID,
  });
});
after(() => ehr.close());

/** Runs `fn` and returns how many FHIR requests the server saw meanwhile. */
async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; requests: number }> {
  const before = ehr.fhirRequests.length;
  const value = await fn();
  return { value, requests: ehr.fhirRequests.length - before };
}

const codes = (entries: FhirResource[] | undefined) =>
  (entries ?? []).map((e) => (e.code as { coding?: { code: string }[] }).coding?.[0]?.code);

describe('fetchCaseContext', () => {
  test('fills every IPS section for the launch patient in one round trip', async () => {
    const { value: ctx, requests } = await counted(() =>
      fetchCaseContext(connection, { now: new Date('2026-11-27T00:00:00Z') }),
    );
    assert.equal(requests, 1, 'one batch request at the server');
    assert.equal(ctx.roundTrips, 1);
    assert.equal(ctx.ageYears, 65);
    assert.equal(ctx.sex, 'female');
    assert.deepEqual(codes(ctx.sections.problems?.entries).sort(), ['128302006', '44054006'], 'active problems only');
    assert.equal(ctx.sections.problems?.code, '11450-4');
    assert.equal(ctx.sections.medications?.entries.length, 2, 'active medications only');
    assert.ok(
      ctx.resources.some((r) => r.resourceType === 'Medication' && r.id === 'fx-med-sofvel'),
      '_include',
    );
    assert.deepEqual(codes(ctx.sections.allergies?.entries), ['91936005']);
    const results = ctx.sections.results!.entries;
    assert.equal(results.length, 6);
    assert.equal(codes(results).filter((c) => c === '11011-4').length, 4, 'HCV RNA over time');
    assert.equal(results[0]!.effectiveDateTime, '2026-11-18', 'newest first');
    assert.deepEqual(codes(ctx.sections.vitalSigns?.entries).sort(), ['29463-7', '85354-9']);
    assert.ok(
      ctx.resources.every((r) => !String(JSON.stringify(r)).includes('fixture-other-2')),
      'nothing of another patient',
    );
    assert.deepEqual(ctx.warnings, []);
  });

  test('follows paging: every page of every section arrives, next pages batched together', async () => {
    const { value: ctx, requests } = await counted(() => fetchCaseContext(connection, { pageSize: 2 }));
    assert.equal(ctx.sections.results?.entries.length, 6);
    assert.equal(new Set(ctx.sections.results?.entries.map((r) => r.id)).size, 6);
    assert.equal(ctx.sections.problems?.entries.length, 2);
    assert.equal(ctx.sections.vitalSigns?.entries.length, 2);
    assert.equal(requests, ctx.roundTrips);
    assert.equal(requests, 3, 'first batch, then one batch per round of next pages');
  });

  test('since limits results and vitals; sections limits what is fetched', async () => {
    const ctx = await fetchCaseContext(connection, { since: '2026-10-01', sections: ['results', 'vitalSigns'] });
    assert.deepEqual(Object.keys(ctx.sections).sort(), ['results', 'vitalSigns']);
    assert.ok(ctx.sections.results!.entries.every((r) => String(r.effectiveDateTime) >= '2026-10-01'));
    assert.equal(ctx.sections.results!.entries.length, 3);
  });

  test('works on a synthetic patient of the sandbox (HCV RNA, LOINC 11011-4)', async () => {
    const token = await launchToken(ehr, { patientId: 'pat-hcv-001' });
    const ctx = await fetchCaseContext({
      fhirBaseUrl: ehr.fhirBaseUrl,
      accessToken: String(token.access_token),
      patientId: 'pat-hcv-001',
    });
    assert.ok(ctx.sections.problems!.entries.length > 0);
    assert.ok(ctx.sections.medications!.entries.length > 0);
    assert.ok(codes(ctx.sections.results!.entries).includes('11011-4'));
    assert.ok(ctx.roundTrips <= 2);
  });

  test('asking for a patient outside the launch fails, returning nothing of that patient', async () => {
    const ctx = fetchCaseContext({ ...connection, patientId: 'fixture-other-2' });
    await assert.rejects(ctx, { code: 'not_found' });
  });
});

/** A SMART EHR launch with the SDK against the sandbox's real authorization server. */
async function smartContext(options: { onlineAccess?: boolean } = {}): Promise<SmartContext> {
  const storage = memoryLaunchStorage();
  const start = await smartLaunch({
    iss: ehr.fhirBaseUrl,
    launch: ehr.auth.createLaunch({ patientId: FIXTURE_PATIENT_ID }),
    clientId: EXAMPLE_APP_CLIENT_ID,
    redirectUri: `${ehr.appUrl}/`,
    scope: 'patient/*.rs',
    relaunchUrl: `${ehr.appUrl}/?relaunch`,
    storage,
    navigate: false,
    ...options,
  });
  const res = await fetch(start.authorizeUrl, { redirect: 'manual' });
  return completeSmartLaunch({ url: res.headers.get('location')!, storage });
}

/** Checks a rejection: its class, code and relaunch reason. */
const sessionError =
  (type: typeof AuthError | typeof ForbiddenError, code: string, reason: string) =>
  (e: unknown): boolean => {
    assert.ok(e instanceof type, `${String(e)} is a ${type.name}`);
    assert.equal((e as AuthError).code, code);
    assert.equal((e as AuthError).relaunch?.reason, reason);
    assert.doesNotMatch((e as Error).message, /could not be read/, 'never "not found"');
    return true;
  };

describe('fetchCaseContext: SMART sessions that fail clearly', () => {
  test('a 401 on the batch is smart_token_expired with a relaunch hint, and no single GETs follow', async () => {
    const context = await smartContext({ onlineAccess: false });
    ehr.auth.revokeAll();
    const seen = ehr.fhirRequests.length;
    await assert.rejects(fetchCaseContext(context), (e: unknown) => {
      sessionError(AuthError, 'smart_token_expired', 'revoked')(e);
      assert.equal((e as AuthError).relaunch?.url, `${ehr.appUrl}/?relaunch`);
      assert.match((e as Error).message, /revoked/, "the server's WWW-Authenticate reason is in the message");
      return true;
    });
    assert.deepEqual(
      ehr.fhirRequests.slice(seen).map((r) => `${r.method} ${r.status}`),
      ['POST 401'],
      'one batch, no fallback to single GETs',
    );
  });

  test('a token past its expiry is reported as expired (no request made when it cannot be refreshed)', async () => {
    const context = await smartContext({ onlineAccess: false });
    context.expiresAt = Date.now() - 1000;
    const seen = ehr.fhirRequests.length;
    await assert.rejects(fetchCaseContext(context), sessionError(AuthError, 'smart_token_expired', 'expired'));
    assert.equal(ehr.fhirRequests.length, seen);
  });

  test('a 401 while paging (the token expired between rounds) is smart_token_expired too', async () => {
    const token = await launchToken(ehr, { patientId: FIXTURE_PATIENT_ID });
    let batches = 0;
    const client = new Client({
      baseUrl: ehr.fhirBaseUrl,
      bearerToken: String(token.access_token),
      // Called before each request is sent: the token expires after the first round.
      requestSigner: () => {
        batches += 1;
        if (batches === 2) ehr.auth.expireAccessTokens();
      },
    });
    const seen = ehr.fhirRequests.length;
    await assert.rejects(
      fetchCaseContext(client, { patientId: FIXTURE_PATIENT_ID, pageSize: 2 }),
      sessionError(AuthError, 'smart_token_expired', 'expired'),
    );
    assert.deepEqual(
      ehr.fhirRequests.slice(seen).map((r) => `${r.method} ${r.status}`),
      ['POST 200', 'POST 401'],
    );
  });

  test('with a refresh token: refreshed before expiry, and after a 401 the round is retried once', async () => {
    ehr.auth.configure({ tokenTtlSeconds: 30 }); // under the 60 s margin: refreshed before the first request
    try {
      const context = await smartContext();
      const grants = ehr.auth.tokenRequests.length;
      const first = context.accessToken;
      const ctx = await fetchCaseContext(context);
      assert.equal(ctx.sections.problems?.entries.length, 2);
      assert.notEqual(context.accessToken, first);
      assert.deepEqual(
        ehr.auth.tokenRequests.slice(grants).map((r) => r.grantType),
        ['refresh_token'],
        'refreshed once, before the request',
      );
    } finally {
      ehr.auth.configure({ tokenTtlSeconds: 3600 });
    }

    const context = await smartContext();
    ehr.auth.expireAccessTokens(); // the server expires it early; the client still thinks it is good
    const seen = ehr.fhirRequests.length;
    const ctx = await fetchCaseContext(context);
    assert.equal(ctx.sections.problems?.entries.length, 2);
    assert.deepEqual(
      ehr.fhirRequests.slice(seen).map((r) => r.status),
      [401, 200],
    );

    ehr.auth.revokeAll(); // and now the refresh is refused too
    await assert.rejects(fetchCaseContext(context), sessionError(AuthError, 'smart_token_expired', 'revoked'));
  });

  test('narrowed scopes: only covered sections are asked for; the others are listed as unread', async () => {
    ehr.auth.configure({
      grantScopes: 'patient/Patient.rs patient/Condition.rs patient/Observation.rs?category=laboratory',
    });
    try {
      const context = await smartContext();
      assert.match(context.scope, /patient\/Condition\.rs/);
      const seen = ehr.fhirRequests.length;
      const ctx = await fetchCaseContext(context);
      assert.deepEqual(ctx.unreadSections, ['medications', 'allergies', 'vitalSigns']);
      assert.deepEqual(Object.keys(ctx.sections).sort(), ['problems', 'results']);
      assert.equal(ctx.sections.problems?.entries.length, 2);
      assert.equal(ctx.sections.results?.entries.length, 6);
      const [batch] = ehr.fhirRequests.slice(seen);
      assert.deepEqual(
        batch!.entries!.map((e) => `${e.url.split('?')[0]} ${e.status}`),
        ['Patient/fixture-hcv-1 200', 'Condition 200', 'Observation 200'],
        'nothing the scopes do not cover was asked for',
      );
    } finally {
      ehr.auth.configure({ grantScopes: null });
    }
  });

  test('scopes without the Patient: smart_forbidden before any request', async () => {
    ehr.auth.configure({ grantScopes: 'patient/Condition.rs' });
    try {
      const context = await smartContext();
      const seen = ehr.fhirRequests.length;
      await assert.rejects(fetchCaseContext(context), sessionError(ForbiddenError, 'smart_forbidden', 'forbidden'));
      assert.equal(ehr.fhirRequests.length, seen);
    } finally {
      ehr.auth.configure({ grantScopes: null });
    }
  });

  test('a server narrower than its token says: 403 sections are unread, a 403 patient is smart_forbidden', async () => {
    ehr.auth.configure({ grantScopes: 'patient/Patient.rs patient/Condition.rs' });
    try {
      const token = await launchToken(ehr, { patientId: FIXTURE_PATIENT_ID });
      // The host claims nothing about scopes: everything is asked for, and the server refuses what it did not grant.
      const ctx = await fetchCaseContext({
        fhirBaseUrl: ehr.fhirBaseUrl,
        accessToken: String(token.access_token),
        patientId: FIXTURE_PATIENT_ID,
      });
      assert.deepEqual(ctx.unreadSections, ['medications', 'allergies', 'results', 'vitalSigns']);
      assert.equal(ctx.sections.problems?.entries.length, 2);
      assert.ok(ctx.warnings.some((w) => /MedicationRequest: HTTP 403/.test(w)));
    } finally {
      ehr.auth.configure({ grantScopes: null });
    }
    ehr.auth.configure({ grantScopes: 'patient/Condition.rs' });
    try {
      const token = await launchToken(ehr, { patientId: FIXTURE_PATIENT_ID });
      await assert.rejects(
        fetchCaseContext({
          fhirBaseUrl: ehr.fhirBaseUrl,
          accessToken: String(token.access_token),
          patientId: FIXTURE_PATIENT_ID,
        }),
        sessionError(ForbiddenError, 'smart_forbidden', 'forbidden'),
      );
    } finally {
      ehr.auth.configure({ grantScopes: null });
    }
  });
});

/**
 * A FHIR server unlike the sandbox: `batch` answered per `mode` ("no-batch": 405, so GETs follow; "entry-401":
 * 200 with every entry 401); single GETs answered 401 when `getStatus` says so.
 */
async function otherServer(mode: 'no-batch' | 'entry-401', getStatus = 200) {
  const seen: string[] = [];
  const patient = { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1970-01-01' };
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/fhir+json',
        ...(status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {}),
      });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (mode === 'no-batch') return json(405, { resourceType: 'OperationOutcome', issue: [] });
        const entries = (JSON.parse(body) as { entry: unknown[] }).entry;
        json(200, {
          resourceType: 'Bundle',
          type: 'batch-response',
          entry: entries.map(() => ({ response: { status: '401 Unauthorized' } })),
        });
      });
      return;
    }
    if (getStatus !== 200) return json(getStatus, { resourceType: 'OperationOutcome', issue: [] });
    if (req.url?.startsWith('/fhir/Patient/')) return json(200, patient);
    json(200, { resourceType: 'Bundle', type: 'searchset', entry: [] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  return {
    connection: { fhirBaseUrl: url, accessToken: 't', patientId: 'p1' } satisfies FhirConnection,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('fetchCaseContext on other FHIR servers', () => {
  test('a server without batch gets single GETs (the fallback is kept for real lack of batch)', async () => {
    const other = await otherServer('no-batch');
    try {
      const ctx = await fetchCaseContext(other.connection);
      assert.equal(ctx.sex, 'male');
      assert.match(other.seen[0]!, /^POST \/fhir\/?$/);
      assert.ok(other.seen.slice(1).every((r) => r.startsWith('GET ')));
      assert.deepEqual(ctx.unreadSections, []);
    } finally {
      await other.close();
    }
  });

  test('401 on the single GETs after a batch-less server: smart_token_expired, not "not found"', async () => {
    const other = await otherServer('no-batch', 401);
    try {
      await assert.rejects(
        fetchCaseContext(other.connection),
        sessionError(AuthError, 'smart_token_expired', 'expired'),
      );
    } finally {
      await other.close();
    }
  });

  test('401 inside the batch response entries: smart_token_expired, and no single GETs', async () => {
    const other = await otherServer('entry-401');
    try {
      await assert.rejects(
        fetchCaseContext(other.connection),
        sessionError(AuthError, 'smart_token_expired', 'expired'),
      );
      assert.equal(other.seen.length, 1);
      assert.match(other.seen[0]!, /^POST \/fhir\/?$/);
    } finally {
      await other.close();
    }
  });
});
