import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FIXTURE_OTHER_PATIENT_ID, FIXTURE_PATIENT_ID } from './patients.js';
import { startSandboxEhr } from './server.js';
import type { SandboxEhr } from './server.js';
import { fhirFetch, launchToken } from './testing.js';

const P = FIXTURE_PATIENT_ID;
let ehr: SandboxEhr;
let token: string;

before(async () => {
  ehr = await startSandboxEhr();
  token = String((await launchToken(ehr, { patientId: P })).access_token);
});
after(() => ehr.close());

const ids = (body: { entry?: { resource: Record<string, unknown> }[] }) =>
  (body.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`).sort();

describe('sandbox FHIR server', () => {
  test('serves a CapabilityStatement at /metadata without a token, advertising SMART and batch', async () => {
    const res = await fetch(`${ehr.fhirBaseUrl}/metadata`);
    assert.equal(res.status, 200);
    const cs = (await res.json()) as Record<string, any>;
    assert.equal(cs.resourceType, 'CapabilityStatement');
    assert.equal(cs.fhirVersion, '4.0.1');
    assert.equal(cs.rest[0].security.service[0].coding[0].code, 'SMART-on-FHIR');
    assert.ok(cs.rest[0].interaction.some((i: { code: string }) => i.code === 'batch'));
    assert.ok(cs.rest[0].resource.some((r: { type: string }) => r.type === 'Observation'));
  });

  test('refuses FHIR calls without a valid bearer token', async () => {
    const none = await fetch(`${ehr.fhirBaseUrl}/Patient/${P}`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /Bearer/);
    const forged = await fhirFetch(ehr, `${token.slice(0, -4)}AAAA`, `Patient/${P}`);
    assert.equal(forged.status, 401);
  });

  test('reads the launch patient, and not another patient', async () => {
    const own = await fhirFetch(ehr, token, `Patient/${P}`);
    assert.equal(own.status, 200);
    assert.equal(own.body.birthDate, '1961-04-12');
    const other = await fhirFetch(ehr, token, `Patient/${FIXTURE_OTHER_PATIENT_ID}`);
    assert.equal(other.status, 404);
  });

  test('searches by patient (bare id or reference) and keeps other patients out', async () => {
    const bare = await fhirFetch(ehr, token, `Condition?patient=${P}&clinical-status=active`);
    assert.deepEqual(ids(bare.body), ['Condition/fx-cond-hcv', 'Condition/fx-cond-t2d']);
    const unfiltered = await fhirFetch(ehr, token, 'Condition');
    assert.ok(
      ids(unfiltered.body).every((id) => id.startsWith('Condition/fx-cond')),
      'only the launch patient',
    );
    const foreign = await fhirFetch(ehr, token, `Observation?patient=${FIXTURE_OTHER_PATIENT_ID}`);
    assert.equal(foreign.status, 403);
  });

  test('sorts and filters observations by category and date', async () => {
    const labs = await fhirFetch(ehr, token, `Observation?patient=${P}&category=laboratory&_sort=-date`);
    const dates = (labs.body.entry ?? []).map((e) => String(e.resource.effectiveDateTime));
    assert.equal(dates.length, 6);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const recent = await fhirFetch(ehr, token, `Observation?patient=${P}&category=laboratory&date=ge2026-10-01`);
    assert.equal(recent.body.entry?.length, 3);
  });

  test('_include brings the referenced Medication; _revinclude the resources pointing back', async () => {
    const meds = await fhirFetch(
      ehr,
      token,
      `MedicationRequest?patient=${P}&status=active&_include=MedicationRequest:medication`,
    );
    const included = (meds.body.entry ?? []).filter((e) => e.search?.mode === 'include').map((e) => e.resource.id);
    assert.deepEqual(included, ['fx-med-sofvel']);
    assert.equal((meds.body.entry ?? []).filter((e) => e.search?.mode === 'match').length, 2);
    const rev = await fhirFetch(ehr, token, `Patient?_id=${P}&_revinclude=Condition:subject`);
    const revIds = ids(rev.body);
    assert.ok(revIds.includes(`Patient/${P}`));
    assert.ok(revIds.includes('Condition/fx-cond-old'));
  });

  test('pages with _count and follows next links to the end', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${ehr.fhirBaseUrl}/Observation?patient=${P}&_count=3`;
    let pages = 0;
    let total = 0;
    while (url) {
      const page = await fhirFetch(ehr, token, url.slice(ehr.fhirBaseUrl.length + 1));
      total = Number(page.body.total);
      assert.ok((page.body.entry?.length ?? 0) <= 3);
      seen.push(...ids(page.body));
      if (pages > 0) assert.ok(page.body.link?.some((l) => l.relation === 'previous'));
      url = page.body.link?.find((l) => l.relation === 'next')?.url;
      pages += 1;
    }
    assert.equal(total, 8);
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, 8);
  });

  test('answers a batch with one response per entry, errors included', async () => {
    const res = await fhirFetch(ehr, token, '', {
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: `Patient/${P}` } },
          { request: { method: 'GET', url: `AllergyIntolerance?patient=${P}` } },
          { request: { method: 'GET', url: `Patient/${FIXTURE_OTHER_PATIENT_ID}` } },
        ],
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'batch-response');
    const [patient, allergies, other] = res.body.entry!;
    assert.equal(patient!.response!.status, '200');
    assert.equal(patient!.resource.id, P);
    assert.equal((allergies!.resource as { total: number }).total, 1);
    assert.equal(other!.response!.status, '404');
  });

  test('Patient/$everything returns the compartment and referenced medications', async () => {
    const res = await fhirFetch(ehr, token, `Patient/${P}/$everything`);
    const all = ids(res.body);
    assert.ok(all.includes('Medication/fx-med-sofvel'));
    assert.ok(all.includes('Encounter/fx-enc-1'));
    assert.ok(!all.some((id) => id.startsWith('Condition/fx2')));
  });

  test('answers CORS preflight from any origin, allowing the Authorization header', async () => {
    const res = await fetch(`${ehr.fhirBaseUrl}/Observation`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example.org');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    const get = await fetch(`${ehr.fhirBaseUrl}/Patient/${P}`, {
      headers: { origin: 'https://app.example.org', authorization: `Bearer ${token}` },
    });
    assert.equal(get.headers.get('access-control-allow-origin'), 'https://app.example.org');
  });

  test('loads the synthetic patients from patients/*.json', async () => {
    const res = await fetch(`${ehr.ehrUrl}/ehr/api/patients`);
    const list = (await res.json()) as { id: string }[];
    assert.ok(list.some((p) => p.id === P));
    assert.deepEqual(ehr.skipped, []);
  });
});
