import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { deidentify } from '@teleecho/sdk';
import type { FhirResource, Program } from '@teleecho/sdk';
import { hubFetch, startTestHub, storageTiers, type TestHub } from '@teleecho/test-kit';

const hcv = JSON.parse(
  readFileSync(new URL('../../../../examples/sandbox-ehr/patients/hcv.json', import.meta.url), 'utf8'),
) as { entry: { resource: FhirResource }[] };

for (const { tier, skip } of await storageTiers()) {
  describe(`programme de-identification policy [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let coordinator: string;
    let participant: string;
    let path: string;
    before(async () => {
      hub = await startTestHub({ storage: tier });
      coordinator = await hub.mint({ role: 'coordinator' });
      participant = await hub.mint({ role: 'participant' });
      path = `/v1/programs/${hub.demo.programId}`;
    });
    after(() => hub?.close());

    test('a coordinator sets the policy; members read it and the EHR side applies it', async () => {
      const policy = { name: 'hcv-echo-nh', keepZip3: false, extraIdentifiers: ['Old Cheshire'] };
      const set = await hubFetch<Program>(hub.url, 'PATCH', path, {
        token: coordinator,
        body: { deidentificationPolicy: policy },
      });
      assert.equal(set.status, 200);
      assert.deepEqual(set.body.deidentificationPolicy, policy);
      const read = await hubFetch<Program>(hub.url, 'GET', path, { token: participant });
      assert.deepEqual(read.body.deidentificationPolicy, policy, 'members get the policy their case form applies');

      const resources = hcv.entry.map((e) => e.resource);
      const withDefaults = JSON.stringify(deidentify(resources).resources);
      const withProgramme = deidentify(resources, read.body.deidentificationPolicy);
      const out = JSON.stringify(withProgramme.resources);
      assert.match(withDefaults, /"postalCode":"\d{3}/, 'Safe Harbor alone keeps three ZIP digits');
      assert.doesNotMatch(out, /postalCode/, 'keepZip3: false removes postal codes');
      assert.doesNotMatch(out, /Old Cheshire/i);
      assert.equal(withProgramme.report.policy, 'hcv-echo-nh');
    });

    test('secrets are refused, other fields are validated, null returns to Safe Harbor', async () => {
      const secret = await hubFetch(hub.url, 'PATCH', path, {
        token: coordinator,
        body: { deidentificationPolicy: { name: 'x', idKey: 'do-not-store-me' } },
      });
      assert.equal(secret.status, 400);
      assert.equal(secret.body.errors[0].path, '/deidentificationPolicy/idKey');
      assert.doesNotMatch(JSON.stringify(secret.body), /do-not-store-me/);
      const badZip = await hubFetch(hub.url, 'PATCH', path, {
        token: coordinator,
        body: { deidentificationPolicy: { name: 'x', restrictedZip3: ['12'] } },
      });
      assert.equal(badZip.status, 400);
      const byParticipant = await hubFetch(hub.url, 'PATCH', path, {
        token: participant,
        body: { deidentificationPolicy: { name: 'x' } },
      });
      assert.equal(byParticipant.status, 403);
      const reset = await hubFetch<Program>(hub.url, 'PATCH', path, {
        token: coordinator,
        body: { deidentificationPolicy: null },
      });
      assert.equal(reset.status, 200);
      assert.equal(reset.body.deidentificationPolicy, undefined);
      const created = await hubFetch<Program>(hub.url, 'POST', '/v1/programs', {
        token: hub.apiKey,
        body: { name: 'TB ECHO', specialty: 'infectious disease', deidentificationPolicy: { name: 'tb' } },
      });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body.deidentificationPolicy, { name: 'tb' });
    });

    test('a policy may add to the allow-list (US Core race) but never keep a Safe Harbor identifier (422)', async () => {
      const RACE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race';
      const equity = {
        name: 'health-equity',
        allow: {
          extensions: [{ url: RACE, extensions: [{ url: 'ombCategory', values: ['valueCoding'] }] }],
          elements: { Patient: { maritalStatus: 'CodeableConcept' } },
        },
      };
      const set = await hubFetch<Program>(hub.url, 'PATCH', path, {
        token: coordinator,
        body: { deidentificationPolicy: equity },
      });
      assert.equal(set.status, 200);
      const patient = {
        resourceType: 'Patient',
        extension: [
          {
            url: RACE,
            extension: [
              { url: 'ombCategory', valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: '2054-5' } },
            ],
          },
        ],
      } as FhirResource;
      assert.match(JSON.stringify(deidentify(patient, set.body.deidentificationPolicy).resources), /2054-5/);
      assert.doesNotMatch(JSON.stringify(deidentify(patient).resources), /2054-5/, 'not kept by default');

      for (const [policy, says] of [
        [{ name: 'x', allow: { elements: { Patient: { name: 'HumanName' } } } }, /Patient\.name .*names/],
        [{ name: 'x', allow: { elements: { Observation: { identifier: 'code' } } } }, /identifier/],
        [{ name: 'x', allow: { elements: { Patient: { address: 'code' } } } }, /geographic/],
        [{ name: 'x', allow: { extensions: [{ url: 'https://x.example/kin', values: ['valueHumanName'] }] } }, /names/],
        [
          {
            name: 'x',
            allow: { extensions: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName' }] },
          },
          /mothersMaidenName/,
        ],
      ] as const) {
        for (const [method, url, token] of [
          ['PATCH', path, coordinator],
          ['POST', '/v1/programs', hub.apiKey],
        ] as const) {
          const body =
            method === 'PATCH'
              ? { deidentificationPolicy: policy }
              : { name: 'P', specialty: 's', deidentificationPolicy: policy };
          const refused = await hubFetch(hub.url, method, url, { token, body });
          assert.equal(refused.status, 422, `${method} ${JSON.stringify(policy)}`);
          assert.match(String(refused.headers.get('content-type')), /application\/problem\+json/);
          assert.equal(refused.body.code, 'invalid_policy');
          assert.match(refused.body.detail, says);
        }
      }
      const read = await hubFetch<Program>(hub.url, 'GET', path, { token: participant });
      assert.deepEqual(read.body.deidentificationPolicy, equity, 'a refused policy changed nothing');
    });
  });
}
