/**
 * The PDF form of a CME certificate (pdf-lib, one A4 landscape page, standard fonts embedded by reference).
 *
 * Standard PDF fonts use WinAnsi (Windows-1252): Latin names with accents (é, ã, ç, ñ, ø, ß…) print as they are;
 * characters outside it (Cyrillic, Greek, CJK, ł, ő…) fall back to their base letter when they have one, else "?".
 * Embedding a Unicode TrueType font with `@pdf-lib/fontkit` lifts that limit (see docs/guides/cme.md).
 * @packageDocumentation
 */
import type { Certificate } from '@teleecho/sdk';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

const PAGE: [number, number] = [841.89, 595.28]; // A4 landscape
const INK = rgb(0.13, 0.15, 0.2);
const ACCENT = rgb(0.05, 0.37, 0.52);
const MUTED = rgb(0.38, 0.42, 0.48);
const MAX_ROWS = 8;

/** "7 March 2030" (UTC). */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

/** Replaces what the font cannot encode: accents stripped where that helps, else "?". */
function encodable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (supported.has(char.codePointAt(0)!)) out += char;
    else {
      const base = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && [...base].every((c) => supported.has(c.codePointAt(0)!)) ? base : '?';
    }
  }
  return out.replace(/[\r\n\t]+/g, ' ');
}

/** Text shortened with an ellipsis to fit `width`. */
function fit(font: PDFFont, text: string, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  name: PDFFont;
}

function centred(page: PDFPage, font: PDFFont, raw: string, size: number, y: number, color = INK): void {
  const text = fit(font, encodable(font, raw), size, PAGE[0] - 120);
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (PAGE[0] - width) / 2, y, size, font, color });
}

function credits(certificate: Omit<Certificate, 'verificationUrl'>): string {
  const amount = String(certificate.credits);
  return certificate.creditType
    ? `${amount} ${certificate.creditType}`
    : `${amount} credit${amount === '1' ? '' : 's'}`;
}

function drawBody(page: PDFPage, fonts: Fonts, c: Certificate): number {
  centred(page, fonts.bold, 'CERTIFICATE OF ATTENDANCE', 28, 492, ACCENT);
  centred(page, fonts.regular, 'This certifies that', 14, 440, MUTED);
  centred(page, fonts.name, c.userName, 34, 396);
  const what =
    c.scope === 'session'
      ? `attended the teleECHO session “${c.sessions[0]!.title}” of the programme`
      : `attended ${c.sessions.length} teleECHO session${c.sessions.length === 1 ? '' : 's'} of the programme`;
  centred(page, fonts.regular, what, 14, 360, MUTED);
  centred(page, fonts.bold, c.programName, 22, 328);
  const dates =
    c.from.slice(0, 10) === c.to.slice(0, 10)
      ? `on ${formatDate(c.from)}`
      : `from ${formatDate(c.from)} to ${formatDate(c.to)}`;
  centred(page, fonts.regular, dates, 14, 300, MUTED);
  centred(page, fonts.bold, `and is awarded ${credits(c)}`, 17, 266, ACCENT);
  centred(page, fonts.regular, `(${c.hours} hour${c.hours === 1 ? '' : 's'} attended)`, 12, 246, MUTED);
  let y = 216;
  if (c.scope === 'period') {
    for (const s of c.sessions.slice(0, MAX_ROWS)) {
      const line = `${formatDate(s.date)} · ${s.title} · ${s.credits} credit${s.credits === 1 ? '' : 's'}`;
      centred(page, fonts.regular, line, 10, y, INK);
      y -= 14;
    }
    if (c.sessions.length > MAX_ROWS) centred(page, fonts.regular, `… and ${c.sessions.length - MAX_ROWS} more`, 10, y);
  }
  return y;
}

function drawFooter(page: PDFPage, fonts: Fonts, c: Certificate): void {
  centred(page, fonts.bold, `Verification code: ${c.code}`, 13, 92);
  const url = `Verify at ${c.verificationUrl}`;
  let size = 10;
  while (size > 6 && fonts.regular.widthOfTextAtSize(encodable(fonts.regular, url), size) > PAGE[0] - 120) size -= 0.5;
  centred(page, fonts.regular, url, size, 74, ACCENT);
  centred(page, fonts.regular, `Issued ${formatDate(c.issuedAt)} by the teleECHO hub`, 9, 56, MUTED);
}

/** Renders a certificate as a one-page PDF (A4 landscape). */
export async function renderCertificatePdf(certificate: Certificate): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`CME certificate ${certificate.code}`);
  doc.setSubject(`${certificate.programName}: ${credits(certificate)}`);
  doc.setAuthor('teleECHO hub');
  doc.setCreator('teleECHO hub');
  doc.setProducer('teleECHO hub (pdf-lib)');
  doc.setKeywords(['CME', 'certificate', certificate.code]);
  doc.setCreationDate(new Date(certificate.issuedAt));
  doc.setModificationDate(new Date(certificate.issuedAt));
  doc.setLanguage('en');
  const page = doc.addPage(PAGE);
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    name: await doc.embedFont(StandardFonts.TimesRomanBold),
  };
  page.drawRectangle({ x: 20, y: 20, width: PAGE[0] - 40, height: PAGE[1] - 40, borderColor: ACCENT, borderWidth: 3 });
  page.drawRectangle({
    x: 30,
    y: 30,
    width: PAGE[0] - 60,
    height: PAGE[1] - 60,
    borderColor: ACCENT,
    borderWidth: 0.75,
  });
  drawBody(page, fonts, certificate);
  page.drawLine({ start: { x: 220, y: 118 }, end: { x: PAGE[0] - 220, y: 118 }, thickness: 0.5, color: MUTED });
  drawFooter(page, fonts, certificate);
  return doc.save();
}
