/**
 * The hub's repositories, one per aggregate. {@link readers} gives the read-only views that `Storage` exposes;
 * {@link repositories} gives the full ones, made per transaction by `Storage.write()` only.
 * @packageDocumentation
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { apiKeyReads, apiKeys, type ApiKeyReads, type ApiKeys } from './api-keys.js';
import { attendance, attendanceReads, type Attendance, type AttendanceReads } from './attendance.js';
import { caseReads, cases, type CaseReads, type Cases } from './cases.js';
import { cme, cmeReads, type Cme, type CmeReads } from './cme.js';
import { eventReads, type EventReads } from './events.js';
import { idempotencyKeys, idempotencyReads, type IdempotencyKeys, type IdempotencyReads } from './idempotency.js';
import { lti, ltiReads, type Lti, type LtiReads } from './lti.js';
import { programReads, programs, type ProgramReads, type Programs } from './programs.js';
import {
  recommendationReads,
  recommendations,
  type RecommendationReads,
  type Recommendations,
} from './recommendations.js';
import { sessionReads, sessions, type SessionReads, type Sessions } from './sessions.js';
import { templateReads, templates, type TemplateReads, type Templates } from './templates.js';
import { webhookReads, webhooks, type WebhookReads, type Webhooks } from './webhooks.js';

/** Read access to the hub's state: one read-only repository per aggregate. */
export interface StorageReader {
  readonly apiKeys: ApiKeyReads;
  readonly programs: ProgramReads;
  readonly templates: TemplateReads;
  readonly sessions: SessionReads;
  readonly cases: CaseReads;
  readonly recommendations: RecommendationReads;
  readonly attendance: AttendanceReads;
  readonly events: EventReads;
  readonly idempotency: IdempotencyReads;
  readonly cme: CmeReads;
  readonly webhooks: WebhookReads;
  readonly lti: LtiReads;
}

/** The repositories of one transaction: reads and writes. */
export interface Repositories extends StorageReader {
  readonly apiKeys: ApiKeys;
  readonly programs: Programs;
  readonly templates: Templates;
  readonly sessions: Sessions;
  readonly cases: Cases;
  readonly recommendations: Recommendations;
  readonly attendance: Attendance;
  readonly events: EventReads;
  readonly idempotency: IdempotencyKeys;
  readonly cme: Cme;
  readonly webhooks: Webhooks;
  readonly lti: Lti;
}

/** Read-only repositories over `db`. */
export function readers(db: Kysely<Database>): StorageReader {
  return {
    apiKeys: apiKeyReads(db),
    programs: programReads(db),
    templates: templateReads(db),
    sessions: sessionReads(db),
    cases: caseReads(db),
    recommendations: recommendationReads(db),
    attendance: attendanceReads(db),
    events: eventReads(db),
    idempotency: idempotencyReads(db),
    cme: cmeReads(db),
    webhooks: webhookReads(db),
    lti: ltiReads(db),
  };
}

/** The repositories of one transaction, each made on first use: a write builds only those it touches. */
class TransactionRepositories implements Repositories {
  private readonly made: { -readonly [K in keyof Repositories]?: Repositories[K] } = {};

  constructor(private readonly trx: Kysely<Database>) {}

  get apiKeys(): Repositories['apiKeys'] {
    return (this.made.apiKeys ??= apiKeys(this.trx));
  }

  get programs(): Repositories['programs'] {
    return (this.made.programs ??= programs(this.trx));
  }

  get templates(): Repositories['templates'] {
    return (this.made.templates ??= templates(this.trx));
  }

  get sessions(): Repositories['sessions'] {
    return (this.made.sessions ??= sessions(this.trx));
  }

  get cases(): Repositories['cases'] {
    return (this.made.cases ??= cases(this.trx));
  }

  get recommendations(): Repositories['recommendations'] {
    return (this.made.recommendations ??= recommendations(this.trx));
  }

  get attendance(): Repositories['attendance'] {
    return (this.made.attendance ??= attendance(this.trx));
  }

  get events(): Repositories['events'] {
    return (this.made.events ??= eventReads(this.trx));
  }

  get idempotency(): Repositories['idempotency'] {
    return (this.made.idempotency ??= idempotencyKeys(this.trx));
  }

  get cme(): Repositories['cme'] {
    return (this.made.cme ??= cme(this.trx));
  }

  get webhooks(): Repositories['webhooks'] {
    return (this.made.webhooks ??= webhooks(this.trx));
  }

  get lti(): Repositories['lti'] {
    return (this.made.lti ??= lti(this.trx));
  }
}

/** Read-write repositories over `trx` (a transaction). */
export function repositories(trx: Kysely<Database>): Repositories {
  return new TransactionRepositories(trx);
}
