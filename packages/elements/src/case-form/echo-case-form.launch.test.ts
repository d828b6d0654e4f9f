/// <reference types="mocha" />
// <echo-case-form> when the SMART launch or the patient context fails (or the EHR shares only part of the record):
// the error state says which failure it was, in the viewer's language, with "Launch again" instead of a blank form.
import { expect } from '@esm-bundle/chai';
import 'axe-core';
import type * as Axe from 'axe-core';
import { AuthError, ForbiddenError, NetworkError } from '@teleecho/sdk';
import type { FhirResource } from '@teleecho/sdk';
import type { Questionnaire } from '@teleecho/sdk/questionnaire';
import '../define.js';
import type { EchoRelaunchEvent } from '../events/echo-relaunch.js';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import { fr } from '../translations/fr.js';
import { pt } from '../translations/pt.js';
import type { TestHub } from '@teleecho/test-kit/elements';
import { cleanup, fixture, shadow, shadowAll, testHub, waitFor } from '@teleecho/test-kit/elements';
import type { EchoCaseForm } from './echo-case-form.js';
import type { CaseFormContext } from './prepare.js';
import { addTemplate, formReady } from './test-helpers.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;

const Q: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://teleecho.dev/fhir/Questionnaire/launch-test',
  version: '1',
  title: 'Launch test case',
  status: 'active',
  subjectType: ['Patient'],
  item: [
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
    { linkId: 'question', text: 'Your question', type: 'text', required: true },
  ],
};

const RECORD: FhirResource[] = [
  { resourceType: 'Patient', id: 'p-launch', gender: 'male', birthDate: '1961-02-03' },
  {
    resourceType: 'Observation',
    id: 'obs-a1c',
    status: 'final',
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
    subject: { reference: 'Patient/p-launch' },
    effectiveDateTime: '2026-06-13',
    valueQuantity: { value: 7.4, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  },
];

const RELAUNCH_URL = 'https://app.example/launch?iss=https%3A%2F%2Fehr.example%2Ffhir&launch=abc';
const expired = () =>
  new AuthError('smart_token_expired', 'The SMART access token has expired', {
    status: 401,
    relaunch: { reason: 'expired', fhirBaseUrl: 'https://ehr.example/fhir', url: RELAUNCH_URL },
  });
const revoked = () =>
  new AuthError('smart_token_expired', 'The SMART access token is no longer accepted', {
    status: 401,
    relaunch: { reason: 'revoked', fhirBaseUrl: 'https://ehr.example/fhir', url: RELAUNCH_URL },
  });
const forbidden = () =>
  new ForbiddenError('smart_forbidden', 'The EHR refused access', {
    status: 403,
    relaunch: { reason: 'forbidden', fhirBaseUrl: 'https://ehr.example/fhir', url: RELAUNCH_URL },
  });
const stateMismatch = () =>
  new AuthError('smart_state_mismatch', 'The launch could not be verified', { relaunch: { reason: 'launch_failed' } });

/** A promise that rejects later, as `completeSmartLaunch().then(fetchCaseContext)` does. */
function failsLater(error: Error): Promise<CaseFormContext> {
  return new Promise((_, reject) => setTimeout(() => reject(error), 20));
}

const errorBox = (el: Element) => shadow(el, '[part="error"]');
const relaunchButton = (el: Element) => shadow<HTMLButtonElement>(el, '[part~="relaunch-button"]');

describe('<echo-case-form> after a failed SMART launch or context', () => {
  let hub: TestHub;
  let templateId: string;

  beforeEach(async () => {
    hub = await testHub();
    templateId = (await addTemplate(hub, Q)).id;
  });
  afterEach(() => cleanup());

  function mount(context: CaseFormContext | Promise<CaseFormContext>, lang?: string): EchoCaseForm {
    const el = document.createElement('echo-case-form');
    el.hubUrl = hub.url;
    el.token = hub.tokens.presenter;
    el.programId = hub.programId;
    el.templateId = templateId;
    if (lang) el.setAttribute('lang', lang);
    el.context = context;
    fixture('<div></div>').append(el);
    return el;
  }

  it('an expired session: its own message and "Launch again", not a blank form; the host may relaunch its way', async () => {
    const el = mount(failsLater(expired()));
    const box = await waitFor(() => errorBox(el), 'the error state');
    expect(box.getAttribute('role')).to.equal('alert');
    expect(box.textContent).to.contain(en.caseForm.smartExpired);
    expect(shadow(el, 'form[part="form"]'), 'no form').to.equal(null);
    expect(shadowAll(el, '[part~="field"]')).to.have.length(0);
    expect(relaunchButton(el)?.textContent?.trim()).to.equal(en.caseForm.launchAgain);

    const events: EchoRelaunchEvent[] = [];
    el.addEventListener('echo-relaunch', (e) => {
      events.push(e);
      e.preventDefault(); // the host relaunches (in a test: nowhere)
    });
    relaunchButton(el)!.click();
    expect(events).to.have.length(1);
    expect(events[0]!.detail.url).to.equal(RELAUNCH_URL);
    expect(events[0]!.detail.error.code).to.equal('smart_token_expired');
    expect(location.href, 'a cancelled event does not navigate').not.to.equal(RELAUNCH_URL);
  });

  it('revoked, forbidden and a failed launch each say what happened, in every language', async () => {
    const cases: [() => Error, (t: typeof en) => string][] = [
      [revoked, (t) => t.caseForm.smartRevoked],
      [forbidden, (t) => t.caseForm.smartForbidden],
      [stateMismatch, (t) => t.caseForm.smartLaunchFailed],
    ];
    const texts = new Set<string>();
    for (const [lang, t] of [
      ['en', en],
      ['es', es],
      ['pt', pt],
      ['fr', fr],
    ] as const) {
      for (const [error, text] of cases) {
        const el = mount(Promise.reject(error()), lang);
        const box = await waitFor(() => errorBox(el), `the error state (${lang})`);
        expect(box.textContent, lang).to.contain(text(t));
        expect(relaunchButton(el)?.textContent?.trim(), lang).to.equal(t.caseForm.launchAgain);
        texts.add(text(t));
        el.remove();
      }
    }
    expect(texts.size, 'twelve different messages').to.equal(12);
  });

  it('"Launch again" with nowhere to go tells the user to open the app from the chart', async () => {
    const el = mount(Promise.reject(stateMismatch()));
    await waitFor(() => relaunchButton(el), 'Launch again');
    const events: EchoRelaunchEvent[] = [];
    el.addEventListener('echo-relaunch', (e) => events.push(e));
    relaunchButton(el)!.click();
    await el.updateComplete;
    expect(events).to.have.length(1);
    expect(events[0]!.detail.url).to.equal(undefined);
    expect(errorBox(el)?.textContent).to.contain(en.caseForm.relaunchFromChart);
  });

  it('the EHR unreachable: the network message, and "Launch again" (retrying the same failed read cannot help)', async () => {
    const el = mount(Promise.reject(new NetworkError('network_error', 'The FHIR server could not be reached')));
    const box = await waitFor(() => errorBox(el), 'the error state');
    expect(box.textContent).to.contain(en.caseForm.errorNetwork);
    expect(relaunchButton(el)?.textContent?.trim()).to.equal(en.caseForm.launchAgain);
  });

  it('a hub failure with a good context still offers "Try again"', async () => {
    const el = mount({ resources: RECORD } as CaseFormContext);
    el.token = 'not-a-token';
    const box = await waitFor(() => errorBox(el), 'the error state');
    expect(relaunchButton(el)).to.equal(null);
    expect(box.querySelector('button')?.textContent?.trim()).to.equal(en.retry);
  });

  it('a context failure wins over "not set up": the launch error shows without a hub', async () => {
    const el = document.createElement('echo-case-form');
    el.context = Promise.reject(expired());
    fixture('<div></div>').append(el);
    const box = await waitFor(() => errorBox(el), 'the error state');
    expect(box.textContent).to.contain(en.caseForm.smartExpired);
  });

  it('waits for a context still arriving, then pre-fills; sections the EHR did not share are named', async () => {
    let resolve!: (value: CaseFormContext) => void;
    const arriving = new Promise<CaseFormContext>((r) => (resolve = r));
    const el = mount(arriving);
    await waitFor(() => shadow(el, '[part="notice"]')?.textContent?.includes(en.caseForm.loading), 'loading');
    resolve({ resources: RECORD, unreadSections: ['medications', 'allergies'] } as CaseFormContext);
    await formReady(el);
    const notice = shadow(el, '[part~="unread-notice"]');
    expect(notice?.textContent?.trim()).to.equal(en.caseForm.unreadSections('medications and allergies', 2));
    expect(notice?.dataset.unread).to.equal('medications allergies');
    const a1c = shadow<HTMLInputElement>(el, '[data-path="a1c"] [part~="control"]');
    expect(a1c?.value, 'what was shared is pre-filled').to.equal('7.4');

    const plain = mount({ resources: RECORD, unreadSections: [] } as CaseFormContext);
    await formReady(plain);
    expect(shadow(plain, '[part~="unread-notice"]'), 'no notice when everything was read').to.equal(null);
  });

  it('the unread-sections notice is translated (es)', async () => {
    const el = mount({ resources: RECORD, unreadSections: ['vitalSigns'] } as CaseFormContext, 'es');
    await formReady(el);
    expect(shadow(el, '[part~="unread-notice"]')?.textContent?.trim()).to.equal(
      es.caseForm.unreadSections('signos vitales', 1),
    );
  });

  it('the error state has no accessibility violations', async () => {
    const el = mount(Promise.reject(forbidden()));
    await waitFor(() => relaunchButton(el), 'Launch again');
    const result = await axe.run(el, { resultTypes: ['violations'] });
    expect(result.violations.map((v) => v.id)).to.deep.equal([]);
  });
});
