// The generated corpus, end to end through a real hub on SQLite and on PostgreSQL: every patient's record is
// de-identified with the free text a template reads (notes, narrative, text results), the template is pre-filled
// from the result as `<echo-case-form>` does, the case is submitted, and what the hub STORED is read back. No planted
// identifier may be stored anywhere in the case (answers, title, report); every clinical code and value must be.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestHub, storageTiers } from '@teleecho/test-kit';
import type { FhirResource } from '../../types.js';
import { generateCorpus } from '../../internal/test-deid-corpus.js';
import { newProgram } from '../../internal/test-hub.js';
import type { TestHub } from '../../internal/test-hub.js';
import { finalizeResponse, prepopulate } from '../../questionnaire/index.js';
import type { Questionnaire } from '../../questionnaire/index.js';
import { FREE_TEXT_EXTENSION, freeTextRequestedBy } from './allow-list.js';
import { deidentify } from './index.js';

const CORPUS = generateCorpus(200);
const EXPRESSION = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression';
const MAX_LENGTH = 'http://hl7.org/fhir/StructureDefinition/maxLength';

/** A repeating text question pre-filled by a FHIRPath expression over the de-identified record. */
function fromRecord(
  linkId: string,
  expression: string,
  freeText?: string,
): Questionnaire['item'] extends (infer I)[] | undefined ? I : never {
  return {
    linkId,
    text: linkId,
    type: 'text',
    repeats: true,
    extension: [
      { url: EXPRESSION, valueExpression: { language: 'text/fhirpath', expression } },
      { url: MAX_LENGTH, valueInteger: 20_000 },
      ...(freeText ? [{ url: FREE_TEXT_EXTENSION, valueCode: freeText }] : []),
    ],
  } as never;
}

/** What a hub's template could read from a chart: coded problems, labs with values, medications, and free text. */
const TEMPLATE: Questionnaire = {
  resourceType: 'Questionnaire',
  status: 'active',
  title: 'Corpus round trip',
  item: [
    fromRecord(
      'problems',
      "%resource.entry.resource.ofType(Condition).code.coding.where(system='http://snomed.info/sct').code",
    ),
    fromRecord(
      'labs',
      "%resource.entry.resource.ofType(Observation).where(value is Quantity).select(code.coding.where(system='http://loinc.org').code.first() + ' = ' + (value as Quantity).value.toString() + ' ' + (value as Quantity).unit)",
    ),
    fromRecord('medications', '%resource.entry.resource.ofType(MedicationRequest).medication.coding.code'),
    fromRecord('notes', '%resource.entry.resource.note.text', 'notes'),
    fromRecord('narrative', '%resource.entry.resource.text.`div`', 'narrative'),
    fromRecord('text-results', '%resource.entry.resource.ofType(Observation).value.ofType(string)', 'valueString'),
  ],
} as Questionnaire;

function factStored(stored: string, fact: (typeof CORPUS)[number]['clinical'][number]): boolean {
  if (fact.value === undefined) return stored.includes(JSON.stringify(fact.code));
  return stored.includes(JSON.stringify(`${fact.code} = ${fact.value} ${fact.unit}`));
}

for (const { tier, skip } of await storageTiers()) {
  describe(
    `the 200-patient corpus through a hub [${tier}]: nothing planted is stored, every clinical fact is`,
    { skip },
    () => {
      let hub: TestHub;
      before(async () => {
        hub = await startTestHub({ storage: tier });
      });
      after(() => hub?.close());

      test('pre-filled from the de-identified record, submitted, read back', async () => {
        const fx = await newProgram(hub);
        const coordinator = await fx.as('coordinator');
        const presenter = await fx.as('presenter');
        const template = await coordinator.templates.create(fx.program.id, {
          title: 'Corpus',
          questionnaire: TEMPLATE as never,
        });
        const freeText = freeTextRequestedBy(template.questionnaire as never);
        assert.deepEqual(
          freeText,
          ['notes', 'valueString', 'narrative'],
          'the template asks for every kind of free text',
        );

        const leaks: string[] = [];
        const lost: string[] = [];
        let planted = 0;
        let facts = 0;
        let freeTextAnswers = 0;
        for (const [i, patient] of CORPUS.entries()) {
          const deidentified = deidentify(patient.bundle as never, { idKey: `corpus-${tier}`, freeText });
          const prefill = await prepopulate(template.questionnaire as never, deidentified);
          assert.deepEqual(prefill.warnings, [], `#${i}: every expression evaluates`);
          const submitted = await presenter.cases.submit({
            programId: fx.program.id,
            templateId: template.id,
            title: `Corpus case ${i + 1}`,
            response: finalizeResponse(template.questionnaire as never, prefill.response) as unknown as FhirResource,
            deidentification: deidentified.report,
          });
          // What the hub kept, as a different role reads it.
          const got = await coordinator.cases.get(submitted.id);
          const stored = JSON.stringify(got);
          const lower = stored.toLowerCase();
          for (const id of patient.planted) {
            planted++;
            if (lower.includes(id.value.toLowerCase())) leaks.push(`#${i} ${id.kind} at ${id.place}: ${id.value}`);
          }
          for (const fact of patient.clinical) {
            facts++;
            if (!factStored(stored, fact)) lost.push(`#${i} ${fact.resourceType} ${fact.code} ${fact.value ?? ''}`);
          }
          const items =
            (got.response as { item?: { linkId: string; answer?: { valueString?: string }[] }[] }).item ?? [];
          if (items.some((it) => ['notes', 'narrative'].includes(it.linkId) && it.answer?.some((a) => a.valueString))) {
            freeTextAnswers++;
          }
        }
        console.log(
          `[${tier}] ${CORPUS.length} cases stored: ${planted} planted identifiers, ${leaks.length} stored; ` +
            `${facts} clinical facts, ${facts - lost.length} stored; ${freeTextAnswers} cases carry scrubbed free text`,
        );
        assert.deepEqual(leaks.slice(0, 20), [], `${leaks.length} planted identifiers reached the hub's storage`);
        assert.deepEqual(lost.slice(0, 20), [], `${lost.length} clinical facts did not reach the hub`);
        assert.ok(
          freeTextAnswers >= CORPUS.length / 2,
          `free text reached the hub scrubbed (${freeTextAnswers} cases)`,
        );
      });
    },
  );
}
