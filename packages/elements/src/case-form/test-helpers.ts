/**
 * Helpers of the case form's browser tests: a template on the real test hub, reading cases back, and a generic
 * "presenter" that fills every visible field of any template through its controls, as a user would.
 * @internal
 * @packageDocumentation
 */
import type { Case, CaseTemplate, FhirResource } from '@teleecho/sdk';
import { findItem, itemConstraints, parsePath } from '@teleecho/sdk/questionnaire';
import type { Questionnaire } from '@teleecho/sdk/questionnaire';
import { executeServerCommand } from '@web/test-runner-commands';
import { hubCall, shadow, shadowAll, waitFor } from '@teleecho/test-kit/elements';
import type { TestHub } from '@teleecho/test-kit/elements';
import type { EchoCaseForm } from './echo-case-form.js';

/** Adds a template (as the hub's coordinator would). */
export function addTemplate(hub: TestHub, questionnaire: FhirResource, title?: string): Promise<CaseTemplate> {
  return hubCall<CaseTemplate>('POST', `/v1/programs/${hub.programId}/case-templates`, {
    title: title ?? String(questionnaire.title ?? 'Test case'),
    questionnaire,
  });
}

/** Calls the hub with an embed token; returns status and body. */
export async function hubAs<T>(token: string, method: string, path: string): Promise<{ status: number; body: T }> {
  const result = await executeServerCommand<{ status: number; body: T }, unknown>('teleecho-hub-call', {
    method,
    path,
    token,
  });
  if (!result) throw new Error('teleecho-hub-call returned nothing');
  return result;
}

/** Every case of the programme, as its coordinator sees them. */
export async function casesOf(hub: TestHub): Promise<Case[]> {
  const { status, body } = await hubAs<{ items: Case[] }>(
    hub.tokens.coordinator,
    'GET',
    `/v1/cases?programId=${hub.programId}`,
  );
  if (status !== 200) throw new Error(`listing cases → ${status}`);
  return body.items;
}

/** Waits for the fill-in step. */
export function formReady(el: EchoCaseForm): Promise<HTMLFormElement> {
  return waitFor(() => shadow<HTMLFormElement>(el, 'form[part="form"]'), 'the fill-in step', 15_000);
}

/** Types into a text control the way a keyboard user would end up (value + input + change). */
export function typeInto(control: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  control.focus();
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  control.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** The field block of a question (by path key, e.g. `meds[1]/dose`). */
export function field(el: EchoCaseForm, path: string): HTMLElement | null {
  return shadow(el, `[part="field"][data-path="${CSS.escape(path)}"]`);
}

/** The first control of a question. */
export function control<E extends HTMLElement = HTMLInputElement>(el: EchoCaseForm, path: string): E {
  const found = field(el, path)?.querySelector<E>('[part~="control"]');
  if (!found) throw new Error(`no control for ${path}`);
  return found;
}

const SAMPLE_TEXT = 'Adult patient seen in clinic, stable on current plan';

/**
 * Answers every visible, empty question with a valid value for its type and limits (the first option of a choice,
 * "yes" for booleans, the lower limit for numbers…), again and again until nothing new appears (enableWhen).
 * Returns how many questions it answered.
 */
export async function fillEverything(el: EchoCaseForm, questionnaire: Questionnaire): Promise<number> {
  let answered = 0;
  for (let round = 0; round < 12; round++) {
    let changed = false;
    for (const block of shadowAll(el, '[part="field"]')) {
      const path = block.dataset.path as string;
      const item = findItem(questionnaire, parsePath(path));
      if (!item || item.readOnly) continue;
      const c = itemConstraints(item);
      const ctl = block.querySelector<HTMLInputElement>('[part~="control"]');
      if (!ctl) continue;
      const type = block.dataset.type;
      if (type === 'boolean' || (type === 'choice' && ctl.type === 'radio') || ctl.type === 'checkbox') {
        const boxes = [...block.querySelectorAll<HTMLInputElement>('input[type="radio"], input[type="checkbox"]')];
        if (boxes.some((b) => b.checked)) continue;
        boxes[0]?.click();
      } else if (ctl instanceof HTMLSelectElement) {
        if (ctl.selectedIndex > 0) continue;
        ctl.selectedIndex = 1;
        ctl.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      } else {
        if (ctl.value !== '') continue;
        const min = typeof c.minValue === 'number' ? c.minValue : undefined;
        const max = typeof c.maxValue === 'number' ? c.maxValue : undefined;
        const number = String(min ?? (max !== undefined ? Math.min(1, max) : 1));
        const text = SAMPLE_TEXT.slice(0, c.maxLength ?? SAMPLE_TEXT.length);
        const value =
          type === 'integer' || type === 'decimal' || type === 'quantity'
            ? number
            : type === 'date'
              ? String(c.minValue ?? '2019').slice(0, 4)
              : type === 'open-choice'
                ? (item.answerOption?.[0]?.valueCoding?.display ?? item.answerOption?.[0]?.valueString ?? text)
                : text;
        typeInto(ctl, value);
      }
      answered += 1;
      changed = true;
    }
    await el.updateComplete; // questions enabled by these answers appear now
    if (!changed) break;
  }
  return answered;
}

/** Polls an async check until it is truthy (bounded). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
