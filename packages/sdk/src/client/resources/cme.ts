import type {
  CalendarLink,
  Certificate,
  CertificateVerification,
  CreditRule,
  EvaluationStatus,
  FhirResource,
  Transcript,
  TranscriptQuery,
} from '../../types.js';
import type { HttpClient, RequestOptions } from '../http.js';
import { enc } from './programs.js';

/** Input of {@link CmeResource.setCreditRule} (`null` removes the credit type or the evaluation). */
export interface CreditRuleInput {
  creditsPerSession: number;
  /** 0 < share ≤ 1; default 0.75. */
  minimumShare?: number;
  creditType?: string | null;
  evaluationTemplateId?: string | null;
}

/**
 * `client.cme`: CME credit — the programme's rule, transcripts, certificates (JSON form; the PDF is the same URL
 * without `format=json`), their public verification, post-session evaluations and calendar feed links.
 */
export interface CmeResource {
  /** The programme's credit rule (`GET /v1/programs/:id/credit-rule`). */
  creditRule(programId: string, options?: RequestOptions): Promise<CreditRule>;
  /** Replaces the credit rule (coordinator; `PUT /v1/programs/:id/credit-rule`). */
  setCreditRule(programId: string, rule: CreditRuleInput, options?: RequestOptions): Promise<CreditRule>;
  /** A transcript (`GET /v1/programs/:id/transcript`): the caller's, or with `user` anyone's (coordinator). */
  transcript(programId: string, query?: TranscriptQuery, options?: RequestOptions): Promise<Transcript>;
  /** The certificate of one session, issued on first request; `not_eligible` (409) with a `reason` otherwise. */
  sessionCertificate(
    programId: string,
    sessionId: string,
    query?: { user?: string },
    options?: RequestOptions,
  ): Promise<Certificate>;
  /** The certificate of a finished period (`from`/`to` ISO dates, `to` inclusive). */
  periodCertificate(
    programId: string,
    query: { from: string; to: string; user?: string },
    options?: RequestOptions,
  ): Promise<Certificate>;
  /** Checks a verification code (`GET /v1/certificates/:code`, no token needed; 404 `certificate_not_found`). */
  verifyCertificate(code: string, options?: RequestOptions): Promise<CertificateVerification>;
  /** The programme's post-session evaluation for a session and the caller's answers and credit. */
  evaluation(sessionId: string, options?: RequestOptions): Promise<EvaluationStatus>;
  /** Submits the caller's evaluation (a FHIR `QuestionnaireResponse`), once per session. */
  submitEvaluation(sessionId: string, response: FhirResource, options?: RequestOptions): Promise<EvaluationStatus>;
  /** The iCalendar feed link of the programme, or with `scope: 'personal'` the caller's own. */
  calendarLink(
    programId: string,
    query?: { scope?: 'program' | 'personal'; joinUrl?: string },
    options?: RequestOptions,
  ): Promise<CalendarLink>;
}

/** @internal */
export function cmeResource(http: HttpClient): CmeResource {
  return {
    creditRule: (programId, options) =>
      http.request({ method: 'GET', path: `/v1/programs/${enc(programId)}/credit-rule` }, options),
    setCreditRule: (programId, rule, options) =>
      http.request({ method: 'PUT', path: `/v1/programs/${enc(programId)}/credit-rule`, body: rule }, options),
    transcript: (programId, query = {}, options) =>
      http.request(
        {
          method: 'GET',
          path: `/v1/programs/${enc(programId)}/transcript`,
          query: { user: query.user, from: query.from, to: query.to, format: 'json' },
        },
        options,
      ),
    sessionCertificate: (programId, sessionId, query = {}, options) =>
      http.request(
        {
          method: 'GET',
          path: `/v1/programs/${enc(programId)}/certificates/sessions/${enc(sessionId)}`,
          query: { user: query.user, format: 'json' },
        },
        options,
      ),
    periodCertificate: (programId, query, options) =>
      http.request(
        {
          method: 'GET',
          path: `/v1/programs/${enc(programId)}/certificates/period`,
          query: { from: query.from, to: query.to, user: query.user, format: 'json' },
        },
        options,
      ),
    verifyCertificate: (code, options) =>
      http.request({ method: 'GET', path: `/v1/certificates/${enc(code)}`, anonymous: true }, options),
    evaluation: (sessionId, options) =>
      http.request({ method: 'GET', path: `/v1/sessions/${enc(sessionId)}/evaluation` }, options),
    submitEvaluation: (sessionId, response, options) =>
      http.request({ method: 'POST', path: `/v1/sessions/${enc(sessionId)}/evaluation`, body: { response } }, options),
    calendarLink: (programId, query = {}, options) =>
      http.request(
        {
          method: 'GET',
          path: `/v1/programs/${enc(programId)}/calendar-link`,
          query: { scope: query.scope, joinUrl: query.joinUrl },
        },
        options,
      ),
  };
}
