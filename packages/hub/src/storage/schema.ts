import type { ApiKeyTable } from './repositories/api-keys.js';
import type { AttendanceIntervalTable, LiveKitWebhookEventTable } from './repositories/attendance.js';
import type { CaseTable } from './repositories/cases.js';
import type { CalendarFeedTable, CmeCertificateTable, CmeEvaluationTable } from './repositories/cme.js';
import type { EventLogTable } from './repositories/events.js';
import type { IdempotencyTable } from './repositories/idempotency.js';
import type { LtiTables } from './repositories/lti.js';
import type { ProgramTable } from './repositories/programs.js';
import type { RecommendationTable } from './repositories/recommendations.js';
import type { SessionTable } from './repositories/sessions.js';
import type { CaseTemplateTable } from './repositories/templates.js';
import type { WebhookDeliveryTable } from './repositories/webhooks.js';

/**
 * The whole hub database as kysely sees it (snake_case columns, JSON stored as text). Each table's type lives beside
 * its repository in `repositories/`, with the row mapper that reads and writes it; migrations in `migrations/` make it.
 */
export interface Database extends LtiTables {
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
