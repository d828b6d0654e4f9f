import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FIXTURE_PATIENT_ID, startSandboxEhr } from '@teleecho/example-sandbox-ehr';
import type { SandboxEhr } from '@teleecho/example-sandbox-ehr';
import { launchToken } from '@teleecho/example-sandbox-ehr/testing';
import type { FhirResource } from '../types.js';
import { fetchCaseContext } from './context.js';
import { fromHostContext } from './launch.js';
import type { FhirConnection } from './launch.js';

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
