import { Type, type Static } from '@sinclair/typebox';
import type { Certificate, CreditRule, FhirResource } from '@teleecho/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  periodCertificate,
  renderCertificatePdf,
  sessionCertificate,
  verificationHtml,
  verifyCertificate,
} from '../domain/certificates.js';
import { evaluationStatus, submitEvaluation } from '../domain/evaluations.js';
import { authorize } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import { readProgram } from '../domain/programs.js';
import { buildTranscript, transcriptCsv } from '../domain/transcripts.js';
import { principalOf } from '../http/auth.js';
import { DomainError } from '../domain/errors.js';
import { fail, statusOf } from '../http/problem.js';
import type { Storage } from '../storage/storage.js';
import { publicBaseUrl } from '../http/public-url.js';
import type { RouteContext } from './context.js';
import { Body, FhirResourceSchema, IdParams, bearer } from './schemas.js';

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
type Id = Static<typeof IdParams>;

function wants(request: FastifyRequest, type: string): boolean {
  return (request.headers.accept ?? '').split(',').some((part) => part.trim().toLowerCase().startsWith(type));
}

async function sendCertificate(
  request: FastifyRequest,
  reply: FastifyReply,
  issued: Omit<Certificate, 'verificationUrl'>,
  format: 'pdf' | 'json' | undefined,
): Promise<FastifyReply> {
  const certificate: Certificate = {
    ...issued,
    verificationUrl: `${publicBaseUrl(request)}/v1/certificates/${issued.code}`,
  };
  const json = format === 'json' || (format === undefined && wants(request, 'application/json'));
  if (json) return reply.send(certificate);
  const pdf = await renderCertificatePdf(certificate);
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="certificate-${certificate.code}.pdf"`)
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(pdf));
}

/** PUT /v1/programs/:id/credit-rule: replaces the rule (coordinators); the evaluation must be a template of the programme. */
async function replaceCreditRule(
  storage: Storage,
  principal: Principal,
  programId: string,
  body: Static<typeof CreditRuleBody>,
): Promise<CreditRule> {
  await readProgram(storage, principal, programId);
  authorize(principal, 'credit.manage');
  if (body.evaluationTemplateId) {
    const template = await storage.getTemplate(body.evaluationTemplateId);
    if (!template || template.programId !== programId) {
      throw fail.badRequest('evaluationTemplateId must be a template of this programme', [
        { path: '/evaluationTemplateId', message: 'unknown template' },
      ]);
    }
  }
  const rule: CreditRule = {
    creditsPerSession: body.creditsPerSession,
    minimumShare: body.minimumShare ?? 0.75,
    ...(body.creditType && { creditType: body.creditType }),
    ...(body.evaluationTemplateId && { evaluationTemplateId: body.evaluationTemplateId }),
  };
  return storage.write(async (tx) => {
    const current = await tx.getProgram(programId);
    if (!current) throw fail.notFound('programme');
    await tx.updateProgram({ ...current, creditRule: rule });
    return rule;
  });
}

/** CME: credit rule, transcripts (JSON/CSV), certificates (PDF/JSON) and their public verification, evaluations. */
export async function cmeRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const tags = ['cme'];
  app.get(
    '/v1/programs/:id/credit-rule',
    { schema: { tags, summary: "The programme's CME credit rule (members)", params: IdParams, security: bearer } },
    async (request) => (await readProgram(ctx.storage, principalOf(request), (request.params as Id).id)).creditRule,
  );
  app.put(
    '/v1/programs/:id/credit-rule',
    {
      schema: {
        tags,
        summary: 'Replace the credit rule (coordinator): credits per session, minimum share 0–1, evaluation',
        params: IdParams,
        body: CreditRuleBody,
        security: bearer,
      },
    },
    async (request) =>
      replaceCreditRule(
        ctx.storage,
        principalOf(request),
        (request.params as Id).id,
        request.body as Static<typeof CreditRuleBody>,
      ),
  );
  app.get(
    '/v1/programs/:id/transcript',
    {
      schema: {
        tags,
        summary: 'CME transcript of a person (self; coordinator for anyone), JSON or CSV (Accept: text/csv)',
        params: IdParams,
        querystring: TranscriptQuery,
        security: bearer,
      },
    },
    async (request, reply) => {
      const query = request.query as Static<typeof TranscriptQuery>;
      const transcript = await buildTranscript(ctx.storage, principalOf(request), (request.params as Id).id, query);
      const csv = query.format === 'csv' || (query.format === undefined && wants(request, 'text/csv'));
      if (!csv) return transcript;
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
  app.get(
    '/v1/programs/:id/certificates/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'Certificate of one session (PDF; JSON with Accept: application/json); 409 not_eligible',
        params: SessionCertParams,
        querystring: CertificateQuery,
        security: bearer,
      },
    },
    async (request, reply) => {
      const { id, sessionId } = request.params as Static<typeof SessionCertParams>;
      const query = request.query as Static<typeof CertificateQuery>;
      const issued = await sessionCertificate(ctx.storage, principalOf(request), id, sessionId, query.user);
      return sendCertificate(request, reply, issued, query.format);
    },
  );
  app.get(
    '/v1/programs/:id/certificates/period',
    {
      schema: {
        tags,
        summary: 'Certificate of a period (?from=YYYY-MM-DD&to=YYYY-MM-DD, inclusive); 409 not_eligible',
        params: IdParams,
        querystring: PeriodQuery,
        security: bearer,
      },
    },
    async (request, reply) => {
      const query = request.query as Static<typeof PeriodQuery>;
      const issued = await periodCertificate(ctx.storage, principalOf(request), (request.params as Id).id, query);
      return sendCertificate(request, reply, issued, query.format);
    },
  );
  app.get(
    '/v1/certificates/:code',
    {
      config: { public: true },
      schema: { tags, summary: 'Verify a certificate by its code (anyone; 404 if unknown)', params: CodeParams },
    },
    async (request, reply) => {
      const { code } = request.params as Static<typeof CodeParams>;
      const html = (request.headers.accept ?? '').trim().toLowerCase().startsWith('text/html');
      reply.header('cache-control', 'no-store').header('vary', 'accept');
      try {
        const verification = await verifyCertificate(ctx.storage, code);
        return html ? reply.type('text/html; charset=utf-8').send(verificationHtml(verification, code)) : verification;
      } catch (error) {
        if (!html || !(error instanceof DomainError) || statusOf(error) !== 404) throw error;
        return reply.code(404).type('text/html; charset=utf-8').send(verificationHtml(undefined, code));
      }
    },
  );
  app.get(
    '/v1/sessions/:id/evaluation',
    {
      schema: {
        tags,
        summary: "The programme's post-session evaluation, the caller's answers and credit",
        params: IdParams,
        security: bearer,
      },
    },
    async (request) => evaluationStatus(ctx.storage, principalOf(request), (request.params as Id).id),
  );
  app.post(
    '/v1/sessions/:id/evaluation',
    {
      schema: {
        tags,
        summary: 'Submit the post-session evaluation (the caller, once; a QuestionnaireResponse)',
        params: IdParams,
        body: EvaluationBody,
        security: bearer,
      },
    },
    async (request, reply) => {
      const { response } = request.body as { response: FhirResource };
      const status = await submitEvaluation(ctx.storage, principalOf(request), (request.params as Id).id, response);
      return reply.code(201).send(status);
    },
  );
}
