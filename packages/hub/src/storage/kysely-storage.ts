import type {
  AgendaItem,
  AttendanceInterval,
  Case,
  CaseStatus,
  CaseTemplate,
  EchoEventType,
  Page,
  Program,
  Recommendation,
  Session,
  SessionStatus,
} from '@teleecho/sdk';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Dialect } from './migrations.js';
import { decodeCursor, encodeCursor } from './pagination.js';
import type {
  AttendanceIntervalTable,
  CaseTable,
  Database,
  EventLogTable,
  ProgramTable,
  RecommendationTable,
  SessionTable,
  CaseTemplateTable,
  ApiKeyTable,
} from './schema.js';
import type {
  ApiKeyRecord,
  CaseFilter,
  IdempotencyRecord,
  NewAttendanceInterval,
  NewEvent,
  PageRequest,
  SessionFilter,
  Storage,
  StorageWriter,
  StoredEvent,
  CalendarFeedRecord,
  StoredCertificate,
  StoredEvaluation,
  WebhookDeliveryRecord,
  WebhookDeliveryStatus,
} from './storage.js';
import * as webhookQueries from './webhook-queries.js';
import * as cmeQueries from './cme-queries.js';
import { LtiStore } from '../lti/store.js';
import type { LtiTables } from '../lti/schema.js';

const PRESENTED: CaseStatus[] = ['presented', 'recommendations_issued', 'closed'];

function json<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

function opt<T extends object, K extends string, V>(target: T, key: K, value: V | null | undefined): T {
  if (value !== null && value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

function toAttendance(row: Selectable<AttendanceIntervalTable>): AttendanceInterval {
  const interval: AttendanceInterval = {
    id: row.id,
    sessionId: row.session_id,
    userId: row.user_id,
    userName: row.user_name,
    role: row.role,
    joinedAt: row.joined_at,
  };
  return opt(interval, 'leftAt', row.left_at);
}

function toApiKey(row: Selectable<ApiKeyTable>): ApiKeyRecord {
  const key: ApiKeyRecord = {
    id: row.id,
    secretHash: row.secret_hash,
    tokenKey: new Uint8Array(Buffer.from(row.token_key, 'base64')),
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    createdAt: row.created_at,
  };
  opt(key, 'webhookUrl', row.webhook_url);
  opt(key, 'webhookSecret', row.webhook_secret);
  return opt(key, 'revokedAt', row.revoked_at);
}

function toProgram(row: Selectable<ProgramTable>): Program {
  return {
    id: row.id,
    name: row.name,
    specialty: row.specialty,
    language: row.language,
    creditRule: JSON.parse(row.credit_rule) as Program['creditRule'],
    ...(row.deid_policy && {
      deidentificationPolicy: JSON.parse(row.deid_policy) as NonNullable<Program['deidentificationPolicy']>,
    }),
    createdAt: row.created_at,
  };
}

function toTemplate(row: Selectable<CaseTemplateTable>): CaseTemplate {
  return {
    id: row.id,
    programId: row.program_id,
    title: row.title,
    version: Number(row.version),
    questionnaire: JSON.parse(row.questionnaire) as CaseTemplate['questionnaire'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSession(row: Selectable<SessionTable>): Session {
  const session: Session = {
    id: row.id,
    programId: row.program_id,
    title: row.title,
    topic: row.topic,
    startsAt: row.starts_at,
    durationMinutes: Number(row.duration_minutes),
    status: row.status as SessionStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  opt(session, 'openedAt', row.opened_at);
  opt(session, 'openedBy', json(row.opened_by));
  if (Number(row.ad_hoc) === 1) session.adHoc = true;
  return opt(session, 'recurrence', row.recurrence);
}

function toCase(row: Selectable<CaseTable>): Case {
  const value: Case = {
    id: row.id,
    programId: row.program_id,
    templateId: row.template_id,
    presenterId: row.presenter_id,
    presenterName: row.presenter_name,
    title: row.title,
    status: row.status as CaseStatus,
    response: JSON.parse(row.response) as Case['response'],
    deidentification: JSON.parse(row.deidentification) as Case['deidentification'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  opt(value, 'sessionId', row.session_id);
  opt(value, 'returnReason', row.return_reason);
  return opt(value, 'followUpOf', row.follow_up_of);
}

function toRecommendation(row: Selectable<RecommendationTable>): Recommendation {
  const value: Recommendation = {
    id: row.id,
    caseId: row.case_id,
    programId: row.program_id,
    authorId: row.author_id,
    authorName: row.author_name,
    body: row.body,
    status: row.status as Recommendation['status'],
    version: Number(row.version),
    history: JSON.parse(row.history) as Recommendation['history'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  opt(value, 'number', row.number === null ? null : Number(row.number));
  opt(value, 'category', row.category);
  opt(value, 'followUp', row.follow_up);
  opt(value, 'issuedAt', row.issued_at);
  opt(value, 'amendedAt', row.amended_at);
  return opt(value, 'acknowledgement', json(row.acknowledgement));
}

function toEvent(row: Selectable<EventLogTable>): StoredEvent {
  const event: StoredEvent = {
    id: String(row.id),
    type: row.type as EchoEventType,
    programId: row.program_id,
    at: row.at,
    data: JSON.parse(row.data) as unknown,
  };
  opt(event, 'caseId', row.case_id);
  opt(event, 'sessionId', row.session_id);
  return opt(event, 'presenterId', row.presenter_id);
}

function caseRow(value: Case, agendaPosition: number | null): CaseTable {
  return {
    id: value.id,
    program_id: value.programId,
    template_id: value.templateId,
    presenter_id: value.presenterId,
    presenter_name: value.presenterName,
    title: value.title,
    status: value.status,
    response: JSON.stringify(value.response),
    deidentification: JSON.stringify(value.deidentification),
    session_id: value.sessionId ?? null,
    agenda_position: agendaPosition,
    return_reason: value.returnReason ?? null,
    follow_up_of: value.followUpOf ?? null,
    created_at: value.createdAt,
    updated_at: value.updatedAt,
  };
}

function recommendationRow(value: Recommendation): RecommendationTable {
  return {
    id: value.id,
    case_id: value.caseId,
    program_id: value.programId,
    number: value.number ?? null,
    author_id: value.authorId,
    author_name: value.authorName,
    body: value.body,
    category: value.category ?? null,
    follow_up: value.followUp ?? null,
    status: value.status,
    version: value.version,
    issued_at: value.issuedAt ?? null,
    amended_at: value.amendedAt ?? null,
    history: JSON.stringify(value.history),
    acknowledgement: value.acknowledgement ? JSON.stringify(value.acknowledgement) : null,
    created_at: value.createdAt,
    updated_at: value.updatedAt,
  };
}

function sessionRow(value: Session): SessionTable {
  return {
    id: value.id,
    program_id: value.programId,
    title: value.title,
    topic: value.topic,
    starts_at: value.startsAt,
    duration_minutes: value.durationMinutes,
    recurrence: value.recurrence ?? null,
    status: value.status,
    created_at: value.createdAt,
    updated_at: value.updatedAt,
    opened_at: value.openedAt ?? null,
    opened_by: value.openedBy ? JSON.stringify(value.openedBy) : null,
    ad_hoc: value.adHoc ? 1 : 0,
  };
}

function templateRow(value: CaseTemplate): CaseTemplateTable {
  return {
    id: value.id,
    program_id: value.programId,
    title: value.title,
    version: value.version,
    questionnaire: JSON.stringify(value.questionnaire),
    created_at: value.createdAt,
    updated_at: value.updatedAt,
    deleted_at: null,
  };
}

function programRow(value: Program): ProgramTable {
  return {
    id: value.id,
    name: value.name,
    specialty: value.specialty,
    language: value.language,
    credit_rule: JSON.stringify(value.creditRule),
    deid_policy: value.deidentificationPolicy ? JSON.stringify(value.deidentificationPolicy) : null,
    created_at: value.createdAt,
    updated_at: new Date().toISOString(),
  };
}

function page<T>(rows: T[], limit: number, position: (last: T) => string[]): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(position(items[items.length - 1]!)) };
}

/** Shared queries; `db` is the root database or a transaction. */
class Queries implements StorageWriter {
  protected readonly pending: NewEvent[] = [];

  constructor(protected readonly db: Kysely<Database>) {}

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toApiKey(row);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().orderBy('id').execute();
    return rows.map(toApiKey);
  }

  async insertApiKey(key: ApiKeyRecord): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({
        id: key.id,
        secret_hash: key.secretHash,
        token_key: Buffer.from(key.tokenKey).toString('base64'),
        allowed_origins: JSON.stringify(key.allowedOrigins),
        created_at: key.createdAt,
        revoked_at: key.revokedAt ?? null,
        webhook_url: key.webhookUrl ?? null,
        webhook_secret: key.webhookSecret ?? null,
      })
      .execute();
  }

  async getProgram(id: string): Promise<Program | undefined> {
    const row = await this.db.selectFrom('programs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toProgram(row);
  }

  async findProgramByName(name: string): Promise<Program | undefined> {
    const row = await this.db
      .selectFrom('programs')
      .selectAll()
      .where('name', '=', name)
      .orderBy('id')
      .executeTakeFirst();
    return row && toProgram(row);
  }

  async listPrograms(request: PageRequest, onlyId?: string): Promise<Page<Program>> {
    let query = this.db
      .selectFrom('programs')
      .selectAll()
      .orderBy('id')
      .limit(request.limit + 1);
    if (onlyId !== undefined) query = query.where('id', '=', onlyId);
    if (request.cursor) query = query.where('id', '>', decodeCursor(request.cursor, 1)[0]!);
    const rows = await query.execute();
    return page(rows.map(toProgram), request.limit, (p) => [p.id]);
  }

  async insertProgram(program: Program): Promise<void> {
    await this.db.insertInto('programs').values(programRow(program)).execute();
  }

  async updateProgram(program: Program): Promise<void> {
    const { id: _id, created_at: _c, ...rest } = programRow(program);
    await this.db.updateTable('programs').set(rest).where('id', '=', program.id).execute();
  }

  async getTemplate(id: string): Promise<CaseTemplate | undefined> {
    const row = await this.db
      .selectFrom('case_templates')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row && toTemplate(row);
  }

  async listTemplates(programId: string): Promise<CaseTemplate[]> {
    const rows = await this.db
      .selectFrom('case_templates')
      .selectAll()
      .where('program_id', '=', programId)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map(toTemplate);
  }

  async insertTemplate(template: CaseTemplate): Promise<void> {
    await this.db.insertInto('case_templates').values(templateRow(template)).execute();
  }

  async updateTemplate(template: CaseTemplate): Promise<void> {
    const { id: _id, created_at: _c, deleted_at: _d, ...rest } = templateRow(template);
    await this.db.updateTable('case_templates').set(rest).where('id', '=', template.id).execute();
  }

  async deleteTemplate(id: string): Promise<void> {
    await this.db
      .updateTable('case_templates')
      .set({ deleted_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async getSession(id: string): Promise<Session | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSession(row);
  }

  async listSessions(filter: SessionFilter, request: PageRequest): Promise<Page<Session>> {
    let query = this.db
      .selectFrom('sessions')
      .selectAll()
      .where('program_id', '=', filter.programId)
      .orderBy('starts_at')
      .orderBy('id')
      .limit(request.limit + 1);
    if (filter.from) query = query.where('starts_at', '>=', filter.from);
    if (filter.to) query = query.where('starts_at', '<', filter.to);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.sessionId) query = query.where('id', '=', filter.sessionId);
    if (request.cursor) {
      const [startsAt, id] = decodeCursor(request.cursor, 2) as [string, string];
      query = query.where((eb) =>
        eb.or([eb('starts_at', '>', startsAt), eb.and([eb('starts_at', '=', startsAt), eb('id', '>', id)])]),
      );
    }
    const rows = await query.execute();
    return page(rows.map(toSession), request.limit, (s) => [s.startsAt, s.id]);
  }

  async insertSession(session: Session): Promise<void> {
    await this.db.insertInto('sessions').values(sessionRow(session)).execute();
  }

  async updateSession(session: Session): Promise<void> {
    const { id: _id, created_at: _c, ...rest } = sessionRow(session);
    await this.db.updateTable('sessions').set(rest).where('id', '=', session.id).execute();
  }

  async agenda(sessionId: string): Promise<AgendaItem[]> {
    const rows = await this.db
      .selectFrom('cases')
      .select(['id', 'title', 'status', 'agenda_position'])
      .where('session_id', '=', sessionId)
      .orderBy('agenda_position')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      caseId: row.id,
      title: row.title,
      status: row.status as CaseStatus,
      position: Number(row.agenda_position ?? 0),
    }));
  }

  async nextAgendaPosition(sessionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('cases')
      .select((eb) => eb.fn.max('agenda_position').as('max'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  }

  async getCase(id: string): Promise<Case | undefined> {
    const row = await this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCase(row);
  }

  async listCases(filter: CaseFilter, request: PageRequest): Promise<Page<Case>> {
    let query = this.db
      .selectFrom('cases')
      .selectAll()
      .orderBy('id')
      .limit(request.limit + 1);
    if (filter.programId) query = query.where('program_id', '=', filter.programId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.sessionId) query = query.where('session_id', '=', filter.sessionId);
    if (filter.presenterId) query = query.where('presenter_id', '=', filter.presenterId);
    if (filter.caseId) query = query.where('id', '=', filter.caseId);
    if (filter.attendedBy) {
      const userId = filter.attendedBy;
      query = query
        .where('status', 'in', PRESENTED)
        .where('session_id', 'in', (eb) =>
          eb.selectFrom('attendance_intervals').select('session_id').where('user_id', '=', userId),
        );
    }
    if (request.cursor) query = query.where('id', '>', decodeCursor(request.cursor, 1)[0]!);
    const rows = await query.execute();
    return page(rows.map(toCase), request.limit, (c) => [c.id]);
  }

  async insertCase(value: Case, agendaPosition?: number): Promise<void> {
    await this.db
      .insertInto('cases')
      .values(caseRow(value, agendaPosition ?? null))
      .execute();
  }

  async updateCase(value: Case, agendaPosition: number | null): Promise<void> {
    const { id: _id, created_at: _c, ...rest } = caseRow(value, agendaPosition);
    await this.db.updateTable('cases').set(rest).where('id', '=', value.id).execute();
  }

  async getRecommendation(id: string): Promise<Recommendation | undefined> {
    const row = await this.db.selectFrom('recommendations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecommendation(row);
  }

  async listRecommendations(caseId: string): Promise<Recommendation[]> {
    const rows = await this.db
      .selectFrom('recommendations')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute();
    return rows.map(toRecommendation);
  }

  async insertRecommendation(value: Recommendation): Promise<void> {
    await this.db.insertInto('recommendations').values(recommendationRow(value)).execute();
  }

  async updateRecommendation(value: Recommendation): Promise<void> {
    const { id: _id, created_at: _c, ...rest } = recommendationRow(value);
    await this.db.updateTable('recommendations').set(rest).where('id', '=', value.id).execute();
  }

  async nextRecommendationNumber(caseId: string): Promise<number> {
    const row = await this.db
      .selectFrom('recommendations')
      .select((eb) => eb.fn.max('number').as('max'))
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  }

  async insertAttendance(interval: NewAttendanceInterval): Promise<void> {
    await this.db
      .insertInto('attendance_intervals')
      .values({
        id: interval.id,
        session_id: interval.sessionId,
        program_id: interval.programId,
        user_id: interval.userId,
        user_name: interval.userName,
        role: interval.role,
        joined_at: interval.joinedAt,
        left_at: interval.leftAt ?? null,
      })
      .execute();
  }

  async closeAttendance(id: string, leftAt: string): Promise<boolean> {
    const result = await this.db
      .updateTable('attendance_intervals')
      .set({ left_at: leftAt })
      .where('id', '=', id)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async closeOpenAttendance(sessionId: string, leftAt: string): Promise<number> {
    const result = await this.db
      .updateTable('attendance_intervals')
      .set({ left_at: leftAt })
      .where('session_id', '=', sessionId)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async getAttendance(id: string): Promise<AttendanceInterval | undefined> {
    const row = await this.db.selectFrom('attendance_intervals').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAttendance(row);
  }

  async listAttendance(sessionId: string, userId?: string): Promise<AttendanceInterval[]> {
    let query = this.db
      .selectFrom('attendance_intervals')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('joined_at')
      .orderBy('id');
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    return (await query.execute()).map(toAttendance);
  }

  async recordWebhookEvent(id: string, receivedAt: string): Promise<boolean> {
    const result = await this.db
      .insertInto('livekit_webhook_events')
      .values({ id, received_at: receivedAt })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async attendedSessionIds(programId: string, userId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('attendance_intervals')
      .select('session_id')
      .distinct()
      .where('program_id', '=', programId)
      .where('user_id', '=', userId)
      .execute();
    return new Set(rows.map((r) => r.session_id));
  }

  async eventsAfter(afterId: number, limit: number, programId?: string): Promise<StoredEvent[]> {
    let query = this.db.selectFrom('event_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit);
    if (programId) query = query.where('program_id', '=', programId);
    const rows = await query.execute();
    return rows.map(toEvent);
  }

  async newestEventId(): Promise<number> {
    const row = await this.db
      .selectFrom('event_log')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  async getIdempotency(principal: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('principal', '=', principal)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      principal: row.principal,
      key: row.key,
      route: row.route,
      bodyHash: row.body_hash,
      status: Number(row.status),
      response: row.response,
      createdAt: row.created_at,
    };
  }

  // CME (006_cme), in cme-queries.ts
  sessionRevisions(programId: string): Promise<Map<string, number>> {
    return cmeQueries.sessionRevisions(this.db, programId);
  }

  listUserAttendance(programId: string, userId: string): Promise<AttendanceInterval[]> {
    return cmeQueries.listUserAttendance(this.db, programId, userId);
  }

  getCertificate(code: string): Promise<StoredCertificate | undefined> {
    return cmeQueries.getCertificate(this.db, code);
  }

  listCertificates(programId: string, userId: string): Promise<StoredCertificate[]> {
    return cmeQueries.listCertificates(this.db, programId, userId);
  }

  insertCertificate(value: StoredCertificate): Promise<boolean> {
    return cmeQueries.insertCertificate(this.db, value);
  }

  getEvaluation(sessionId: string, userId: string): Promise<StoredEvaluation | undefined> {
    return cmeQueries.getEvaluation(this.db, sessionId, userId);
  }

  evaluatedSessionIds(programId: string, userId: string): Promise<Set<string>> {
    return cmeQueries.evaluatedSessionIds(this.db, programId, userId);
  }

  insertEvaluation(value: StoredEvaluation): Promise<boolean> {
    return cmeQueries.insertEvaluation(this.db, value);
  }

  getCalendarFeed(token: string): Promise<CalendarFeedRecord | undefined> {
    return cmeQueries.getCalendarFeed(this.db, token);
  }

  findCalendarFeed(programId: string, userId: string | null): Promise<CalendarFeedRecord | undefined> {
    return cmeQueries.findCalendarFeed(this.db, programId, userId);
  }

  insertCalendarFeed(feed: CalendarFeedRecord): Promise<void> {
    return cmeQueries.insertCalendarFeed(this.db, feed);
  }

  revokeCalendarFeeds(programId: string, userId: string | null, at: string): Promise<void> {
    return cmeQueries.revokeCalendarFeeds(this.db, programId, userId, at);
  }

  emit(event: NewEvent): void {
    this.pending.push(event);
  }

  // Host webhooks (004_host_webhooks), in webhook-queries.ts
  caseTokenIssuer(caseId: string): Promise<string | undefined> {
    return webhookQueries.caseTokenIssuer(this.db, caseId);
  }

  setCaseTokenIssuer(caseId: string, issuer: string): Promise<void> {
    return webhookQueries.setCaseTokenIssuer(this.db, caseId, issuer);
  }

  setApiKeyWebhook(keyId: string, url: string | null, secret: string | null): Promise<void> {
    return webhookQueries.setApiKeyWebhook(this.db, keyId, url, secret);
  }

  getWebhookDelivery(id: string): Promise<WebhookDeliveryRecord | undefined> {
    return webhookQueries.getWebhookDelivery(this.db, id);
  }

  listWebhookDeliveries(filter: {
    status?: WebhookDeliveryStatus;
    apiKeyId?: string;
    limit: number;
  }): Promise<WebhookDeliveryRecord[]> {
    return webhookQueries.listWebhookDeliveries(this.db, filter);
  }

  dueWebhookDeliveries(now: string, limit: number): Promise<WebhookDeliveryRecord[]> {
    return webhookQueries.dueWebhookDeliveries(this.db, now, limit);
  }

  nextWebhookAttemptAt(): Promise<string | undefined> {
    return webhookQueries.nextWebhookAttemptAt(this.db);
  }

  insertWebhookDelivery(delivery: WebhookDeliveryRecord): Promise<void> {
    return webhookQueries.insertWebhookDelivery(this.db, delivery);
  }

  updateWebhookDelivery(delivery: WebhookDeliveryRecord): Promise<void> {
    return webhookQueries.updateWebhookDelivery(this.db, delivery);
  }

  claimWebhookDelivery(id: string, expected: string, leaseUntil: string): Promise<boolean> {
    return webhookQueries.claimWebhookDelivery(this.db, id, expected, leaseUntil);
  }

  /** Writes the pending events; returns them as stored. */
  async flushEvents(): Promise<StoredEvent[]> {
    const stored: StoredEvent[] = [];
    for (const event of this.pending) {
      const at = new Date().toISOString();
      const row = await this.db
        .insertInto('event_log')
        .values({
          type: event.type,
          program_id: event.programId,
          case_id: event.caseId ?? null,
          session_id: event.sessionId ?? null,
          presenter_id: event.presenterId ?? null,
          data: JSON.stringify(event.data),
          at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const value: StoredEvent = {
        id: String(row.id),
        type: event.type,
        programId: event.programId,
        at,
        data: event.data,
      };
      opt(value, 'caseId', event.caseId);
      opt(value, 'sessionId', event.sessionId);
      stored.push(opt(value, 'presenterId', event.presenterId));
    }
    this.pending.length = 0;
    return stored;
  }
}

/** Most writes committed together in one transaction (group commit). */
const MAX_BATCH = 64;

interface QueuedWrite {
  fn: (tx: StorageWriter) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown; events: StoredEvent[] } | { ok: false; error: unknown };

/**
 * {@link Storage} on kysely: the same code for SQLite and PostgreSQL.
 *
 * Writes are serialised through one in-process queue (so event ids are strictly increasing in commit
 * order) and committed in groups: writes waiting behind a commit share the next transaction, each in
 * its own SAVEPOINT so one failing write does not undo the others. One commit (one fsync) per group
 * instead of per write is what makes concurrent submissions fast on PostgreSQL.
 */
export class KyselyStorage extends Queries implements Storage {
  private readonly queue: QueuedWrite[] = [];
  private draining = false;
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  /** LTI tables live in `lti/schema.ts`; the same connection, typed for them. */
  readonly lti: LtiStore;

  constructor(
    db: Kysely<Database>,
    readonly kind: Dialect,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    super(db);
    this.lti = new LtiStore(db as unknown as Kysely<LtiTables>);
  }

  write<T>(fn: (tx: StorageWriter) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) await this.commitGroup(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async commitGroup(batch: QueuedWrite[]): Promise<void> {
    const outcomes: Outcome[] = [];
    const grouped = batch.length > 1;
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const [index, item] of batch.entries()) {
          const tx = new Queries(trx);
          if (grouped) await sql.raw(`savepoint w${index}`).execute(trx);
          try {
            const value = await item.fn(tx);
            const events = await tx.flushEvents();
            if (grouped) await sql.raw(`release savepoint w${index}`).execute(trx);
            outcomes.push({ ok: true, value, events });
          } catch (error) {
            if (!grouped) throw error;
            await sql.raw(`rollback to savepoint w${index}`).execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const [index, item] of batch.entries()) {
      const outcome = outcomes[index]!;
      if (!outcome.ok) {
        item.reject(outcome.error);
        continue;
      }
      for (const event of outcome.events) this.publish(event);
      item.resolve(outcome.value);
    }
  }

  private publish(event: StoredEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a broken subscriber must not break the writer
      }
    }
  }

  override emit(): void {
    throw new Error('emit() is only available inside storage.write()');
  }

  async putIdempotency(record: IdempotencyRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('idempotency_keys')
      .values({
        principal: record.principal,
        key: record.key,
        route: record.route,
        body_hash: record.bodyHash,
        status: record.status,
        response: record.response,
        created_at: record.createdAt,
      })
      .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  onEvent(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async prune(before: string): Promise<void> {
    await this.db.deleteFrom('event_log').where('at', '<', before).execute();
    await this.db.deleteFrom('idempotency_keys').where('created_at', '<', before).execute();
    await this.db.deleteFrom('livekit_webhook_events').where('received_at', '<', before).execute();
    await this.db
      .deleteFrom('webhook_deliveries')
      .where('status', '!=', 'pending')
      .where('updated_at', '<', before)
      .execute();
  }

  async check(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.db.destroy();
    await this.onClose();
  }
}
