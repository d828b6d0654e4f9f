/**
 * Storage of the LTI 1.3 tool (tables of migrations `005_lti` and `007_lti_platform_state`, see `schema.ts`): the
 * same kysely code on SQLite and PostgreSQL. Every single-use check (login state, nonce, score dedupe) is one atomic statement.
 * @packageDocumentation
 */
import type { Kysely, Selectable } from 'kysely';
import type { LtiLaunchTable, LtiPlatformTable, LtiScoreOutboxTable, LtiTables } from './schema.js';

/** A registered platform (one LMS site) as the tool sees it. */
export interface LtiPlatform {
  id: string;
  issuer: string;
  clientId: string;
  name: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  /** Programme whose sessions this platform links; undefined = any programme of the hub. */
  programId?: string;
  deploymentIds: string[];
  /**
   * Scopes the platform granted at dynamic registration, informational (each launch's AGS claim says what that launch
   * may do). `null`: the platform did not say (Moodle's registration response carries no `scope`).
   */
  scopes: string[] | null;
  createdAt: string;
  /** How the platform was registered; undefined for registrations older than this field. */
  registeredVia?: 'dynamic' | 'manual';
  /** When the first launch from the platform verified (set by the tool). */
  activatedAt?: string;
}

/** The AGS endpoint claim of a launch. */
export interface AgsEndpoint {
  scope: string[];
  lineitem?: string;
  lineitems?: string;
}

/** A stored launch: one user of one resource link. */
export interface LtiLaunch {
  id: string;
  platformId: string;
  deploymentId: string;
  resourceLinkId: string;
  userSub: string;
  userName: string;
  role: string;
  sessionId: string;
  programId: string;
  ags?: AgsEndpoint;
  createdAt: string;
  updatedAt: string;
}

/** A score in the outbox. */
export interface OutboxScore {
  id: string;
  dedupeKey: string;
  launchId: string;
  platformId: string;
  userSub: string;
  sessionId: string;
  lineitem?: string;
  score: Record<string, unknown>;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
}

/** A stored tool key pair (JWK). */
export interface ToolKeyRecord {
  kid: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  createdAt: string;
  retiredAt?: string;
}

function toLaunch(row: Selectable<LtiLaunchTable>): LtiLaunch {
  return {
    id: row.id,
    platformId: row.platform_id,
    deploymentId: row.deployment_id,
    resourceLinkId: row.resource_link_id,
    userSub: row.user_sub,
    userName: row.user_name,
    role: row.role,
    sessionId: row.session_id,
    programId: row.program_id,
    ...(row.ags && { ags: JSON.parse(row.ags) as AgsEndpoint }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toScore(row: Selectable<LtiScoreOutboxTable>): OutboxScore {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    launchId: row.launch_id,
    platformId: row.platform_id,
    userSub: row.user_sub,
    sessionId: row.session_id,
    ...(row.lineitem && { lineitem: row.lineitem }),
    score: JSON.parse(row.score) as Record<string, unknown>,
    status: row.status as OutboxScore['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error && { lastError: row.last_error }),
    createdAt: row.created_at,
    ...(row.sent_at && { sentAt: row.sent_at }),
  };
}

/** LTI state on the hub's database. */
export class LtiStore {
  constructor(private readonly db: Kysely<LtiTables>) {}

  // ---- tool keys
  async listKeys(): Promise<ToolKeyRecord[]> {
    const rows = await this.db.selectFrom('lti_tool_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
    return rows.map((row) => ({
      kid: row.kid,
      privateJwk: JSON.parse(row.private_jwk) as Record<string, unknown>,
      publicJwk: JSON.parse(row.public_jwk) as Record<string, unknown>,
      createdAt: row.created_at,
      ...(row.retired_at && { retiredAt: row.retired_at }),
    }));
  }

  async insertKey(key: ToolKeyRecord): Promise<void> {
    await this.db
      .insertInto('lti_tool_keys')
      .values({
        kid: key.kid,
        private_jwk: JSON.stringify(key.privateJwk),
        public_jwk: JSON.stringify(key.publicJwk),
        created_at: key.createdAt,
        retired_at: null,
      })
      .execute();
  }

  async retireKeysExcept(kid: string, at: string): Promise<void> {
    await this.db
      .updateTable('lti_tool_keys')
      .set({ retired_at: at })
      .where('kid', '!=', kid)
      .where('retired_at', 'is', null)
      .execute();
  }

  // ---- platforms
  private async deployments(platformId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('lti_deployments')
      .select('deployment_id')
      .where('platform_id', '=', platformId)
      .orderBy('created_at')
      .orderBy('deployment_id')
      .execute();
    return rows.map((r) => r.deployment_id);
  }

  private async toPlatform(row: Selectable<LtiPlatformTable>): Promise<LtiPlatform> {
    return {
      id: row.id,
      issuer: row.issuer,
      clientId: row.client_id,
      name: row.name,
      authUrl: row.auth_url,
      tokenUrl: row.token_url,
      jwksUrl: row.jwks_url,
      ...(row.program_id && { programId: row.program_id }),
      deploymentIds: await this.deployments(row.id),
      scopes: JSON.parse(row.scopes) as string[] | null,
      createdAt: row.created_at,
      ...(row.registered_via && { registeredVia: row.registered_via as 'dynamic' | 'manual' }),
      ...(row.activated_at && { activatedAt: row.activated_at }),
    };
  }

  /** Inserts a platform, or updates the one with the same issuer + client id; adds its deployments. */
  async savePlatform(platform: LtiPlatform): Promise<LtiPlatform> {
    const existing = await this.db
      .selectFrom('lti_platforms')
      .select('id')
      .where('issuer', '=', platform.issuer)
      .where('client_id', '=', platform.clientId)
      .executeTakeFirst();
    const id = existing?.id ?? platform.id;
    const values = {
      issuer: platform.issuer,
      client_id: platform.clientId,
      name: platform.name,
      auth_url: platform.authUrl,
      token_url: platform.tokenUrl,
      jwks_url: platform.jwksUrl,
      program_id: platform.programId ?? null,
      scopes: JSON.stringify(platform.scopes),
      ...(platform.registeredVia && { registered_via: platform.registeredVia }),
    };
    if (existing) await this.db.updateTable('lti_platforms').set(values).where('id', '=', id).execute();
    else
      await this.db
        .insertInto('lti_platforms')
        .values({ id, ...values, created_at: platform.createdAt })
        .execute();
    for (const deploymentId of platform.deploymentIds) await this.addDeployment(id, deploymentId);
    return (await this.getPlatform(id))!;
  }

  /** Records the first verified launch of a platform (later launches change nothing). */
  async markActivated(platformId: string, at: string): Promise<void> {
    await this.db
      .updateTable('lti_platforms')
      .set({ activated_at: at })
      .where('id', '=', platformId)
      .where('activated_at', 'is', null)
      .execute();
  }

  async addDeployment(platformId: string, deploymentId: string): Promise<void> {
    await this.db
      .insertInto('lti_deployments')
      .values({ platform_id: platformId, deployment_id: deploymentId, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['platform_id', 'deployment_id']).doNothing())
      .execute();
  }

  async getPlatform(id: string): Promise<LtiPlatform | undefined> {
    const row = await this.db.selectFrom('lti_platforms').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.toPlatform(row);
  }

  /** Platforms of an issuer (one per client id), oldest first. */
  async platformsByIssuer(issuer: string): Promise<LtiPlatform[]> {
    const rows = await this.db
      .selectFrom('lti_platforms')
      .selectAll()
      .where('issuer', '=', issuer)
      .orderBy('created_at')
      .execute();
    return Promise.all(rows.map((row) => this.toPlatform(row)));
  }

  async listPlatforms(): Promise<LtiPlatform[]> {
    const rows = await this.db.selectFrom('lti_platforms').selectAll().orderBy('created_at').orderBy('id').execute();
    return Promise.all(rows.map((row) => this.toPlatform(row)));
  }

  // ---- OIDC state and nonces
  async putState(value: {
    state: string;
    nonce: string;
    platformId: string;
    targetLinkUri: string;
    storageTarget?: string;
    expiresAt: string;
  }): Promise<void> {
    await this.db
      .insertInto('lti_states')
      .values({
        state: value.state,
        nonce: value.nonce,
        platform_id: value.platformId,
        target_link_uri: value.targetLinkUri,
        storage_target: value.storageTarget ?? null,
        expires_at: value.expiresAt,
      })
      .execute();
  }

  /** Removes and returns a login state (single use); undefined when unknown, used or expired. */
  async takeState(
    state: string,
    now: string,
  ): Promise<{ nonce: string; platformId: string; targetLinkUri: string; storageTarget?: string } | undefined> {
    const row = await this.db
      .deleteFrom('lti_states')
      .where('state', '=', state)
      .returning(['nonce', 'platform_id', 'target_link_uri', 'storage_target', 'expires_at'])
      .executeTakeFirst();
    if (!row || row.expires_at < now) return undefined;
    return {
      nonce: row.nonce,
      platformId: row.platform_id,
      targetLinkUri: row.target_link_uri,
      ...(row.storage_target && { storageTarget: row.storage_target }),
    };
  }

  /** Records a nonce of an accepted id_token; false when it was seen before (a replay). */
  async useNonce(platformId: string, nonce: string, expiresAt: string): Promise<boolean> {
    const result = await this.db
      .insertInto('lti_nonces')
      .values({ platform_id: platformId, nonce, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['platform_id', 'nonce']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Deletes expired states and nonces. */
  async prune(now: string): Promise<void> {
    await this.db.deleteFrom('lti_states').where('expires_at', '<', now).execute();
    await this.db.deleteFrom('lti_nonces').where('expires_at', '<', now).execute();
  }

  // ---- launches
  /** Stores (or refreshes) the launch of one user on one resource link; returns it. */
  async saveLaunch(value: Omit<LtiLaunch, 'createdAt' | 'updatedAt'>): Promise<LtiLaunch> {
    const now = new Date().toISOString();
    await this.db
      .insertInto('lti_launches')
      .values({
        id: value.id,
        platform_id: value.platformId,
        deployment_id: value.deploymentId,
        resource_link_id: value.resourceLinkId,
        user_sub: value.userSub,
        user_name: value.userName,
        role: value.role,
        session_id: value.sessionId,
        program_id: value.programId,
        ags: value.ags ? JSON.stringify(value.ags) : null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['platform_id', 'deployment_id', 'resource_link_id', 'user_sub']).doUpdateSet({
          user_name: value.userName,
          role: value.role,
          session_id: value.sessionId,
          program_id: value.programId,
          ags: value.ags ? JSON.stringify(value.ags) : null,
          updated_at: now,
        }),
      )
      .execute();
    const row = await this.db
      .selectFrom('lti_launches')
      .selectAll()
      .where('platform_id', '=', value.platformId)
      .where('deployment_id', '=', value.deploymentId)
      .where('resource_link_id', '=', value.resourceLinkId)
      .where('user_sub', '=', value.userSub)
      .executeTakeFirstOrThrow();
    return toLaunch(row);
  }

  async launchesForSession(sessionId: string): Promise<LtiLaunch[]> {
    const rows = await this.db
      .selectFrom('lti_launches')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .execute();
    return rows.map(toLaunch);
  }

  /** Sessions with launches updated since `since` (ISO). */
  async recentLaunchSessions(since: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('lti_launches')
      .select('session_id')
      .distinct()
      .where('updated_at', '>=', since)
      .execute();
    return rows.map((r) => r.session_id);
  }

  async getLaunch(id: string): Promise<LtiLaunch | undefined> {
    const row = await this.db.selectFrom('lti_launches').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toLaunch(row);
  }

  // ---- score outbox
  /** Queues a score once per dedupe key; false when that key was already queued (or sent). */
  async enqueueScore(value: Omit<OutboxScore, 'status' | 'attempts' | 'createdAt'>): Promise<boolean> {
    const result = await this.db
      .insertInto('lti_score_outbox')
      .values({
        id: value.id,
        dedupe_key: value.dedupeKey,
        launch_id: value.launchId,
        platform_id: value.platformId,
        user_sub: value.userSub,
        session_id: value.sessionId,
        lineitem: value.lineitem ?? null,
        score: JSON.stringify(value.score),
        status: 'pending',
        attempts: 0,
        next_attempt_at: value.nextAttemptAt,
        last_error: null,
        created_at: new Date().toISOString(),
        sent_at: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Pending scores due at `now`, oldest first. */
  async dueScores(now: string, limit = 20): Promise<OutboxScore[]> {
    const rows = await this.db
      .selectFrom('lti_score_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    return rows.map(toScore);
  }

  async listScores(sessionId?: string): Promise<OutboxScore[]> {
    let query = this.db.selectFrom('lti_score_outbox').selectAll();
    if (sessionId) query = query.where('session_id', '=', sessionId);
    return (await query.orderBy('created_at').execute()).map(toScore);
  }

  /**
   * Claims a due score for one attempt (moves its next attempt to `leaseUntil`); false when another worker took it
   * first. Keeps two hub processes from posting the same score at once.
   */
  async claimScore(id: string, dueAt: string, leaseUntil: string): Promise<boolean> {
    const result = await this.db
      .updateTable('lti_score_outbox')
      .set({ next_attempt_at: leaseUntil })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', dueAt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setScoreLineitem(id: string, lineitem: string): Promise<void> {
    await this.db.updateTable('lti_score_outbox').set({ lineitem }).where('id', '=', id).execute();
  }

  async markScoreSent(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('lti_score_outbox')
      .set((eb) => ({ status: 'sent', sent_at: at, last_error: null, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** Records a failed attempt: retried at `nextAttemptAt`, or given up (`failed`) when that is undefined. */
  async markScoreFailed(id: string, error: string, nextAttemptAt: string | undefined): Promise<void> {
    await this.db
      .updateTable('lti_score_outbox')
      .set((eb) => ({
        status: nextAttemptAt ? 'pending' : 'failed',
        last_error: error.slice(0, 500),
        attempts: eb('attempts', '+', 1),
        ...(nextAttemptAt && { next_attempt_at: nextAttemptAt }),
      }))
      .where('id', '=', id)
      .execute();
  }
}
