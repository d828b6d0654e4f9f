import type { Generated } from 'kysely';

/** Table types of the hub database (snake_case column names; JSON stored as text). */
export interface ApiKeyTable {
  id: string;
  secret_hash: string;
  token_key: string;
  allowed_origins: string;
  created_at: string;
  revoked_at: string | null;
  /** Host webhook URL (004_host_webhooks). */
  webhook_url: string | null;
  /** Host webhook signing secret `whsec_…`, stored as-is: HMAC needs it (004_host_webhooks). */
  webhook_secret: string | null;
}

export interface ProgramTable {
  id: string;
  name: string;
  specialty: string;
  language: string;
  credit_rule: string;
  /** JSON of the programme's de-identification policy; null = Safe Harbor defaults. */
  deid_policy: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseTemplateTable {
  id: string;
  program_id: string;
  title: string;
  version: number;
  questionnaire: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface SessionTable {
  id: string;
  program_id: string;
  title: string;
  topic: string;
  starts_at: string;
  duration_minutes: number;
  recurrence: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  /** When the room was opened early or the ad-hoc session started (008_session_opening). */
  opened_at: string | null;
  /** JSON of the `SessionOpener` (008_session_opening). */
  opened_by: string | null;
  /** 1 for a session started without a schedule (008_session_opening). */
  ad_hoc: number;
}

export interface CaseTable {
  id: string;
  program_id: string;
  template_id: string;
  presenter_id: string;
  presenter_name: string;
  title: string;
  status: string;
  response: string;
  deidentification: string;
  session_id: string | null;
  agenda_position: number | null;
  return_reason: string | null;
  follow_up_of: string | null;
  created_at: string;
  updated_at: string;
  /** `iss` of the presenter's token at submit (004_host_webhooks); written only by setCaseTokenIssuer. */
  token_issuer?: string | null;
}

export interface RecommendationTable {
  id: string;
  case_id: string;
  program_id: string;
  number: number | null;
  author_id: string;
  author_name: string;
  body: string;
  category: string | null;
  follow_up: string | null;
  status: string;
  version: number;
  issued_at: string | null;
  amended_at: string | null;
  history: string;
  acknowledgement: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventLogTable {
  id: Generated<number>;
  type: string;
  program_id: string;
  case_id: string | null;
  session_id: string | null;
  presenter_id: string | null;
  data: string;
  at: string;
}

export interface IdempotencyTable {
  principal: string;
  key: string;
  route: string;
  body_hash: string;
  status: number;
  response: string;
  created_at: string;
}

export interface AttendanceIntervalTable {
  id: string;
  session_id: string;
  program_id: string;
  user_id: string;
  user_name: string;
  role: string;
  joined_at: string;
  left_at: string | null;
}

export interface LiveKitWebhookEventTable {
  id: string;
  received_at: string;
}

/** An issued CME certificate (006_cme); `data` is the JSON of the certificate as issued. */
export interface CmeCertificateTable {
  code: string;
  program_id: string;
  user_id: string;
  /** `session:<id>` or `period:<from>/<to>`: one certificate per person and scope. */
  scope: string;
  data: string;
  issued_at: string;
}

/** A submitted post-session evaluation (006_cme). */
export interface CmeEvaluationTable {
  id: string;
  session_id: string;
  program_id: string;
  user_id: string;
  user_name: string;
  template_id: string;
  template_version: number;
  response: string;
  submitted_at: string;
}

/** A calendar feed token (006_cme): programme feed when `user_id` is null, else a personal feed. */
export interface CalendarFeedTable {
  token: string;
  program_id: string;
  user_id: string | null;
  user_name: string | null;
  session_id: string | null;
  join_url: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** One host webhook delivery in the outbox (004_host_webhooks). */
export interface WebhookDeliveryTable {
  id: string;
  api_key_id: string;
  case_id: string;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

/** The whole database. */
export interface Database {
  api_keys: ApiKeyTable;
  programs: ProgramTable;
  case_templates: CaseTemplateTable;
  sessions: SessionTable;
  cases: CaseTable;
  recommendations: RecommendationTable;
  event_log: EventLogTable;
  idempotency_keys: IdempotencyTable;
  attendance_intervals: AttendanceIntervalTable;
  livekit_webhook_events: LiveKitWebhookEventTable;
  cme_certificates: CmeCertificateTable;
  cme_evaluations: CmeEvaluationTable;
  calendar_feeds: CalendarFeedTable;
  webhook_deliveries: WebhookDeliveryTable;
}
