/**
 * The hub API v1 data model, shared by the SDK, the elements and the reference hub.
 * Field names are the JSON wire names.
 * @packageDocumentation
 */

import type { CaseStatus, RecommendationCategory, Role } from './contract.js';

// The vocabulary (roles, statuses, categories, error codes, capabilities) lives in the contract module.
export type { CaseStatus, RecommendationCategory, Role } from './contract.js';
export { ROLES } from './contract.js';

/** How attendance turns into CME credit for a programme. */
export interface CreditRule {
  /** Credits (hours) granted per attended session. */
  creditsPerSession: number;
  /** Minimum share (0–1) of the scheduled time a participant must attend. Default 0.75. */
  minimumShare: number;
  /** Credit type printed on certificates, e.g. "AMA PRA Category 1 Credit™". */
  creditType?: string;
  /** Optional post-session evaluation (a case-template id holding a FHIR Questionnaire). */
  evaluationTemplateId?: string;
}

/** A teleECHO programme: one hub team, one specialty, a weekly series of sessions. */
export interface Program {
  id: string;
  name: string;
  specialty: string;
  /** BCP 47 language tag, e.g. "en", "es", "pt-BR". */
  language: string;
  creditRule: CreditRule;
  /**
   * The programme's de-identification policy (JSON), applied on the EHR side before a case leaves; absent means
   * HIPAA Safe Harbor defaults. Pass it to `deidentify()` from `@teleecho/sdk`.
   */
  deidentificationPolicy?: ProgramDeidentificationPolicy;
  createdAt: string;
}

/**
 * The part of a de-identification policy a programme may keep on the hub: everything but the secrets and
 * per-case values (`idKey`, `referenceDate`, `fullUrlBase`), which stay on the EHR side.
 */
export interface ProgramDeidentificationPolicy {
  /** Name recorded in every report, e.g. "safe-harbor-hcv-echo". */
  name: string;
  /** Keep the first three ZIP digits (default true); false removes postal codes. */
  keepZip3?: boolean;
  /** 3-digit ZIP areas that become "000" (default: HHS's restricted list). */
  restrictedZip3?: string[];
  /** Narrative: "scrub" (default) keeps the text with identifiers redacted; "remove" drops it. */
  narrative?: 'scrub' | 'remove';
  /** Extension URLs removed outright. */
  removeExtensions?: string[];
  /** More strings to redact from all free text (a clinic's name, a small town…). */
  extraIdentifiers?: string[];
  /** Largest accepted input, in resources. */
  maxResources?: number;
  /**
   * Additions to the de-identification allow-list (e.g. US Core race and ethnicity for a health-equity programme).
   * Nothing that is a Safe Harbor identifier can be added: the hub refuses such a policy (422 `invalid_policy`).
   */
  allow?: {
    /** More elements per resource type, each with its rule (`"CodeableConcept"`, `"code"`, `"date"`…). */
    elements?: Record<string, Record<string, string>>;
    /** More extensions to keep: URL, allowed `value[x]` types, nested extensions. */
    extensions?: ProgramAllowedExtension[];
  };
}

/** An extension a programme's policy keeps (see {@link ProgramDeidentificationPolicy.allow}). */
export interface ProgramAllowedExtension {
  url: string;
  /** Allowed `value[x]` element names, e.g. `["valueCoding"]`. */
  values?: string[];
  /** Allowed nested extensions. */
  extensions?: ProgramAllowedExtension[];
}

/** Status of a session. */
export type SessionStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';

/** One scheduled teleECHO session (or a recurring series' first occurrence). */
export interface Session {
  id: string;
  programId: string;
  title: string;
  /** The didactic topic. */
  topic: string;
  /** ISO 8601 date-time (UTC). */
  startsAt: string;
  durationMinutes: number;
  /** Optional RFC 5545 RRULE, e.g. "FREQ=WEEKLY;BYDAY=TH;COUNT=12". */
  recurrence?: string;
  status: SessionStatus;
  /**
   * When a facilitator opened the room before its join window (`POST /v1/sessions/:id/open`), or when an ad-hoc
   * session started (ISO 8601). From then on everyone allowed may join.
   */
  openedAt?: string;
  /** Who opened the room early or started the ad-hoc session (audit). */
  openedBy?: SessionOpener;
  /** Started now without a schedule (`POST /v1/programs/:id/sessions/ad-hoc`). */
  adHoc?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Who opened a session's room early or started an ad-hoc session. */
export interface SessionOpener {
  /**
   * `token`: a person with an embed token (`id` is its `sub`); `api_key`: a host backend (`id` is the key id);
   * `cli`: `teleecho session` on the hub's own machine.
   */
  via: 'token' | 'api_key' | 'cli';
  id: string;
  /** Display name (the token's `name`). */
  name: string;
  /** The person's role, for `token`. */
  role?: Role;
}

/**
 * When a session's room can be joined: from 30 minutes before `startsAt` (or from `openedAt`, when a facilitator
 * opened it early) until 30 minutes after the scheduled end. As the hub saw it when it answered.
 */
export interface SessionJoinWindow {
  /** Whether joining is possible now. */
  open: boolean;
  /** When joining opens (ISO 8601); in the past once it is open. */
  opensAt: string;
  /** When joining closes (ISO 8601), unless the session is `live`. */
  closesAt: string;
  /** Why it is closed: not open yet, over (time), or ended / cancelled. */
  reason?: 'not_yet_open' | 'over' | 'ended' | 'cancelled';
}

/** A session with its agenda (the cases scheduled into it, in order). */
export interface SessionWithAgenda extends Session {
  agenda: AgendaItem[];
  /** When its room can be joined (absent from hubs older than early opening). */
  joinWindow?: SessionJoinWindow;
}

/** A case on a session's agenda. */
export interface AgendaItem {
  caseId: string;
  title: string;
  status: CaseStatus;
  position: number;
}

/** A case template: a FHIR R4 Questionnaire owned by a programme. */
export interface CaseTemplate {
  id: string;
  programId: string;
  title: string;
  /** Template version, incremented on every update. */
  version: number;
  /** The FHIR R4 `Questionnaire` resource. */
  questionnaire: FhirResource;
  createdAt: string;
  updatedAt: string;
}

/** A minimal FHIR resource shape. */
export interface FhirResource {
  resourceType: string;
  id?: string;
  [key: string]: unknown;
}

/** One change made by de-identification, shown to the presenter and stored with the case. */
export interface DeidentificationChange {
  /** Path of the changed element, e.g. "Patient.birthDate". */
  path: string;
  /** Safe Harbor identifier kind, e.g. "names", "dates", "phone". */
  kind: string;
  /**
   * What was done: `removed` (a Safe Harbor identifier taken out), `generalized` (a date cut to its year, a ZIP to
   * three digits), `redacted` (identifiers replaced inside text, ids hashed), or `dropped` (not on the allow-list).
   */
  action: 'removed' | 'generalized' | 'redacted' | 'dropped';
  /** The value that left (never the original). */
  replacement?: string;
  /**
   * Why an element was dropped: `not-allowed` (off the allow-list), `free-text` (free text the case template did not
   * ask for), `attachment` (attachments never leave), `modifier-extension` (a resource with an unknown modifier).
   */
  reason?: 'not-allowed' | 'free-text' | 'attachment' | 'modifier-extension';
}

/** The de-identification report that accompanies every case. */
export interface DeidentificationReport {
  policy: string;
  changes: DeidentificationChange[];
  [key: string]: unknown;
}

/** A case presented to the hub. */
export interface Case {
  id: string;
  programId: string;
  templateId: string;
  /** The presenter's user id (the embed token's `sub`). */
  presenterId: string;
  presenterName: string;
  /** Short title shown in queues and agendas. */
  title: string;
  status: CaseStatus;
  /** The FHIR R4 `QuestionnaireResponse`. */
  response: FhirResource;
  deidentification: DeidentificationReport;
  /** Set when the case is scheduled. */
  sessionId?: string;
  /** Reason given when the case was returned to the presenter. */
  returnReason?: string;
  /** The original case when this one is a follow-up. */
  followUpOf?: string;
  createdAt: string;
  updatedAt: string;
}

/** Status of a recommendation. */
export type RecommendationStatus = 'draft' | 'issued';

/** An earlier version of an amended recommendation. */
export interface RecommendationRevision {
  version: number;
  body: string;
  category?: RecommendationCategory;
  followUp?: string;
  /** When this version was replaced. */
  replacedAt: string;
  replacedBy: string;
}

/** The presenter's acknowledgement of a recommendation. */
export interface RecommendationAcknowledgement {
  /** When it was acknowledged (ISO 8601). */
  at: string;
  /** User id of the presenter who acknowledged. */
  by: string;
  /** Optional reply to the hub team. */
  reply?: string;
  /** The recommendation version that was acknowledged (an amendment needs a new acknowledgement). */
  version: number;
}

/** A written recommendation from the hub team about a case. */
export interface Recommendation {
  id: string;
  caseId: string;
  programId: string;
  /** 1, 2, 3… in issue order within a case; absent while draft. */
  number?: number;
  authorId: string;
  authorName: string;
  body: string;
  category?: RecommendationCategory;
  /** Suggested follow-up date (YYYY-MM-DD). */
  followUp?: string;
  status: RecommendationStatus;
  /** Starts at 1; each amendment after issue adds one. */
  version: number;
  issuedAt?: string;
  amendedAt?: string;
  /** Earlier versions, oldest first. */
  history: RecommendationRevision[];
  acknowledgement?: RecommendationAcknowledgement;
  createdAt: string;
  updatedAt: string;
}

/** Live event types streamed by `GET /v1/events`. */
export type EchoEventType =
  | 'case.submitted'
  | 'case.updated'
  | 'recommendation.issued'
  | 'recommendation.amended'
  | 'recommendation.acknowledged'
  | 'session.updated'
  | 'session.opened'
  | 'session.started'
  | 'session.ended'
  | 'attendance.updated';

/** One live event. `id` is strictly increasing across the hub's event log. */
export interface EchoEvent<T = unknown> {
  id: string;
  type: EchoEventType;
  programId: string;
  caseId?: string;
  sessionId?: string;
  /** ISO 8601 time the event was recorded. */
  at: string;
  data: T;
}

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/** RFC 9457 problem details, as every hub error is returned. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** Stable machine-readable code, e.g. "token_expired". */
  code: string;
  detail?: string;
  instance?: string;
  /** Field-level validation errors (the hub lists at most the first 10). */
  errors?: { path: string; message: string }[];
  /**
   * How many field errors there were in all, with `errors` (validation problems): more than `errors.length` when the
   * hub capped the list, e.g. one entry per element of a 100,000-element array becomes 10 entries and this count.
   */
  errorCount?: number;
}

/** Claims carried by an embed token (ARCHITECTURE.md §4). */
export interface EmbedTokenClaims {
  sub: string;
  name: string;
  role: Role;
  prg: string;
  ses?: string;
  case?: string;
  aud: 'teleecho-hub';
  iss: string;
  iat: number;
  exp: number;
}

// ---------------------------------------------------------------------------------------------
// Request bodies and small responses of the hub API v1.
// ---------------------------------------------------------------------------------------------

/** `GET /healthz` answer. */
export interface HealthStatus {
  /** `"ok"` when the hub and its storage work. */
  status: string;
  /** Storage engine and its state, e.g. `"sqlite"` / `"postgres"`, or an object with details. */
  storage: unknown;
  /** Hub version. */
  version: string;
}

/** Body of `POST /v1/embed-tokens` (secret API key only). */
export interface CreateEmbedTokenInput {
  /** The host's user: a stable id and a display name. */
  user: { id: string; name: string };
  role: Role;
  programId: string;
  /** Narrow the token to one session. */
  sessionId?: string;
  /** Narrow the token to one case. */
  caseId?: string;
  /** Lifetime in seconds; default 900, at most 7200. */
  ttlSeconds?: number;
}

/** Answer of `POST /v1/embed-tokens`. */
export interface EmbedTokenResult {
  token: string;
  /** ISO 8601 expiry time. */
  expiresAt: string;
}

/** Body of `POST /v1/programs`. */
export interface CreateProgramInput {
  name: string;
  specialty: string;
  /** BCP 47 language tag; default "en". */
  language?: string;
  creditRule?: Partial<CreditRule>;
  deidentificationPolicy?: ProgramDeidentificationPolicy;
}

/** Body of `PATCH /v1/programs/:id` (`deidentificationPolicy: null` returns to Safe Harbor defaults). */
export type UpdateProgramInput = Partial<Omit<CreateProgramInput, 'deidentificationPolicy'>> & {
  deidentificationPolicy?: ProgramDeidentificationPolicy | null;
};

/** Query of `GET /v1/programs`. */
export interface ListOptions {
  /** Page size. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** Query of `GET /v1/programs/:id/sessions`. */
export interface ListSessionsOptions extends ListOptions {
  /** Sessions starting at or after this ISO 8601 time. */
  from?: string;
  /** Sessions starting before this ISO 8601 time. */
  to?: string;
  status?: SessionStatus;
}

/** Body of `POST /v1/programs/:id/sessions`. */
export interface CreateSessionInput {
  title: string;
  topic: string;
  /** ISO 8601 date-time. */
  startsAt: string;
  durationMinutes: number;
  /** RFC 5545 RRULE, e.g. "FREQ=WEEKLY;BYDAY=TH;COUNT=12". */
  recurrence?: string;
}

/** Body of `POST /v1/programs/:id/sessions/ad-hoc`: a session that starts now, its room open at once. */
export interface StartSessionNowInput {
  title: string;
  /** The didactic topic or the consult's subject; default none. */
  topic?: string;
  /** Default 60. */
  durationMinutes?: number;
}

/** Body of `PATCH /v1/sessions/:id`. */
export interface UpdateSessionInput extends Partial<CreateSessionInput> {
  status?: SessionStatus;
}

/** Body of `POST /v1/programs/:id/case-templates`. */
export interface CreateCaseTemplateInput {
  title: string;
  /** A FHIR R4 `Questionnaire`. */
  questionnaire: FhirResource;
}

/** Body of `PUT /v1/programs/:id/case-templates/:templateId`. */
export type UpdateCaseTemplateInput = Partial<CreateCaseTemplateInput>;

/** Query of `GET /v1/cases`. */
export interface ListCasesOptions extends ListOptions {
  programId?: string;
  status?: CaseStatus;
  sessionId?: string;
}

/** Body of `POST /v1/cases`. */
export interface SubmitCaseInput {
  programId: string;
  templateId: string;
  /** The de-identified FHIR R4 `QuestionnaireResponse`. */
  response: FhirResource;
  /** The de-identification report shown to the presenter. */
  deidentification: DeidentificationReport;
  title?: string;
  /** Id of the case this one follows up. */
  followUpOf?: string;
}

/** Body of `PATCH /v1/cases/:id`: a lifecycle transition, optionally with edits (when returned). */
export interface CaseTransitionInput {
  status: CaseStatus;
  /** The session whose agenda the case joins (with `status: "scheduled"`). */
  sessionId?: string;
  /** With `status: "scheduled"`: 1-based place on the agenda (default: last); later cases move down one. */
  position?: number;
  /** Why the case is returned to the presenter (with `status: "returned"`). */
  reason?: string;
  response?: FhirResource;
  deidentification?: DeidentificationReport;
  title?: string;
}

/** Body of `POST /v1/cases/:id/recommendations` (creates a draft). */
export interface CreateRecommendationInput {
  body: string;
  category?: RecommendationCategory;
  /** Suggested follow-up date (YYYY-MM-DD). */
  followUp?: string;
}

/** Body of `PATCH /v1/recommendations/:id`: edit a draft, issue it, or amend it once issued. */
export interface UpdateRecommendationInput extends Partial<CreateRecommendationInput> {
  status?: RecommendationStatus;
}

/** Body of `POST /v1/recommendations/:id/acknowledge`. */
export interface AcknowledgeRecommendationInput {
  /** An optional reply from the presenter. */
  reply?: string;
}

/** Result of `POST /v1/sessions/:id/join`: what a LiveKit client needs to connect. */
export interface JoinSessionResult {
  /** LiveKit WebSocket URL. */
  url: string;
  /** LiveKit access token (short-lived: only for connecting) with grants by role. */
  token: string;
  /** The participant identity in the room (the token's `sub`). */
  identity: string;
  /** Room name (the session id). */
  room: string;
  /** The caller's role in the session. */
  role: Role;
  /** ISO 8601 expiry of `token`. */
  expiresAt: string;
}

/** Moderation actions of `POST /v1/sessions/:id/moderation` (facilitators and coordinators). */
export type ModerationAction = 'mute' | 'end';

/** Body of `POST /v1/sessions/:id/moderation`. */
export interface ModerationInput {
  /** `mute`: mutes the microphone of `identity`; `end`: ends the session for everyone. */
  action: ModerationAction;
  /** The participant (LiveKit identity) to act on; required for `mute`. */
  identity?: string;
}

/** One join-to-leave interval of a person in a session, from LiveKit webhooks. */
export interface AttendanceInterval {
  id: string;
  sessionId: string;
  userId: string;
  userName: string;
  role: string;
  joinedAt: string;
  /** Absent while the person is still in the room. */
  leftAt?: string;
}

/** One person's attendance of a session. */
export interface AttendancePerson {
  userId: string;
  userName: string;
  role: string;
  /** Minutes inside the scheduled window, overlapping intervals (two tabs, reconnects) counted once. */
  minutes: number;
  /** Whether the person is in the room now. */
  present: boolean;
  intervals: AttendanceInterval[];
}

/** Result of `GET /v1/sessions/:id/attendance` (coordinators and API keys see everyone; others themselves). */
export interface AttendanceReport {
  sessionId: string;
  scheduledStart: string;
  scheduledEnd: string;
  people: AttendancePerson[];
}

/**
 * Why CME credit is not (yet) granted for a session:
 * `session_not_ended` (below the minimum so far, still running), `below_minimum` (over, share too low),
 * `evaluation_pending` (attendance met, the programme's evaluation not submitted), `session_cancelled`.
 */
export type CreditReason = 'session_not_ended' | 'below_minimum' | 'evaluation_pending' | 'session_cancelled';

/** One person's credit for one session under the programme's {@link CreditRule}. */
export interface CreditStatus {
  /** Minutes attended inside the scheduled window, overlaps counted once, rounded to 0.1. */
  attendedMinutes: number;
  scheduledMinutes: number;
  /** attended / scheduled (0–1), rounded to 0.001. */
  share: number;
  /** Whether the attendance part of the rule is met (the evaluation may still be pending). */
  attendanceMet: boolean;
  /** Whether the programme asks for a post-session evaluation. */
  evaluationRequired: boolean;
  eligible: boolean;
  /** Credits granted (0 unless eligible). */
  credits: number;
  /** Why not eligible; absent when eligible. */
  reason?: CreditReason;
}

/** One row of a CME transcript: a session the person attended. */
export interface TranscriptEntry {
  sessionId: string;
  /** The session's scheduled start (ISO 8601, UTC). */
  date: string;
  title: string;
  topic: string;
  scheduledMinutes: number;
  attendedMinutes: number;
  share: number;
  credits: number;
  creditType?: string;
  eligible: boolean;
  reason?: CreditReason;
  /** Whether the person submitted the programme's evaluation for this session. */
  evaluationSubmitted: boolean;
  /** Code of the per-session certificate, once one was issued. */
  certificateCode?: string;
}

/** Result of `GET /v1/programs/:id/transcript` (also as CSV with `Accept: text/csv` or `?format=csv`). */
export interface Transcript {
  programId: string;
  programName: string;
  userId: string;
  userName: string;
  creditType?: string;
  /** The requested period (ISO), when given. */
  from?: string;
  to?: string;
  /** Sum of `credits` over the entries. */
  totalCredits: number;
  entries: TranscriptEntry[];
  generatedAt: string;
}

/** Query of `GET /v1/programs/:id/transcript`. */
export interface TranscriptQuery {
  /** Whose transcript (coordinators; others get their own). Default: the caller. */
  user?: string;
  /** Sessions starting at or after this ISO time. */
  from?: string;
  /** Sessions starting before this ISO time. */
  to?: string;
}

/** A session counted on a certificate. */
export interface CertificateSession {
  sessionId: string;
  title: string;
  topic: string;
  date: string;
  attendedMinutes: number;
  credits: number;
}

/** A CME certificate as issued (per session or per period), JSON form of the PDF. */
export interface Certificate {
  /** Verification code, e.g. "7KQ2M-9XDTR-4HB6C-PW3ZN" (100 random bits). */
  code: string;
  scope: 'session' | 'period';
  programId: string;
  programName: string;
  userId: string;
  userName: string;
  creditType?: string;
  /** Total credits. */
  credits: number;
  /** Hours attended (attended minutes / 60, rounded to 0.01). */
  hours: number;
  /** First and last session date (ISO). */
  from: string;
  to: string;
  sessions: CertificateSession[];
  issuedAt: string;
  /** Where anyone can check the code (`GET /v1/certificates/:code`). */
  verificationUrl: string;
}

/** Public answer of `GET /v1/certificates/:code` (no authentication). */
export interface CertificateVerification {
  code: string;
  valid: true;
  participantName: string;
  programName: string;
  creditType?: string;
  credits: number;
  hours: number;
  from: string;
  to: string;
  sessions: { title: string; date: string; credits: number }[];
  issuedAt: string;
}

/** `GET /v1/sessions/:id/evaluation`: the programme's evaluation for a session and the caller's state. */
export interface EvaluationStatus {
  sessionId: string;
  templateId: string;
  /** The FHIR R4 `Questionnaire` to answer. */
  questionnaire: FhirResource;
  submitted: boolean;
  submittedAt?: string;
  /** The submitted `QuestionnaireResponse`. */
  response?: FhirResource;
  /** The caller's credit for the session, evaluation included. */
  credit: CreditStatus;
}

/** `GET /v1/programs/:id/calendar-link`: a subscribable iCalendar URL ("anyone with the link" can read it). */
export interface CalendarLink {
  /** `https://…/v1/programs/:id/calendar.ics?token=…` (add `&user=…` for a personal feed). */
  url: string;
  /** `webcal://` form of the same URL (opens the calendar app's subscribe dialog). */
  webcalUrl: string;
  scope: 'program' | 'personal';
  createdAt: string;
}
