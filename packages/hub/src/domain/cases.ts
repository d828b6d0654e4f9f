import type { Case, CaseStatus, DeidentificationReport, FhirResource, Page } from '@teleecho/sdk';
import { canonicalOf, validateResponse } from '@teleecho/sdk/questionnaire';
import type { Questionnaire, QuestionnaireResponse } from '@teleecho/sdk/questionnaire';
import { DomainError, fail } from './errors.js';
import type { CaseFilter, PageRequest, Storage, StorageWriter } from '../storage/storage.js';
import { findTransition } from './case-lifecycle.js';
import { newId } from './ids.js';
import { isHubTeam, requireProgram, requireUser } from './permissions.js';
import type { PhiFinding } from './phi-guard.js';
import { scanPhi } from './phi-scan.js';
import type { Principal, UserPrincipal } from './principal.js';

/** Input of {@link submitCase}. */
export interface CaseInput {
  programId: string;
  templateId: string;
  response: FhirResource;
  deidentification: DeidentificationReport;
  title?: string;
  followUpOf?: string;
}

/** Input of {@link transitionCase}. */
export interface CasePatch {
  status: CaseStatus;
  reason?: string;
  sessionId?: string;
  /** With `scheduled`: 1-based place on the agenda (default: last); later cases move down one. */
  position?: number;
  response?: FhirResource;
  deidentification?: DeidentificationReport;
  title?: string;
}

/** The compact case summary carried by case events. */
export function caseSummary(value: Case): Record<string, unknown> {
  return {
    id: value.id,
    programId: value.programId,
    title: value.title,
    status: value.status,
    presenterId: value.presenterId,
    presenterName: value.presenterName,
    ...(value.sessionId && { sessionId: value.sessionId }),
    ...(value.returnReason && { returnReason: value.returnReason }),
    ...(value.followUpOf && { followUpOf: value.followUpOf }),
    updatedAt: value.updatedAt,
  };
}

const PHI_LABEL: Record<PhiFinding['kind'], string> = {
  ssn: 'an SSN',
  email: 'an email address',
  phone: 'a phone number',
  date: 'a full date',
  url: 'a URL',
  ip: 'an IP address',
  mrn: 'a medical record or account number',
  address: 'a street address',
  id: 'an identifying number',
};

/**
 * Identifiers in a case's response and title, found off the event loop when they hold much text (see `scanPhi`;
 * 422 `phi_check_incomplete` when the scan runs over its budget).
 */
export async function findCasePhi(response: FhirResource | undefined, title: string | undefined) {
  const parts: [unknown, string][] = [];
  if (response !== undefined) parts.push([response, '/response']);
  if (title !== undefined) parts.push([title, '/title']);
  return parts.length ? scanPhi(parts) : [];
}

/** Rejects identifiers found by {@link findCasePhi} (422 `phi_detected`, paths only). */
export function guardPhi(findings: readonly PhiFinding[]): void {
  if (findings.length) {
    throw new DomainError(
      'phi_detected',
      `The case appears to contain identifying data (${[...new Set(findings.map((f) => f.kind))].join(', ')}); ` +
        'de-identify it and submit again',
      findings.map((f) => ({ path: f.path, message: `looks like ${PHI_LABEL[f.kind]}` })),
    );
  }
}

/**
 * Validates a response against its template with the SDK's `validateResponse` (submit mode: required, enableWhen,
 * types, options, limits), the same rules `<echo-case-form>` applies, and returns it as stored. A response without
 * `questionnaire` is taken to answer the template's current version and gets its canonical `url|version`; one that
 * names another Questionnaire or version is rejected. 422 `invalid_response` with one `{path, message}` per problem
 * (`path` is `/response/` + the item path, e.g. `/response/meds[1]/dose`).
 */
export function checkResponse(response: FhirResource, questionnaire: FhirResource): FhirResource {
  if (response.resourceType !== 'QuestionnaireResponse') {
    throw fail.badRequest('response must be a FHIR QuestionnaireResponse', [
      { path: '/response/resourceType', message: 'must be "QuestionnaireResponse"' },
    ]);
  }
  const q = questionnaire as Questionnaire;
  const canonical = canonicalOf(q);
  const value = (
    response.questionnaire === undefined && canonical ? { ...response, questionnaire: canonical } : response
  ) as QuestionnaireResponse;
  const issues = validateResponse(q, value, { mode: 'submit' });
  if (issues.length) {
    const shown = issues.slice(0, 50);
    throw new DomainError(
      'invalid_response',
      `The response does not match its case template: ${shown
        .slice(0, 5)
        .map((i) => `${i.path || 'response'} ${i.message.toLowerCase()}`)
        .join('; ')}${issues.length > 5 ? ` (${issues.length} problems)` : ''}`,
      shown.map((i) => ({ path: i.path ? `/response/${i.path}` : '/response', message: i.message })),
    );
  }
  return value;
}

/** Whether the principal may see this case (invisible cases answer 404). */
export async function canSeeCase(storage: Storage, principal: UserPrincipal, value: Case): Promise<boolean> {
  if (principal.caseId && principal.caseId !== value.id) return false;
  if (principal.sessionId && value.sessionId !== principal.sessionId && principal.role !== 'presenter') return false;
  if (isHubTeam(principal)) return true;
  if (principal.role === 'presenter') return value.presenterId === principal.sub;
  if (principal.role === 'participant') {
    if (!value.sessionId || !['presented', 'recommendations_issued', 'closed'].includes(value.status)) return false;
    return (await storage.attendance.attendedSessionIds(value.programId, principal.sub)).has(value.sessionId);
  }
  return false;
}

/** Loads a case the principal may see: 404 unknown or invisible, 403 another programme. */
export async function visibleCase(
  storage: Storage,
  principal: Principal,
  id: string,
): Promise<{
  value: Case;
  user: UserPrincipal;
}> {
  const user = requireUser(principal, 'case.read');
  const value = await storage.cases.get(id);
  if (!value) throw fail.notFound('case');
  requireProgram(user, value.programId);
  if (!(await canSeeCase(storage, user, value))) throw fail.notFound('case');
  return { value, user };
}

/** POST /v1/cases. */
export async function submitCase(storage: Storage, principal: Principal, input: CaseInput): Promise<Case> {
  const user = requireUser(principal, 'case.create');
  const program = await storage.programs.get(input.programId);
  if (!program) throw fail.notFound('programme');
  requireProgram(user, input.programId);
  if (user.caseId && input.followUpOf !== user.caseId) {
    throw new DomainError('forbidden', 'the token is narrowed to one case');
  }
  const template = await storage.templates.get(input.templateId);
  if (!template || template.programId !== input.programId) throw fail.notFound('case template');
  guardPhi(await findCasePhi(input.response, input.title));
  const response = checkResponse(input.response, template.questionnaire);
  if (input.followUpOf) {
    const original = await storage.cases.get(input.followUpOf);
    if (!original || original.presenterId !== user.sub || original.programId !== input.programId) {
      throw fail.badRequest('followUpOf must be one of your own cases in this programme', [
        { path: '/followUpOf', message: 'not one of your cases' },
      ]);
    }
  }
  const now = new Date().toISOString();
  const value: Case = {
    id: newId('cas'),
    programId: input.programId,
    templateId: input.templateId,
    presenterId: user.sub,
    presenterName: user.name,
    title: input.title ?? template.title,
    status: 'submitted',
    response,
    deidentification: input.deidentification,
    createdAt: now,
    updatedAt: now,
  };
  if (input.followUpOf) value.followUpOf = input.followUpOf;
  await storage.write(async (tx) => {
    await tx.cases.insert(value);
    await tx.cases.setTokenIssuer(value.id, user.issuer); // host webhooks go to the API key that minted the token
    tx.emit(caseEvent('case.submitted', value));
  });
  return value;
}

/** The event about a case change. */
export function caseEvent(type: 'case.submitted' | 'case.updated', value: Case) {
  return {
    type,
    programId: value.programId,
    caseId: value.id,
    presenterId: value.presenterId,
    data: caseSummary(value),
    ...(value.sessionId && { sessionId: value.sessionId }),
  } as const;
}

/** GET /v1/cases. */
export async function listCases(
  storage: Storage,
  principal: Principal,
  query: { programId?: string; status?: CaseStatus; sessionId?: string },
  page: PageRequest,
): Promise<Page<Case>> {
  const user = requireUser(principal, 'case.read');
  if (query.programId) requireProgram(user, query.programId);
  const filter: CaseFilter = { programId: user.programId };
  if (query.status) filter.status = query.status;
  if (query.sessionId) filter.sessionId = query.sessionId;
  if (user.caseId) filter.caseId = user.caseId;
  if (user.sessionId && user.role !== 'presenter') filter.sessionId = user.sessionId;
  if (user.role === 'presenter') filter.presenterId = user.sub;
  else if (user.role === 'participant') filter.attendedBy = user.sub;
  else if (user.role === 'observer') return { items: [] };
  return storage.cases.list(filter, page);
}

/** Moves a case into `status` inside a transaction and emits case.updated. */
export async function saveCaseStatus(
  tx: StorageWriter,
  value: Case,
  status: CaseStatus,
  agendaPosition: number | null,
): Promise<Case> {
  const next: Case = { ...value, status, updatedAt: new Date().toISOString() };
  await tx.cases.update(next, agendaPosition);
  tx.emit(caseEvent('case.updated', next));
  return next;
}

/** PATCH /v1/cases/:id: one lifecycle transition (table in case-lifecycle.ts). */
export async function transitionCase(
  storage: Storage,
  principal: Principal,
  id: string,
  patch: CasePatch,
): Promise<Case> {
  const { user } = await visibleCase(storage, principal, id);
  // Scanned before the transaction (a large response is scanned off the event loop); refused at the same step as
  // before. The stored response was checked when it was submitted.
  const phi = patch.status === 'submitted' ? await findCasePhi(patch.response, patch.title) : [];
  return storage.write(async (tx) => {
    const current = await tx.cases.get(id);
    if (!current) throw fail.notFound('case');
    const transition = findTransition(current.status, patch.status);
    if (!transition) {
      throw new DomainError('invalid_transition', `a case cannot go from "${current.status}" to "${patch.status}"`);
    }
    if (!transition.roles.includes(user.role) || (transition.ownerOnly && current.presenterId !== user.sub)) {
      throw new DomainError('forbidden', `role "${user.role}" may not move a case to "${patch.status}"`);
    }
    const next: Case = { ...current, status: patch.status, updatedAt: new Date().toISOString() };
    let position: number | null = null;
    const agendaRow = current.sessionId
      ? (await tx.cases.agenda(current.sessionId)).find((a) => a.caseId === id)
      : undefined;
    if (agendaRow) position = agendaRow.position;
    if (transition.requires?.includes('reason') && !patch.reason?.trim()) {
      throw fail.badRequest('reason is required to return a case', [{ path: '/reason', message: 'required' }]);
    }
    if (patch.status === 'returned') next.returnReason = patch.reason!;
    if (current.status === 'returned' && patch.status === 'submitted') {
      if (patch.response || patch.title !== undefined) {
        let response = patch.response ?? current.response;
        guardPhi(phi);
        const template = await tx.templates.get(current.templateId);
        if (template) response = checkResponse(response, template.questionnaire);
        next.response = response;
      }
      if (patch.deidentification) next.deidentification = patch.deidentification;
      if (patch.title !== undefined) next.title = patch.title;
      delete next.returnReason;
    }
    if (patch.status === 'scheduled') {
      if (!patch.sessionId) {
        throw fail.badRequest('sessionId is required to schedule a case', [
          { path: '/sessionId', message: 'required' },
        ]);
      }
      const session = await tx.sessions.get(patch.sessionId);
      if (!session || session.programId !== current.programId) {
        throw fail.badRequest('sessionId must be a session of the same programme', [
          { path: '/sessionId', message: 'unknown session' },
        ]);
      }
      next.sessionId = session.id;
      position = await tx.cases.nextAgendaPosition(session.id);
      if (patch.position !== undefined) position = await makeRoomOnAgenda(tx, session.id, patch.position);
    }
    if (current.status === 'scheduled' && patch.status === 'accepted') {
      delete next.sessionId;
      position = null;
    }
    await tx.cases.update(next, position);
    tx.emit(caseEvent('case.updated', next));
    return next;
  });
}

/**
 * Renumbers a session's agenda 1, 2, 3… leaving a gap at `wanted` (1-based, clamped to the end) and returns the
 * position for the case being scheduled there. Moved cases keep their status; each emits `case.updated`.
 */
async function makeRoomOnAgenda(tx: StorageWriter, sessionId: string, wanted: number): Promise<number> {
  const agenda = await tx.cases.agenda(sessionId);
  const at = Math.min(Math.max(1, Math.trunc(wanted)), agenda.length + 1);
  for (const [index, item] of agenda.entries()) {
    const renumbered = index + 1 < at ? index + 1 : index + 2;
    if (renumbered === item.position) continue;
    const value = await tx.cases.get(item.caseId);
    if (!value) continue;
    await tx.cases.update(value, renumbered);
    tx.emit(caseEvent('case.updated', value));
  }
  return at;
}
