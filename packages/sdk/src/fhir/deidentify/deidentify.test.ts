import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { EchoError } from '../../errors.js';
import type { FhirResource } from '../../types.js';
import { createHmac } from 'node:crypto';
import { AGE_OVER_89_EXTENSION, RESOURCE_ALLOW_LIST, deidentify } from './index.js';
import { createKeyedHasher } from './keyed-hash.js';
import type { DeidentifyChange, FhirBundle } from './index.js';

const dir = new URL('../../../../../examples/sandbox-ehr/patients/', import.meta.url);
const load = (file: string) => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));

interface Planted {
  patientId: string;
  identifiers: string[];
  clinical: {
    conditions: Array<{ snomed: string; icd10: string; onsetYear: string }>;
    medications: Array<{ resourceType: string; rxnorm: string; display: string }>;
    allergy: { system: string; code: string; reaction: string };
    observations: Array<{
      loinc: string;
      year: string;
      value?: number;
      unit?: string;
      ucum?: string;
      comparator?: string;
      valueCode?: string;
      component?: boolean;
    }>;
    procedure: { snomed: string; year: string };
    encounterYears: string[];
    gender: string;
    state: string;
    zip3: string;
    birthYear: string | null;
    age90plus: boolean;
    resourceCount: number;
  };
}
const planted = load('planted.json').patients as Record<string, Planted>;
const KEY = { idKey: 'test-programme-key' };
/** A template that reads every kind of free text, so the scrubber is exercised on all of it. */
const ALL_TEXT = { ...KEY, freeText: ['notes', 'valueString', 'narrative'] as const };

type R = FhirResource & Record<string, any>;
const codes = (cc: any): string[] => (cc?.coding ?? []).map((c: any) => c.code);

describe('deidentify: synthetic patients (HIPAA Safe Harbor)', () => {
  for (const [file, p] of Object.entries(planted)) {
    describe(file, () => {
      const input = load(file);
      const out = deidentify(input, ALL_TEXT);
      const text = JSON.stringify(out.bundle).toLowerCase();
      const all = out.resources as R[];
      const byType = (t: string) => all.filter((r) => r.resourceType === t);

      test('no planted identifier survives anywhere in the output', () => {
        const leaks = p.identifiers.filter((s) => text.includes(s.toLowerCase()));
        assert.deepEqual(leaks, []);
        for (const s of p.identifiers) {
          const digits = s.replace(/\D/g, '');
          if (digits.length >= 7 && /^[\d\s().+-]+$/.test(s)) assert.ok(!text.includes(digits), `digits of ${file}`);
        }
      });

      test('conditions keep SNOMED and ICD-10 codes and onset years', () => {
        const conditions = byType('Condition');
        for (const c of p.clinical.conditions) {
          const found = conditions.find((r) => codes(r.code).includes(c.snomed));
          assert.ok(found, `condition ${c.snomed}`);
          assert.ok(codes(found.code).includes(c.icd10));
          assert.equal(found.onsetDateTime, c.onsetYear);
          assert.equal(found.clinicalStatus.coding[0].code, 'active');
        }
      });

      test('medications and allergy keep RxNorm / SNOMED codes and displays', () => {
        for (const m of p.clinical.medications) {
          const found = byType(m.resourceType).find((r) => codes(r.medicationCodeableConcept).includes(m.rxnorm));
          assert.ok(found, `${m.resourceType} ${m.rxnorm}`);
          assert.equal(found.medicationCodeableConcept.coding[0].display, m.display);
          assert.equal(found.status, 'active');
        }
        const allergy = byType('AllergyIntolerance')[0]!;
        assert.deepEqual(codes(allergy.code), [p.clinical.allergy.code]);
        assert.equal(allergy.code.coding[0].system, p.clinical.allergy.system);
        assert.deepEqual(codes(allergy.reaction[0].manifestation[0]), [p.clinical.allergy.reaction]);
        assert.equal(allergy.criticality, 'high');
      });

      test('labs and vitals keep LOINC codes, values, units and years', () => {
        const obs = byType('Observation');
        for (const o of p.clinical.observations) {
          const matches = obs.flatMap((r) => {
            if (o.component) {
              return (r.component ?? [])
                .filter((c: any) => codes(c.code).includes(o.loinc))
                .map((c: any) => ({ q: c.valueQuantity, year: r.effectiveDateTime, r }));
            }
            return codes(r.code).includes(o.loinc) ? [{ q: r.valueQuantity, year: r.effectiveDateTime, r }] : [];
          });
          const found = matches.find((m) =>
            o.valueCode
              ? codes(m.r.valueCodeableConcept).includes(o.valueCode) && m.year === o.year
              : m.q?.value === o.value && m.year === o.year,
          );
          assert.ok(found, `observation ${o.loinc} ${o.value ?? o.valueCode} in ${o.year}`);
          if (!o.valueCode) {
            assert.equal(found.q.unit, o.unit);
            assert.equal(found.q.code, o.ucum);
            assert.equal(found.q.system, 'http://unitsofmeasure.org');
            assert.equal(found.q.comparator, o.comparator);
          }
        }
      });

      test('procedure and encounter keep codes and years; encounter period is year-only', () => {
        const proc = byType('Procedure')[0]!;
        assert.deepEqual(codes(proc.code), [p.clinical.procedure.snomed]);
        assert.equal(proc.performedDateTime, p.clinical.procedure.year);
        const enc = byType('Encounter')[0]!;
        assert.deepEqual([enc.period.start, enc.period.end], p.clinical.encounterYears);
        assert.equal(enc.class.code, 'IMP');
      });

      test('patient: demographics generalised, identifiers gone, age 90+ when over 89', () => {
        const patient = byType('Patient')[0]!;
        assert.equal(patient.gender, p.clinical.gender);
        for (const k of ['name', 'telecom', 'identifier', 'photo', 'contact'])
          assert.ok(!(k in patient) || k === 'contact', k);
        assert.deepEqual(patient.address, [
          { use: 'home', state: p.clinical.state, country: 'US', postalCode: p.clinical.zip3 },
        ]);
        const age = (patient.extension ?? []).find((e: any) => e.url === AGE_OVER_89_EXTENSION);
        if (p.clinical.age90plus) {
          assert.equal(patient.birthDate, undefined);
          assert.equal(age?.valueString, '90+');
          const note = byType('Observation').find((r) => codes(r.code).includes('11506-3'))!;
          assert.match(note.valueString, /90\+-year-old/);
          assert.ok(!JSON.stringify(patient).includes(input.entry[0].resource.birthDate.slice(0, 4)));
        } else {
          assert.equal(patient.birthDate, p.clinical.birthYear);
          assert.equal(age, undefined);
        }
        const ext = JSON.stringify(patient.extension);
        assert.match(ext, /us-core-birthsex/, 'clinically useful extension kept');
        assert.doesNotMatch(ext, /mothersMaidenName/);
      });

      test('every reference resolves inside the bundle or to a resource the report lists as dropped', () => {
        const ids = new Set(all.map((r) => `${r.resourceType}/${r.id}`));
        const changes = out.report.changes as DeidentifyChange[];
        const dropped = new Set(
          changes.filter((c) => c.action === 'dropped' && !c.path.includes('.')).map((c) => c.resource),
        );
        const droppedContained = new Set(
          changes
            .filter((c) => c.action === 'dropped' && /\.contained\[\d+\]$/.test(c.path))
            .map((c) => c.resource!.split('/')[1]),
        );
        const refs: string[] = [];
        const walk = (v: unknown, owner: R) => {
          if (Array.isArray(v)) v.forEach((x) => walk(x, owner));
          else if (v && typeof v === 'object') {
            for (const [k, x] of Object.entries(v)) {
              if (k === 'reference' && typeof x === 'string') {
                if (x.startsWith('#')) {
                  assert.ok(
                    (owner.contained ?? []).some((c: any) => `#${c.id}` === x) || droppedContained.has(x.slice(1)),
                    `contained ${x}`,
                  );
                } else refs.push(x);
              } else walk(x, owner);
            }
          }
        };
        for (const r of all) walk(r, r);
        assert.ok(refs.length > 20);
        for (const ref of refs) assert.ok(ids.has(ref) || dropped.has(ref), `unresolved ${ref}`);
        assert.ok(all.every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(r.id!)));
        const patientId = byType('Patient')[0]!.id;
        assert.notEqual(patientId, p.patientId);
        for (const e of out.bundle!.entry!) {
          assert.equal(e.fullUrl, `https://deidentified.invalid/fhir/${e.resource!.resourceType}/${e.resource!.id}`);
        }
        const allowed = (input.entry as { resource: R }[]).filter(
          (e) => e.resource.resourceType in RESOURCE_ALLOW_LIST,
        );
        assert.equal(all.length, allowed.length);
        assert.deepEqual(
          out.origins.map((i) => input.entry[i].resource.resourceType),
          all.map((r) => r.resourceType),
        );
        // People and organisations are not clinical content: they never leave, and the report says so.
        for (const type of ['Practitioner', 'Organization']) {
          assert.equal(byType(type).length, 0, type);
          assert.ok(
            out.report.changes.some((c) => c.path === type && c.action === 'dropped'),
            `${type} reported`,
          );
        }
      });

      test('the report lists changes by path and kind, without original values', () => {
        const { report } = out;
        assert.equal(report.policy, 'safe-harbor');
        const kinds = new Set(report.changes.map((c) => c.kind));
        for (const k of ['names', 'geographic', 'dates', 'phone', 'email', 'ssn', 'medical-record-number']) {
          assert.ok(kinds.has(k), `kind ${k}`);
        }
        assert.ok(report.changes.some((c) => c.path === 'Patient.telecom[0]' && c.kind === 'phone'));
        assert.ok(report.changes.some((c) => c.path === 'Patient.identifier[1]' && c.kind === 'ssn'));
        for (const c of report.changes.filter((x) => x.action === 'dropped')) {
          assert.ok(['not-allowed', 'free-text', 'attachment', 'modifier-extension'].includes(c.reason!), c.path);
        }
        const serialized = JSON.stringify(report).toLowerCase();
        assert.deepEqual(
          p.identifiers.filter((s) => serialized.includes(s.toLowerCase())),
          [],
        );
      });

      test('same input and key give the same output; a different key gives different ids', () => {
        assert.equal(JSON.stringify(deidentify(input, ALL_TEXT)), JSON.stringify(out));
        const other = deidentify(input, { idKey: 'another-key' });
        assert.notEqual(other.resources[0]!.id, out.resources[0]!.id);
        const random1 = deidentify(input);
        const random2 = deidentify(input);
        assert.notEqual(random1.resources[0]!.id, random2.resources[0]!.id);
        assert.equal(random1.report.idKey, 'random');
      });

      test('the input is not modified', () => {
        assert.deepEqual(input, load(file));
      });
    });
  }
});

describe('deidentify: policies and edge cases', () => {
  test('ids are HMAC-SHA256 of the reference under the programme key (checked against node:crypto)', () => {
    const out = deidentify(load('hcv.json'), KEY);
    const patient = out.resources.find((r) => r.resourceType === 'Patient')!;
    const hex = createHmac('sha256', KEY.idKey).update(`Patient/${planted['hcv.json']!.patientId}`).digest('hex');
    const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    assert.equal(patient.id, uuid);
    assert.equal(createKeyedHasher(KEY.idKey)('Patient/x'), createKeyedHasher(KEY.idKey)('Patient/x'));
  });

  test('by default free text stays home: notes, narrative and text observations are dropped and reported', () => {
    const input = load('palliative-92.json');
    const out = deidentify(input, KEY);
    const text = JSON.stringify(out.resources.filter((r) => r.resourceType !== 'Patient'));
    assert.doesNotMatch(text, /"div"|"note"|"valueString"/);
    const freeText = out.report.changes.filter((c) => c.reason === 'free-text');
    assert.ok(freeText.some((c) => c.path.endsWith('.text')));
    assert.ok(freeText.some((c) => /\.note\[0\]\.text$/.test(c.path)));
    assert.ok(freeText.some((c) => c.path === 'Observation.valueString'));
    // Clinical codes and values are all still there.
    assert.equal(
      out.resources.filter((r) => r.resourceType === 'Observation').length,
      input.entry.filter((e: any) => e.resource.resourceType === 'Observation').length,
    );
  });

  test('a restricted 3-digit ZIP becomes 000, others keep 3 digits; keepZip3 false removes it', () => {
    const mk = (zip: string): FhirResource => ({
      resourceType: 'Patient',
      address: [{ postalCode: zip, state: 'WY' }],
    });
    const zip = (r: FhirResource) => (r as R).address?.[0]?.postalCode;
    assert.equal(zip(deidentify(mk('82190-1234'), KEY).resources[0]!), '000');
    assert.equal(zip(deidentify(mk('82001'), KEY).resources[0]!), '820');
    assert.equal(zip(deidentify(mk('82001'), { ...KEY, keepZip3: false }).resources[0]!), undefined);
    assert.equal(zip(deidentify(mk('02115'), { ...KEY, restrictedZip3: ['021'] }).resources[0]!), '000');
  });

  test('arrays of resources and single resources are accepted; narrative can be removed', () => {
    const patient = load('hcv.json').entry[0].resource;
    const out = deidentify([patient], { ...KEY, narrative: 'remove' });
    assert.equal(out.bundle, undefined);
    assert.equal((out.resources[0] as R).text, undefined);
    assert.equal(deidentify(patient, KEY).resources.length, 1);
  });

  test('free text: generic patterns catch identifiers the record did not list', () => {
    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '11011-4' }] },
      valueString:
        'Mr. John Smith, 97 y/o, SSN 123-45-6789, seen March 3, 2021 at 12 Elm Street, Springfield MA 01105; ' +
        'wife Jane Smith; call +44 20 7946 0958; IP 2001:db8::1; VIN 1HGCM82633A004352; MRN: 00123456. ' +
        'HCV RNA 1,240,000 IU/mL (LOINC 11011-4), ICD-10 B18.2, HbA1c 7.6 % in 2024.',
    };
    const s = (deidentify(obs, ALL_TEXT).resources[0] as R).valueString as string;
    for (const leak of [
      'John',
      'Smith',
      '97',
      '123-45-6789',
      'March',
      'Elm',
      '01105',
      'Jane',
      '7946',
      '2001:db8',
      '1HGCM',
      '00123456',
    ]) {
      assert.ok(!s.includes(leak), `${leak} in ${s}`);
    }
    for (const kept of [
      '2021',
      'HCV RNA 1,240,000 IU/mL',
      '11011-4',
      'B18.2',
      'HbA1c 7.6 % in 2024',
      'MA 011',
      '90+',
    ]) {
      assert.ok(s.includes(kept), `${kept} missing from ${s}`);
    }
  });

  test('narrative XHTML is rebuilt without attributes, images, scripts or links', () => {
    const patient = {
      resourceType: 'Patient',
      name: [{ family: 'Quigley', given: ['Ophelia'] }],
      text: {
        status: 'generated',
        div:
          '<div xmlns="http://www.w3.org/1999/xhtml"><p style="x" title="Ophelia Quigley">Ophelia <b>Quigley</b>' +
          '<img src="https://x.example/face.jpg"/><a href="mailto:o@q.example">mail</a></p><script>alert(1)</script>' +
          '<!-- MRN 123456 --><p>born &#48;3/0&#x35;/1950 &lt;ok&gt;<p>unclosed</div>',
      },
    };
    const div = (deidentify(patient, ALL_TEXT).resources[0] as R).text.div as string;
    assert.ok(div.startsWith('<div xmlns="http://www.w3.org/1999/xhtml">'));
    for (const leak of ['Ophelia', 'Quigley', 'face.jpg', 'mailto', 'script', 'alert', '123456', 'style', '03/05']) {
      assert.ok(!div.includes(leak), `${leak} in ${div}`);
    }
    assert.ok(div.includes('1950') && div.includes('&lt;ok&gt;'));
    assert.equal((div.match(/<p>/g) ?? []).length, (div.match(/<\/p>/g) ?? []).length);
  });

  test('transaction bundles: urn:uuid references still resolve, conditional requests lose their queries', () => {
    const tx = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a',
          resource: { resourceType: 'Patient', name: [{ family: 'Zabriskie' }] },
          request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=http://mrn|123456' },
        },
        {
          fullUrl: 'urn:uuid:88f151c0-a954-468a-88bd-5ae15c08e059',
          resource: {
            resourceType: 'Observation',
            subject: { reference: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a' },
            valueString: 'Zabriskie is stable',
          },
          request: { method: 'POST', url: 'Observation?identifier=abc' },
        },
      ],
    };
    const out = deidentify(tx as FhirBundle, ALL_TEXT).bundle!;
    const [p, o] = out.entry! as any[];
    assert.match(p.fullUrl, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.equal(o.resource.subject.reference, p.fullUrl);
    assert.deepEqual(p.request, { method: 'POST', url: 'Patient' });
    assert.equal(o.request.url, 'Observation');
    assert.equal(o.resource.valueString, '[NAME] is stable');
    assert.ok(!JSON.stringify(out).includes('123456'));
  });

  test('age quantities over 89 are capped at 90 with >=', () => {
    const obs = {
      resourceType: 'Observation',
      valueQuantity: { value: 94, unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' },
    };
    const q = (deidentify(obs, KEY).resources[0] as R).valueQuantity;
    assert.deepEqual([q.value, q.comparator], [90, '>=']);
  });

  test('a malformed policy is refused', () => {
    assert.throws(
      () => deidentify({ resourceType: 'Patient' }, { keepZip3: 'yes' } as never),
      (e: unknown) => {
        return e instanceof EchoError && e.code === 'invalid_policy';
      },
    );
  });
});

describe('deidentify: malformed input never crashes', () => {
  const isInvalid = (e: unknown) =>
    e instanceof EchoError && e.code === 'invalid_fhir' && !/Thibodeaux/.test(e.message);
  const bad: unknown[] = [
    '',
    'not json',
    '{"resourceType":',
    'null',
    '42',
    '[1,2]',
    null,
    undefined,
    42,
    true,
    {},
    { resourceType: 7 },
    { resourceType: 'patient lowercase' },
    { resourceType: 'Bundle', entry: 'nope' },
    { resourceType: 'Bundle', entry: [42] },
    { resourceType: 'Bundle', entry: [{ resource: { id: 'x' } }] },
    [{ resourceType: 'Patient' }, 'x'],
    { resourceType: 'Observation', valueQuantity: { value: Number.NaN } },
    { resourceType: 'Observation', note: [{ text: () => 1 }] },
    { resourceType: 'Observation', x: BigInt(1) },
  ];
  for (const [i, input] of bad.entries()) {
    test(`bad input #${i} gives invalid_fhir`, () => {
      assert.throws(() => deidentify(input as never, KEY), isInvalid);
    });
  }

  test('cyclic and absurdly deep objects give invalid_fhir', () => {
    const cyclic: Record<string, unknown> = { resourceType: 'Patient' };
    cyclic.self = cyclic;
    assert.throws(() => deidentify(cyclic as never, KEY), isInvalid);
    let deep: Record<string, unknown> = { v: 1 };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    assert.throws(() => deidentify({ resourceType: 'Basic', deep } as never, KEY), isInvalid);
  });

  test('wrongly shaped fields and unknown resource types are handled, not fatal', () => {
    const weird = [
      {
        resourceType: 'Patient',
        name: 'Ophelia Quigley',
        telecom: '555-0100',
        birthDate: 19500305,
        address: 'x',
        photo: 1,
      },
      {
        resourceType: 'FutureThing',
        id: 'a',
        note: 'call 617-555-0199',
        subject: { reference: 'Patient/p1', display: 'Ophelia' },
      },
      {
        resourceType: 'Observation',
        contained: [{ resourceType: 'Patient', id: 'c', name: [{ text: 'Ophelia Q' }] }],
        extension: [{}],
      },
    ];
    const out = deidentify(weird as never, ALL_TEXT);
    const s = JSON.stringify(out);
    assert.ok(!s.includes('Ophelia') && !s.includes('617-555-0199') && !s.includes('19500305'));
    assert.deepEqual(
      out.resources.map((r) => r.resourceType),
      ['Patient', 'Observation'],
    );
    assert.deepEqual(out.origins, [0, 2]);
    assert.ok(out.report.changes.some((c) => c.path === 'FutureThing' && c.action === 'dropped'));
  });

  test('random mutations of a real patient: invalid_fhir or an output without any planted identifier', () => {
    const base = JSON.stringify(load('hiv.json'));
    const identifiers = planted['hiv.json']!.identifiers.map((x) => x.toLowerCase());
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const junk = ['{', '}', '[', ']', '"', ',', ':', 'null', '1e999', '"x"', '\\u0000', '<div>'];
    let parsed = 0;
    for (let i = 0; i < 200; i++) {
      const chars = base.split('');
      for (let k = 0; k < 3; k++) chars.splice(rand(chars.length), rand(4), junk[rand(junk.length)]!);
      const mutated = chars.join('');
      let out;
      try {
        out = deidentify(mutated, ALL_TEXT);
      } catch (e) {
        assert.ok(isInvalid(e), `mutation ${i}: ${String(e)}`);
        continue;
      }
      parsed++;
      const text = JSON.stringify(out).toLowerCase();
      // A mutation can cut an identifier in half; whatever remains whole must not be in the output.
      const leaks = identifiers.filter((id) => mutated.toLowerCase().includes(id) && text.includes(id));
      assert.deepEqual(leaks, [], `mutation ${i} leaked`);
      assert.ok(
        out.resources.some((r) => r.resourceType === 'Observation'),
        `mutation ${i} kept observations`,
      );
    }
    assert.ok(parsed > 20, `only ${parsed} mutations parsed: the check above ran too rarely`);
  });

  test('a 20,000-resource bundle is de-identified', () => {
    const hcv = load('hcv.json') as FhirBundle;
    const entry: NonNullable<FhirBundle['entry']> = [];
    for (let i = 0; entry.length < 20_000; i++) {
      for (const e of hcv.entry!) entry.push({ ...e, resource: { ...e.resource!, id: `${e.resource!.id}-${i}` } });
    }
    const out = deidentify({ resourceType: 'Bundle', type: 'collection', entry: entry.slice(0, 20_000) }, ALL_TEXT);
    const allowed = entry.slice(0, 20_000).filter((e) => e.resource!.resourceType in RESOURCE_ALLOW_LIST).length;
    assert.equal(out.resources.length, allowed);
    assert.ok(!JSON.stringify(out.bundle).includes('Thibodeaux'));
    assert.throws(() => deidentify({ resourceType: 'Bundle', entry }, { ...KEY, maxResources: 1000 }), isInvalid);
  });
});
