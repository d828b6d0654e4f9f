/// <reference types="mocha" />
// <echo-case-form> as a control of a real <form>: a disabled <fieldset> (or its own `disabled`) takes it out of the
// form, a reset brings the pre-filled answers back, the browser's restored state comes back into the fields, and
// `validity` / `validationMessage` / `checkValidity()` follow the required answers — as with a native control.
import { expect } from '@esm-bundle/chai';
import type { Questionnaire, QuestionnaireResponse } from '@teleecho/sdk/questionnaire';
import '../define/echo-case-form.js';
import { en } from '../translations/en.js';
import type { TestHub } from '@teleecho/test-kit/elements';
import { cleanup, fixture, shadow, testHub, waitFor } from '@teleecho/test-kit/elements';
import type { EchoCaseForm } from './echo-case-form.js';
import { addTemplate, control, formReady, typeInto } from './test-helpers.js';

const FORM_Q: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://teleecho.dev/fhir/Questionnaire/form-control-test',
  version: '1',
  title: 'Form control case',
  status: 'active',
  item: [
    { linkId: 'summary', text: 'Case summary', type: 'text', required: true },
    { linkId: 'question', text: 'Your question', type: 'text', required: true },
    { linkId: 'notes', text: 'Notes', type: 'string' },
  ],
};

describe('<echo-case-form> in a <form>', () => {
  let hub: TestHub;
  let templateId: string;
  beforeEach(async () => {
    hub = await testHub();
    templateId = (await addTemplate(hub, FORM_Q as never)).id;
  });
  afterEach(() => cleanup());

  /** A <form> with the case form inside (in a <fieldset>), ready to fill in. */
  async function inForm(fieldsetAttributes = '', attributes = '') {
    const form = fixture<HTMLFormElement>(
      `<form><fieldset ${fieldsetAttributes}><echo-case-form name="case" hub-url="${hub.url}"
        token="${hub.tokens.presenter}" program-id="${hub.programId}" template-id="${templateId}" ${attributes}>
      </echo-case-form></fieldset></form>`,
    );
    const el = form.querySelector('echo-case-form') as EchoCaseForm;
    await formReady(el);
    await el.updateComplete;
    return { form, fieldset: form.querySelector('fieldset') as HTMLFieldSetElement, el };
  }

  const reviewButton = (el: EchoCaseForm) => shadow<HTMLButtonElement>(el, '[part~="primary-button"]');

  it('is disabled by a disabled <fieldset>: controls disabled, nothing submitted, not validated', async () => {
    const { form, fieldset, el } = await inForm('disabled');
    await waitFor(() => el.isDisabled, 'the fieldset to reach the element');
    expect(el.disabled, 'its own disabled is untouched').to.equal(false);
    expect(control<HTMLTextAreaElement>(el, 'summary').matches(':disabled')).to.equal(true);
    expect(reviewButton(el)?.matches(':disabled')).to.equal(true);
    expect(new FormData(form).has('case'), 'a disabled control is not submitted').to.equal(false);
    expect(el.willValidate).to.equal(false);
    expect(form.checkValidity(), 'barred from validation though answers are missing').to.equal(true);

    fieldset.disabled = false;
    await waitFor(() => !el.isDisabled, 'enabled again');
    await el.updateComplete;
    expect(control<HTMLTextAreaElement>(el, 'summary').matches(':disabled')).to.equal(false);
    expect(reviewButton(el)?.matches(':disabled')).to.equal(false);
    expect(new FormData(form).has('case')).to.equal(true);
    expect(form.checkValidity(), 'required answers missing').to.equal(false);
  });

  it('is disabled by its own disabled attribute, which reflects the property', async () => {
    const { form, el } = await inForm('', 'disabled');
    expect(el.disabled).to.equal(true);
    expect(el.isDisabled).to.equal(true);
    expect(control<HTMLTextAreaElement>(el, 'question').matches(':disabled')).to.equal(true);
    expect(new FormData(form).has('case')).to.equal(false);
    el.disabled = false;
    await el.updateComplete;
    expect(el.hasAttribute('disabled')).to.equal(false);
    expect(control<HTMLTextAreaElement>(el, 'question').matches(':disabled')).to.equal(false);
    expect(new FormData(form).has('case')).to.equal(true);
  });

  it('has the validity of its required answers: valueMissing with a message, then valid', async () => {
    const { form, el } = await inForm();
    expect(el.willValidate).to.equal(true);
    expect(el.validity.valid).to.equal(false);
    expect(el.validity.valueMissing).to.equal(true);
    expect(el.validationMessage).to.equal(en.caseForm.issuesSummary(2));
    expect(el.matches(':invalid')).to.equal(true);
    let invalidEvents = 0;
    el.addEventListener('invalid', () => invalidEvents++);
    expect(form.checkValidity()).to.equal(false);
    expect(invalidEvents, 'the form asks the element, as a native control').to.equal(1);

    typeInto(control<HTMLTextAreaElement>(el, 'summary'), 'Rising ALT over six months');
    await el.updateComplete;
    expect(el.validationMessage, 'one answer still missing').to.equal(en.caseForm.issuesSummary(1));
    typeInto(control<HTMLTextAreaElement>(el, 'question'), 'Treat now or wait?');
    await el.updateComplete;
    expect(el.validity.valid).to.equal(true);
    expect(el.validationMessage).to.equal('');
    expect(el.checkValidity()).to.equal(true);
    expect(form.checkValidity()).to.equal(true);
    const submitted = JSON.parse(String(new FormData(form).get('case'))) as QuestionnaireResponse;
    expect(JSON.stringify(submitted)).to.contain('Treat now or wait?');
  });

  it('comes back to the pre-filled answers when its form is reset', async () => {
    const { form, el } = await inForm();
    typeInto(control<HTMLTextAreaElement>(el, 'summary'), 'Typed before the reset');
    typeInto(control<HTMLInputElement>(el, 'notes'), 'Some notes');
    await el.updateComplete;
    expect(JSON.stringify(el.value)).to.contain('Typed before the reset');
    form.reset();
    await waitFor(() => control<HTMLTextAreaElement>(el, 'summary').value === '', 'the reset');
    expect(control<HTMLInputElement>(el, 'notes').value).to.equal('');
    expect(JSON.stringify(el.value)).not.to.contain('Typed before the reset');
    expect(el.validity.valueMissing, 'required answers missing again').to.equal(true);
  });

  it('takes back the answers the browser restores (back/forward, session restore)', async () => {
    const { form, el } = await inForm();
    const saved = JSON.parse(JSON.stringify(el.value)) as QuestionnaireResponse;
    saved.item = [
      { linkId: 'summary', answer: [{ valueString: 'Restored summary' }] },
      { linkId: 'question', answer: [{ valueString: 'Restored question' }] },
    ];
    el.formStateRestoreCallback(JSON.stringify(saved), 'restore');
    await waitFor(
      () => control<HTMLTextAreaElement>(el, 'summary').value === 'Restored summary',
      'the restored answer',
    );
    expect(control<HTMLTextAreaElement>(el, 'question').value).to.equal('Restored question');
    expect(form.checkValidity()).to.equal(true);
    // Another template's answers are not this form's.
    el.formStateRestoreCallback(JSON.stringify({ ...saved, questionnaire: 'https://elsewhere/Q|9' }), 'restore');
    await el.updateComplete;
    expect(control<HTMLTextAreaElement>(el, 'summary').value).to.equal('Restored summary');
  });
});
