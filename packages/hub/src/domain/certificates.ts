/**
 * CME certificates: issued per session or per period once credit is earned, stored with an unguessable
 * verification code (100 random bits), rendered as PDF, and verifiable by anyone at `GET /v1/certificates/:code`.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { Certificate, CertificateSession, CertificateVerification, CreditReason } from '@teleecho/sdk';
import { directionOf } from './certificate-text.js';
import { verificationWords, type CertificateLanguage } from './certificate-texts.js';
import { DomainError, fail } from './errors.js';
import type { Storage, StoredCertificate } from '../storage/storage.js';
import { scheduledWindow } from './attendance.js';
import type { Principal } from './principal.js';
import { creditsOf, periodBounds, resolveSubject, type CmeSubject, type SessionCredit } from './transcripts.js';

export { certificateLanguage, renderCertificatePdf } from './certificate-pdf.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters in a verification code (without the dashes): 20 × 5 bits = 100 random bits. */
export const CODE_LENGTH = 20;

/** A new verification code: 20 Crockford base32 characters in groups of five, e.g. `7KQ2M-9XDTR-4HB6C-PW3ZN`. */
export function newCertificateCode(): string {
  let value = 0n;
  for (const byte of randomBytes(13)) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) {
    out += CROCKFORD[Number(value & 31n)];
    value >>= 5n;
  }
  return out.match(/.{5}/g)!.join('-');
}

/**
 * Normalises a code as people type it (case, spaces, missing dashes, O→0, I/L→1); undefined when it cannot
 * be a code.
 */
export function normaliseCode(input: string): string | undefined {
  const chars = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (chars.length !== CODE_LENGTH || [...chars].some((c) => !CROCKFORD.includes(c))) return undefined;
  return chars.match(/.{5}/g)!.join('-');
}

/** 409 `not_eligible`, with a machine-readable `reason` member. */
export class NotEligibleError extends DomainError {
  readonly reason: CreditReason | 'no_eligible_sessions';

  constructor(reason: CreditReason | 'no_eligible_sessions', detail: string) {
    super('not_eligible', detail);
    this.reason = reason;
  }

  override extensions(): Record<string, unknown> {
    return { reason: this.reason };
  }
}

const REASON_TEXT: Record<CreditReason, string> = {
  session_not_ended: 'the session has not ended yet',
  below_minimum: 'the attended share is below the programme minimum',
  evaluation_pending: "the programme's evaluation has not been submitted",
  session_cancelled: 'the session was cancelled',
};

function certificateOf(
  subject: CmeSubject,
  scope: 'session' | 'period',
  rows: SessionCredit[],
  code: string,
  issuedAt: string,
) {
  const sessions: CertificateSession[] = rows.map(({ session, credit }) => ({
    sessionId: session.id,
    title: session.title,
    topic: session.topic,
    date: session.startsAt,
    attendedMinutes: credit.attendedMinutes,
    credits: credit.credits,
  }));
  const minutes = sessions.reduce((sum, s) => sum + s.attendedMinutes, 0);
  const credits = sessions.reduce((sum, s) => sum + s.credits, 0);
  const creditType = subject.program.creditRule.creditType;
  const certificate: Omit<Certificate, 'verificationUrl'> = {
    code,
    scope,
    programId: subject.program.id,
    programName: subject.program.name,
    userId: subject.userId,
    userName: subject.userName,
    ...(creditType && { creditType }),
    credits: Math.round(credits * 100) / 100,
    hours: Math.round((minutes / 60) * 100) / 100,
    from: sessions[0]!.date,
    to: sessions.at(-1)!.date,
    sessions,
    issuedAt,
  };
  return certificate;
}

/** Stores a new certificate, or returns the one already issued for this person and scope. */
async function issue(
  storage: Storage,
  subject: CmeSubject,
  scopeKey: string,
  build: (code: string, issuedAt: string) => Omit<Certificate, 'verificationUrl'>,
): Promise<Omit<Certificate, 'verificationUrl'>> {
  return storage.write(async (tx) => {
    const existing = (await tx.cme.listCertificates(subject.program.id, subject.userId)).find(
      (c) => c.scope === scopeKey,
    );
    if (existing) return existing.certificate;
    const issuedAt = new Date().toISOString();
    const certificate = build(newCertificateCode(), issuedAt);
    const stored: StoredCertificate = {
      code: certificate.code,
      programId: subject.program.id,
      userId: subject.userId,
      scope: scopeKey,
      certificate,
      issuedAt,
    };
    if (await tx.cme.insertCertificate(stored)) return certificate;
    // another hub process issued one for this scope first: that one counts
    const winner = (await tx.cme.listCertificates(subject.program.id, subject.userId)).find(
      (c) => c.scope === scopeKey,
    );
    return winner!.certificate;
  });
}

/**
 * The certificate of one session (issued on first request): only once the session's scheduled time is over and
 * credit is earned; 409 `not_eligible` with the reason otherwise; 404 when the person has no attendance there.
 */
export async function sessionCertificate(
  storage: Storage,
  principal: Principal,
  programId: string,
  sessionId: string,
  user: string | undefined,
  now: number = Date.now(),
): Promise<Omit<Certificate, 'verificationUrl'>> {
  const subject = await resolveSubject(storage, principal, programId, user);
  const row = (await creditsOf(storage, subject.program, subject.userId, { now })).find(
    (r) => r.session.id === sessionId,
  );
  if (!row) throw fail.notFound('attendance of this person in this session');
  const { credit, session } = row;
  if (!credit.eligible) throw new NotEligibleError(credit.reason!, `No certificate: ${REASON_TEXT[credit.reason!]}`);
  if (now < scheduledWindow(session).end && session.status !== 'ended') {
    throw new NotEligibleError('session_not_ended', `No certificate: ${REASON_TEXT.session_not_ended}`);
  }
  return issue(storage, subject, `session:${sessionId}`, (code, issuedAt) =>
    certificateOf(subject, 'session', [row], code, issuedAt),
  );
}

/**
 * The certificate of a period (`from`, `to`: ISO dates; `to` inclusive): every session starting in the period
 * that earned credit. The period must be over (409 `not_eligible` `session_not_ended`), and at least one
 * session must have earned credit (409 `not_eligible` `no_eligible_sessions`).
 */
export async function periodCertificate(
  storage: Storage,
  principal: Principal,
  programId: string,
  query: { from: string; to: string; user?: string },
  now: number = Date.now(),
): Promise<Omit<Certificate, 'verificationUrl'>> {
  const subject = await resolveSubject(storage, principal, programId, query.user);
  const period = periodBounds(query.from, query.to) as { from: string; to: string };
  if (now < Date.parse(period.to)) {
    throw new NotEligibleError('session_not_ended', `No certificate: the period ends at ${period.to}`);
  }
  const rows = (await creditsOf(storage, subject.program, subject.userId, { ...period, now })).filter(
    (r) => r.credit.eligible,
  );
  if (!rows.length) {
    throw new NotEligibleError('no_eligible_sessions', 'No certificate: no session in this period earned credit');
  }
  return issue(storage, subject, `period:${period.from}/${period.to}`, (code, issuedAt) =>
    certificateOf(subject, 'period', rows, code, issuedAt),
  );
}

/** GET /v1/certificates/:code (public): what the certificate says, or 404 for unknown codes. */
export async function verifyCertificate(storage: Storage, input: string): Promise<CertificateVerification> {
  const code = normaliseCode(input);
  const stored = code && (await storage.cme.getCertificate(code));
  if (!stored) throw new DomainError('certificate_not_found', 'No certificate has this verification code');
  const c = stored.certificate;
  return {
    code: c.code,
    valid: true,
    participantName: c.userName,
    programName: c.programName,
    ...(c.creditType && { creditType: c.creditType }),
    credits: c.credits,
    hours: c.hours,
    from: c.from,
    to: c.to,
    sessions: c.sessions.map((s) => ({ title: s.title, date: s.date, credits: s.credits })),
    issuedAt: c.issuedAt,
  };
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The verification as a small HTML page, for people who open the certificate's URL in a browser (no script, every
 * value escaped), in `lang` (the browser's `Accept-Language`). `undefined` renders the "unknown code" page.
 */
export function verificationHtml(
  v: CertificateVerification | undefined,
  code: string,
  lang: CertificateLanguage = 'en',
): string {
  const w = verificationWords(lang);
  const day = (iso: string): string => `<bdi>${iso.slice(0, 10)}</bdi>`;
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const body = v
    ? `<h1>${w.valid}</h1>
<dl>
<dt>${w.participant}</dt><dd><bdi>${escapeHtml(v.participantName)}</bdi></dd>
<dt>${w.programme}</dt><dd><bdi>${escapeHtml(v.programName)}</bdi></dd>
<dt>${w.credits}</dt><dd>${number.format(v.credits)}${v.creditType ? ` <bdi>${escapeHtml(v.creditType)}</bdi>` : ''} (${w.hours(number.format(v.hours))})</dd>
<dt>${w.dates[v.from === v.to ? 0 : 1]}</dt><dd>${day(v.from)}${v.from === v.to ? '' : ` – ${day(v.to)}`}</dd>
<dt>${w.sessions}</dt><dd><ul>${v.sessions.map((s) => `<li>${day(s.date)}: <bdi>${escapeHtml(s.title)}</bdi></li>`).join('')}</ul></dd>
<dt>${w.code}</dt><dd><bdi dir="ltr"><code>${escapeHtml(v.code)}</code></bdi>, ${w.issued(day(v.issuedAt))}</dd>
</dl>`
    : `<h1>${w.unknown}</h1><p>${w.noCertificate(`<bdi dir="ltr"><code>${escapeHtml(code)}</code></bdi>`)}</p>`;
  return `<!doctype html>
<html lang="${lang}"${directionOf(lang) === 'rtl' ? ' dir="rtl"' : ''}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${v ? w.valid : w.unknown}</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1f27}
dt{font-weight:600;margin-top:.75rem}dd{margin:0}ul{margin:0;padding-inline-start:1.2rem}
h1{font-size:1.4rem;color:${v ? '#0d5e85' : '#b3261e'}}</style></head>
<body>${body}</body></html>
`;
}
