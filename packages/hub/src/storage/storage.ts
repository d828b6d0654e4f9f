import type {
  AgendaItem,
  AttendanceInterval,
  Case,
  CaseStatus,
  CaseTemplate,
  EchoEvent,
  EchoEventType,
  Page,
  Program,
  Recommendation,
  Session,
  SessionStatus,
} from '@teleecho/sdk';

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
}

/** The hub's state: one interface, SQLite or PostgreSQL behind it. */
export interface Storage extends StorageReader {
  readonly kind: StorageKind;
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
