/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { decodeTokenClaims } from '@teleecho/sdk';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import 'axe-core';
import type * as Axe from 'axe-core';
import '../define/echo-evaluation.js';
import type { EchoEvaluationSubmittedEvent } from '../events/echo-evaluation-submitted.js';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import type { TestHub } from '@teleecho/test-kit/elements';
import { cleanup, createSession, fixture, hubCall, shadow, shadowAll, waitFor } from '@teleecho/test-kit/elements';
import type { EchoEvaluation } from './echo-evaluation.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;

const QUESTIONNAIRE = {
  resourceType: 'Questionnaire',
  status: 'active',
  title: 'HCV ECHO session evaluation',
  item: [
    {
      linkId: 'useful',
      text: 'How useful was this session?',
      type: 'choice',
      required: true,
      answerOption: ['1', '2', '3', '4', '5'].map((code) => ({ valueCoding: { code, display: code } })),
    },
    { linkId: 'practice', text: 'Will you change your practice?', type: 'boolean', required: true },
    { linkId: 'comment', text: 'Comments', type: 'text' },
  ],
};

/** Calls the hub with a person's token (hubCall uses the API key). */
async function callAs(token: string, method: string, path: string): Promise<{ status: number; body: any }> {
  const result = await executeServerCommand<{ status: number; body: any }, unknown>('teleecho-hub-call', {
    method,
    path,
    token,
  });
  return result!;
}

/** A programme whose credit rule asks for the evaluation, and a session that ended an hour ago which the participant attended. */
async function setUp(hub: TestHub): Promise<{ sessionId: string; userId: string }> {
  const template = await hubCall<{ id: string }>('POST', `/v1/programs/${hub.programId}/case-templates`, {
    questionnaire: QUESTIONNAIRE,
  });
  await hubCall('PUT', `/v1/programs/${hub.programId}/credit-rule`, {
    creditsPerSession: 1.5,
    evaluationTemplateId: template.id,
  });
  const session = await createSession(hub.programId, {
    title: 'HCV treatment',
    topic: 'DAAs',
    startsAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    durationMinutes: 60,
  });
  const userId = decodeTokenClaims(hub.tokens.participant)!.sub;
  await executeServerCommand('teleecho-hub-attendance', { sessionId: session.id, userId, from: 0, to: 60 });
  return { sessionId: session.id, userId };
}

async function mount(hub: TestHub, sessionId: string, attributes = ''): Promise<EchoEvaluation> {
  const el = fixture<EchoEvaluation>(
    `<echo-evaluation hub-url="${hub.url}" token="${hub.tokens.participant}" session-id="${sessionId}"
      ${attributes}></echo-evaluation>`,
  );
  await waitFor(() => shadow(el, 'form, .done, [part="error"], [part="message"]:not([role])'), 'the evaluation');
  return el;
}

const submit = (el: Element) => shadow<HTMLButtonElement>(el, '[part="submit-button"]')!;
const radio = (el: Element, name: string, label: string) =>
  shadowAll<HTMLLabelElement>(el, '.option').find(
    (o) => o.textContent?.trim() === label && o.querySelector('input')?.name === `q-${name}`,
  )!;

async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { resultTypes: ['violations'] });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('<echo-evaluation>', () => {
  let hub: TestHub;
  let sessionId: string;

  beforeEach(async () => {
    hub = await executeServerCommand<TestHub, undefined>('teleecho-hub').then((h) => h!);
    ({ sessionId } = await setUp(hub));
  });
  afterEach(() => cleanup());

  it('blocks on required answers, submits the QuestionnaireResponse, and shows the credit earned', async () => {
    const el = await mount(hub, sessionId);
    expect(shadow(el, '[part="heading"]')?.textContent?.trim()).to.equal('HCV ECHO session evaluation');
    const before = await callAs(hub.tokens.participant, 'GET', `/v1/sessions/${sessionId}/evaluation`);
    expect(before.body.credit.reason).to.equal('evaluation_pending');

    submit(el).click();
    await waitFor(() => shadow(el, '.summary [part="error"]'), 'the error summary');
    expect(shadow(el, '.summary')?.textContent?.trim()).to.equal(en.evaluation.fixErrors(2));
    expect(shadowAll(el, '[part="field-error"]').map((e) => e.textContent?.trim())).to.deep.equal([
      en.evaluation.answerRequired,
      en.evaluation.answerRequired,
    ]);
    const useful = shadow(el, 'fieldset[role="radiogroup"]')!;
    expect(useful.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement?.getAttribute('data-link-id')).to.equal('useful', 'focus on the first');
    const stillNone = await callAs(hub.tokens.participant, 'GET', `/v1/sessions/${sessionId}/evaluation`);
    expect(stillNone.body.submitted).to.equal(false, 'nothing was sent');

    const submitted: EchoEvaluationSubmittedEvent[] = [];
    el.addEventListener('echo-evaluation-submitted', (e) => submitted.push(e));
    radio(el, 'useful', '4').click();
    radio(el, 'practice', en.evaluation.yes).click();
    const comment = shadow<HTMLTextAreaElement>(el, 'textarea')!;
    comment.focus();
    await sendKeys({ type: 'Muito útil' });
    await waitFor(() => shadowAll(el, '[part="field-error"]').length === 0, 'the field errors to clear');
    submit(el).click();
    await waitFor(() => shadow(el, '.done'), 'the thank-you');
    expect(shadow(el, '.thanks')?.textContent?.trim()).to.equal(en.evaluation.thanks);
    expect(shadow(el, '.credit')?.textContent?.trim()).to.equal(en.evaluation.creditEarned(1.5));
    expect(submitted).to.have.length(1);
    expect(submitted[0]!.detail.credit.eligible).to.equal(true);

    const stored = await callAs(hub.tokens.participant, 'GET', `/v1/sessions/${sessionId}/evaluation`);
    expect(stored.body.submitted).to.equal(true);
    expect(stored.body.credit.eligible).to.equal(true);
    expect(stored.body.response.item).to.deep.equal([
      {
        linkId: 'useful',
        text: 'How useful was this session?',
        answer: [{ valueCoding: { code: '4', display: '4' } }],
      },
      { linkId: 'practice', text: 'Will you change your practice?', answer: [{ valueBoolean: true }] },
      { linkId: 'comment', text: 'Comments', answer: [{ valueString: 'Muito útil' }] },
    ]);
    const transcript = await callAs(hub.tokens.participant, 'GET', `/v1/programs/${hub.programId}/transcript`);
    expect(transcript.body.entries[0].credits).to.equal(1.5);

    cleanup();
    const again = await mount(hub, sessionId);
    expect(shadow(again, '.thanks')?.textContent?.trim(), 'an evaluated session shows the thank-you').to.equal(
      en.evaluation.thanks,
    );
    expect(shadow(again, 'form')).to.equal(null);
  });

  it('has no axe violations: form, form with errors, done — light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const el = await mount(hub, sessionId, `theme="${theme}"`);
      expect(await axeViolations(el), `${theme} form`).to.deep.equal([]);
      submit(el).click();
      await waitFor(() => shadow(el, '.summary [part="error"]'), 'the error summary');
      expect(await axeViolations(el), `${theme} errors`).to.deep.equal([]);
      cleanup();
    }
    const el = await mount(hub, sessionId);
    radio(el, 'useful', '5').click();
    radio(el, 'practice', en.evaluation.no).click();
    submit(el).click();
    await waitFor(() => shadow(el, '.done'), 'the thank-you');
    expect(await axeViolations(el), 'done').to.deep.equal([]);
  });

  it('speaks the page language, and says when the programme has no evaluation', async () => {
    const el = await mount(hub, sessionId, 'lang="es"');
    expect(submit(el).textContent?.trim()).to.equal(es.evaluation.submit);
    expect(shadowAll(el, '.option span').map((s) => s.textContent)).to.include(es.evaluation.yes);
    cleanup();
    const other = await executeServerCommand<TestHub, undefined>('teleecho-hub').then((h) => h!);
    const session = await createSession(other.programId, {
      title: 'No evaluation here',
      topic: 'T',
      startsAt: new Date(Date.now() - 3600_000).toISOString(),
      durationMinutes: 30,
    });
    const none = await mount(other, session.id);
    expect(shadow(none, '[part="message"]')?.textContent?.trim()).to.equal(en.evaluation.noEvaluation);
  });
});
