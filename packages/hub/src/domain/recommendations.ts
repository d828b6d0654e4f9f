import type { Case, Recommendation, RecommendationCategory } from '@teleecho/sdk';
import { DomainError, fail } from './errors.js';
import type { Storage, StorageWriter } from '../storage/storage.js';
import { DRAFTABLE, ISSUABLE } from './case-lifecycle.js';
import { saveCaseStatus, visibleCase } from './cases.js';
import { enqueueHostWebhook } from './host-webhooks.js';
import { newId } from './ids.js';
import { authorize, isHubTeam } from './permissions.js';
import type { Principal } from './principal.js';

/** Input of {@link draftRecommendation}. */
export interface RecommendationInput {
  body: string;
  category?: RecommendationCategory;
  followUp?: string;
}

/** Input of {@link updateRecommendation}. */
export interface RecommendationPatch {
  body?: string;
  category?: RecommendationCategory;
  followUp?: string;
  status?: 'draft' | 'issued';
}

function checkFollowUp(followUp: string | undefined): void {
  if (followUp === undefined) return;
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(followUp) && !Number.isNaN(Date.parse(followUp));
  if (!ok) throw fail.badRequest('followUp must be a date YYYY-MM-DD', [{ path: '/followUp', message: 'not a date' }]);
}

/** GET /v1/cases/:id/recommendations: drafts only for the hub team. */
export async function listRecommendations(
  storage: Storage,
  principal: Principal,
  caseId: string,
): Promise<Recommendation[]> {
  const { user } = await visibleCase(storage, principal, caseId);
  const all = await storage.recommendations.list(caseId);
  return isHubTeam(user) ? all : all.filter((r) => r.status === 'issued');
}

/** POST /v1/cases/:id/recommendations: a draft. */
export async function draftRecommendation(
  storage: Storage,
  principal: Principal,
  caseId: string,
  input: RecommendationInput,
): Promise<Recommendation> {
  const { user, value } = await visibleCase(storage, principal, caseId);
  authorize(user, 'recommendation.write');
  checkFollowUp(input.followUp);
  if (!DRAFTABLE.includes(value.status)) {
    throw new DomainError('invalid_state', `recommendations cannot be written on a "${value.status}" case`);
  }
  const now = new Date().toISOString();
  const rec: Recommendation = {
    id: newId('rec'),
    caseId,
    programId: value.programId,
    authorId: user.sub,
    authorName: user.name,
    body: input.body,
    status: 'draft',
    version: 1,
    history: [],
    createdAt: now,
    updatedAt: now,
  };
  if (input.category) rec.category = input.category;
  if (input.followUp) rec.followUp = input.followUp;
  await storage.write((tx) => tx.recommendations.insert(rec));
  return rec;
}

async function visibleRecommendation(storage: Storage, principal: Principal, id: string) {
  const rec = await storage.recommendations.get(id);
  if (!rec) throw fail.notFound('recommendation');
  const { user, value } = await visibleCase(storage, principal, rec.caseId);
  if (rec.status === 'draft' && !isHubTeam(user)) throw fail.notFound('recommendation');
  return { rec, user, value };
}

type RecommendationEventType = 'recommendation.issued' | 'recommendation.amended' | 'recommendation.acknowledged';

/**
 * Records a recommendation change inside its transaction: the SSE event (its `data` is the whole recommendation,
 * so an amendment carries `history`: what changed) and a host webhook delivery. Returns the case after any
 * status change the change causes.
 */
async function recordChange(
  tx: StorageWriter,
  type: RecommendationEventType,
  rec: Recommendation,
  value: Case,
  nextCaseStatus?: Case['status'],
): Promise<Case> {
  tx.emit({
    type,
    programId: rec.programId,
    caseId: rec.caseId,
    presenterId: value.presenterId,
    data: rec,
    ...(value.sessionId && { sessionId: value.sessionId }),
  });
  const after =
    nextCaseStatus && nextCaseStatus !== value.status
      ? await saveCaseStatus(tx, value, nextCaseStatus, await position(tx, value.id, value.sessionId))
      : value;
  await enqueueHostWebhook(tx, type, rec, after);
  return after;
}

function checkIssuable(rec: Recommendation, value: Case, index?: number): void {
  const at = index === undefined ? '' : `/ids/${index}`;
  if (!ISSUABLE.includes(value.status)) {
    throw new DomainError('invalid_transition', `a recommendation cannot be issued on a "${value.status}" case`);
  }
  if (!rec.category) {
    throw new DomainError(
      'category_required',
      'choose a category (diagnostics, treatment, monitoring, referral, education) before issuing',
      [{ path: at || '/category', message: 'required to issue' }],
    );
  }
}

/** PATCH /v1/recommendations/:id: edit a draft, issue it, or amend an issued one (history kept). */
export async function updateRecommendation(
  storage: Storage,
  principal: Principal,
  id: string,
  patch: RecommendationPatch,
): Promise<Recommendation> {
  const { rec: seen, user } = await visibleRecommendation(storage, principal, id);
  authorize(user, 'recommendation.write');
  if (seen.authorId !== user.sub && user.role !== 'facilitator') {
    throw new DomainError('forbidden', 'only the author or a facilitator may change a recommendation');
  }
  checkFollowUp(patch.followUp);
  return storage.write(async (tx) => {
    const rec = await tx.recommendations.get(id);
    const value = rec && (await tx.cases.get(rec.caseId));
    if (!rec || !value) throw fail.notFound('recommendation');
    const now = new Date().toISOString();
    const edits = {
      ...(patch.body !== undefined && { body: patch.body }),
      ...(patch.category !== undefined && { category: patch.category }),
      ...(patch.followUp !== undefined && { followUp: patch.followUp }),
    };
    if (rec.status === 'draft') {
      const next: Recommendation = { ...rec, ...edits, updatedAt: now };
      if (patch.status === 'issued') {
        checkIssuable(next, value);
        next.status = 'issued';
        next.number = await tx.recommendations.nextNumber(rec.caseId);
        next.issuedAt = now;
        await tx.recommendations.update(next);
        await recordChange(tx, 'recommendation.issued', next, value, 'recommendations_issued');
        return next;
      }
      await tx.recommendations.update(next);
      return next;
    }
    if (patch.status === 'draft') {
      throw new DomainError('invalid_transition', 'an issued recommendation cannot go back to draft');
    }
    if (Object.keys(edits).length === 0) return rec;
    const next: Recommendation = {
      ...rec,
      ...edits,
      version: rec.version + 1,
      amendedAt: now,
      updatedAt: now,
      history: [
        ...rec.history,
        {
          version: rec.version,
          body: rec.body,
          ...(rec.category && { category: rec.category }),
          ...(rec.followUp && { followUp: rec.followUp }),
          replacedAt: now,
          replacedBy: user.sub,
        },
      ],
    };
    await tx.recommendations.update(next);
    await recordChange(
      tx,
      'recommendation.amended',
      next,
      value,
      value.status === 'closed' ? 'recommendations_issued' : undefined,
    );
    return next;
  });
}

async function position(tx: StorageWriter, caseId: string, sessionId: string | undefined): Promise<number | null> {
  if (!sessionId) return null;
  return (await tx.cases.agenda(sessionId)).find((a) => a.caseId === caseId)?.position ?? null;
}

/** POST /v1/recommendations/:id/acknowledge by the case's presenter; closes the case when all are acknowledged. */
export async function acknowledgeRecommendation(
  storage: Storage,
  principal: Principal,
  id: string,
  reply: string | undefined,
): Promise<NonNullable<Recommendation['acknowledgement']>> {
  const { value: seenCase, user } = await visibleRecommendation(storage, principal, id);
  if (user.role !== 'presenter' || seenCase.presenterId !== user.sub) {
    throw new DomainError('forbidden', 'only the presenter of the case may acknowledge');
  }
  return storage.write(async (tx) => {
    const rec = await tx.recommendations.get(id);
    const value = rec && (await tx.cases.get(rec.caseId));
    if (!rec || !value || rec.status !== 'issued') throw fail.notFound('recommendation');
    if (rec.acknowledgement && rec.acknowledgement.version === rec.version) return rec.acknowledgement;
    const acknowledgement = {
      at: new Date().toISOString(),
      by: user.sub,
      ...(reply !== undefined && { reply }),
      version: rec.version,
    };
    const next: Recommendation = { ...rec, acknowledgement, updatedAt: acknowledgement.at };
    await tx.recommendations.update(next);
    let closes = false;
    if (value.status === 'recommendations_issued') {
      const issued = (await tx.recommendations.list(value.id)).filter((r) => r.status === 'issued');
      closes = issued.every((r) => r.acknowledgement && r.acknowledgement.version === r.version);
    }
    await recordChange(tx, 'recommendation.acknowledged', next, value, closes ? 'closed' : undefined);
    return acknowledgement;
  });
}

/**
 * POST /v1/cases/:id/recommendations/issue `{ids}`: issues several drafts at once, atomically (all or none),
 * numbered consecutively in the order given; one `recommendation.issued` event (and host webhook) each.
 */
export async function issueRecommendations(
  storage: Storage,
  principal: Principal,
  caseId: string,
  ids: readonly string[],
): Promise<Recommendation[]> {
  const { user } = await visibleCase(storage, principal, caseId);
  authorize(user, 'recommendation.write');
  if (new Set(ids).size !== ids.length) {
    throw fail.badRequest('ids must not repeat', [{ path: '/ids', message: 'duplicate id' }]);
  }
  return storage.write(async (tx) => {
    let value = await tx.cases.get(caseId);
    if (!value) throw fail.notFound('case');
    const drafts: Recommendation[] = [];
    for (const [index, id] of ids.entries()) {
      const rec = await tx.recommendations.get(id);
      if (!rec || rec.caseId !== caseId) {
        throw new DomainError('not_found', `recommendation ${id} not found in this case`, [
          { path: `/ids/${index}`, message: 'not a recommendation of this case' },
        ]);
      }
      if (rec.status !== 'draft') {
        throw new DomainError('already_issued', `recommendation ${id} is already issued`, [
          { path: `/ids/${index}`, message: 'not a draft' },
        ]);
      }
      if (rec.authorId !== user.sub && user.role !== 'facilitator') {
        throw new DomainError('forbidden', 'only the author or a facilitator may issue a recommendation');
      }
      checkIssuable(rec, value, index);
      drafts.push(rec);
    }
    const now = new Date().toISOString();
    let number = await tx.recommendations.nextNumber(caseId);
    const issued: Recommendation[] = [];
    for (const rec of drafts) {
      const next: Recommendation = { ...rec, status: 'issued', number, issuedAt: now, updatedAt: now };
      number += 1;
      await tx.recommendations.update(next);
      value = await recordChange(tx, 'recommendation.issued', next, value, 'recommendations_issued');
      issued.push(next);
    }
    return issued;
  });
}
