/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import 'axe-core';
import type * as Axe from 'axe-core';
import { validateResponse } from '@teleecho/sdk/questionnaire';
import type { Questionnaire, QuestionnaireResponse } from '@teleecho/sdk/questionnaire';
import type { FhirResource } from '@teleecho/sdk';
import '../define.js';
import type { EchoCaseSubmittedEvent } from '../events/echo-case-submitted.js';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import type { TestHub } from '@teleecho/test-kit/elements';
import { cleanup, fixture, shadow, shadowAll, testHub, waitFor } from '@teleecho/test-kit/elements';
import { caseFormStore } from './draft-store.js';
import type { EchoCaseForm } from './echo-case-form.js';
import {
  addTemplate,
  casesOf,
  control,
  eventually,
  field,
  fillEverything,
  formReady,
  typeInto,
} from './test-helpers.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;

/** A small template using the features the tests check: groups, required, enableWhen, a repeating group. */
const TEST_Q: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://teleecho.dev/fhir/Questionnaire/element-test',
  version: '3',
  title: 'Element test case',
  status: 'active',
  subjectType: ['Patient'],
  item: [
    {
      linkId: 'patient',
      text: 'Patient',
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'age',
          text: 'Age (years)',
          type: 'integer',
          required: true,
          extension: [
            { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 0 },
            { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 120 },
          ],
        },
        {
          linkId: 'a1c',
          text: 'Latest HbA1c',
          type: 'quantity',
          code: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }],
          extension: [
            {
              url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationLinkPeriod',
              valueDuration: { value: 5, unit: 'years', system: 'http://unitsofmeasure.org', code: 'a' },
            },
            {
              url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption',
              valueCoding: { system: 'http://unitsofmeasure.org', code: '%', display: '%' },
            },
          ],
        },
      ],
    },
    { linkId: 'treated', text: 'Currently on treatment?', type: 'boolean', required: true },
    {
      linkId: 'regimen',
      text: 'Current regimen',
      type: 'string',
      required: true,
      enableWhen: [{ question: 'treated', operator: '=', answerBoolean: true }],
    },
    {
      linkId: 'meds',
      text: 'Medication',
      type: 'group',
      repeats: true,
      item: [{ linkId: 'med-name', text: 'Name', type: 'string' }],
    },
    { linkId: 'history', text: 'Relevant history', type: 'text' },
    { linkId: 'question', text: 'Your question for the specialists', type: 'text', required: true },
  ],
};

/** A tiny ORIGINAL (identified) record: the element must de-identify it before showing or sending anything. */
const RECORD: FhirResource[] = [
  {
    resourceType: 'Patient',
    id: 'pat-el-1',
    name: [{ family: 'Thibodeaux', given: ['Marguerite'] }],
    identifier: [{ system: 'urn:mrn', value: 'MRN-4829173' }],
    telecom: [{ system: 'phone', value: '603-555-0147' }],
    gender: 'female',
    birthDate: '1968-04-23',
    // A vendor extension nobody told the kit about: off the allow-list, so it stays home.
    extension: [{ url: 'https://ehr.vendor.example/drivers-license', valueString: 'D48291175' }],
  },
  { resourceType: 'Practitioner', id: 'prac-1', name: [{ text: 'Dr. Quentin Abernathy' }] },
  {
    resourceType: 'Observation',
    id: 'obs-a1c',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
    subject: { reference: 'Patient/pat-el-1' },
    effectiveDateTime: '2026-06-13',
    valueQuantity: { value: 8.2, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  },
];

/** What blocks review (for failure messages). */
const blockers = (el: Element) =>
  shadowAll(el, '.field.invalid, .field:has(.phi:not(.confirmed))')
    .map(
      (f) => `${f.dataset.path}: ${f.querySelector('[part="field-error"]')?.textContent?.trim() ?? 'identifying text'}`,
    )
    .join('; ');
const stepText = (el: Element) => shadow(el, '[aria-current="step"]')?.textContent?.trim();
const liveText = (el: Element) => shadow(el, '[role="status"]')?.textContent?.trim() ?? '';
const clickButton = (el: Element, text: string) => {
  const button = shadowAll<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.trim() === text);
  if (!button) throw new Error(`no button "${text}"`);
  button.click();
};

describe('<echo-case-form>', () => {
  let hub: TestHub;
  let templateId: string;

  beforeEach(async () => {
    hub = await testHub();
    templateId = (await addTemplate(hub, TEST_Q)).id;
  });
  afterEach(() => cleanup());

  function mount(attributes = '', context?: FhirResource[]): EchoCaseForm {
    const el = document.createElement('echo-case-form');
    el.hubUrl = hub.url;
    el.token = hub.tokens.presenter;
    el.programId = hub.programId;
    for (const [name, value] of attributes
      .split(/\s+/)
      .filter(Boolean)
      .map((a) => a.split('=') as [string, string])) {
      el.setAttribute(name, value.replace(/"/g, ''));
    }
    if (!el.templateId) el.templateId = templateId;
    if (context) el.context = context;
    fixture('<div></div>').append(el);
    return el;
  }

  it('fills in, reviews exactly the payload, submits once; the hub stores a valid QuestionnaireResponse', async () => {
    const el = mount();
    await formReady(el);
    expect(stepText(el)).to.equal(en.caseForm.stepFill);
    expect(field(el, 'regimen'), 'regimen is hidden until "on treatment" is yes').to.equal(null);

    typeInto(control(el, 'patient/age'), '47');
    control(el, 'treated').click(); // "Yes"
    await el.updateComplete;
    typeInto(control(el, 'regimen'), 'sofosbuvir/velpatasvir');
    typeInto(control(el, 'meds/med-name'), 'metformin');
    clickButton(el, en.caseForm.addRepeat('Medication'));
    await el.updateComplete;
    typeInto(control(el, 'meds[1]/med-name'), 'lisinopril');
    typeInto(control<HTMLTextAreaElement>(el, 'question'), 'Should we add ribavirin?');
    await el.updateComplete;

    clickButton(el, en.caseForm.review);
    await waitFor(() => stepText(el) === en.caseForm.stepReview, 'the review step');
    const shown = JSON.parse(shadow(el, '[part="payload"] pre')?.textContent ?? '{}') as QuestionnaireResponse;
    expect(shown.status).to.equal('completed');
    expect(shown.questionnaire).to.equal(`${TEST_Q.url}|${TEST_Q.version}`);
    expect(shadow(el, '.summary-list')?.textContent).to.contain('lisinopril');

    const submitted: EchoCaseSubmittedEvent[] = [];
    el.addEventListener('echo-case-submitted', (e) => submitted.push(e));
    clickButton(el, en.caseForm.submit);
    await waitFor(() => stepText(el) === en.caseForm.stepSubmitted, 'the submitted step');
    const caseId = shadow(el, '[data-case-id]')?.textContent;
    expect(caseId).to.match(/^cas_/);
    expect(shadow(el, '[data-case-status]')?.textContent?.trim()).to.equal(en.caseForm.caseStatus('submitted'));
    expect(submitted.map((e) => e.detail.caseId)).to.deep.equal([caseId]);

    const cases = await casesOf(hub);
    expect(cases.map((c) => c.id)).to.deep.equal([caseId]);
    const stored = cases[0]!.response as QuestionnaireResponse;
    expect(stored, 'what left is exactly what the review showed').to.deep.equal(shown);
    expect(validateResponse(TEST_Q, stored, { mode: 'submit' })).to.deep.equal([]);
  });

  it('enableWhen shows and hides a question as the answer it depends on changes', async () => {
    const el = mount();
    await formReady(el);
    expect(field(el, 'regimen')).to.equal(null);
    control(el, 'treated').click();
    await waitFor(() => field(el, 'regimen'), 'the regimen question');
    shadow<HTMLInputElement>(el, '#f-treated-no')?.click();
    await waitFor(() => !field(el, 'regimen'), 'the regimen question to hide');
  });

  it('blocks review while required answers are missing, with translated messages and focus on the first', async () => {
    const el = mount('lang=es');
    await formReady(el);
    clickButton(el, es.caseForm.review);
    await waitFor(() => shadow(el, '.field.invalid'), 'the invalid fields');
    expect(stepText(el)).to.equal(es.caseForm.stepFill);
    const ageError = field(el, 'patient/age')?.querySelector('[part="field-error"]');
    expect(ageError?.textContent?.trim()).to.equal(es.caseForm.issue('required'));
    expect(control(el, 'patient/age').getAttribute('aria-describedby')).to.contain(ageError?.id);
    expect(control(el, 'patient/age').getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot?.activeElement).to.equal(control(el, 'patient/age'));
    expect(liveText(el)).to.equal(es.caseForm.issuesSummary(3));
    expect(el.checkValidity()).to.equal(false);

    typeInto(control(el, 'patient/age'), '130');
    await el.updateComplete;
    expect(field(el, 'patient/age')?.textContent).to.contain(es.caseForm.issue('maxValue', 120));
    expect(await casesOf(hub)).to.deep.equal([]);
  });

  it('de-identifies the context, pre-fills with the source shown, and flags identifying free text until fixed or confirmed', async () => {
    const el = mount('', RECORD);
    await formReady(el);
    const a1c = control(el, 'patient/a1c');
    await waitFor(() => a1c.value === '8.2', 'the HbA1c pre-filled from the record');
    expect(field(el, 'patient/a1c')?.querySelector('[part="source"]')?.textContent).to.contain('4548-4');
    const everything = el.shadowRoot?.textContent ?? '';
    for (const identifier of ['Marguerite', 'Thibodeaux', 'MRN-4829173', '603-555-0147', '1968-04-23', 'D48291175']) {
      expect(everything).not.to.contain(identifier);
    }

    typeInto(control(el, 'patient/age'), '58');
    shadow<HTMLInputElement>(el, '#f-treated-no')?.click();
    typeInto(control<HTMLTextAreaElement>(el, 'question'), 'How to manage?');
    const history = control<HTMLTextAreaElement>(el, 'history');
    typeInto(history, 'Mrs Thibodeaux, call 603-555-0147 after 2024-06-13');
    await el.updateComplete;
    const warning = field(el, 'history')?.querySelector('[part="phi-warning"]');
    expect(warning?.textContent).to.contain(en.caseForm.identifyingKind('name'));
    expect(warning?.textContent).to.contain(en.caseForm.identifyingKind('phone'));
    expect(history.getAttribute('aria-describedby')).to.contain(warning?.id);

    clickButton(el, en.caseForm.review);
    await el.updateComplete;
    expect(stepText(el), 'blocked by the warning').to.equal(en.caseForm.stepFill);
    expect(el.shadowRoot?.activeElement?.getAttribute('part')).to.equal('phi-confirm');

    typeInto(history, 'Long-standing diabetes');
    await el.updateComplete;
    expect(field(el, 'history')?.querySelector('[part="phi-warning"]')).to.equal(null);
    typeInto(history, 'Seen by Thibodeaux clinic team');
    await el.updateComplete;
    const confirm = field(el, 'history')?.querySelector<HTMLInputElement>('[part="phi-confirm"]');
    confirm?.click();
    await el.updateComplete;
    clickButton(el, en.caseForm.review);
    await waitFor(() => stepText(el) === en.caseForm.stepReview, 'review after confirming');
    const report = shadow(el, '[part="deid-report"]')?.textContent ?? '';
    expect(report).to.match(/\d+ changes made to the patient record/);
    // Grouped by kind with counts, largest first; what is not sent is said in so many words, with paths.
    const groups = [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.deid-groups > li') ?? [])];
    const kinds = groups.map((g) => g.dataset.kind);
    expect(kinds).to.include.members(['names', 'dates', 'other-identifier']);
    const counts = groups.map((g) => Number(g.querySelector('.count')?.textContent));
    expect(counts).to.deep.equal([...counts].sort((a, b) => b - a));
    const names = groups.find((g) => g.dataset.kind === 'names')!;
    expect(names.querySelector('summary')?.textContent).to.contain(en.caseForm.deidKind('names'));
    expect(shadow(el, '[part="deid-dropped"]')?.textContent).to.match(/\d+ elements of the record are not sent/);
    const other = groups.find((g) => g.dataset.kind === 'other-identifier')!;
    expect(other.textContent).to.contain('Practitioner');
    expect(other.textContent).to.contain(en.caseForm.deidReason('not-allowed'));
    const payload = shadow(el, '[part="payload"] pre')?.textContent ?? '';
    expect(payload).to.contain('8.2');
    expect(payload).not.to.contain('Marguerite');
  });

  it('keeps the draft across a reload (re-created element) with a visible note, and discards it on request', async () => {
    const first = mount();
    await formReady(first);
    typeInto(control<HTMLTextAreaElement>(first, 'question'), 'Draft question');
    typeInto(control(first, 'patient/age'), '61');
    await eventually(async () => !!(await draftSaved()), 'the autosave');
    first.remove();

    const second = mount();
    await formReady(second);
    await waitFor(() => control<HTMLTextAreaElement>(second, 'question').value === 'Draft question', 'the restore');
    expect(control(second, 'patient/age').value).to.equal('61');
    expect(shadow(second, '.notice.draft')?.textContent).to.contain('Draft restored');
    clickButton(second, en.caseForm.discardDraft);
    await waitFor(() => control<HTMLTextAreaElement>(second, 'question').value === '', 'the discard');
    expect(shadow(second, '.notice.draft')).to.equal(null);
    expect(await draftSaved()).to.equal(undefined);

    async function draftSaved() {
      const store = caseFormStore();
      const keys = (await listKeys()).filter((k) => JSON.parse(k)[1] === hub.programId);
      return keys.length ? store.getDraft(keys[0]!) : undefined;
    }
  });

  it('works under <echo-provider> and inside a <form>: value, validity and reset', async () => {
    const page = fixture<HTMLFormElement>(
      `<form><echo-provider hub-url="${hub.url}" token="${hub.tokens.presenter}">
        <echo-case-form name="case" program-id="${hub.programId}" template-id="${templateId}"></echo-case-form>
      </echo-provider></form>`,
    );
    const el = page.querySelector('echo-case-form') as EchoCaseForm;
    await formReady(el);
    expect(el.form).to.equal(page);
    expect(page.checkValidity(), 'required answers missing').to.equal(false);
    typeInto(control<HTMLTextAreaElement>(el, 'question'), 'Provider question');
    await el.updateComplete;
    const value = JSON.parse(String(new FormData(page).get('case'))) as QuestionnaireResponse;
    expect(value.resourceType).to.equal('QuestionnaireResponse');
    expect(JSON.stringify(value)).to.contain('Provider question');
    page.reset();
    await waitFor(() => control<HTMLTextAreaElement>(el, 'question').value === '', 'the reset');
    el.focus();
    expect(el.shadowRoot?.activeElement?.getAttribute('part')).to.contain('control'); // delegatesFocus
  });

  it('offers the programme’s templates when no template-id is given (getToken, the token’s programme)', async () => {
    const el = document.createElement('echo-case-form');
    el.hubUrl = hub.url;
    el.getToken = async () => hub.tokens.presenter; // no program-id either: the token's programme
    fixture('<div></div>').append(el);
    const choice = await waitFor(
      () =>
        shadowAll<HTMLButtonElement>(el, '[part~="template-button"]').find((b) =>
          b.textContent?.includes('Element test case'),
        ),
      'the template picker',
    );
    choice.click();
    await formReady(el);
    expect(shadow(el, 'h2')?.textContent).to.contain('Element test case');
  });

  it('has no axe violations: fill-in with messages and warnings (light and dark), review', async function () {
    this.timeout(60_000); // axe over a whole form is slow on a loaded 2-core machine
    const violations = (result: Axe.AxeResults, where: string) =>
      result.violations.map((v) => `${where} ${v.id}: ${v.nodes.map((n) => n.target).join()}`);
    const el = mount('theme=dark', RECORD);
    await formReady(el);
    await waitFor(() => control(el, 'patient/a1c').value !== '', 'pre-fill');
    typeInto(control<HTMLTextAreaElement>(el, 'history'), 'Mrs Thibodeaux');
    clickButton(el, en.caseForm.review); // shows messages too
    await waitFor(() => shadow(el, '.field.invalid'), 'messages');
    expect(violations(await axe.run(el, { resultTypes: ['violations'] }), 'dark fill')).to.deep.equal([]);
    el.theme = 'light';
    await el.updateComplete;
    expect(violations(await axe.run(el, { resultTypes: ['violations'] }), 'light fill')).to.deep.equal([]);

    await fillEverything(el, TEST_Q);
    field(el, 'history')?.querySelector<HTMLInputElement>('[part="phi-confirm"]')?.click();
    await el.updateComplete;
    clickButton(el, en.caseForm.review);
    await waitFor(() => stepText(el) === en.caseForm.stepReview, 'review', 5000).catch((e: Error) => {
      throw new Error(`${e.message}: ${blockers(el)}`);
    });
    shadow<HTMLDetailsElement>(el, 'details')?.setAttribute('open', '');
    expect(violations(await axe.run(el, { resultTypes: ['violations'] }), 'review')).to.deep.equal([]);
  });

  it('fits a 360 px wide screen without horizontal scrolling', async () => {
    const box = fixture<HTMLDivElement>('<div style="width: 360px"></div>');
    const el = document.createElement('echo-case-form');
    Object.assign(el, { hubUrl: hub.url, token: hub.tokens.presenter, programId: hub.programId, templateId });
    el.context = RECORD;
    box.append(el);
    await formReady(el);
    clickButton(el, en.caseForm.addRepeat('Medication'));
    clickButton(el, en.caseForm.review);
    await waitFor(() => shadow(el, '.field.invalid'), 'messages');
    const base = shadow(el, '[part="base"]') as HTMLElement;
    expect(base.scrollWidth).to.be.at.most(360);
    for (const node of shadowAll(el, '*')) {
      const r = node.getBoundingClientRect();
      if (r.width) expect(r.right, node.outerHTML.slice(0, 80)).to.be.at.most(box.getBoundingClientRect().right + 0.5);
    }
  });
});

/** Keys of every saved draft (test helper reading the real IndexedDB). */
function listKeys(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('teleecho-case-form');
    open.onsuccess = () => {
      const request = open.result.transaction('drafts').objectStore('drafts').getAllKeys();
      request.onsuccess = () => {
        open.result.close();
        resolve(request.result as string[]);
      };
      request.onerror = () => reject(request.error);
    };
    open.onerror = () => reject(open.error);
  });
}
