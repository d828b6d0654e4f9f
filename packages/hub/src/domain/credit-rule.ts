/**
 * A programme's CME credit rule: who may read and replace it, and what a valid rule is (credits per session, the
 * minimum share of the scheduled time, an optional evaluation that must be a case template of the programme).
 * @packageDocumentation
 */
import type { CreditRule } from '@teleecho/sdk';
import type { Storage } from '../storage/storage.js';
import { DEFAULT_MINIMUM_SHARE } from './credit.js';
import { fail } from './errors.js';
import { authorize } from './permissions.js';
import type { Principal } from './principal.js';
import { readProgram } from './programs.js';

/** Input of {@link replaceCreditRule}: `null` or an absent field clears the optional parts. */
export interface CreditRuleInput {
  creditsPerSession: number;
  /** Default {@link DEFAULT_MINIMUM_SHARE}. */
  minimumShare?: number | undefined;
  creditType?: string | null | undefined;
  evaluationTemplateId?: string | null | undefined;
}

/** The rule as stored: the default minimum share filled in, cleared fields left out. */
export function normaliseCreditRule(input: CreditRuleInput): CreditRule {
  return {
    creditsPerSession: input.creditsPerSession,
    minimumShare: input.minimumShare ?? DEFAULT_MINIMUM_SHARE,
    ...(input.creditType && { creditType: input.creditType }),
    ...(input.evaluationTemplateId && { evaluationTemplateId: input.evaluationTemplateId }),
  };
}

/** The programme's credit rule (members of the programme, API keys). */
export async function readCreditRule(storage: Storage, principal: Principal, programId: string): Promise<CreditRule> {
  return (await readProgram(storage, principal, programId)).creditRule;
}

/**
 * Replaces the programme's credit rule (coordinators, API keys). The evaluation, when named, must be a case template
 * of this programme (400 `validation_failed` otherwise).
 */
export async function replaceCreditRule(
  storage: Storage,
  principal: Principal,
  programId: string,
  input: CreditRuleInput,
): Promise<CreditRule> {
  await readProgram(storage, principal, programId);
  authorize(principal, 'credit.manage');
  if (input.evaluationTemplateId) {
    const template = await storage.templates.get(input.evaluationTemplateId);
    if (!template || template.programId !== programId) {
      throw fail.badRequest('evaluationTemplateId must be a template of this programme', [
        { path: '/evaluationTemplateId', message: 'unknown template' },
      ]);
    }
  }
  const rule = normaliseCreditRule(input);
  return storage.write(async (tx) => {
    const current = await tx.programs.get(programId);
    if (!current) throw fail.notFound('programme');
    await tx.programs.update({ ...current, creditRule: rule });
    return rule;
  });
}
