/**
 * Post-session evaluations: the programme's credit rule may name an evaluation (a FHIR `Questionnaire` kept as a
 * template); credit then also needs the person's `QuestionnaireResponse`, validated against it, one per session.
 * @packageDocumentation
 */
import type { EvaluationStatus, FhirResource, Program, Session } from '@teleecho/sdk';
import { validateResponse, type Questionnaire, type QuestionnaireResponse } from '@teleecho/sdk/questionnaire';
import { DomainError, fail, type FieldError } from './errors.js';
import type { Storage, StoredEvaluation } from '../storage/storage.js';
import { newId } from './ids.js';
import { authorize, requireProgram, requireSessionScope, requireUser } from './permissions.js';
import type { Principal, UserPrincipal } from './principal.js';
import { creditForSession } from './transcripts.js';

/**
 * Checks a `QuestionnaireResponse` against the evaluation `Questionnaire` with the SDK's `validateResponse` (the
 * same rules as `<echo-case-form>`, mode `submit`): required items answered, values of the item's type and limits,
 * choices among the options, no unknown items. Returns the field errors (`/response/<item path>`; empty when valid).
 */
export function validateEvaluationResponse(questionnaire: FhirResource, response: FhirResource): FieldError[] {
  if (response.resourceType !== 'QuestionnaireResponse') {
    return [{ path: '/response/resourceType', message: 'must be "QuestionnaireResponse"' }];
  }
  const wellFormed = (items: unknown): boolean =>
    items === undefined ||
    (Array.isArray(items) &&
      items.every(
        (i) =>
          typeof i === 'object' &&
          i !== null &&
          typeof (i as { linkId?: unknown }).linkId === 'string' &&
          ((i as { answer?: unknown }).answer === undefined || Array.isArray((i as { answer?: unknown }).answer)) &&
          wellFormed((i as { item?: unknown }).item),
      ));
  if (!wellFormed(response.item)) {
    return [{ path: '/response/item', message: 'must be an array of items with a linkId' }];
  }
  const issues = validateResponse(questionnaire as Questionnaire, response as QuestionnaireResponse, {
    mode: 'submit',
  });
  return issues.map((issue) => ({
    path: issue.path ? `/response/${issue.path}` : '/response',
    message: issue.code === 'required' ? 'required' : issue.message,
  }));
}

interface EvaluationContext {
  user: UserPrincipal;
  session: Session;
  program: Program;
  templateId: string;
  template: { version: number; questionnaire: FhirResource };
}

async function context(storage: Storage, principal: Principal, sessionId: string): Promise<EvaluationContext> {
  const user = requireUser(principal, 'evaluation.submit');
  authorize(user, 'session.read');
  const session = await storage.sessions.get(sessionId);
  if (!session) throw fail.notFound('session');
  requireProgram(user, session.programId);
  requireSessionScope(user, sessionId);
  const program = await storage.programs.get(session.programId);
  if (!program) throw fail.notFound('programme');
  const templateId = program.creditRule.evaluationTemplateId;
  if (!templateId) throw new DomainError('no_evaluation', 'This programme has no post-session evaluation');
  const template = await storage.templates.get(templateId);
  if (!template || template.programId !== program.id) {
    throw new DomainError('no_evaluation', "The programme's evaluation template no longer exists");
  }
  return { user, session, program, templateId, template };
}

async function statusOf(storage: Storage, ctx: EvaluationContext, now: number): Promise<EvaluationStatus> {
  const evaluation = await storage.cme.getEvaluation(ctx.session.id, ctx.user.sub);
  return {
    sessionId: ctx.session.id,
    templateId: ctx.templateId,
    questionnaire: ctx.template.questionnaire,
    submitted: Boolean(evaluation),
    ...(evaluation && { submittedAt: evaluation.submittedAt, response: evaluation.response }),
    credit: await creditForSession(storage, ctx.program, ctx.session, ctx.user.sub, now),
  };
}

/** GET /v1/sessions/:id/evaluation: the questionnaire, whether the caller answered it, and their credit. */
export async function evaluationStatus(
  storage: Storage,
  principal: Principal,
  sessionId: string,
  now: number = Date.now(),
): Promise<EvaluationStatus> {
  return statusOf(storage, await context(storage, principal, sessionId), now);
}

/**
 * POST /v1/sessions/:id/evaluation: stores the caller's answers (and emits `attendance.updated` with
 * `event: "evaluation_submitted"`, as credit may change) once the session has started (409
 * `session_not_started`, `session_cancelled`), once per person (409 `evaluation_already_submitted`); 400
 * `validation_failed` with field errors when the response does not fit the questionnaire.
 */
export async function submitEvaluation(
  storage: Storage,
  principal: Principal,
  sessionId: string,
  response: FhirResource,
  now: number = Date.now(),
): Promise<EvaluationStatus> {
  const ctx = await context(storage, principal, sessionId);
  if (ctx.session.status === 'cancelled') throw new DomainError('session_cancelled', 'The session was cancelled');
  if (now < Date.parse(ctx.session.startsAt)) {
    throw new DomainError(
      'session_not_started',
      `The evaluation opens when the session starts (${ctx.session.startsAt})`,
    );
  }
  const errors = validateEvaluationResponse(ctx.template.questionnaire, response);
  if (errors.length) {
    throw fail.badRequest(`The evaluation is not complete: ${errors[0]!.path} ${errors[0]!.message}`, errors);
  }
  const evaluation: StoredEvaluation = {
    id: newId('evl'),
    sessionId,
    programId: ctx.program.id,
    userId: ctx.user.sub,
    userName: ctx.user.name,
    templateId: ctx.templateId,
    templateVersion: ctx.template.version,
    response: { ...response, status: 'completed', authored: response.authored ?? new Date(now).toISOString() },
    submittedAt: new Date(now).toISOString(),
  };
  const stored = await storage.write(async (tx) => {
    const inserted = await tx.cme.insertEvaluation(evaluation);
    // credit may change with it: the same event as attendance changes (LTI grade passback listens to it)
    if (inserted) {
      tx.emit({
        type: 'attendance.updated',
        programId: ctx.program.id,
        sessionId,
        data: { sessionId, event: 'evaluation_submitted', userId: ctx.user.sub },
      });
    }
    return inserted;
  });
  if (!stored) throw new DomainError('evaluation_already_submitted', 'You already submitted this evaluation');
  return statusOf(storage, ctx, now);
}
