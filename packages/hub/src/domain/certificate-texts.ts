/**
 * The words of a CME certificate in every language the elements speak. Numbers, dates and plural forms go through
 * `Intl` in the certificate's language; values that must read left to right inside Arabic (codes, addresses,
 * credit types, titles in Latin script) are isolated by the renderer.
 * @packageDocumentation
 */

/** Languages a certificate can be printed in (the elements' languages). */
export const CERTIFICATE_LANGUAGES = ['en', 'es', 'pt', 'fr', 'ar', 'hi', 'ru', 'sw', 'vi'] as const;

/** A language a certificate can be printed in. */
export type CertificateLanguage = (typeof CERTIFICATE_LANGUAGES)[number];

/** Plural forms by CLDR category; `other` is required and `#` is the formatted number. */
type Forms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** The certificate's sentences; `n` picks a plural form of a count in the language. */
export interface CertificateWords {
  title: string;
  certifies: string;
  /** `title` is quoted by the wording. */
  attendedSession(title: string): string;
  attendedSessions(count: number): string;
  onDate(date: string): string;
  fromTo(from: string, to: string): string;
  /** `credits` is "2 AMA PRA Category 1 Credits™" or the result of {@link CertificateWords.credits}. */
  awarded(credits: string): string;
  credits(count: number): string;
  hoursAttended(hours: number): string;
  more(count: number): string;
  code(code: string): string;
  verifyAt(url: string): string;
  issued(date: string): string;
  documentTitle(code: string): string;
}

function wordsFor(lang: CertificateLanguage): CertificateWords {
  const rules = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const n = (count: number, forms: Forms) =>
    (forms[rules.select(count)] ?? forms.other).replaceAll('#', numbers.format(count));
  switch (lang) {
    case 'es':
      return {
        title: 'CERTIFICADO DE ASISTENCIA',
        certifies: 'Se certifica que',
        attendedSession: (t) => `asistió a la sesión teleECHO «${t}» del programa`,
        attendedSessions: (c) =>
          n(c, {
            one: 'asistió a # sesión teleECHO del programa',
            other: 'asistió a # sesiones teleECHO del programa',
          }),
        onDate: (d) => `el ${d}`,
        fromTo: (a, b) => `del ${a} al ${b}`,
        awarded: (c) => `y obtiene ${c}`,
        credits: (c) => n(c, { one: '# crédito', other: '# créditos' }),
        hoursAttended: (h) => n(h, { one: '(# hora de asistencia)', other: '(# horas de asistencia)' }),
        more: (c) => `… y ${numbers.format(c)} más`,
        code: (c) => `Código de verificación: ${c}`,
        verifyAt: (u) => `Verifíquelo en ${u}`,
        issued: (d) => `Emitido el ${d} por el hub teleECHO`,
        documentTitle: (c) => `Certificado de EMC ${c}`,
      };
    case 'pt':
      return {
        title: 'CERTIFICADO DE PARTICIPAÇÃO',
        certifies: 'Certificamos que',
        attendedSession: (t) => `participou da sessão teleECHO “${t}” do programa`,
        attendedSessions: (c) =>
          n(c, {
            one: 'participou de # sessão teleECHO do programa',
            other: 'participou de # sessões teleECHO do programa',
          }),
        onDate: (d) => `em ${d}`,
        fromTo: (a, b) => `de ${a} a ${b}`,
        awarded: (c) => `e recebe ${c}`,
        credits: (c) => n(c, { one: '# crédito', other: '# créditos' }),
        hoursAttended: (h) => n(h, { one: '(# hora de participação)', other: '(# horas de participação)' }),
        more: (c) => `… e mais ${numbers.format(c)}`,
        code: (c) => `Código de verificação: ${c}`,
        verifyAt: (u) => `Verifique em ${u}`,
        issued: (d) => `Emitido em ${d} pelo hub teleECHO`,
        documentTitle: (c) => `Certificado de EMC ${c}`,
      };
    case 'fr':
      return {
        title: 'ATTESTATION DE PRÉSENCE',
        certifies: 'Nous certifions que',
        attendedSession: (t) => `a assisté à la séance teleECHO « ${t} » du programme`,
        attendedSessions: (c) =>
          n(c, {
            one: 'a assisté à # séance teleECHO du programme',
            other: 'a assisté à # séances teleECHO du programme',
          }),
        onDate: (d) => `le ${d}`,
        fromTo: (a, b) => `du ${a} au ${b}`,
        awarded: (c) => `et obtient ${c}`,
        credits: (c) => n(c, { one: '# crédit', other: '# crédits' }),
        hoursAttended: (h) => n(h, { one: '(# heure de présence)', other: '(# heures de présence)' }),
        more: (c) => `… et ${numbers.format(c)} de plus`,
        code: (c) => `Code de vérification : ${c}`,
        verifyAt: (u) => `Vérifiez sur ${u}`,
        issued: (d) => `Délivrée le ${d} par le hub teleECHO`,
        documentTitle: (c) => `Attestation de FMC ${c}`,
      };
    case 'ar':
      return {
        title: 'شهادة حضور',
        certifies: 'نشهد بأن',
        attendedSession: (t) => `حضر جلسة teleECHO «${t}» ضمن برنامج`,
        attendedSessions: (c) =>
          n(c, {
            one: 'حضر جلسة teleECHO واحدة ضمن برنامج',
            two: 'حضر جلستَي teleECHO ضمن برنامج',
            few: 'حضر # جلسات teleECHO ضمن برنامج',
            other: 'حضر # جلسة teleECHO ضمن برنامج',
          }),
        onDate: (d) => `بتاريخ ${d}`,
        fromTo: (a, b) => `من ${a} إلى ${b}`,
        awarded: (c) => `ومُنح ${c}`,
        credits: (c) =>
          n(c, {
            one: 'ساعة معتمدة واحدة',
            two: 'ساعتين معتمدتين',
            few: '# ساعات معتمدة',
            other: '# ساعة معتمدة',
          }),
        hoursAttended: (h) =>
          n(h, {
            zero: '(# ساعة حضور)',
            one: '(ساعة حضور واحدة)',
            two: '(ساعتا حضور)',
            few: '(# ساعات حضور)',
            other: '(# ساعة حضور)',
          }),
        more: (c) => `… و${numbers.format(c)} أخرى`,
        code: (c) => `رمز التحقق: ${c}`,
        verifyAt: (u) => `تحقّق منها على ${u}`,
        issued: (d) => `صدرت بتاريخ ${d} عن مركز teleECHO`,
        documentTitle: (c) => `شهادة التعليم الطبي المستمر ${c}`,
      };
    case 'hi':
      return {
        title: 'उपस्थिति प्रमाणपत्र',
        certifies: 'प्रमाणित किया जाता है कि',
        attendedSession: (t) => `ने निम्नलिखित कार्यक्रम के teleECHO सत्र “${t}” में भाग लिया`,
        attendedSessions: (c) =>
          n(c, {
            one: 'ने निम्नलिखित कार्यक्रम के # teleECHO सत्र में भाग लिया',
            other: 'ने निम्नलिखित कार्यक्रम के # teleECHO सत्रों में भाग लिया',
          }),
        onDate: (d) => `दिनांक ${d}`,
        fromTo: (a, b) => `${a} से ${b} तक`,
        awarded: (c) => `और उन्हें ${c} प्रदान किए जाते हैं`,
        credits: (c) => n(c, { one: '# क्रेडिट', other: '# क्रेडिट' }),
        hoursAttended: (h) => n(h, { one: '(# घंटे की उपस्थिति)', other: '(# घंटे की उपस्थिति)' }),
        more: (c) => `… और ${numbers.format(c)} अन्य`,
        code: (c) => `सत्यापन कोड: ${c}`,
        verifyAt: (u) => `यहाँ सत्यापित करें: ${u}`,
        issued: (d) => `teleECHO हब द्वारा ${d} को जारी`,
        documentTitle: (c) => `CME प्रमाणपत्र ${c}`,
      };
    case 'ru':
      return {
        title: 'СЕРТИФИКАТ УЧАСТИЯ',
        certifies: 'Настоящим подтверждается, что',
        attendedSession: (t) => `участвовал(а) в сессии teleECHO «${t}» программы`,
        attendedSessions: (c) =>
          n(c, {
            one: 'участвовал(а) в # сессии teleECHO программы',
            other: 'участвовал(а) в # сессиях teleECHO программы',
          }),
        onDate: (d) => d,
        fromTo: (a, b) => `с ${a} по ${b}`,
        awarded: (c) => `и получает ${c}`,
        credits: (c) =>
          n(c, { one: '# кредит НМО', few: '# кредита НМО', many: '# кредитов НМО', other: '# кредита НМО' }),
        hoursAttended: (h) =>
          n(h, {
            one: '(# час участия)',
            few: '(# часа участия)',
            many: '(# часов участия)',
            other: '(# часа участия)',
          }),
        more: (c) => `… и ещё ${numbers.format(c)}`,
        code: (c) => `Код проверки: ${c}`,
        verifyAt: (u) => `Проверить: ${u}`,
        issued: (d) => `Выдан ${d} хабом teleECHO`,
        documentTitle: (c) => `Сертификат НМО ${c}`,
      };
    case 'sw':
      return {
        title: 'CHETI CHA MAHUDHURIO',
        certifies: 'Inathibitishwa kwamba',
        attendedSession: (t) => `alihudhuria kikao cha teleECHO “${t}” cha programu`,
        attendedSessions: (c) =>
          n(c, {
            one: 'alihudhuria kikao # cha teleECHO cha programu',
            other: 'alihudhuria vikao # vya teleECHO vya programu',
          }),
        onDate: (d) => `tarehe ${d}`,
        fromTo: (a, b) => `kuanzia ${a} hadi ${b}`,
        awarded: (c) => `na anatunukiwa ${c}`,
        credits: (c) => n(c, { one: 'alama # ya CME', other: 'alama # za CME' }),
        hoursAttended: (h) => n(h, { one: '(saa # ya mahudhurio)', other: '(saa # za mahudhurio)' }),
        more: (c) => `… na vingine ${numbers.format(c)}`,
        code: (c) => `Namba ya uthibitisho: ${c}`,
        verifyAt: (u) => `Thibitisha kwenye ${u}`,
        issued: (d) => `Kimetolewa ${d} na hub ya teleECHO`,
        documentTitle: (c) => `Cheti cha CME ${c}`,
      };
    case 'vi':
      return {
        title: 'GIẤY CHỨNG NHẬN THAM DỰ',
        certifies: 'Chứng nhận',
        attendedSession: (t) => `đã tham dự buổi teleECHO “${t}” của chương trình`,
        attendedSessions: (c) => `đã tham dự ${numbers.format(c)} buổi teleECHO của chương trình`,
        onDate: (d) => `ngày ${d}`,
        fromTo: (a, b) => `từ ${a} đến ${b}`,
        awarded: (c) => `và được cấp ${c}`,
        credits: (c) => `${numbers.format(c)} tín chỉ CME`,
        hoursAttended: (h) => `(${numbers.format(h)} giờ tham dự)`,
        more: (c) => `… và ${numbers.format(c)} buổi khác`,
        code: (c) => `Mã xác minh: ${c}`,
        verifyAt: (u) => `Xác minh tại ${u}`,
        issued: (d) => `Cấp ngày ${d} bởi hub teleECHO`,
        documentTitle: (c) => `Chứng nhận CME ${c}`,
      };
    case 'en':
      return {
        title: 'CERTIFICATE OF ATTENDANCE',
        certifies: 'This certifies that',
        attendedSession: (t) => `attended the teleECHO session “${t}” of the programme`,
        attendedSessions: (c) =>
          n(c, {
            one: 'attended # teleECHO session of the programme',
            other: 'attended # teleECHO sessions of the programme',
          }),
        onDate: (d) => `on ${d}`,
        fromTo: (a, b) => `from ${a} to ${b}`,
        awarded: (c) => `and is awarded ${c}`,
        credits: (c) => n(c, { one: '# credit', other: '# credits' }),
        hoursAttended: (h) => n(h, { one: '(# hour attended)', other: '(# hours attended)' }),
        more: (c) => `… and ${numbers.format(c)} more`,
        code: (c) => `Verification code: ${c}`,
        verifyAt: (u) => `Verify at ${u}`,
        issued: (d) => `Issued ${d} by the teleECHO hub`,
        documentTitle: (c) => `CME certificate ${c}`,
      };
  }
}

const cache = new Map<CertificateLanguage, CertificateWords>();

/** The certificate's words in `lang`. */
export function certificateWords(lang: CertificateLanguage): CertificateWords {
  let words = cache.get(lang);
  if (!words) cache.set(lang, (words = wordsFor(lang)));
  return words;
}

/**
 * The language to print in: the first of `preferences` (a `lang` parameter, then `Accept-Language` entries by
 * weight) that certificates speak, by primary subtag (`pt-BR` → Portuguese); English otherwise.
 */
export function certificateLanguage(...preferences: (string | undefined)[]): CertificateLanguage {
  const tags = preferences.flatMap((p) =>
    (p ?? '')
      .split(',')
      .map((part, index) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = Number(
          params
            .find((x) => x.trim().startsWith('q='))
            ?.trim()
            .slice(2) ?? '1',
        );
        return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
      })
      .filter((t) => t.tag && t.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index),
  );
  for (const { tag } of tags) {
    const base = tag.split('-')[0]!;
    if ((CERTIFICATE_LANGUAGES as readonly string[]).includes(base)) return base as CertificateLanguage;
  }
  return 'en';
}

/** Words of the public verification page (`GET /v1/certificates/:code` opened in a browser). */
export interface VerificationWords {
  valid: string;
  unknown: string;
  participant: string;
  programme: string;
  credits: string;
  hours(hours: string): string;
  /** The label of one date, and of a range. */
  dates: [string, string];
  sessions: string;
  code: string;
  issued(date: string): string;
  noCertificate(code: string): string;
}

const VERIFICATION: Record<CertificateLanguage, VerificationWords> = {
  en: {
    valid: 'Valid CME certificate',
    unknown: 'Unknown certificate',
    participant: 'Participant',
    programme: 'Programme',
    credits: 'Credits',
    hours: (h) => `${h} h attended`,
    dates: ['Date', 'Dates'],
    sessions: 'Sessions',
    code: 'Code',
    issued: (d) => `issued ${d}`,
    noCertificate: (c) => `No certificate has the code ${c}.`,
  },
  es: {
    valid: 'Certificado de EMC válido',
    unknown: 'Certificado desconocido',
    participant: 'Participante',
    programme: 'Programa',
    credits: 'Créditos',
    hours: (h) => `${h} h de asistencia`,
    dates: ['Fecha', 'Fechas'],
    sessions: 'Sesiones',
    code: 'Código',
    issued: (d) => `emitido el ${d}`,
    noCertificate: (c) => `Ningún certificado tiene el código ${c}.`,
  },
  pt: {
    valid: 'Certificado de EMC válido',
    unknown: 'Certificado desconhecido',
    participant: 'Participante',
    programme: 'Programa',
    credits: 'Créditos',
    hours: (h) => `${h} h de participação`,
    dates: ['Data', 'Datas'],
    sessions: 'Sessões',
    code: 'Código',
    issued: (d) => `emitido em ${d}`,
    noCertificate: (c) => `Nenhum certificado tem o código ${c}.`,
  },
  fr: {
    valid: 'Attestation de FMC valide',
    unknown: 'Attestation inconnue',
    participant: 'Participant',
    programme: 'Programme',
    credits: 'Crédits',
    hours: (h) => `${h} h de présence`,
    dates: ['Date', 'Dates'],
    sessions: 'Séances',
    code: 'Code',
    issued: (d) => `délivrée le ${d}`,
    noCertificate: (c) => `Aucune attestation n’a le code ${c}.`,
  },
  ar: {
    valid: 'شهادة تعليم طبي مستمر صالحة',
    unknown: 'شهادة غير معروفة',
    participant: 'المشارك',
    programme: 'البرنامج',
    credits: 'الساعات المعتمدة',
    hours: (h) => `${h} ساعة حضور`,
    dates: ['التاريخ', 'التواريخ'],
    sessions: 'الجلسات',
    code: 'الرمز',
    issued: (d) => `صدرت في ${d}`,
    noCertificate: (c) => `لا توجد شهادة بالرمز ${c}.`,
  },
  hi: {
    valid: 'मान्य CME प्रमाणपत्र',
    unknown: 'अज्ञात प्रमाणपत्र',
    participant: 'प्रतिभागी',
    programme: 'कार्यक्रम',
    credits: 'क्रेडिट',
    hours: (h) => `${h} घंटे उपस्थित`,
    dates: ['तारीख़', 'तारीख़ें'],
    sessions: 'सत्र',
    code: 'कोड',
    issued: (d) => `${d} को जारी`,
    noCertificate: (c) => `कोड ${c} वाला कोई प्रमाणपत्र नहीं है।`,
  },
  ru: {
    valid: 'Действительный сертификат НМО',
    unknown: 'Неизвестный сертификат',
    participant: 'Участник',
    programme: 'Программа',
    credits: 'Кредиты',
    hours: (h) => `участие: ${h} ч`,
    dates: ['Дата', 'Даты'],
    sessions: 'Сессии',
    code: 'Код',
    issued: (d) => `выдан ${d}`,
    noCertificate: (c) => `Сертификата с кодом ${c} нет.`,
  },
  sw: {
    valid: 'Cheti halali cha CME',
    unknown: 'Cheti kisichojulikana',
    participant: 'Mshiriki',
    programme: 'Programu',
    credits: 'Alama',
    hours: (h) => `saa ${h} za mahudhurio`,
    dates: ['Tarehe', 'Tarehe'],
    sessions: 'Vikao',
    code: 'Namba',
    issued: (d) => `kimetolewa ${d}`,
    noCertificate: (c) => `Hakuna cheti chenye namba ${c}.`,
  },
  vi: {
    valid: 'Chứng nhận CME hợp lệ',
    unknown: 'Chứng nhận không xác định',
    participant: 'Người tham dự',
    programme: 'Chương trình',
    credits: 'Tín chỉ',
    hours: (h) => `${h} giờ tham dự`,
    dates: ['Ngày', 'Ngày'],
    sessions: 'Các buổi',
    code: 'Mã',
    issued: (d) => `cấp ngày ${d}`,
    noCertificate: (c) => `Không có chứng nhận nào mang mã ${c}.`,
  },
};

/** The verification page's words in `lang`. */
export function verificationWords(lang: CertificateLanguage): VerificationWords {
  return VERIFICATION[lang];
}
