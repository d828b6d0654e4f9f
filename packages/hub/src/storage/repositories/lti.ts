/**
 * State of the LTI 1.3 tool (tables of migrations `005_lti` and `007_lti_platform_state`): tool keys, platforms and
 * their deployments, OIDC login states, nonces, launches and the AGS score outbox. Every single-use check (login
 * state, nonce, score dedupe) is one atomic statement.
 * @packageDocumentation
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { changed, fromJson, present, toJson, toJsonOrNull } from './rows.js';

/** The tool's RSA key pairs (JWK JSON). The newest unretired one signs; all unretired ones are published. */
export interface LtiToolKeyTable {
  kid: string;
  private_jwk: string;
  public_jwk: string;
  created_at: string;
  retired_at: string | null;
}

/** A registered LTI platform (e.g. one Moodle site): issuer + client id, its endpoints and keys. */
export interface LtiPlatformTable {
  id: string;
  issuer: string;
  client_id: string;
  name: string;
  auth_url: string;
  token_url: string;
  jwks_url: string;
  /** Programme whose sessions this platform links (deep linking lists them). */
  program_id: string | null;
  /** JSON: scopes granted at registration (dynamic registration), informational; `null` when the platform did not say. */
  scopes: string;
  created_at: string;
  /** `dynamic` or `manual` (migration `007_lti_platform_state`); null for platforms registered before it. */
  registered_via: string | null;
  /** When the first launch from this platform verified. */
  activated_at: string | null;
}

export interface LtiDeploymentTable {
  platform_id: string;
  deployment_id: string;
  created_at: string;
}

/** OIDC login state, kept server side (no cookies), single use, short-lived. */
export interface LtiStateTable {
  state: string;
  nonce: string;
  platform_id: string;
  target_link_uri: string;
  /** The platform frame name for the client-side (postMessage) state check, when the platform offered one. */
  storage_target: string | null;
  expires_at: string;
}

/** Nonces of accepted id_tokens (per platform); a second launch with the same nonce is a replay. */
export interface LtiNonceTable {
  platform_id: string;
  nonce: string;
  expires_at: string;
}

/** One user's launch of one resource link: what AGS needs to report their completion later. */
export interface LtiLaunchTable {
  id: string;
  platform_id: string;
  deployment_id: string;
  resource_link_id: string;
  user_sub: string;
  user_name: string;
  role: string;
  session_id: string;
  program_id: string;
  /** AGS endpoint claim (JSON) or null when the platform offered none. */
  ags: string | null;
  created_at: string;
  updated_at: string;
}

/** Scores waiting to reach (or sent to) a platform: exactly one per user + session + line item. */
export interface LtiScoreOutboxTable {
  id: string;
  dedupe_key: string;
  launch_id: string;
  platform_id: string;
  user_sub: string;
  session_id: string;
  /** The line item URL once known (created lazily when the platform allows it). */
  lineitem: string | null;
  score: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** The LTI tables. */
export interface LtiTables {
  lti_tool_keys: LtiToolKeyTable;
  lti_platforms: LtiPlatformTable;
  lti_deployments: LtiDeploymentTable;
  lti_states: LtiStateTable;
  lti_nonces: LtiNonceTable;
  lti_launches: LtiLaunchTable;
  lti_score_outbox: LtiScoreOutboxTable;
}

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

/** An OIDC login state as stored between login and launch. */
export interface LtiLoginState {
  state: string;
  nonce: string;
  platformId: string;
  targetLinkUri: string;
  storageTarget?: string;
  expiresAt: string;
}

function toToolKey(row: Selectable<LtiToolKeyTable>): ToolKeyRecord {
  return {
    kid: row.kid,
    privateJwk: fromJson<Record<string, unknown>>(row.private_jwk),
    publicJwk: fromJson<Record<string, unknown>>(row.public_jwk),
    createdAt: row.created_at,
    ...present({ retiredAt: row.retired_at }),
  };
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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...present({ ags: fromJson<AgsEndpoint>(row.ags) }),
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
    score: fromJson<Record<string, unknown>>(row.score),
    status: row.status as OutboxScore['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    ...present({ lineitem: row.lineitem, lastError: row.last_error, sentAt: row.sent_at }),
  };
}

function toPlatform(row: Selectable<LtiPlatformTable>, deploymentIds: string[]): LtiPlatform {
  return {
    id: row.id,
    issuer: row.issuer,
    clientId: row.client_id,
    name: row.name,
    authUrl: row.auth_url,
    tokenUrl: row.token_url,
    jwksUrl: row.jwks_url,
    deploymentIds,
    scopes: fromJson<string[] | null>(row.scopes),
    createdAt: row.created_at,
    ...present({
      programId: row.program_id,
      registeredVia: row.registered_via as LtiPlatform['registeredVia'] | null,
      activatedAt: row.activated_at,
    }),
  };
}

/** Reading the LTI tool's state. */
export interface LtiReads {
  listKeys(): Promise<ToolKeyRecord[]>;
  getPlatform(id: string): Promise<LtiPlatform | undefined>;
  /** Platforms of an issuer (one per client id), oldest first. */
  platformsByIssuer(issuer: string): Promise<LtiPlatform[]>;
  listPlatforms(): Promise<LtiPlatform[]>;
  getLaunch(id: string): Promise<LtiLaunch | undefined>;
  launchesForSession(sessionId: string): Promise<LtiLaunch[]>;
  /** Sessions with launches updated since `since` (ISO). */
  recentLaunchSessions(since: string): Promise<string[]>;
  /** Pending scores due at `now`, oldest first. */
  dueScores(now: string, limit?: number): Promise<OutboxScore[]>;
  listScores(sessionId?: string): Promise<OutboxScore[]>;
}

/** The LTI tool's state inside a transaction. */
export interface Lti extends LtiReads {
  insertKey(key: ToolKeyRecord): Promise<void>;
  retireKeysExcept(kid: string, at: string): Promise<void>;
  /** Inserts a platform, or updates the one with the same issuer + client id; adds its deployments. */
  savePlatform(platform: LtiPlatform): Promise<LtiPlatform>;
  /** Records the first verified launch of a platform (later launches change nothing). */
  markActivated(platformId: string, at: string): Promise<void>;
  addDeployment(platformId: string, deploymentId: string): Promise<void>;
  putState(value: LtiLoginState): Promise<void>;
  /** Removes and returns a login state (single use); undefined when unknown, used or expired. */
  takeState(state: string, now: string): Promise<Omit<LtiLoginState, 'state' | 'expiresAt'> | undefined>;
  /** Records a nonce of an accepted id_token; false when it was seen before (a replay). */
  useNonce(platformId: string, nonce: string, expiresAt: string): Promise<boolean>;
  /** Deletes expired states and nonces. */
  prune(now: string): Promise<void>;
  /** Stores (or refreshes) the launch of one user on one resource link; returns it. */
  saveLaunch(value: Omit<LtiLaunch, 'createdAt' | 'updatedAt'>): Promise<LtiLaunch>;
  /** Queues a score once per dedupe key; false when that key was already queued (or sent). */
  enqueueScore(value: Omit<OutboxScore, 'status' | 'attempts' | 'createdAt'>): Promise<boolean>;
  /**
   * Claims a due score for one attempt (moves its next attempt to `leaseUntil`); false when another worker took it
   * first. Keeps two hub processes from posting the same score at once.
   */
  claimScore(id: string, dueAt: string, leaseUntil: string): Promise<boolean>;
  setScoreLineitem(id: string, lineitem: string): Promise<void>;
  markScoreSent(id: string, at: string): Promise<void>;
  /** Records a failed attempt: retried at `nextAttemptAt`, or given up (`failed`) when that is undefined. */
  markScoreFailed(id: string, error: string, nextAttemptAt: string | undefined): Promise<void>;
}

export function ltiReads(db: Kysely<Database>): LtiReads {
  async function platform(row: Selectable<LtiPlatformTable>): Promise<LtiPlatform> {
    const deployments = await db
      .selectFrom('lti_deployments')
      .select('deployment_id')
      .where('platform_id', '=', row.id)
      .orderBy('created_at')
      .orderBy('deployment_id')
      .execute();
    return toPlatform(
      row,
      deployments.map((r) => r.deployment_id),
    );
  }
  return {
    async listKeys() {
      const rows = await db.selectFrom('lti_tool_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
      return rows.map(toToolKey);
    },
    async getPlatform(id) {
      const row = await db.selectFrom('lti_platforms').selectAll().where('id', '=', id).executeTakeFirst();
      return row && platform(row);
    },
    async platformsByIssuer(issuer) {
      const rows = await db
        .selectFrom('lti_platforms')
        .selectAll()
        .where('issuer', '=', issuer)
        .orderBy('created_at')
        .execute();
      return Promise.all(rows.map(platform));
    },
    async listPlatforms() {
      const rows = await db.selectFrom('lti_platforms').selectAll().orderBy('created_at').orderBy('id').execute();
      return Promise.all(rows.map(platform));
    },
    async getLaunch(id) {
      const row = await db.selectFrom('lti_launches').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toLaunch(row);
    },
    async launchesForSession(sessionId) {
      const rows = await db
        .selectFrom('lti_launches')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('created_at')
        .execute();
      return rows.map(toLaunch);
    },
    async recentLaunchSessions(since) {
      const rows = await db
        .selectFrom('lti_launches')
        .select('session_id')
        .distinct()
        .where('updated_at', '>=', since)
        .execute();
      return rows.map((r) => r.session_id);
    },
    async dueScores(now, limit = 20) {
      const rows = await db
        .selectFrom('lti_score_outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute();
      return rows.map(toScore);
    },
    async listScores(sessionId) {
      let query = db.selectFrom('lti_score_outbox').selectAll();
      if (sessionId) query = query.where('session_id', '=', sessionId);
      return (await query.orderBy('created_at').execute()).map(toScore);
    },
  };
}

export function lti(db: Kysely<Database>): Lti {
  const reads = ltiReads(db);
  const repository: Lti = {
    ...reads,
    async insertKey(key) {
      await db
        .insertInto('lti_tool_keys')
        .values({
          kid: key.kid,
          private_jwk: toJson(key.privateJwk),
          public_jwk: toJson(key.publicJwk),
          created_at: key.createdAt,
          retired_at: null,
        })
        .execute();
    },
    async retireKeysExcept(kid, at) {
      await db
        .updateTable('lti_tool_keys')
        .set({ retired_at: at })
        .where('kid', '!=', kid)
        .where('retired_at', 'is', null)
        .execute();
    },
    async savePlatform(platform) {
      const existing = await db
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
        scopes: toJson(platform.scopes),
        ...(platform.registeredVia && { registered_via: platform.registeredVia }),
      };
      if (existing) await db.updateTable('lti_platforms').set(values).where('id', '=', id).execute();
      else
        await db
          .insertInto('lti_platforms')
          .values({ id, ...values, created_at: platform.createdAt })
          .execute();
      for (const deploymentId of platform.deploymentIds) await repository.addDeployment(id, deploymentId);
      return (await reads.getPlatform(id))!;
    },
    async markActivated(platformId, at) {
      await db
        .updateTable('lti_platforms')
        .set({ activated_at: at })
        .where('id', '=', platformId)
        .where('activated_at', 'is', null)
        .execute();
    },
    async addDeployment(platformId, deploymentId) {
      await db
        .insertInto('lti_deployments')
        .values({ platform_id: platformId, deployment_id: deploymentId, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['platform_id', 'deployment_id']).doNothing())
        .execute();
    },
    async putState(value) {
      await db
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
    },
    async takeState(state, now) {
      const row = await db
        .deleteFrom('lti_states')
        .where('state', '=', state)
        .returning(['nonce', 'platform_id', 'target_link_uri', 'storage_target', 'expires_at'])
        .executeTakeFirst();
      if (!row || row.expires_at < now) return undefined;
      return {
        nonce: row.nonce,
        platformId: row.platform_id,
        targetLinkUri: row.target_link_uri,
        ...present({ storageTarget: row.storage_target }),
      };
    },
    async useNonce(platformId, nonce, expiresAt) {
      const result = await db
        .insertInto('lti_nonces')
        .values({ platform_id: platformId, nonce, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['platform_id', 'nonce']).doNothing())
        .executeTakeFirst();
      return changed(result) > 0;
    },
    async prune(now) {
      await db.deleteFrom('lti_states').where('expires_at', '<', now).execute();
      await db.deleteFrom('lti_nonces').where('expires_at', '<', now).execute();
    },
    async saveLaunch(value) {
      const now = new Date().toISOString();
      const ags = toJsonOrNull(value.ags);
      await db
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
          ags,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['platform_id', 'deployment_id', 'resource_link_id', 'user_sub']).doUpdateSet({
            user_name: value.userName,
            role: value.role,
            session_id: value.sessionId,
            program_id: value.programId,
            ags,
            updated_at: now,
          }),
        )
        .execute();
      const row = await db
        .selectFrom('lti_launches')
        .selectAll()
        .where('platform_id', '=', value.platformId)
        .where('deployment_id', '=', value.deploymentId)
        .where('resource_link_id', '=', value.resourceLinkId)
        .where('user_sub', '=', value.userSub)
        .executeTakeFirstOrThrow();
      return toLaunch(row);
    },
    async enqueueScore(value) {
      const result = await db
        .insertInto('lti_score_outbox')
        .values({
          id: value.id,
          dedupe_key: value.dedupeKey,
          launch_id: value.launchId,
          platform_id: value.platformId,
          user_sub: value.userSub,
          session_id: value.sessionId,
          lineitem: value.lineitem ?? null,
          score: toJson(value.score),
          status: 'pending',
          attempts: 0,
          next_attempt_at: value.nextAttemptAt,
          last_error: null,
          created_at: new Date().toISOString(),
          sent_at: null,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .executeTakeFirst();
      return changed(result) > 0;
    },
    async claimScore(id, dueAt, leaseUntil) {
      const result = await db
        .updateTable('lti_score_outbox')
        .set({ next_attempt_at: leaseUntil })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '=', dueAt)
        .executeTakeFirst();
      return changed(result) > 0;
    },
    async setScoreLineitem(id, lineitem) {
      await db.updateTable('lti_score_outbox').set({ lineitem }).where('id', '=', id).execute();
    },
    async markScoreSent(id, at) {
      await db
        .updateTable('lti_score_outbox')
        .set((eb) => ({ status: 'sent', sent_at: at, last_error: null, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },
    async markScoreFailed(id, error, nextAttemptAt) {
      await db
        .updateTable('lti_score_outbox')
        .set((eb) => ({
          status: nextAttemptAt ? 'pending' : 'failed',
          last_error: error.slice(0, 500),
          attempts: eb('attempts', '+', 1),
          ...(nextAttemptAt && { next_attempt_at: nextAttemptAt }),
        }))
        .where('id', '=', id)
        .execute();
    },
  };
  return repository;
}
