// Certificates in every language the elements speak: the words, dates and numbers of the language, shaped text in
// embedded Noto fonts (only the scripts the certificate needs), read back by pdf.js and rendered to an image.
// Set TELEECHO_CERTIFICATE_PNG=<dir> to keep the rendered pages for a look.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import type { Certificate } from '@teleecho/sdk';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { visualRuns, ltr } from './certificate-text.js';
import { verificationHtml } from './certificates.js';
import {
  CERTIFICATE_LANGUAGES,
  certificateLanguage,
  renderCertificatePdf,
  type CertificateLanguage,
} from './certificate-pdf.js';

const NAMES: Record<CertificateLanguage, string> = {
  en: 'Dr José Conceição',
  es: 'Dra. María José Peña',
  pt: 'Dra. Ana Lúcia Ferreira',
  fr: 'Dr Aïssata Kouyaté',
  ar: 'د. فاطمة عبد الله',
  hi: 'डॉ. प्रियंका श्रीवास्तव',
  ru: 'Д-р Ирина Кузнецова',
  sw: 'Dkt. Amina Wanjiru',
  vi: 'BS. Nguyễn Thị Hồng Nhung',
};

/** Words of each certificate's own language that pdf.js must read back (Devanagari: no pre-base vowel sign). */
const WORDS: Record<CertificateLanguage, string[]> = {
  en: ['CERTIFICATE OF ATTENDANCE', 'Verification code'],
  es: ['CERTIFICADO DE ASISTENCIA', 'Código de verificación'],
  pt: ['CERTIFICADO DE PARTICIPAÇÃO', 'Código de verificação'],
  fr: ['ATTESTATION DE PRÉSENCE', 'Code de vérification'],
  ar: [], // pdf.js drops the Arabic glyphs drawn through the extra font dictionaries: checked visually and below
  hi: ['प्रमाणपत्र', 'सत्यापन कोड'],
  ru: ['СЕРТИФИКАТ УЧАСТИЯ', 'Код проверки', 'Кузнецова'],
  sw: ['CHETI CHA MAHUDHURIO', 'Namba ya uthibitisho'],
  vi: ['GIẤY CHỨNG NHẬN THAM DỰ', 'Mã xác minh', 'Nguyễn Thị Hồng Nhung'],
};

function certificate(lang: CertificateLanguage): Certificate {
  return {
    code: '7KQ2M-9XDTR-4HB6C-PW3ZN',
    scope: 'session',
    programId: 'prg_1',
    programName: 'Hepatitis C ECHO',
    userId: 'u1',
    userName: NAMES[lang],
    credits: 1.5,
    hours: 2.5,
    from: '2030-03-07T15:00:00Z',
    to: '2030-03-07T16:00:00Z',
    sessions: [
      {
        sessionId: 's1',
        title: 'HCV treatment',
        topic: 'HCV',
        date: '2030-03-07T15:00:00Z',
        attendedMinutes: 150,
        credits: 1.5,
      },
    ],
    issuedAt: '2030-03-22T10:00:00Z',
    verificationUrl: 'https://hub.example.org/v1/certificates/7KQ2M-9XDTR-4HB6C-PW3ZN',
  };
}

/** Text without spaces, invisible characters and compatibility forms: what a search in the PDF would match. */
const squeeze = (text: string) => text.normalize('NFKC').replace(/[\s\p{Cc}\p{Cf}\u034F]/gu, '');

async function read(bytes: Uint8Array, png?: string): Promise<{ text: string; ink: number[] }> {
  const doc = await getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false, verbosity: 0 })
    .promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const text = content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
  const viewport = page.getViewport({ scale: 1 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  await page.render({ canvasContext: context as unknown as CanvasRenderingContext2D, viewport }).promise;
  if (png) writeFileSync(png, canvas.toBuffer('image/png'));
  // Dark pixels per row band of the page, top to bottom: where text was drawn.
  const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
  const ink: number[] = [];
  for (let y = 0; y < height; y += 1) {
    let dark = 0;
    for (let x = 60; x < width - 60; x += 1) if (data[(y * width + x) * 4]! < 128) dark += 1;
    ink.push(dark);
  }
  await doc.destroy();
  return { text, ink };
}

/** The BaseFont names of the fonts the PDF embeds (e.g. `ABCDEF+NotoSans-Regular`). */
async function embeddedFonts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const names: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(PDFName.of('Type'))?.toString() === '/Font') {
      const subtype = object.get(PDFName.of('Subtype'))?.toString();
      if (subtype === '/Type0') names.push(object.get(PDFName.of('BaseFont'))!.toString());
    }
  }
  return names.sort();
}

describe('certificate PDF in every language', () => {
  const dir = process.env.TELEECHO_CERTIFICATE_PNG;
  if (dir) mkdirSync(dir, { recursive: true });

  for (const lang of CERTIFICATE_LANGUAGES) {
    test(`${lang}: the words, name, date, credits and code of the language read back from the PDF`, async () => {
      const bytes = await renderCertificatePdf(certificate(lang), { lang });
      const { text, ink } = await read(bytes, dir ? join(dir, `certificate-${lang}.png`) : undefined);
      const found = squeeze(text);
      for (const word of [...WORDS[lang], 'HCV treatment', 'Hepatitis C ECHO'])
        assert.ok(found.includes(squeeze(word)), `${lang}: “${word}” in ${text}`);
      // (Arabic: see above; Devanagari: pdf.js reads the pre-base vowel sign ि in visual order)
      if (lang !== 'ar' && lang !== 'hi')
        assert.ok(found.includes(squeeze(NAMES[lang])), `${lang}: the name in ${text}`);
      const date = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date('2030-03-07T15:00:00Z'));
      if (lang !== 'hi' && lang !== 'ar')
        assert.ok(found.includes(squeeze(date)), `${lang}: the date “${date}” in ${text}`);
      if (lang === 'ar') assert.ok(found.includes('2030') && found.includes('22'), `ar: the dates' numbers in ${text}`);
      assert.ok(found.includes(new Intl.NumberFormat(lang).format(2.5)), `${lang}: hours in ${lang}'s digits`);
      assert.ok(found.includes('7KQ2M-9XDTR-4HB6C-PW3ZN'), `${lang}: the code, left to right, in one piece`);
      assert.ok(found.includes('https://hub.example.org/v1/certificates/7KQ2M-9XDTR-4HB6C-PW3ZN'), `${lang}: URL`);
      // Every line drew ink: no blank line where a font lacked the script.
      for (const [top, bottom] of [
        [90, 115], // title
        [178, 210], // name
        [255, 280], // programme
        [500, 515], // code
      ] as const) {
        assert.ok(
          ink.slice(top, bottom).some((d) => d > 20),
          `${lang}: ink between y=${top} and ${bottom}`,
        );
      }
      const fonts = await embeddedFonts(bytes);
      const scripts = new Set(fonts.map((f) => (/Arabic/.test(f) ? 'arabic' : 'noto-sans')));
      assert.equal(scripts.has('arabic'), lang === 'ar', `${lang}: Arabic font only where Arabic is printed`);
      assert.ok(
        fonts.every((f) => /Noto/.test(f)),
        `${lang}: Noto fonts only (${fonts.join(', ')})`,
      );
    });
  }

  test('only the faces a certificate needs are embedded, as subsets', async () => {
    const en = await renderCertificatePdf(certificate('en'));
    const ru = await renderCertificatePdf(certificate('ru'), { lang: 'ru' });
    const hi = await renderCertificatePdf(certificate('hi'), { lang: 'hi' });
    const ar = await renderCertificatePdf(certificate('ar'), { lang: 'ar' });
    assert.ok(en.length < 40_000, `English: ${en.length} bytes`);
    assert.ok(ru.length < 60_000, `Russian: ${ru.length} bytes`);
    assert.ok(hi.length < 60_000, `Hindi: ${hi.length} bytes`);
    assert.ok(ar.length < 300_000, `Arabic (whole Arabic face): ${ar.length} bytes`);
    // English: regular and bold Latin only.
    assert.equal((await embeddedFonts(en)).length, 2);
    assert.equal((await embeddedFonts(ru)).length, 4, 'Russian: Latin and Cyrillic, regular and bold');
    assert.ok(
      (await embeddedFonts(ar)).some((f) => /NotoSansArabic/.test(f)),
      'Arabic: the Arabic face',
    );
  });

  test('Arabic: right to left, letters joined, numbers and codes left to right', async () => {
    // Visual order of runs: the Arabic comes last (rightmost), the isolated code stays in one piece.
    assert.deepEqual(visualRuns(`رمز التحقق: ${ltr('7KQ2M-9XDTR')}`, 'rtl'), [
      { text: '7KQ2M-9XDTR', rtl: false },
      { text: 'رمز التحقق: ', rtl: true },
    ]);
    assert.deepEqual(
      visualRuns('(2.5 ساعة)', 'rtl').map((r) => r.text),
      [' ساعة)', '2.5', '('],
      'a decimal number stays whole',
    );
    assert.deepEqual(
      visualRuns('Dr د. فاطمة attended', 'ltr').map((r) => r.text),
      ['Dr ', 'د. فاطمة', ' attended'],
      'an Arabic name inside an LTR line is one RTL run',
    );
    const bytes = await renderCertificatePdf(certificate('ar'), { lang: 'ar' });
    const { text, ink } = await read(bytes);
    // The Latin parts read back whole; the Arabic title draws ink.
    assert.ok(squeeze(text).includes('7KQ2M-9XDTR-4HB6C-PW3ZN'), text);
    const titleRows = ink.slice(90, 115);
    assert.ok(Math.max(...titleRows) > 20, 'the title is drawn');
  });

  test('the language comes from ?lang, then Accept-Language by weight, else English', () => {
    assert.equal(certificateLanguage('ar'), 'ar');
    assert.equal(certificateLanguage(undefined, 'de-DE,pt-BR;q=0.8,en;q=0.5'), 'pt');
    assert.equal(certificateLanguage(undefined, 'en;q=0.2, ru;q=0.9'), 'ru');
    assert.equal(certificateLanguage('xx', 'zz'), 'en');
    assert.equal(certificateLanguage(), 'en');
  });

  test('the verification page speaks the browser’s language; Arabic right to left', () => {
    const c = certificate('ar');
    const v = {
      code: c.code,
      valid: true as const,
      participantName: c.userName,
      programName: c.programName,
      credits: c.credits,
      hours: c.hours,
      from: c.from,
      to: c.to,
      sessions: c.sessions.map((s) => ({ title: s.title, date: s.date, credits: s.credits })),
      issuedAt: c.issuedAt,
    };
    const ar = verificationHtml(v, c.code, 'ar');
    assert.match(ar, /<html lang="ar" dir="rtl">/);
    assert.ok(ar.includes('شهادة تعليم طبي مستمر صالحة'));
    assert.ok(ar.includes('<bdi dir="ltr"><code>7KQ2M-9XDTR-4HB6C-PW3ZN</code></bdi>'), 'the code reads left to right');
    const ru = verificationHtml(undefined, 'ZZZZZ', 'ru');
    assert.match(ru, /<html lang="ru">/);
    assert.ok(ru.includes('Сертификата с кодом <bdi dir="ltr"><code>ZZZZZ</code></bdi> нет.'));
    assert.ok(verificationHtml(v, c.code).includes('Valid CME certificate'));
  });
});
