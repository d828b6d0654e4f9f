/**
 * Assignment and Grade Services: when a learner's attendance meets the programme's credit rule
 * ({@link evaluateCredit}), one score (`Completed` / `FullyGraded`) goes to the launch's line item. Scores wait in
 * a persisted outbox (`lti_score_outbox`, deduplicated per user + session + line item) and are retried with
 * backoff, so each reaches the platform exactly once even across failures and restarts.
 *
 * Moodle's "grade sync only" mode grants just the score scope: then the tool never creates line items and posts
 * only to the `lineitem` of the launch. With the line-item scope and no `lineitem`, it finds or creates one.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { evaluateCredit } from '../domain/credit.js';
import { AGS_MEDIA, AGS_SCOPE, LINEITEM_TAG } from './claims.js';
import type { ToolKeys } from './keys.js';
import type { LtiLaunch, LtiPlatform, OutboxScore, Storage } from '../storage/storage.js';

/** Timing of the AGS worker. */
export interface AgsTiming {
  /** How often due scores are sent and open sessions re-evaluated, in ms. Default 30 000. */
  sweepMs: number;
  /** First retry delay; doubles per attempt up to `maxRetryMs`. Default 5 000. */
  retryBaseMs: number;
  maxRetryMs: number;
  /** Attempts before a score is marked failed. Default 12. */
  maxAttempts: number;
}

/** Defaults of {@link AgsTiming}; `TELEECHO_LTI_SWEEP_MS` and `TELEECHO_LTI_RETRY_MS` override the first two. */
export function agsTiming(): AgsTiming {
  const env = (name: string, fallback: number): number => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    sweepMs: env('TELEECHO_LTI_SWEEP_MS', 30_000),
    retryBaseMs: env('TELEECHO_LTI_RETRY_MS', 5_000),
    maxRetryMs: 3_600_000,
    maxAttempts: 12,
  };
}

/** The hub user id of an LTI user (the identity they join LiveKit with, so attendance is theirs). */
export function ltiUserId(platformId: string, sub: string): string {
  return `lti:${platformId}:${sub}`;
}

/** `…/lineitems/5/lineitem?type_id=2` → `…/lineitems/5/lineitem/scores?type_id=2` (AGS: path + "/scores"). */
export function scoresUrl(lineitem: string): string {
  const url = new URL(lineitem);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.toString();
}

class AgsHttpError extends Error {}

/** OAuth 2 client-credentials tokens (JWT client assertion signed by the tool key), cached until shortly before expiry. */
class TokenCache {
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(private readonly keys: ToolKeys) {}

  async get(platform: LtiPlatform, scopes: string[]): Promise<string> {
    const cacheKey = `${platform.id} ${scopes.join(' ')}`;
    const cached = this.tokens.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.token;
    const { kid, key } = await this.keys.signingKey();
    const assertion = await new SignJWT({ jti: randomBytes(16).toString('base64url') })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.tokenUrl)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    const response = await fetch(platform.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: scopes.join(' '),
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok) throw new AgsHttpError(`token endpoint: HTTP ${response.status}`);
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new AgsHttpError('token endpoint: no access_token');
    const ttl = Math.max(10, Number(body.expires_in ?? 3600) - 60);
    this.tokens.set(cacheKey, { token: body.access_token, until: Date.now() + ttl * 1000 });
    return body.access_token;
  }

  forget(platform: LtiPlatform): void {
    for (const key of this.tokens.keys()) if (key.startsWith(`${platform.id} `)) this.tokens.delete(key);
  }
}

/** Evaluates credit and sends scores; one per hub. */
export class AgsService {
  private readonly tokens: TokenCache;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly storage: Storage,
    keys: ToolKeys,
    private readonly timing: AgsTiming = agsTiming(),
  ) {
    this.tokens = new TokenCache(keys);
    this.unsubscribe = storage.onEvent((event) => {
      if ((event.type === 'attendance.updated' || event.type === 'session.ended') && event.sessionId) {
        void this.evaluateSession(event.sessionId)
          .then(() => this.kick())
          .catch(() => undefined);
      }
    });
  }

  /** Starts the periodic sweep. */
  start(): void {
    this.timer = setInterval(() => this.kick(true), this.timing.sweepMs);
    this.timer.unref();
    this.kick(true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe();
    await this.running;
  }

  /** Runs a pass now (or right after the current one). `reevaluate` also re-checks recently launched sessions. */
  kick(reevaluate = false): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        if (reevaluate) await this.reevaluateOpenSessions();
        await this.sendDue();
      } catch {
        // a broken pass must not stop the worker; the next sweep tries again
      } finally {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      }
    })();
  }

  /** Waits for the current pass (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async reevaluateOpenSessions(): Promise<void> {
    const since = new Date(Date.now() - 86_400_000).toISOString();
    for (const sessionId of await this.storage.lti.recentLaunchSessions(since)) await this.evaluateSession(sessionId);
  }

  /** Queues a score for every learner of the session whose attendance now meets the rule. */
  async evaluateSession(sessionId: string): Promise<number> {
    const launches = (await this.storage.lti.launchesForSession(sessionId)).filter(
      (l) => l.role === 'participant' && l.ags,
    );
    if (!launches.length) return 0;
    const session = await this.storage.sessions.get(sessionId);
    const program = session && (await this.storage.programs.get(session.programId));
    if (!session || !program) return 0;
    let queued = 0;
    for (const launch of launches) {
      const userId = ltiUserId(launch.platformId, launch.userSub);
      const intervals = await this.storage.attendance.list(sessionId, userId);
      if (!intervals.length) continue;
      const evaluationDone = program.creditRule.evaluationTemplateId
        ? Boolean(await this.storage.cme.getEvaluation(sessionId, userId))
        : false;
      const credit = evaluateCredit({ rule: program.creditRule, session, intervals, evaluationDone });
      if (!credit.eligible) continue;
      if (await this.enqueue(launch, credit.credits, program.creditRule.creditsPerSession, credit.attendedMinutes)) {
        queued += 1;
      }
    }
    return queued;
  }

  private async enqueue(launch: LtiLaunch, credits: number, maximum: number, minutes: number): Promise<boolean> {
    const ags = launch.ags!;
    const canCreate = ags.scope.includes(AGS_SCOPE.lineitem);
    if (!ags.scope.includes(AGS_SCOPE.score) || (!ags.lineitem && !(canCreate && ags.lineitems))) return false;
    const target = ags.lineitem ?? `${ags.lineitems}#${launch.resourceLinkId}`;
    const scoreMaximum = maximum > 0 ? maximum : 1;
    const score = {
      id: `lsc_${randomBytes(12).toString('base64url')}`,
      dedupeKey: `${launch.platformId}|${launch.userSub}|${launch.sessionId}|${target}`,
      launchId: launch.id,
      platformId: launch.platformId,
      userSub: launch.userSub,
      sessionId: launch.sessionId,
      ...(ags.lineitem && { lineitem: ags.lineitem }),
      score: {
        userId: launch.userSub,
        scoreGiven: maximum > 0 ? credits : 1,
        scoreMaximum,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        comment: `Attended ${minutes} min`,
      },
      nextAttemptAt: new Date().toISOString(),
    };
    return this.storage.write((tx) => tx.lti.enqueueScore(score));
  }

  private async sendDue(): Promise<void> {
    for (;;) {
      const due = await this.storage.lti.dueScores(new Date().toISOString());
      if (!due.length || this.stopped) return;
      for (const score of due) {
        const lease = new Date(Date.now() + 60_000).toISOString();
        if (!(await this.storage.write((tx) => tx.lti.claimScore(score.id, score.nextAttemptAt, lease)))) continue;
        await this.attempt(score);
      }
    }
  }

  private async attempt(score: OutboxScore): Promise<void> {
    try {
      const launch = await this.storage.lti.getLaunch(score.launchId);
      const platform = launch && (await this.storage.lti.getPlatform(launch.platformId));
      if (!launch?.ags || !platform) throw new AgsHttpError('launch or platform no longer registered');
      const lineitem = score.lineitem ?? (await this.findOrCreateLineItem(platform, launch));
      if (!score.lineitem) await this.storage.write((tx) => tx.lti.setScoreLineitem(score.id, lineitem));
      const token = await this.tokens.get(platform, [AGS_SCOPE.score]);
      const response = await fetch(scoresUrl(lineitem), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': AGS_MEDIA.score },
        body: JSON.stringify({ ...score.score, timestamp: new Date().toISOString() }),
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status === 401) this.tokens.forget(platform);
      if (!response.ok) throw new AgsHttpError(`score POST: HTTP ${response.status}`);
      await this.storage.write((tx) => tx.lti.markScoreSent(score.id, new Date().toISOString()));
    } catch (error) {
      const attempts = score.attempts + 1;
      const delay = Math.min(this.timing.maxRetryMs, this.timing.retryBaseMs * 2 ** (attempts - 1));
      const next = attempts >= this.timing.maxAttempts ? undefined : new Date(Date.now() + delay).toISOString();
      const message = error instanceof Error ? error.message : String(error);
      await this.storage.write((tx) => tx.lti.markScoreFailed(score.id, message, next));
    }
  }

  /** The line item of the tool for this resource link: found by resource link + tag, else created. */
  private async findOrCreateLineItem(platform: LtiPlatform, launch: LtiLaunch): Promise<string> {
    const container = launch.ags!.lineitems!;
    const token = await this.tokens.get(platform, [AGS_SCOPE.lineitem]);
    const query = new URL(container);
    query.searchParams.set('resource_link_id', launch.resourceLinkId);
    query.searchParams.set('tag', LINEITEM_TAG);
    const found = await fetch(query, {
      headers: { authorization: `Bearer ${token}`, accept: AGS_MEDIA.lineitems },
      signal: AbortSignal.timeout(15_000),
    });
    if (found.ok) {
      const items = (await found.json()) as { id?: string; tag?: string; resourceLinkId?: string }[];
      const item = items.find((i) => i.tag === LINEITEM_TAG && i.resourceLinkId === launch.resourceLinkId);
      if (item?.id) return item.id;
    }
    const session = await this.storage.sessions.get(launch.sessionId);
    const program = session && (await this.storage.programs.get(session.programId));
    const created = await fetch(container, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': AGS_MEDIA.lineitem, accept: AGS_MEDIA.lineitem },
      body: JSON.stringify({
        scoreMaximum: program && program.creditRule.creditsPerSession > 0 ? program.creditRule.creditsPerSession : 1,
        label: `${session?.title ?? 'teleECHO session'} — attendance`,
        resourceLinkId: launch.resourceLinkId,
        resourceId: launch.sessionId,
        tag: LINEITEM_TAG,
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!created.ok) throw new AgsHttpError(`line item POST: HTTP ${created.status}`);
    const item = (await created.json()) as { id?: string };
    if (!item.id) throw new AgsHttpError('line item POST: no id');
    return item.id;
  }
}
