/**
 * The PDF form of a CME certificate (pdf-lib, one A4 landscape page) in any of the elements' languages.
 *
 * Text is set in Noto Sans, embedded per script only when a line needs it (a Russian certificate carries Latin and
 * Cyrillic, an Arabic one Arabic and Latin), shaped by `@pdf-lib/fontkit` — Arabic joined and right to left,
 * Devanagari conjuncts, Vietnamese stacked diacritics — see certificate-text.ts. Names and titles in any script
 * print as written, whatever the certificate's language.
 * @packageDocumentation
 */
import type { Certificate } from '@teleecho/sdk';
import { PDFDocument, rgb, type Color, type PDFPage } from 'pdf-lib';
import { CertificateText, directionOf, ltr, type Weight } from './certificate-text.js';
import { certificateWords, type CertificateLanguage, type CertificateWords } from './certificate-texts.js';

export { CERTIFICATE_LANGUAGES, certificateLanguage, type CertificateLanguage } from './certificate-texts.js';

const PAGE: [number, number] = [841.89, 595.28]; // A4 landscape
const TEXT_WIDTH = PAGE[0] - 120;
const INK = rgb(0.13, 0.15, 0.2);
const ACCENT = rgb(0.05, 0.37, 0.52);
const MUTED = rgb(0.38, 0.42, 0.48);
const MAX_ROWS = 8;

/** "7 March 2030" (UTC) in `lang` ("7 марта 2030 г.", "٧ مارس ٢٠٣٠" where the locale writes Arabic digits). */
export function formatDate(iso: string, lang: CertificateLanguage = 'en'): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

/** Options of {@link renderCertificatePdf}. */
export interface CertificatePdfOptions {
  /** Language of the certificate's wording, dates and numbers (default English). */
  lang?: CertificateLanguage;
}

interface Writer {
  page: PDFPage;
  text: CertificateText;
  words: CertificateWords;
  lang: CertificateLanguage;
}

async function centred(
  w: Writer,
  raw: string,
  size: number,
  y: number,
  { weight = 'regular', color = INK }: { weight?: Weight; color?: Color } = {},
): Promise<void> {
  const line = await w.text.fit(raw, size, weight, TEXT_WIDTH);
  w.text.draw(w.page, line, (PAGE[0] - line.width) / 2, y, color);
}

function creditsText(words: CertificateWords, lang: CertificateLanguage, c: Certificate): string {
  const amount = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(c.credits);
  return c.creditType ? `${ltr(amount)} ${c.creditType}` : words.credits(c.credits);
}

async function drawBody(w: Writer, c: Certificate): Promise<void> {
  const { words, lang } = w;
  await centred(w, words.title, 28, 492, { weight: 'bold', color: ACCENT });
  await centred(w, words.certifies, 14, 440, { color: MUTED });
  await centred(w, c.userName, 34, 396, { weight: 'bold' });
  const what =
    c.scope === 'session' ? words.attendedSession(c.sessions[0]!.title) : words.attendedSessions(c.sessions.length);
  await centred(w, what, 14, 360, { color: MUTED });
  await centred(w, c.programName, 22, 328, { weight: 'bold' });
  const dates =
    c.from.slice(0, 10) === c.to.slice(0, 10)
      ? words.onDate(formatDate(c.from, lang))
      : words.fromTo(formatDate(c.from, lang), formatDate(c.to, lang));
  await centred(w, dates, 14, 300, { color: MUTED });
  await centred(w, words.awarded(creditsText(words, lang, c)), 17, 266, { weight: 'bold', color: ACCENT });
  await centred(w, words.hoursAttended(c.hours), 12, 246, { color: MUTED });
  if (c.scope !== 'period') return;
  let y = 216;
  for (const s of c.sessions.slice(0, MAX_ROWS)) {
    await centred(w, `${formatDate(s.date, lang)} · ${s.title} · ${w.words.credits(s.credits)}`, 10, y);
    y -= 14;
  }
  if (c.sessions.length > MAX_ROWS) await centred(w, words.more(c.sessions.length - MAX_ROWS), 10, y);
}

async function drawFooter(w: Writer, c: Certificate): Promise<void> {
  await centred(w, w.words.code(ltr(c.code)), 13, 92, { weight: 'bold' });
  await centred(w, w.words.verifyAt(ltr(c.verificationUrl)), 10, 74, { color: ACCENT });
  await centred(w, w.words.issued(formatDate(c.issuedAt, w.lang)), 9, 56, { color: MUTED });
}

/** Renders a certificate as a one-page PDF (A4 landscape) in `options.lang` (default English). */
export async function renderCertificatePdf(
  certificate: Certificate,
  options: CertificatePdfOptions = {},
): Promise<Uint8Array> {
  const lang = options.lang ?? 'en';
  const words = certificateWords(lang);
  const doc = await PDFDocument.create();
  doc.setTitle(words.documentTitle(certificate.code));
  const credits = creditsText(words, lang, certificate).replace(/[\u2066-\u2069]/g, '');
  doc.setSubject(`${certificate.programName}: ${credits}`);
  doc.setAuthor('teleECHO hub');
  doc.setCreator('teleECHO hub');
  doc.setProducer('teleECHO hub (pdf-lib)');
  doc.setKeywords(['CME', 'certificate', certificate.code]);
  doc.setCreationDate(new Date(certificate.issuedAt));
  doc.setModificationDate(new Date(certificate.issuedAt));
  doc.setLanguage(lang);
  const page = doc.addPage(PAGE);
  page.drawRectangle({ x: 20, y: 20, width: PAGE[0] - 40, height: PAGE[1] - 40, borderColor: ACCENT, borderWidth: 3 });
  page.drawRectangle({
    x: 30,
    y: 30,
    width: PAGE[0] - 60,
    height: PAGE[1] - 60,
    borderColor: ACCENT,
    borderWidth: 0.75,
  });
  const writer: Writer = { page, text: new CertificateText(doc, directionOf(lang)), words, lang };
  await drawBody(writer, certificate);
  page.drawLine({ start: { x: 220, y: 118 }, end: { x: PAGE[0] - 220, y: 118 }, thickness: 0.5, color: MUTED });
  await drawFooter(writer, certificate);
  await writer.text.finish();
  return doc.save();
}
