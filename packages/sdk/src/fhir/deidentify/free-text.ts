import type { SafeHarborKind } from './policy.js';
import { compileKnownTerms, mergeFindings, scanText } from './text-scan.js';
import type { Finding, KnownTerms, ScanStats } from './text-scan.js';

export { compileKnownTerms };
export type { KnownTerms, ScanStats };

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

/**
 * Redacts identifiers from one piece of free text, in English, Spanish, Portuguese or French: the 18 Safe Harbor
 * kinds by their shape (e-mails, web and IP addresses, phone numbers of many countries, dates written out or in
 * figures, SSNs, street addresses, VINs and plates, numbers after a keyword such as "MRN", "licence", "cuenta",
 * "CPF", "permis"…), names after a title or a relation ("Dr. Ruiz", "wife Guadalupe", "mora com a irmã Ana"),
 * workplaces ("works at …", "trabaja en …", "employeur : …"), and the record's own identifiers (names, phones,
 * street, MRN… of the patient, relatives and staff) wherever they appear. Dates keep their year (unless the year
 * reveals an age over 89), ages over 89 become `90+`, ZIP codes their allowed 3 digits. Clinical numbers, codes and
 * units are left alone. Runs in time linear in the length of the text.
 */
export function scrubText(input: string, ctx: TextScrubContext, stats?: ScanStats): ScrubResult;
/** @internal Known terms only (`onlyKnown`), without the generic patterns. */
export function scrubText(
  input: string,
  ctx: TextScrubContext,
  stats: ScanStats | undefined,
  onlyKnown: KnownTerms,
): ScrubResult;
export function scrubText(
  input: string,
  ctx: TextScrubContext,
  stats?: ScanStats,
  onlyKnown?: KnownTerms,
): ScrubResult {
  const kinds = new Set<SafeHarborKind>();
  const findings = onlyKnown
    ? scanText(input, { known: onlyKnown, generic: false, stats })
    : scanText(input, { known: ctx.known, forbiddenYears: ctx.forbiddenYears, stats });
  if (!findings.length) return { text: input, kinds: [] };
  let out = '';
  let last = 0;
  for (const f of mergeFindings(findings)) {
    out += input.slice(last, f.start) + replacementOf(f, ctx);
    for (const k of f.kinds) kinds.add(k);
    last = f.end;
  }
  return { text: out + input.slice(last), kinds: [...kinds] };
}

function replacementOf(f: Finding, ctx: TextScrubContext): string {
  const r = f.replacement;
  switch (r.type) {
    case 'placeholder':
      return r.text;
    case 'year':
      return !r.year || r.year.length !== 4 || ctx.forbiddenYears.has(r.year) ? '[DATE]' : r.year;
    case 'zip':
      return ctx.zip(r.zip5);
    case 'age':
      return '90+';
  }
}

/** Replaces every known term in `text` by its placeholder, adding the kinds found to `kinds`. */
export function replaceKnownTerms(text: string, known: KnownTerms, kinds: Set<SafeHarborKind>): string {
  const r = scrubText(text, { known: undefined, zip: (z) => z, forbiddenYears: new Set() }, undefined, known);
  r.kinds.forEach((k) => kinds.add(k));
  return r.text;
}

/** One identifier found in free text by {@link findTextIdentifiers}: UTF-16 offsets and its Safe Harbor kind. */
export interface TextFinding {
  start: number;
  end: number;
  kind: SafeHarborKind;
  /** Its shape alone settles it (an e-mail, a full date…); otherwise it rests on context or capitalisation. */
  certain: boolean;
}

/**
 * Where {@link scrubText} would redact, without changing the text: the generic patterns (full dates, phones,
 * emails, SSNs, keyword IDs, addresses, titled names, relatives, workplaces…) and the record's `known` terms. Findings
 * are sorted and do not overlap (overlapping ones are merged, the earlier one's kind wins). A year alone is not a
 * finding.
 */
export function findTextIdentifiers(
  input: string,
  known?: KnownTerms,
  stats?: ScanStats,
  certainOnly = false,
): TextFinding[] {
  return mergeFindings(scanText(input, { known, stats, certainOnly })).map((f) => ({
    start: f.start,
    end: f.end,
    kind: f.kind,
    certain: f.certain,
  }));
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
/**
 * Markup tokens. Linear: comments and CDATA run to their end (or the end of the text); a tag's name and attributes are
 * each taken whole, once (a lookahead + back-reference makes them atomic, so a tag without `>` costs one pass, not a
 * pass per character), and a stray `<` swallows the rest of its run.
 */
const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<(\/?)(?=([A-Za-z][A-Za-z0-9:-]*))\3(?=([^>]*))\4>|<[^>]*>?|[^<]+/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,8}|#\d{1,8}|[a-z]{1,32});/gi, (m, e: string) => {
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
