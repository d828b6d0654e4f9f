import type {
  AgendaItem,
  AttendanceInterval,
  Case,
  CaseStatus,
  CaseTemplate,
  Certificate,
  EchoEvent,
  EchoEventType,
  FhirResource,
  Page,
  Program,
  Recommendation,
  Session,
  SessionStatus,
} from '@teleecho/sdk';
import type { LtiStore } from '../lti/store.js';

/** Which engine holds the hub's state. */
export type StorageKind = 'sqlite' | 'postgres';

/** A stored secret API key (the secret itself is never stored). */
/** One join-to-leave interval of a person in a session (filled from LiveKit webhooks). */
export interface NewAttendanceInterval {
  id: string;
  sessionId: string;
  programId: string;
  userId: string;
  userName: string;
  role: string;
  joinedAt: string;
  leftAt?: string;
}

export interface ApiKeyRecord {
  id: string;
  /** Hex sha256 of the secret part. */
  secretHash: string;
  /** HS256 key that verifies embed tokens minted with this key. */
  tokenKey: Uint8Array;
  /** Origins allowed to call the hub with this key's tokens; `["*"]` means any. */
  allowedOrigins: string[];
  createdAt: string;
  revokedAt?: string;
  /** Host webhook URL: recommendation events of cases whose presenter's token this key minted are POSTed there. */
  webhookUrl?: string;
  /** Signing secret of the host webhook (`whsec_…`). */
  webhookSecret?: string;
}

/** State of a host webhook delivery. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One host webhook delivery (the persisted outbox row). */
export interface WebhookDeliveryRecord {
  /** `whd_…`: the payload's `id` and the `TeleECHO-Delivery` header. */
  id: string;
  apiKeyId: string;
  caseId: string;
  eventType: string;
  /** The JSON body, fixed at enqueue time (the same bytes on every attempt). */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** When the next attempt is due (pending only). */
  nextAttemptAt?: string;
  /** HTTP status of the last attempt. */
  lastStatus?: number;
  /** Network error or response summary of the last failed attempt. */
  lastError?: string;
  createdAt: string;
  updatedAt: string;
  deliveredAt?: string;
}

/** An event to append to the log. */
export interface NewEvent {
  type: EchoEventType;
  programId: string;
  caseId?: string;
  sessionId?: string;
  /** The presenter of the case the event is about (for visibility). */
  presenterId?: string;
  data: unknown;
}

/** An event as stored, with what visibility rules need. */
export interface StoredEvent extends EchoEvent {
  presenterId?: string;
}

/** One stored idempotent response. */
export interface IdempotencyRecord {
  principal: string;
  key: string;
  route: string;
  bodyHash: string;
  status: number;
  response: string;
  createdAt: string;
}

/** Paging input: `limit` 1–100 and an opaque cursor from a previous page. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** Filters of {@link StorageReader.listSessions}. */
export interface SessionFilter {
  programId: string;
  from?: string;
  to?: string;
  status?: SessionStatus;
  /** Only this session (token narrowed by `ses`). */
  sessionId?: string;
}

/** Filters of {@link StorageReader.listCases}. Every set field narrows the result. */
export interface CaseFilter {
  programId?: string;
  status?: CaseStatus;
  sessionId?: string;
  presenterId?: string;
  caseId?: string;
  /** Only cases presented in sessions this user attended (participants). */
  attendedBy?: string;
}

/** Read access to the hub's state. */
export interface StorageReader {
  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  getProgram(id: string): Promise<Program | undefined>;
  findProgramByName(name: string): Promise<Program | undefined>;
  listPrograms(page: PageRequest, onlyId?: string): Promise<Page<Program>>;
  getTemplate(id: string): Promise<CaseTemplate | undefined>;
  listTemplates(programId: string): Promise<CaseTemplate[]>;
  getSession(id: string): Promise<Session | undefined>;
  listSessions(filter: SessionFilter, page: PageRequest): Promise<Page<Session>>;
  agenda(sessionId: string): Promise<AgendaItem[]>;
  getCase(id: string): Promise<Case | undefined>;
  listCases(filter: CaseFilter, page: PageRequest): Promise<Page<Case>>;
  getRecommendation(id: string): Promise<Recommendation | undefined>;
  listRecommendations(caseId: string): Promise<Recommendation[]>;
  /** Session ids this user has an attendance interval in. */
  attendedSessionIds(programId: string, userId: string): Promise<Set<string>>;
  /** One attendance interval by id. */
  getAttendance(id: string): Promise<AttendanceInterval | undefined>;
  /** Attendance intervals of a session (only this user's when `userId` is set), oldest first. */
  listAttendance(sessionId: string, userId?: string): Promise<AttendanceInterval[]>;
  /** Events with id > afterId, oldest first. */
  eventsAfter(afterId: number, limit: number, programId?: string): Promise<StoredEvent[]>;
  /** Id of the newest stored event (0 when none). */
  newestEventId(): Promise<number>;
  getIdempotency(principal: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Session id → calendar revision of a programme's sessions (iCalendar SEQUENCE; 006_cme). */
  sessionRevisions(programId: string): Promise<Map<string, number>>;
  /** Every attendance interval of a person in a programme, oldest first. */
  listUserAttendance(programId: string, userId: string): Promise<AttendanceInterval[]>;
  /** A CME certificate by verification code. */
  getCertificate(code: string): Promise<StoredCertificate | undefined>;
  /** A person's certificates in a programme (all scopes), oldest first. */
  listCertificates(programId: string, userId: string): Promise<StoredCertificate[]>;
  /** A person's evaluation of a session. */
  getEvaluation(sessionId: string, userId: string): Promise<StoredEvaluation | undefined>;
  /** Sessions of a programme a person submitted the evaluation of. */
  evaluatedSessionIds(programId: string, userId: string): Promise<Set<string>>;
  /** A calendar feed by token (revoked ones included: check `revokedAt`). */
  getCalendarFeed(token: string): Promise<CalendarFeedRecord | undefined>;
  /** The live (not revoked) feed of a programme (`userId` null) or of a person. */
  findCalendarFeed(programId: string, userId: string | null): Promise<CalendarFeedRecord | undefined>;
  /** `iss` of the token that submitted the case (an API key id or "teleecho-hub"), when recorded. */
  caseTokenIssuer(caseId: string): Promise<string | undefined>;
  getWebhookDelivery(id: string): Promise<WebhookDeliveryRecord | undefined>;
  /** Deliveries newest first, optionally of one status or API key. */
  listWebhookDeliveries(filter: {
    status?: WebhookDeliveryStatus;
    apiKeyId?: string;
    limit: number;
  }): Promise<WebhookDeliveryRecord[]>;
  /** Pending deliveries due at `now` (ISO), oldest due first. */
  dueWebhookDeliveries(now: string, limit: number): Promise<WebhookDeliveryRecord[]>;
  /** The earliest `nextAttemptAt` of pending deliveries. */
  nextWebhookAttemptAt(): Promise<string | undefined>;
}

/** Write access inside one serialised transaction (see {@link Storage.write}). */
export interface StorageWriter extends StorageReader {
  insertApiKey(key: ApiKeyRecord): Promise<void>;
  insertProgram(program: Program): Promise<void>;
  updateProgram(program: Program): Promise<void>;
  insertTemplate(template: CaseTemplate): Promise<void>;
  updateTemplate(template: CaseTemplate): Promise<void>;
  deleteTemplate(id: string): Promise<void>;
  insertSession(session: Session): Promise<void>;
  updateSession(session: Session): Promise<void>;
  insertCase(value: Case, agendaPosition?: number): Promise<void>;
  updateCase(value: Case, agendaPosition: number | null): Promise<void>;
  nextAgendaPosition(sessionId: string): Promise<number>;
  insertRecommendation(value: Recommendation): Promise<void>;
  updateRecommendation(value: Recommendation): Promise<void>;
  nextRecommendationNumber(caseId: string): Promise<number>;
  insertAttendance(interval: NewAttendanceInterval): Promise<void>;
  /** Sets `leftAt` of an open interval; false when it is unknown or already closed. */
  closeAttendance(id: string, leftAt: string): Promise<boolean>;
  /** Closes every open interval of a session; returns how many. */
  closeOpenAttendance(sessionId: string, leftAt: string): Promise<number>;
  /** Records a processed LiveKit webhook id; false when it was already recorded (a replay). */
  recordWebhookEvent(id: string, receivedAt: string): Promise<boolean>;
  /** Appends an event; it is written with the transaction and published after commit. */
  emit(event: NewEvent): void;
  /** Stores a CME certificate; false when (program, user, scope) already has one. */
  insertCertificate(certificate: StoredCertificate): Promise<boolean>;
  /** Stores an evaluation; false when the person already evaluated the session. */
  insertEvaluation(evaluation: StoredEvaluation): Promise<boolean>;
  insertCalendarFeed(feed: CalendarFeedRecord): Promise<void>;
  /** Revokes the live feed(s) of a programme (`userId` null) or of a person. */
  revokeCalendarFeeds(programId: string, userId: string | null, at: string): Promise<void>;
  /** Records the `iss` of the token that submitted a case. */
  setCaseTokenIssuer(caseId: string, issuer: string): Promise<void>;
  /** Sets (or with null clears) an API key's host webhook URL and signing secret. */
  setApiKeyWebhook(keyId: string, url: string | null, secret: string | null): Promise<void>;
  insertWebhookDelivery(delivery: WebhookDeliveryRecord): Promise<void>;
  updateWebhookDelivery(delivery: WebhookDeliveryRecord): Promise<void>;
  /**
   * Leases a pending delivery: moves `nextAttemptAt` from `expected` to `leaseUntil`; false when another
   * worker changed it first (so two hub processes never send the same attempt).
   */
  claimWebhookDelivery(id: string, expected: string, leaseUntil: string): Promise<boolean>;
}

/** The hub's state: one interface, SQLite or PostgreSQL behind it. */
export interface Storage extends StorageReader {
  readonly kind: StorageKind;
  /** State of the LTI 1.3 tool (platforms, login states, nonces, launches, score outbox). */
  readonly lti: LtiStore;
  /**
   * Runs `fn` in a transaction. Calls are serialised in process so event ids are strictly
   * increasing in commit order; emitted events are published to {@link Storage.onEvent} listeners after commit.
   */
  write<T>(fn: (tx: StorageWriter) => Promise<T>): Promise<T>;
  /** Stores an idempotent response; false when one already exists for (principal, key). */
  putIdempotency(record: IdempotencyRecord): Promise<boolean>;
  /** Subscribes to committed events; returns the unsubscribe function. */
  onEvent(listener: (event: StoredEvent) => void): () => void;
  /** Deletes events and idempotency records older than `before` (ISO). */
  prune(before: string): Promise<void>;
  /** Throws when the database does not answer. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** A CME certificate as stored (006_cme): the certificate as issued, without its URL (derived per request). */
export interface StoredCertificate {
  code: string;
  programId: string;
  userId: string;
  /** `session:<id>` or `period:<from>/<to>`. */
  scope: string;
  certificate: Omit<Certificate, 'verificationUrl'>;
  issuedAt: string;
}

/** A submitted post-session evaluation (006_cme). */
export interface StoredEvaluation {
  id: string;
  sessionId: string;
  programId: string;
  userId: string;
  userName: string;
  templateId: string;
  templateVersion: number;
  /** The FHIR `QuestionnaireResponse`. */
  response: FhirResource;
  submittedAt: string;
}

/** A calendar feed token (006_cme): a programme feed when `userId` is absent, else a personal feed. */
export interface CalendarFeedRecord {
  token: string;
  programId: string;
  userId?: string;
  userName?: string;
  /** The session the person's token was narrowed to when the feed was made (LTI links). */
  sessionId?: string;
  /** Join link template of the feed's events; `{sessionId}` is replaced by the session id. */
  joinUrl?: string;
  createdAt: string;
  revokedAt?: string;
}
