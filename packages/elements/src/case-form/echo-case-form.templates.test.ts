/// <reference types="mocha" />
// Each of the six templates the hub ships, filled in through the element's controls by a "presenter" that knows
// nothing about the template (fillEverything), reviewed and submitted to the real hub; the stored response must pass
// the same validateResponse the hub uses.
import { expect } from '@esm-bundle/chai';
import type { QuestionnaireResponse } from '@teleecho/sdk/questionnaire';
import { validateResponse } from '@teleecho/sdk/questionnaire';
import '../define.js';
// The templates are pure data (FHIR Questionnaires), shared with the hub's seed.
import { CASE_TEMPLATES } from '../../../hub/src/domain/templates/index.js';
import { en } from '../translations/en.js';
import type { TestHub } from '@teleecho/test-kit/elements';
import { cleanup, fixture, shadow, shadowAll, testHub, waitFor } from '@teleecho/test-kit/elements';
import type { EchoCaseForm } from './echo-case-form.js';
import { addTemplate, casesOf, fillEverything, formReady } from './test-helpers.js';

const stepText = (el: Element) => shadow(el, '[aria-current="step"]')?.textContent?.trim();
const press = (el: Element, text: string) =>
  shadowAll<HTMLButtonElement>(el, 'button')
    .find((b) => b.textContent?.trim() === text)
    ?.click();

describe('<echo-case-form> with each shipped template', () => {
  let hub: TestHub;
  before(async () => {
    hub = await testHub();
  });
  afterEach(() => cleanup());

  for (const [name, make] of Object.entries(CASE_TEMPLATES)) {
    it(`${name}: filled through the controls, submitted, stored valid`, async function () {
      this.timeout(40_000);
      const questionnaire = make();
      const template = await addTemplate(hub, questionnaire);
      const el = document.createElement('echo-case-form') as EchoCaseForm;
      Object.assign(el, {
        hubUrl: hub.url,
        token: hub.tokens.presenter,
        programId: hub.programId,
        templateId: template.id,
      });
      fixture('<div></div>').append(el);
      await formReady(el);
      const answered = await fillEverything(el, questionnaire);
      expect(answered).to.be.greaterThan(3);
      press(el, en.caseForm.review);
      await waitFor(() => stepText(el) === en.caseForm.stepReview, 'review', 5000).catch((e: Error) => {
        const why = shadowAll(el, '.invalid, .phi:not(.confirmed)').map(
          (f) => `${f.dataset.path ?? '?'}: ${f.textContent}`,
        );
        throw new Error(`${e.message}: ${why.join(' | ').replace(/\s+/g, ' ').slice(0, 600)}`);
      });
      press(el, en.caseForm.submit);
      await waitFor(() => stepText(el) === en.caseForm.stepSubmitted, 'submitted', 10_000);
      const caseId = shadow(el, '[data-case-id]')?.textContent;
      const stored = (await casesOf(hub)).find((c) => c.id === caseId);
      expect(stored?.templateId).to.equal(template.id);
      const response = stored?.response as QuestionnaireResponse;
      expect(response.questionnaire).to.equal(`${questionnaire.url}|${questionnaire.version}`);
      expect(validateResponse(questionnaire, response, { mode: 'submit' })).to.deep.equal([]);
    });
  }
});
