/**
 * Response schemas of the hub API v1: what each route answers, for serialisation and the OpenAPI document. Each
 * mirrors a type of `@teleecho/sdk` field for field (`responses.test.ts` fails to compile when one gains or loses a
 * field the other lacks). Objects allow further properties, so a field the hub adds before the schema does is still
 * sent rather than silently dropped.
 * @packageDocumentation
 */
import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import { CaseStatusSchema, CategorySchema, FhirResourceSchema, RoleSchema, SessionStatusSchema } from './schemas.js';

/** An object of the wire model: the named fields, and any further ones passed through. */
const Resource = <T extends TProperties>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: true, ...(description && { description }) });

const Str = Type.String();
const Num = Type.Number();
const Int = Type.Integer();
const Bool = Type.Boolean();
const Opt = Type.Optional;
const DateTime = Type.String({ description: 'ISO 8601 date-time' });

/** One page of a cursor-paginated list. */
export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Opt(Type.String({ description: 'Pass as `cursor` for the next page; absent on the last page' })),
  });

/** `{ items: [...] }` without paging. */
export const ItemsOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

/** RFC 9457 problem details, as every error is answered (`application/problem+json`). */
export const ProblemSchema = Resource(
  {
    type: Str,
    title: Str,
    status: Int,
    code: Str,
    detail: Opt(Str),
    instance: Opt(Str),
    errors: Opt(Type.Array(Type.Object({ path: Str, message: Str }))),
    errorCount: Opt(Int),
    requestId: Opt(Type.String({ description: 'The request id, as in X-Request-Id and the hub log' })),
  },
  'RFC 9457 problem details with a stable `code`',
);

/** A route's answers: `status` with `schema`, and problem details for 4xx and 5xx. */
export const answers = <const N extends number, T extends TSchema>(status: N, schema: T) =>
  ({ [status]: schema, '4xx': ProblemSchema, '5xx': ProblemSchema }) as { [K in N]: T } & {
    '4xx': typeof ProblemSchema;
    '5xx': typeof ProblemSchema;
  };

export const HealthSchema = Type.Object({ status: Str, storage: Type.Unknown(), version: Str });

export const EmbedTokenResultSchema = Type.Object({ token: Str, expiresAt: DateTime });

export const CreditRuleResponseSchema = Resource({
  creditsPerSession: Num,
  minimumShare: Num,
  creditType: Opt(Str),
  evaluationTemplateId: Opt(Str),
});

export const ProgramSchema = Resource({
  id: Str,
  name: Str,
  specialty: Str,
  language: Str,
  creditRule: CreditRuleResponseSchema,
  deidentificationPolicy: Opt(Resource({ name: Str }, 'The programme’s de-identification policy (JSON)')),
  createdAt: DateTime,
});

const SessionOpenerSchema = Resource({
  via: Type.Union([Type.Literal('token'), Type.Literal('api_key'), Type.Literal('cli')]),
  id: Str,
  name: Str,
  role: Opt(RoleSchema),
});

const sessionFields = {
  id: Str,
  programId: Str,
  title: Str,
  topic: Str,
  startsAt: DateTime,
  durationMinutes: Int,
  recurrence: Opt(Str),
  status: SessionStatusSchema,
  openedAt: Opt(DateTime),
  openedBy: Opt(SessionOpenerSchema),
  adHoc: Opt(Bool),
  createdAt: DateTime,
  updatedAt: DateTime,
};

export const SessionSchema = Resource(sessionFields);

const JoinWindowSchema = Resource({
  open: Bool,
  opensAt: DateTime,
  closesAt: DateTime,
  reason: Opt(
    Type.Union([Type.Literal('not_yet_open'), Type.Literal('over'), Type.Literal('ended'), Type.Literal('cancelled')]),
  ),
});

const AgendaItemSchema = Resource({ caseId: Str, title: Str, status: CaseStatusSchema, position: Int });

export const SessionWithAgendaSchema = Resource({
  ...sessionFields,
  agenda: Type.Array(AgendaItemSchema),
  joinWindow: Opt(JoinWindowSchema),
});

export const CaseTemplateSchema = Resource({
  id: Str,
  programId: Str,
  title: Str,
  version: Int,
  questionnaire: FhirResourceSchema,
  createdAt: DateTime,
  updatedAt: DateTime,
});

const DeidentificationReportSchema = Resource({
  policy: Str,
  changes: Type.Array(Resource({ path: Str, kind: Str, action: Str, replacement: Opt(Str), reason: Opt(Str) })),
});

export const CaseSchema = Resource({
  id: Str,
  programId: Str,
  templateId: Str,
  presenterId: Str,
  presenterName: Str,
  title: Str,
  status: CaseStatusSchema,
  response: FhirResourceSchema,
  deidentification: DeidentificationReportSchema,
  sessionId: Opt(Str),
  returnReason: Opt(Str),
  followUpOf: Opt(Str),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const AcknowledgementSchema = Resource({ at: DateTime, by: Str, reply: Opt(Str), version: Int });

export const RecommendationSchema = Resource({
  id: Str,
  caseId: Str,
  programId: Str,
  number: Opt(Int),
  authorId: Str,
  authorName: Str,
  body: Str,
  category: Opt(CategorySchema),
  followUp: Opt(Str),
  status: Type.Union([Type.Literal('draft'), Type.Literal('issued')]),
  version: Int,
  issuedAt: Opt(DateTime),
  amendedAt: Opt(DateTime),
  history: Type.Array(
    Resource({
      version: Int,
      body: Str,
      category: Opt(CategorySchema),
      followUp: Opt(Str),
      replacedAt: DateTime,
      replacedBy: Str,
    }),
  ),
  acknowledgement: Opt(AcknowledgementSchema),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const JoinSessionResultSchema = Resource({
  url: Str,
  token: Str,
  identity: Str,
  room: Str,
  role: RoleSchema,
  expiresAt: DateTime,
});

export const ModerationResultSchema = Resource({
  action: Type.Union([Type.Literal('mute'), Type.Literal('end')]),
  identity: Opt(Str),
  muted: Opt(Int),
});

export const WebhookOutcomeSchema = Resource({ event: Str, applied: Bool, ignored: Opt(Str) });

const AttendanceIntervalSchema = Resource({
  id: Str,
  sessionId: Str,
  userId: Str,
  userName: Str,
  role: Str,
  joinedAt: DateTime,
  leftAt: Opt(DateTime),
});

export const AttendanceReportSchema = Resource({
  sessionId: Str,
  scheduledStart: DateTime,
  scheduledEnd: DateTime,
  people: Type.Array(
    Resource({
      userId: Str,
      userName: Str,
      role: Str,
      minutes: Num,
      present: Bool,
      intervals: Type.Array(AttendanceIntervalSchema),
    }),
  ),
});

const CreditReasonSchema = Type.Union([
  Type.Literal('session_not_ended'),
  Type.Literal('below_minimum'),
  Type.Literal('evaluation_pending'),
  Type.Literal('session_cancelled'),
]);

const CreditStatusSchema = Resource({
  attendedMinutes: Num,
  scheduledMinutes: Num,
  share: Num,
  attendanceMet: Bool,
  evaluationRequired: Bool,
  eligible: Bool,
  credits: Num,
  reason: Opt(CreditReasonSchema),
});

export const TranscriptSchema = Resource({
  programId: Str,
  programName: Str,
  userId: Str,
  userName: Str,
  creditType: Opt(Str),
  from: Opt(Str),
  to: Opt(Str),
  totalCredits: Num,
  entries: Type.Array(
    Resource({
      sessionId: Str,
      date: DateTime,
      title: Str,
      topic: Str,
      scheduledMinutes: Num,
      attendedMinutes: Num,
      share: Num,
      credits: Num,
      creditType: Opt(Str),
      eligible: Bool,
      reason: Opt(CreditReasonSchema),
      evaluationSubmitted: Bool,
      certificateCode: Opt(Str),
    }),
  ),
  generatedAt: DateTime,
});

export const CertificateSchema = Resource({
  code: Str,
  scope: Type.Union([Type.Literal('session'), Type.Literal('period')]),
  programId: Str,
  programName: Str,
  userId: Str,
  userName: Str,
  creditType: Opt(Str),
  credits: Num,
  hours: Num,
  from: Str,
  to: Str,
  sessions: Type.Array(
    Resource({ sessionId: Str, title: Str, topic: Str, date: Str, attendedMinutes: Num, credits: Num }),
  ),
  issuedAt: DateTime,
  verificationUrl: Str,
});

export const CertificateVerificationSchema = Resource({
  code: Str,
  valid: Type.Literal(true),
  participantName: Str,
  programName: Str,
  creditType: Opt(Str),
  credits: Num,
  hours: Num,
  from: Str,
  to: Str,
  sessions: Type.Array(Resource({ title: Str, date: Str, credits: Num })),
  issuedAt: DateTime,
});

export const EvaluationStatusSchema = Resource({
  sessionId: Str,
  templateId: Str,
  questionnaire: FhirResourceSchema,
  submitted: Bool,
  submittedAt: Opt(DateTime),
  response: Opt(FhirResourceSchema),
  credit: CreditStatusSchema,
});

export const CalendarLinkSchema = Resource({
  url: Str,
  webcalUrl: Str,
  scope: Type.Union([Type.Literal('program'), Type.Literal('personal')]),
  createdAt: DateTime,
});

/** A PDF, CSV, iCalendar or HTML answer (not JSON): described for OpenAPI, never serialised by schema. */
export const binary = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: Type.String({ format: 'binary' }) } },
});

/** Answers with no body (204). */
export const NoContent = Type.Null({ description: 'No content' });
