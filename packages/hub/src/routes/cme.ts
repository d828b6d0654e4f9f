import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Certificate } from '@teleecho/sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  periodCertificate,
  certificateLanguage,
  renderCertificatePdf,
  sessionCertificate,
  verificationHtml,
  verifyCertificate,
} from '../domain/certificates.js';
import { readCreditRule, replaceCreditRule } from '../domain/credit-rule.js';
import { DomainError } from '../domain/errors.js';
import { evaluationStatus, submitEvaluation } from '../domain/evaluations.js';
import { buildTranscript, transcriptCsv } from '../domain/transcripts.js';
import { principalOf } from '../http/auth.js';
import { statusOf } from '../http/problem.js';
import { publicBaseUrl } from '../http/public-url.js';
import {
  CertificateSchema,
  CertificateVerificationSchema,
  CreditRuleResponseSchema,
  EvaluationStatusSchema,
  ProblemSchema,
  TranscriptSchema,
  answers,
  binary,
} from './responses.js';
import { Body, FhirResourceSchema, IdParams, bearerRoute } from './schemas.js';

const Day = Type.String({ maxLength: 40, description: 'ISO 8601 date (YYYY-MM-DD) or date-time' });
const TranscriptQuery = Type.Object({
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
const CertificateQuery = Type.Object({
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  format: Type.Optional(Type.Union([Type.Literal('pdf'), Type.Literal('json')])),
  lang: Type.Optional(
    Type.String({ maxLength: 35, description: 'Language of the PDF (BCP 47, e.g. ar, pt-BR); else Accept-Language' }),
  ),
});
const PeriodQuery = Type.Composite([CertificateQuery, Type.Object({ from: Day, to: Day })]);
const SessionCertParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  sessionId: Type.String({ minLength: 1, maxLength: 100 }),
});
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
const CreditRuleBody = Body({
  creditsPerSession: Type.Number({ minimum: 0, maximum: 100 }),
  minimumShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.75 })),
  creditType: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  evaluationTemplateId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
});
const EvaluationBody = Body({ response: FhirResourceSchema });
const route = <S extends object>(summary: string, schema: S) => bearerRoute('cme', summary, schema);

/** A JSON answer, or the same as `type` (CSV, PDF, HTML) when the client asks for it. */
const jsonOr = <T extends object>(schema: T, type: string, description: string) => ({
  200: {
    description,
    content: { 'application/json': { schema }, [type]: binary(type, description).content[type]! },
  },
  '4xx': ProblemSchema,
  '5xx': ProblemSchema,
});

function wants(request: FastifyRequest, type: string): boolean {
  return (request.headers.accept ?? '').split(',').some((part) => part.trim().toLowerCase().startsWith(type));
}

async function sendCertificate(
  request: FastifyRequest,
  reply: FastifyReply,
  issued: Omit<Certificate, 'verificationUrl'>,
  format: 'pdf' | 'json' | undefined,
  lang?: string,
): Promise<FastifyReply> {
  const certificate: Certificate = {
    ...issued,
    verificationUrl: `${publicBaseUrl(request)}/v1/certificates/${issued.code}`,
  };
  const json = format === 'json' || (format === undefined && wants(request, 'application/json'));
  if (json) return reply.send(certificate);
  const pdf = await renderCertificatePdf(certificate, {
    lang: certificateLanguage(lang, request.headers['accept-language']),
  });
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="certificate-${certificate.code}.pdf"`)
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(pdf));
}

/** CME: credit rule, transcripts (JSON/CSV), certificates (PDF/JSON) and their public verification, evaluations. */
export const cmeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const readRule = { params: IdParams, response: answers(200, CreditRuleResponseSchema) };
  app.get(
    '/programs/:id/credit-rule',
    { schema: route("The programme's CME credit rule (members)", readRule) },
    (request) => readCreditRule(app.storage, principalOf(request), request.params.id),
  );
  const replaceRule = { params: IdParams, body: CreditRuleBody, response: answers(200, CreditRuleResponseSchema) };
  app.put(
    '/programs/:id/credit-rule',
    {
      schema: route(
        'Replace the credit rule (coordinator): credits per session, minimum share 0–1, evaluation',
        replaceRule,
      ),
    },
    (request) => replaceCreditRule(app.storage, principalOf(request), request.params.id, request.body),
  );
  const transcript = {
    params: IdParams,
    querystring: TranscriptQuery,
    response: jsonOr(
      TranscriptSchema,
      'text/csv',
      'The transcript (JSON, or CSV with Accept: text/csv or ?format=csv)',
    ),
  };
  app.get(
    '/programs/:id/transcript',
    {
      schema: route(
        'CME transcript of a person (self; coordinator for anyone), JSON or CSV (Accept: text/csv)',
        transcript,
      ),
    },
    async (request, reply) => {
      const query = request.query;
      const transcript = await buildTranscript(app.storage, principalOf(request), request.params.id, query);
      const csv = query.format === 'csv' || (query.format === undefined && wants(request, 'text/csv'));
      if (!csv) return reply.send(transcript);
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header(
          'content-disposition',
          `attachment; filename="transcript-${transcript.programId}-${transcript.userId}.csv"`,
        )
        .header('cache-control', 'private, no-store')
        .send(transcriptCsv(transcript));
    },
  );
  const certificate = jsonOr(
    CertificateSchema,
    'application/pdf',
    'The certificate (PDF, or JSON with Accept: application/json)',
  );
  const sessionCert = { params: SessionCertParams, querystring: CertificateQuery, response: certificate };
  app.get(
    '/programs/:id/certificates/sessions/:sessionId',
    {
      schema: route(
        'Certificate of one session (PDF; JSON with Accept: application/json); 409 not_eligible',
        sessionCert,
      ),
    },
    async (request, reply) => {
      const { id, sessionId } = request.params;
      const issued = await sessionCertificate(app.storage, principalOf(request), id, sessionId, request.query.user);
      return sendCertificate(request, reply, issued, request.query.format, request.query.lang);
    },
  );
  const periodCert = { params: IdParams, querystring: PeriodQuery, response: certificate };
  app.get(
    '/programs/:id/certificates/period',
    {
      schema: route(
        'Certificate of a period (?from=YYYY-MM-DD&to=YYYY-MM-DD, inclusive); 409 not_eligible',
        periodCert,
      ),
    },
    async (request, reply) => {
      const issued = await periodCertificate(app.storage, principalOf(request), request.params.id, request.query);
      return sendCertificate(request, reply, issued, request.query.format, request.query.lang);
    },
  );
  app.get(
    '/certificates/:code',
    {
      config: { public: true },
      schema: {
        tags: ['cme'],
        summary: 'Verify a certificate by its code (anyone; 404 if unknown)',
        params: CodeParams,
        response: jsonOr(
          CertificateVerificationSchema,
          'text/html',
          'The verification (JSON, or a page with Accept: text/html)',
        ),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const html = (request.headers.accept ?? '').trim().toLowerCase().startsWith('text/html');
      const lang = certificateLanguage(undefined, request.headers['accept-language']);
      reply.header('cache-control', 'no-store').header('vary', 'accept, accept-language');
      try {
        const verification = await verifyCertificate(app.storage, code);
        return html
          ? reply.type('text/html; charset=utf-8').send(verificationHtml(verification, code, lang))
          : reply.send(verification);
      } catch (error) {
        if (!html || !(error instanceof DomainError) || statusOf(error) !== 404) throw error;
        return reply
          .code(404)
          .type('text/html; charset=utf-8')
          .send(verificationHtml(undefined, code, lang));
      }
    },
  );
  const status = { params: IdParams, response: answers(200, EvaluationStatusSchema) };
  app.get(
    '/sessions/:id/evaluation',
    { schema: route("The programme's post-session evaluation, the caller's answers and credit", status) },
    (request) => evaluationStatus(app.storage, principalOf(request), request.params.id),
  );
  const submit = { params: IdParams, body: EvaluationBody, response: answers(201, EvaluationStatusSchema) };
  app.post(
    '/sessions/:id/evaluation',
    { schema: route('Submit the post-session evaluation (the caller, once; a QuestionnaireResponse)', submit) },
    (request) => submitEvaluation(app.storage, principalOf(request), request.params.id, request.body.response),
  );
};
