import type { SafeHarborKind } from './policy.js';

/** What free-text scrubbing needs to know beyond the generic patterns. */
export interface TextScrubContext {
  /** The record's own identifiers (names, phones, street, MRN…), if any. */
  known: KnownTerms | undefined;
  /** Turns a 5-digit ZIP into what may leave (`"871"`, `"000"`, or a placeholder). */
  zip: (zip5: string) => string;
  /** Years that reveal an age over 89 (birth years of the very old): written as `[DATE]`, never as a year. */
  forbiddenYears: ReadonlySet<string>;
}

/** The result of scrubbing one string. */
export interface ScrubResult {
  text: string;
  /** Kinds found and redacted (each once). */
  kinds: SafeHarborKind[];
}

const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|' +
  'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
const STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|' +
  'OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
const STREET_SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Circle|Cir|Way|Place|Pl|Terrace|Ter|' +
  'Turnpike|Tpke|Highway|Hwy|Parkway|Pkwy|Trail|Trl|Loop|Square|Sq|Row|Alley|Plaza|Pike';
const RELATION =
  '[Dd]aughter|[Ss]on|[Ww]ife|[Hh]usband|[Ss]ister|[Bb]rother|[Mm]other|[Ff]ather|[Ss]pouse|[Pp]artner|' +
  '[Nn]eighbou?r|[Ff]riend|[Cc]aregiver|[Aa]unt|[Uu]ncle|[Nn]iece|[Nn]ephew|[Cc]ousin|[Gg]rand(?:son|daughter|' +
  'mother|father|child)|[Gg]uardian|[Bb]oyfriend|[Gg]irlfriend|[Ff]ianc[eé]e?';
const NAME_WORD = "[A-Z][A-Za-z'’-]+";
const ID_KEYWORD =
  'MRN|MR#|medical record(?:\\s+(?:number|no\\.?|#))?|acct\\.?|account(?:\\s+(?:number|no\\.?|#))?|' +
  'chart\\s+(?:number|no\\.?|#)|licen[cs]e(?:\\s+(?:number|no\\.?|#))?|certificate(?:\\s+(?:number|no\\.?|#))?|' +
  'cert\\.?|permit|passport|serial(?:\\s+(?:number|no\\.?|#))?|s\\/n|udi|imei|member\\s+id|' +
  'policy\\s+(?:number|no\\.?|#)|insurance\\s+id|subscriber\\s+id|npi|dea|badge';

/** Case-insensitive generic patterns, one alternation so each string is scanned once. */
const CI = new RegExp(
  [
    '(?<email>\\b[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}\\b)',
    '(?<url>\\b(?:(?:https?|ftp):\\/\\/|www\\.)[^\\s<>"\'\\])]*[^\\s<>"\'\\]).,;:!?])',
    '(?<ip>\\b(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}\\b|' +
      '\\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\\b|\\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?)',
    '(?<ssnkw>\\b(?:SSN|SS#|social security(?:\\s+(?:number|no\\.?|#))?)[\\s#:]*\\d{3}[\\s-]?\\d{2}[\\s-]?\\d{4}\\b)',
    '(?<ssn>\\b\\d{3}-\\d{2}-\\d{4}\\b)',
    '(?<iso>\\b(?<isoY>\\d{4})-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\\d|3[01]))?' +
      '(?:T[0-9:.]+(?:Z|[+-]\\d{2}:?\\d{2})?)?(?!\\d|-\\d))',
    '(?<ymd>\\b(?<ymdY>\\d{4})[\\/.](?:0?[1-9]|1[0-2])[\\/.](?:0?[1-9]|[12]\\d|3[01])\\b)',
    '(?<mdy>\\b(?:0?[1-9]|[12]\\d|3[01])[\\/.-](?:0?[1-9]|[12]\\d|3[01])[\\/.-](?<mdyY>\\d{4}|\\d{2})(?![\\d\\/]|[.-]\\d))',
    '(?<phonekw>\\b(?:call|phone|tel|cell|mobile|fax|ph|text)[\\s.:#]*(?:\\d{3}[\\s.-])?\\d{3}[\\s.-]\\d{4}\\b)',
    '(?<phone>(?<![\\w+])(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)|\\d{3})[\\s.-]?\\d{3}[\\s.-]\\d{4}(?!\\d)|' +
      '\\+\\d{1,3}[\\s.-]?\\(?\\d{1,4}\\)?(?:[\\s.-]?\\d{2,4}){2,4}\\b)',
    '(?<zip4>\\b(?<zip4Z>\\d{5})-\\d{4}\\b)',
    '(?<age>\\b(?:9\\d|1[0-4]\\d)(?=\\s*-?\\s*(?:years?|yrs?|y\\/o|y\\.?o\\.?|yo)\\b))',
    '(?<agekw>\\b(?<agekwW>aged?:?\\s+)(?:9\\d|1[0-4]\\d)\\b)',
    `(?<idkw>\\b(?<idkwK>${ID_KEYWORD})(?<idkwS>\\s*[#:.-]?\\s*)(?=[A-Z0-9-]*\\d)[A-Z0-9][A-Z0-9-]{3,}\\b)`,
  ].join('|'),
  'gi',
);

/** Case-sensitive patterns with digits: capitalisation tells a street or a plate from ordinary words. */
const CS = new RegExp(
  [
    `(?<mdate>\\b(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+(?<mdateY>\\d{4})|\\d{1,2}\\s+${MONTH},?\\s+` +
      `(?<mdateY2>\\d{4})|${MONTH},?\\s+(?<mdateY3>\\d{4}))\\b)`,
    `(?<mday>\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?\\b)`,
    `(?<zip>\\b(?<zipS>(?:${STATES}),?\\s+)(?<zipZ>\\d{5})(?:-\\d{4})?\\b)`,
    '(?<plate>\\b(?<plateK>(?:[Ll]icen[cs]e\\s+)?[Pp]lates?|[Tt]ag|[Cc]ar|[Tt]ruck|[Vv]an|[Vv]ehicle|[Mm]otorcycle)' +
      '(?<plateS>\\s*[#:]?\\s*)(?:[A-Z]{2}\\s+)?(?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]*\\d)[A-Z0-9]{1,4}-?[A-Z0-9]{1,5}\\b)',
    '(?<vin>\\b(?=[A-HJ-NPR-Z0-9]*\\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\\b)',
    '(?<mixid>\\b(?=[A-Za-z0-9-]*[A-Za-z])(?=(?:[A-Za-z-]*\\d){5})[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\\b)',
    `(?<street>\\b\\d{1,6}(?:-\\d{1,4})?\\s+(?:[NSEW]\\.?\\s+)?(?:${NAME_WORD}\\s+){1,4}(?:${STREET_SUFFIX})\\b\\.?` +
      '(?:\\s+(?:SE|SW|NE|NW|N|S|E|W)\\b)?|\\b\\d{1,6}\\s+(?:Calle|Camino|Avenida|Paseo|Via|Rua|Rue)' +
      `(?:\\s+(?:${NAME_WORD}|de|del|la|las|los|el)){1,6})`,
    '(?<unit>\\b(?:Apt|Apartment|Unit|Suite|Ste|Room|Rm)\\.?\\s*#?\\s*\\d[A-Za-z0-9-]*\\b|#\\s?\\d{1,5}[A-Z]?\\b)',
  ].join('|'),
  'g',
);

/** Names after a title or a relation ("Dr. Ruiz", "daughter Maria Gonzalez"): the only patterns without digits. */
const NAMES = new RegExp(
  [
    `(?<titled>\\b(?<titledT>(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof)\\.?\\s+)${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`,
    `(?<rel>\\b(?<relW>(?:${RELATION}),?\\s+)${NAME_WORD}(?:\\s+(?:(?:de|del|la|van|von|da)\\s+)?${NAME_WORD}){0,2})`,
  ].join('|'),
  'g',
);
const MAYBE_CI = /[0-9@]|:\/\/|www\./;

type Groups = Record<string, string | undefined>;

/**
 * Redacts identifiers from one piece of free text: first generic patterns for the 18 Safe Harbor kinds, then
 * the record's own identifiers (names, phones, street, MRN… of the patient, relatives and staff) wherever they remain.
 * Dates keep their year (unless the year reveals an age over 89), ages over 89 become `90+`,
 * ZIP codes their allowed 3 digits. Clinical numbers, codes and units are left alone.
 */
export function scrubText(input: string, ctx: TextScrubContext): ScrubResult {
  const kinds = new Set<SafeHarborKind>();
  let text = input;
  const year = (y: string | undefined): string => {
    if (!y || y.length !== 4 || ctx.forbiddenYears.has(y)) return '[DATE]';
    return y;
  };
  const hasDigit = /\d/.test(text);
  if (hasDigit || MAYBE_CI.test(text))
    text = text.replace(CI, (...args: unknown[]) => {
      const g = args[args.length - 1] as Groups;
      if (g.email) return hit(kinds, 'email', '[EMAIL]');
      if (g.url) return hit(kinds, 'url', '[URL]');
      if (g.ip) return hit(kinds, 'ip-address', '[IP]');
      if (g.ssnkw || g.ssn) return hit(kinds, 'ssn', '[SSN]');
      if (g.iso) return hit(kinds, 'dates', year(g.isoY));
      if (g.ymd) return hit(kinds, 'dates', year(g.ymdY));
      if (g.mdy) return hit(kinds, 'dates', year(g.mdyY));
      if (g.phonekw || g.phone) return hit(kinds, 'phone', '[PHONE]');
      if (g.zip4) return hit(kinds, 'geographic', ctx.zip(g.zip4Z!));
      if (g.age) return hit(kinds, 'dates', '90+');
      if (g.agekw) return hit(kinds, 'dates', `${g.agekwW}90+`);
      if (g.idkw) return hit(kinds, idKind(g.idkwK!), `${g.idkwK}${g.idkwS}[ID]`);
      return args[0] as string;
    });
  if (hasDigit)
    text = text.replace(CS, (...args: unknown[]) => {
      const g = args[args.length - 1] as Groups;
      if (g.mdate) return hit(kinds, 'dates', year(g.mdateY ?? g.mdateY2 ?? g.mdateY3));
      if (g.mday) return hit(kinds, 'dates', '[DATE]');
      if (g.zip) return hit(kinds, 'geographic', `${g.zipS}${ctx.zip(g.zipZ!)}`);
      if (g.plate) return hit(kinds, 'vehicle-identifier', `${g.plateK}${g.plateS}[PLATE]`);
      if (g.vin) return hit(kinds, 'vehicle-identifier', '[VIN]');
      if (g.mixid) return hit(kinds, 'other-identifier', '[ID]');
      if (g.street || g.unit) return hit(kinds, 'geographic', '[ADDRESS]');
      return args[0] as string;
    });
  text = text.replace(NAMES, (...args: unknown[]) => {
    const g = args[args.length - 1] as Groups;
    if (g.titled) return hit(kinds, 'names', `${g.titledT}[NAME]`);
    return hit(kinds, 'names', `${g.relW}[NAME]`);
  });
  if (ctx.known) text = replaceKnownTerms(text, ctx.known, kinds);
  if (hasDigit && ctx.forbiddenYears.size > 0) {
    text = text.replace(/\b\d{4}\b/g, (y) => (ctx.forbiddenYears.has(y) ? hit(kinds, 'dates', '[DATE]') : y));
  }
  return { text, kinds: [...kinds] };
}

function hit(kinds: Set<SafeHarborKind>, kind: SafeHarborKind, replacement: string): string {
  kinds.add(kind);
  return replacement;
}

function idKind(keyword: string): SafeHarborKind {
  const k = keyword.toLowerCase();
  if (k.startsWith('mr') || k.startsWith('medical') || k.startsWith('chart')) return 'medical-record-number';
  if (k.startsWith('acc')) return 'account-number';
  if (k.startsWith('lic') || k.startsWith('cert') || k === 'permit' || k === 'passport' || k === 'npi' || k === 'dea') {
    return 'certificate-license-number';
  }
  if (k.startsWith('member') || k.startsWith('policy') || k.startsWith('insurance') || k.startsWith('subscriber')) {
    return 'health-plan-number';
  }
  if (k.startsWith('serial') || k === 's/n' || k === 'udi' || k === 'imei') return 'device-identifier';
  return 'other-identifier';
}

const WORD = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[\u0080-\uffff]/;
const norm = (w: string) => {
  const lower = w.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : lower;
};
const words = (s: string) => Array.from(s.matchAll(WORD), (m) => norm(m[0]));

/** One identifier of the record: its words, its kind and what replaces it. */
interface KnownTerm {
  readonly words: readonly string[];
  readonly kind: SafeHarborKind;
  readonly placeholder: string;
}

/**
 * The record's own identifiers, compiled for fast whole-word matching in one pass: a term is a sequence of words
 * (letters or digits), so "505-555-0142" also matches "(505) 555-0142" and "505.555.0142", "Montoya de Baca"
 * matches "Montoya-de-Baca", and accents are ignored ("Villasenor" matches "Villaseñor"). Terms with 5+ digits
 * also match their digits written together ("5055550142").
 */
export interface KnownTerms {
  /** First word → terms starting with it, longest first. */
  readonly byFirst: ReadonlyMap<string, readonly KnownTerm[]>;
}

/** Compiles groups of identifier strings (each with its kind and placeholder); undefined when all are empty. */
export function compileKnownTerms(
  groups: Iterable<readonly [SafeHarborKind, Iterable<string>, string]>,
): KnownTerms | undefined {
  const byFirst = new Map<string, KnownTerm[]>();
  const seen = new Set<string>();
  const add = (words: string[], kind: SafeHarborKind, placeholder: string) => {
    const key = words.join(' ');
    if (!words.length || seen.has(key)) return;
    seen.add(key);
    const list = byFirst.get(words[0]!) ?? [];
    list.push({ words, kind, placeholder });
    byFirst.set(words[0]!, list);
  };
  for (const [kind, terms, placeholder] of groups) {
    for (const raw of terms) {
      const term = raw.trim();
      if (term.length < 2) continue;
      const seq = words(term);
      if (seq.length === 1 && seq[0]!.length < 2) continue;
      add(seq, kind, placeholder);
      const digits = term.replace(/\D/g, '');
      if (digits.length >= 5 && seq.length > 1) add([digits], kind, placeholder);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirst.size ? { byFirst } : undefined;
}

const SCAN_WORD = /[\p{L}\p{N}]+/gu;
const NEXT_WORD = /[^\p{L}\p{N}]{1,3}([\p{L}\p{N}]+)/uy;

/** Calls `onMatch` for every known term in `text`, left to right, without overlaps. */
function matchKnownTerms(
  text: string,
  known: KnownTerms,
  onMatch: (start: number, end: number, term: KnownTerm) => void,
): void {
  const word = SCAN_WORD;
  word.lastIndex = 0;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    const candidates = known.byFirst.get(norm(m[0]));
    if (!candidates) continue;
    let end = -1;
    let hit: KnownTerm | undefined;
    for (const term of candidates) {
      let pos = m.index + m[0].length;
      let ok = true;
      for (let j = 1; j < term.words.length && ok; j++) {
        // The next word, after 1 to 3 separators ("Montoya de Baca", "(505) 555-0142").
        NEXT_WORD.lastIndex = pos;
        const next = NEXT_WORD.exec(text);
        if (!next || norm(next[1]!) !== term.words[j]) ok = false;
        else pos = NEXT_WORD.lastIndex;
      }
      if (ok) {
        end = pos;
        hit = term;
        break;
      }
    }
    if (!hit) continue;
    onMatch(m.index, end, hit);
    word.lastIndex = end;
  }
}

/** Replaces every known term in `text` by its placeholder, adding the kinds found to `kinds`. */
export function replaceKnownTerms(text: string, known: KnownTerms, kinds: Set<SafeHarborKind>): string {
  let out = '';
  let last = 0;
  matchKnownTerms(text, known, (start, end, hit) => {
    out += text.slice(last, start) + hit.placeholder;
    kinds.add(hit.kind);
    last = end;
  });
  return last === 0 ? text : out + text.slice(last);
}

/** One identifier found in free text by {@link findTextIdentifiers}: UTF-16 offsets and its Safe Harbor kind. */
export interface TextFinding {
  start: number;
  end: number;
  kind: SafeHarborKind;
}

function genericKind(g: Groups): SafeHarborKind | undefined {
  if (g.email) return 'email';
  if (g.url) return 'url';
  if (g.ip) return 'ip-address';
  if (g.ssnkw || g.ssn) return 'ssn';
  if (g.iso || g.ymd || g.mdy || g.age || g.agekw) return 'dates';
  if (g.phonekw || g.phone) return 'phone';
  if (g.zip4) return 'geographic';
  if (g.idkw) return idKind(g.idkwK!);
  if (g.mdate || g.mday) return 'dates';
  if (g.zip || g.street || g.unit) return 'geographic';
  if (g.plate || g.vin) return 'vehicle-identifier';
  if (g.mixid) return 'other-identifier';
  if (g.titled || g.rel) return 'names';
  return undefined;
}

/**
 * Where {@link scrubText} would redact, without changing the text: the generic patterns (full dates, phones,
 * emails, SSNs, keyword IDs, addresses, titled names…) and the record's `known` terms. Findings are sorted and do not
 * overlap (the earliest, then the longest, wins). A year alone is not a finding.
 */
export function findTextIdentifiers(input: string, known?: KnownTerms): TextFinding[] {
  const all: TextFinding[] = [];
  const hasDigit = /\d/.test(input);
  const scan = (re: RegExp, prefix?: (g: Groups) => string | undefined) => {
    for (const m of input.matchAll(new RegExp(re.source, re.flags))) {
      const g = (m.groups ?? {}) as Groups;
      const kind = genericKind(g);
      if (!kind) continue;
      const skip = prefix?.(g)?.length ?? 0;
      all.push({ start: m.index + skip, end: m.index + m[0].length, kind });
    }
  };
  if (hasDigit || MAYBE_CI.test(input)) scan(CI);
  if (hasDigit) scan(CS);
  scan(NAMES, (g) => g.titledT ?? g.relW);
  if (known) matchKnownTerms(input, known, (start, end, term) => all.push({ start, end, kind: term.kind }));
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextFinding[] = [];
  for (const f of all) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) continue;
    out.push(f);
  }
  return out;
}

const ALLOWED_TAGS = new Set([
  'div',
  'p',
  'br',
  'b',
  'i',
  'u',
  'em',
  'strong',
  'small',
  'span',
  'sub',
  'sup',
  'pre',
  'code',
  'blockquote',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'colgroup',
  'col',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
]);
const VOID_TAGS = new Set(['br', 'hr', 'col']);
const DROP_CONTENT = new Set(['script', 'style', 'object', 'embed', 'iframe', 'svg', 'math']);
const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<(\/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>|<[^>]*>?|[^<]+/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Scrubs a narrative `div`: keeps only a small set of formatting tags, without any attributes (no links,
 * images, styles or ids that could carry identifiers), scrubs every text node, and returns well-formed XHTML
 * wrapped in `<div xmlns="http://www.w3.org/1999/xhtml">`.
 */
export function scrubXhtml(div: string, ctx: TextScrubContext): ScrubResult {
  const kinds = new Set<SafeHarborKind>();
  const out: string[] = [];
  const stack: string[] = [];
  let dropping = 0;
  let textBuffer = '';
  const flush = () => {
    if (!textBuffer) return;
    const r = scrubText(decodeEntities(textBuffer), ctx);
    r.kinds.forEach((k) => kinds.add(k));
    out.push(escapeXml(r.text));
    textBuffer = '';
  };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(div); m; m = TOKEN.exec(div)) {
    const token = m[0];
    if (!token) break;
    if (token[0] !== '<') {
      if (!dropping) textBuffer += token;
      continue;
    }
    if (m[1] !== undefined) {
      if (!dropping) textBuffer += escapeXml(m[1]);
      continue;
    }
    const name = m[3]?.toLowerCase();
    if (!name) continue; // comment, doctype, stray '<'
    const closing = m[2] === '/';
    if (DROP_CONTENT.has(name)) {
      dropping = Math.max(0, dropping + (closing ? -1 : token.endsWith('/>') ? 0 : 1));
      continue;
    }
    if (dropping || !ALLOWED_TAGS.has(name)) {
      if (!dropping && (name === 'img' || name === 'a')) textBuffer += ' ';
      continue;
    }
    flush();
    if (VOID_TAGS.has(name)) out.push(`<${name}/>`);
    else if (!closing && !token.endsWith('/>')) {
      stack.push(name);
      out.push(`<${name}>`);
    } else if (closing && stack.includes(name)) {
      while (stack.length) {
        const open = stack.pop()!;
        out.push(`</${open}>`);
        if (open === name) break;
      }
    }
  }
  flush();
  while (stack.length) out.push(`</${stack.pop()}>`);
  return { text: `<div xmlns="http://www.w3.org/1999/xhtml">${out.join('')}</div>`, kinds: [...kinds] };
}
