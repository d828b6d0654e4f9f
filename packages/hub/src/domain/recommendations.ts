import type { Recommendation, RecommendationCategory } from '@teleecho/sdk';
import { HubError, fail } from '../http/problem.js';
import type { Storage, StorageWriter } from '../storage/storage.js';
import { DRAFTABLE, ISSUABLE } from './case-lifecycle.js';
import { saveCaseStatus, visibleCase } from './cases.js';
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
  const all = await storage.listRecommendations(caseId);
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
    throw new HubError(409, 'invalid_state', `recommendations cannot be written on a "${value.status}" case`);
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
  await storage.write((tx) => tx.insertRecommendation(rec));
  return rec;
}

async function visibleRecommendation(storage: Storage, principal: Principal, id: string) {
  const rec = await storage.getRecommendation(id);
  if (!rec) throw fail.notFound('recommendation');
  const { user, value } = await visibleCase(storage, principal, rec.caseId);
  if (rec.status === 'draft' && !isHubTeam(user)) throw fail.notFound('recommendation');
  return { rec, user, value };
}

function recommendationEvent(
  type: 'recommendation.issued' | 'recommendation.amended' | 'recommendation.acknowledged',
  rec: Recommendation,
  presenterId: string,
  sessionId: string | undefined,
) {
  return {
    type,
    programId: rec.programId,
    caseId: rec.caseId,
    presenterId,
    data: rec,
    ...(sessionId && { sessionId }),
  } as const;
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
    throw new HubError(403, 'forbidden', 'only the author or a facilitator may change a recommendation');
  }
  checkFollowUp(patch.followUp);
  return storage.write(async (tx) => {
    const rec = await tx.getRecommendation(id);
    const value = rec && (await tx.getCase(rec.caseId));
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
        if (!ISSUABLE.includes(value.status)) {
          throw new HubError(
            409,
            'invalid_transition',
            `a recommendation cannot be issued on a "${value.status}" case`,
          );
        }
        next.status = 'issued';
        next.number = await tx.nextRecommendationNumber(rec.caseId);
        next.issuedAt = now;
        await tx.updateRecommendation(next);
        tx.emit(recommendationEvent('recommendation.issued', next, value.presenterId, value.sessionId));
        if (value.status === 'presented')
          await saveCaseStatus(tx, value, 'recommendations_issued', await position(tx, value.id, value.sessionId));
        return next;
      }
      await tx.updateRecommendation(next);
      return next;
    }
    if (patch.status === 'draft') {
      throw new HubError(409, 'invalid_transition', 'an issued recommendation cannot go back to draft');
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
    await tx.updateRecommendation(next);
    tx.emit(recommendationEvent('recommendation.amended', next, value.presenterId, value.sessionId));
    if (value.status === 'closed')
      await saveCaseStatus(tx, value, 'recommendations_issued', await position(tx, value.id, value.sessionId));
    return next;
  });
}

async function position(tx: StorageWriter, caseId: string, sessionId: string | undefined): Promise<number | null> {
  if (!sessionId) return null;
  return (await tx.agenda(sessionId)).find((a) => a.caseId === caseId)?.position ?? null;
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
    throw new HubError(403, 'forbidden', 'only the presenter of the case may acknowledge');
  }
  return storage.write(async (tx) => {
    const rec = await tx.getRecommendation(id);
    const value = rec && (await tx.getCase(rec.caseId));
    if (!rec || !value || rec.status !== 'issued') throw fail.notFound('recommendation');
    if (rec.acknowledgement && rec.acknowledgement.version === rec.version) return rec.acknowledgement;
    const acknowledgement = {
      at: new Date().toISOString(),
      by: user.sub,
      ...(reply !== undefined && { reply }),
      version: rec.version,
    };
    const next: Recommendation = { ...rec, acknowledgement, updatedAt: acknowledgement.at };
    await tx.updateRecommendation(next);
    tx.emit(recommendationEvent('recommendation.acknowledged', next, value.presenterId, value.sessionId));
    if (value.status === 'recommendations_issued') {
      const issued = (await tx.listRecommendations(value.id)).filter((r) => r.status === 'issued');
      if (issued.every((r) => r.acknowledgement && r.acknowledgement.version === r.version)) {
        await saveCaseStatus(tx, value, 'closed', await position(tx, value.id, value.sessionId));
      }
    }
    return acknowledgement;
  });
}
