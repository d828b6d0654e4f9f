/**
 * Finds identifiers in free text in linear time: the text is cut into tokens once (runs of letters and digits, single
 * punctuation marks; spaces are skipped), then each rule looks at a bounded number of tokens from where it starts.
 * The few regular expressions are sticky, run only at token starts, and have bounded quantifiers only (no `*`, `+`
 * or `{n,}`), so one attempt costs at most a constant: the work is proportional to the length of the text whatever it
 * holds (a pasted base64 blob, a million digits, a thousand near-dates). Rules cover English, Spanish, Portuguese and
 * French text.
 * @internal
 * @packageDocumentation
 */
import type { SafeHarborKind } from './policy.js';
import {
  AGE_CUES,
  ARTICLES,
  DATE_FILLERS,
  DIRECTIONS,
  EMPLOYER_LABELS,
  EMPLOYER_NOUNS,
  ID_FILLERS,
  ID_KEYWORDS,
  MONTHS_EN,
  MONTHS_OTHER,
  MONTHS_SHORT,
  NAME_CUES,
  NAME_LABELS,
  NAME_PARTICLES,
  NOT_EMPLOYERS,
  NOT_NAMES,
  NOT_PERSON_NAME,
  PHONE_CUES,
  PHONE_FILLERS,
  PLATE_KEYWORDS,
  POSTAL_CUES,
  RELATIONS,
  RELATION_FILLERS,
  STREET_SUFFIXES,
  STREET_TYPES,
  TITLES,
  TITLES_WITH_DOT,
  TLDS,
  UNIT_WORDS,
  US_STATES,
  WORK_PREPOSITIONS,
  WORK_VERBS,
  YEAR_WORDS,
  normWord,
} from './text-words.js';
import type { IdKeyword } from './text-words.js';

/** What replaces a finding: a placeholder, the year of a date, the allowed part of a ZIP code, or `90+`. */
export type Replacement =
  | { readonly type: 'placeholder'; readonly text: string }
  | { readonly type: 'year'; readonly year: string | undefined }
  | { readonly type: 'zip'; readonly zip5: string }
  | { readonly type: 'age' };

/** One identifier found by {@link scanText}: UTF-16 offsets of what to replace (a keyword before it stays). */
export interface Finding {
  start: number;
  end: number;
  kind: SafeHarborKind;
  /**
   * The shape alone settles it (an e-mail, a full date, a phone number, a keyword and a number…). Uncertain findings
   * rest on capitalisation or context ("wife Guadalupe", "works at Acme", a month and a year) and may be ordinary text.
   */
  certain: boolean;
  replacement: Replacement;
}

/** Work counters, for tests that check the cost grows linearly with the text. */
export interface ScanStats {
  /** Tokens cut from the text. */
  tokens: number;
  /** Rule attempts (each looks at a bounded number of tokens or characters). */
  attempts: number;
}

/** The longest token compared against word lists; longer ones cannot be keywords. */
const MAX_KEY = 64;

const enum C {
  Other = 0,
  Digit = 1,
  Upper = 2,
  Lower = 3,
  Mark = 4,
  Space = 5,
}

const classes = new Uint8Array(65536);
const known = new Uint8Array(65536);
(() => {
  for (let c = 0; c < 128; c++) {
    known[c] = 1;
    classes[c] =
      c >= 48 && c <= 57
        ? C.Digit
        : c >= 65 && c <= 90
          ? C.Upper
          : c >= 97 && c <= 122
            ? C.Lower
            : c === 32 || (c >= 9 && c <= 13)
              ? C.Space
              : C.Other;
  }
})();
const RE_UPPER = /[\p{Lu}\p{Lt}]/u;
const RE_LETTER = /\p{L}/u;
const RE_MARK = /\p{M}/u;
const RE_SPACE = /\s/u;

function classOf(c: number): number {
  if (known[c]) return classes[c]!;
  let k: C = C.Other;
  if (c < 0xd800 || c > 0xdfff) {
    const ch = String.fromCharCode(c);
    if (RE_UPPER.test(ch)) k = C.Upper;
    else if (RE_LETTER.test(ch)) k = C.Lower;
    else if (RE_MARK.test(ch)) k = C.Mark;
    else if (RE_SPACE.test(ch)) k = C.Space;
  }
  classes[c] = k;
  known[c] = 1;
  return k;
}

/** Whether the character at `i` is a letter, a digit or a combining mark. */
function alnumAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const k = classOf(text.charCodeAt(i));
  return k === C.Digit || k === C.Upper || k === C.Lower || k === C.Mark;
}

/**
 * The sticky patterns the rules use. None has an unbounded quantifier (a test checks it), so an attempt costs at most
 * a constant number of steps.
 */
export const PATTERNS = {
  ipv4: /(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d]|\.\d)/y,
  ipv6: /(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![0-9a-f:])|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?(?![0-9a-f:])/iy,
  mac: /[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}(?![0-9a-f]|[:-][0-9a-f])/iy,
  iso: /(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01])(?:T[0-9:.]{2,18}(?:Z|[+-]\d{2}:?\d{2})?)?)?(?!\d|-\d)/y,
  ymd: /(\d{4})[/.](0?[1-9]|1[0-2])[/.](0?[1-9]|[12]\d|3[01])(?!\d)/y,
  dmy: /(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|[12]\d|3[01])[/.-](\d{4}|\d{2})(?![\d/]|[.-]\d)/y,
  monthYear: /(?:0?[1-9]|1[0-2])\/(\d{4})(?![\d/]|[.-]\d)/y,
  ssn: /\d{3}-\d{2}-\d{4}(?![\d-])/y,
  zip4: /(\d{5})-\d{4}(?![\d-])/y,
  cep: /\d{5}-\d{3}(?![\d-])/y,
  nanp: /(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]\d{4}(?![\d]|[.-]\d)/y,
  intl: /\+(?:\d{8,15}|\d{1,3}(?:[\s.-]?\(\d{1,5}\)|[\s.-]\d{1,9}){1,7})(?![\d]|[.-]\d)/y,
  fr: /0[1-9]([\s.-]?)\d{2}(?:\1\d{2}){3}(?![\d]|[.-]\d)/y,
  es9: /[6-9]\d{2}([\s.-])\d{3}\1\d{3}(?![\d]|[.-]\d)|[89]\d([\s.-])\d{3}\2\d{2}\2\d{2}(?![\d]|[.-]\d)/y,
  area2: /\(\d{2}\)\s?\d{4,5}[\s.-]\d{4}(?![\d]|[.-]\d)|\d{2}[\s.-]\d{4,5}[\s.-]\d{4}(?![\d]|[.-]\d)/y,
  cuedPhone: /\+?\(?\d{1,15}\)?(?:[\s.-]{1,2}\(?\d{2,8}\)?){0,6}(?![\d])/y,
  emailDomain: /(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24}(?![a-z0-9-])/iy,
  scheme: /(?:https?|ftp):\/\/|www\./iy,
  plate: /[A-Z0-9]{1,8}(?:[\s-][A-Z0-9]{1,8}){0,2}/y,
  day: /(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|re|e|º|ª|o|a)?(?![0-9a-z\u00c0-\u024f])/iy,
} as const;

/** One identifier of the record: its words, its kind and what replaces it. */
interface KnownTerm {
  readonly words: readonly string[];
  readonly kind: SafeHarborKind;
  readonly placeholder: string;
}

/**
 * The record's own identifiers, compiled for whole-word matching: a term is a sequence of words (letters or digits),
 * so "505-555-0142" also matches "(505) 555-0142" and "505.555.0142", "Montoya de Baca" matches "Montoya-de-Baca",
 * and accents are ignored ("Villasenor" matches "Villaseñor"). Terms with 5+ digits also match their digits written
 * together ("5055550142").
 */
export interface KnownTerms {
  /** First word → terms starting with it, longest first. */
  readonly byFirst: ReadonlyMap<string, readonly KnownTerm[]>;
  /** Length of the longest first word (longer tokens are not looked up). */
  readonly longest: number;
  /** {@link lengthMask} of the first words. */
  readonly mask: Uint32Array;
}

/**
 * A quick filter for word lists: bit `min(length, 31)` of entry `c` is set when some word starts with the ASCII
 * character `c` (lower case) and has that length.
 */
function lengthMask(words: Iterable<string>): Uint32Array {
  const mask = new Uint32Array(128);
  for (const w of words) {
    const c = w.charCodeAt(0) | 32;
    if (c < 128) mask[c]! |= 1 << Math.min(w.length, 31);
  }
  return mask;
}
let KEY_MASK: Uint32Array | undefined;
function keyMask(): Uint32Array {
  return (KEY_MASK ??= lengthMask(keyWords()));
}

const WORDS = /[\p{L}\p{N}\p{M}]{1,200}/gu;

/** Compiles groups of identifier strings (each with its kind and placeholder); undefined when all are empty. */
export function compileKnownTerms(
  groups: Iterable<readonly [SafeHarborKind, Iterable<string>, string]>,
): KnownTerms | undefined {
  const byFirst = new Map<string, KnownTerm[]>();
  const seen = new Set<string>();
  let longest = 0;
  const add = (words: string[], kind: SafeHarborKind, placeholder: string) => {
    const key = words.join(' ');
    if (!words.length || seen.has(key) || words.some((w) => w.length > MAX_TERM_WORD)) return;
    seen.add(key);
    const list = byFirst.get(words[0]!) ?? [];
    list.push({ words, kind, placeholder });
    byFirst.set(words[0]!, list);
    longest = Math.max(longest, words[0]!.length);
  };
  for (const [kind, terms, placeholder] of groups) {
    for (const raw of terms) {
      const term = raw.trim();
      if (term.length < 2) continue;
      const seq = Array.from(term.matchAll(WORDS), (m) => normWord(m[0]));
      if (seq.length === 1 && seq[0]!.length < 2) continue;
      add(seq, kind, placeholder);
      const digits = term.replace(/\D/g, '');
      if (digits.length >= 5 && seq.length > 1) add([digits], kind, placeholder);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirst.size ? { byFirst, longest, mask: lengthMask(byFirst.keys()) } : undefined;
}
/** Longest word of a known term that is matched (longer ones are not names or numbers anyone types). */
const MAX_TERM_WORD = MAX_KEY;

/** What {@link scanText} looks for besides the generic patterns. */
export interface ScanOptions {
  /** The record's own identifiers. */
  known?: KnownTerms | undefined;
  /** Years that reveal an age over 89: found wherever they stand alone. */
  forbiddenYears?: ReadonlySet<string>;
  /** Work counters to add to. */
  stats?: ScanStats | undefined;
  /** The generic patterns (default true); false looks for `known` and `forbiddenYears` only. */
  generic?: boolean;
  /** Skip the rules that only find uncertain things (names after relations, workplaces, ages…): less work. */
  certainOnly?: boolean;
}

/** Scans `text` for identifiers; findings come in order of rule and may overlap (see {@link mergeFindings}). */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  const scanner = new Scanner(text, options.stats, options.certainOnly === true);
  if (options.generic !== false) scanner.run();
  if (options.known) scanner.knownTerms(options.known);
  if (options.forbiddenYears?.size) scanner.years(options.forbiddenYears);
  return scanner.out;
}

/** Token storage, grown as needed; small ones are reused between scans (a scan is synchronous, never re-entered). */
class TokenBuffers {
  ts: Int32Array;
  te: Int32Array;
  digits: Int32Array;
  uppers: Int32Array;
  lowers: Int32Array;
  /** Bit 0: punctuation; bits 1–2: space before (0 none, 2 spaces, 4 a line break); bit 3: non-ASCII letters. */
  flags: Uint8Array;
  constructor(public capacity: number) {
    this.ts = new Int32Array(capacity);
    this.te = new Int32Array(capacity);
    this.digits = new Int32Array(capacity);
    this.uppers = new Int32Array(capacity);
    this.lowers = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }
  grow(): void {
    const next = new TokenBuffers(this.capacity * 2);
    next.ts.set(this.ts);
    next.te.set(this.te);
    next.digits.set(this.digits);
    next.uppers.set(this.uppers);
    next.lowers.set(this.lowers);
    next.flags.set(this.flags);
    Object.assign(this, next);
  }
}
const SHARED_MAX = 1 << 14;
const shared = new TokenBuffers(SHARED_MAX);
function buffersFor(length: number): TokenBuffers {
  return length + 1 > SHARED_MAX ? new TokenBuffers(Math.min(length + 1, Math.max(SHARED_MAX, length >> 2))) : shared;
}

const F_PUNCT = 1;
const F_NON_ASCII = 8;

class Scanner {
  private ts: Int32Array;
  private te: Int32Array;
  private digits: Int32Array;
  private uppers: Int32Array;
  private lowers: Int32Array;
  private flags: Uint8Array;
  private readonly buffers: TokenBuffers;
  readonly out: Finding[] = [];
  private n = 0;
  /** The last key made (rules ask for the same token's key several times in a row). */
  private keyAt = -1;
  private keyText = '';

  constructor(
    private readonly text: string,
    private readonly stats: ScanStats | undefined,
    private readonly certainOnly = false,
  ) {
    const b = buffersFor(text.length);
    this.buffers = b;
    this.ts = b.ts;
    this.te = b.te;
    this.digits = b.digits;
    this.uppers = b.uppers;
    this.lowers = b.lowers;
    this.flags = b.flags;
    this.tokenize();
  }

  private tokenize(): void {
    const { text, buffers } = this;
    let { ts, te, digits, uppers, lowers, flags } = buffers;
    const len = text.length;
    let n = 0;
    let i = 0;
    let space = 0;
    while (i < len) {
      let c = text.charCodeAt(i);
      let k = c < 128 ? classes[c]! : classOf(c);
      if (k === C.Space) {
        if (space < 4) space = c === 10 || c === 13 ? 4 : 2;
        i++;
        continue;
      }
      if (n === buffers.capacity) {
        buffers.grow();
        ({ ts, te, digits, uppers, lowers, flags } = buffers);
      }
      ts[n] = i;
      if (k === C.Other || k === C.Mark) {
        i++;
        te[n] = i;
        digits[n] = 0;
        uppers[n] = 0;
        lowers[n] = 0;
        flags[n] = F_PUNCT | space;
      } else {
        let d = 0;
        let u = 0;
        let l = 0;
        let wide = 0;
        for (;;) {
          if (k === C.Digit) d++;
          else if (k === C.Upper) u++;
          else if (k === C.Lower) l++;
          if (c >= 128) wide = F_NON_ASCII;
          if (++i >= len) break;
          c = text.charCodeAt(i);
          k = c < 128 ? classes[c]! : classOf(c);
          if (k === C.Space || k === C.Other) break;
        }
        te[n] = i;
        digits[n] = d;
        uppers[n] = u;
        lowers[n] = l;
        flags[n] = space | wide;
      }
      space = 0;
      n++;
    }
    this.n = n;
    ({
      ts: this.ts,
      te: this.te,
      digits: this.digits,
      uppers: this.uppers,
      lowers: this.lowers,
      flags: this.flags,
    } = buffers);
    if (this.stats) this.stats.tokens += n;
  }

  run(): void {
    const { n } = this;
    let i = 0;
    while (i < n) {
      if (this.stats) this.stats.attempts++;
      const next = this.flags[i]! & F_PUNCT ? this.atPunct(i) : this.atWord(i);
      i = next > i ? next : i + 1;
    }
  }

  /** The record's own identifiers, wherever they stand as whole words (1 to 3 separators between their words). */
  knownTerms(known: KnownTerms): void {
    const { n } = this;
    for (let i = 0; i < n; i++) {
      if (this.flags[i]! & F_PUNCT || this.len(i) > known.longest || !this.mayBe(known.mask, i)) continue;
      if (this.stats) this.stats.attempts++;
      const candidates = known.byFirst.get(this.key(i));
      if (!candidates) continue;
      for (const term of candidates) {
        let j = i;
        let ok = true;
        for (let w = 1; w < term.words.length && ok; w++) {
          let k = j + 1;
          while (k < n && this.flags[k]! & F_PUNCT && this.ts[k]! - this.te[j]! < 3) k++;
          const sep = k < n ? this.ts[k]! - this.te[j]! : 0;
          if (k >= n || sep < 1 || sep > 3 || this.key(k) !== term.words[w]) ok = false;
          else j = k;
        }
        if (!ok) continue;
        this.out.push({
          start: this.ts[i]!,
          end: this.te[j]!,
          kind: term.kind,
          certain: true,
          replacement: { type: 'placeholder', text: term.placeholder },
        });
        i = j;
        break;
      }
    }
  }

  /** Four-digit numbers standing alone that are one of `years`. */
  years(years: ReadonlySet<string>): void {
    for (let i = 0; i < this.n; i++) {
      if (this.len(i) !== 4 || this.digits[i] !== 4 || !years.has(this.raw(i))) continue;
      this.out.push({
        start: this.ts[i]!,
        end: this.te[i]!,
        kind: 'dates',
        certain: false,
        replacement: { type: 'year', year: undefined },
      });
    }
  }

  // ---- token helpers ---------------------------------------------------------------------------------------------

  private len(i: number): number {
    return this.te[i]! - this.ts[i]!;
  }
  private isWord(i: number): boolean {
    return i < this.n && (this.flags[i]! & F_PUNCT) === 0;
  }
  private isNumber(i: number): boolean {
    return this.isWord(i) && this.digits[i] === this.len(i);
  }
  private isLetters(i: number): boolean {
    return this.isWord(i) && this.digits[i] === 0;
  }
  private punct(i: number): number {
    return i < this.n && this.flags[i]! & F_PUNCT ? this.text.charCodeAt(this.ts[i]!) : -1;
  }
  private isPunct(i: number, chars: string): boolean {
    const c = this.punct(i);
    return c >= 0 && chars.includes(String.fromCharCode(c));
  }
  /** Normalised text of a word token, or '' for long tokens and punctuation. */
  key(i: number): string {
    if (!this.isWord(i) || this.len(i) > MAX_KEY) return '';
    if (i === this.keyAt) return this.keyText;
    const raw = this.text.slice(this.ts[i], this.te[i]);
    this.keyText = this.flags[i]! & F_NON_ASCII ? normWord(raw) : raw.toLowerCase();
    this.keyAt = i;
    return this.keyText;
  }
  /** Whether word token `i` may be one of the keys in `mask` (see {@link lengthMask}): a quick test, no string made. */
  mayBe(mask: Uint32Array, i: number): boolean {
    if (this.flags[i]! & F_NON_ASCII) return true;
    const c = this.text.charCodeAt(this.ts[i]!) | 32;
    return c < 128 && (mask[c]! & (1 << Math.min(this.len(i), 31))) !== 0;
  }
  private raw(i: number): string {
    return this.len(i) > MAX_KEY ? '' : this.text.slice(this.ts[i], this.te[i]);
  }
  /** Token `i` follows its predecessor on the same line, after at most `max` spaces (0: touching). */
  private near(i: number, max = 3): boolean {
    if (i >= this.n || (this.flags[i]! & 6) === 4) return false;
    return this.ts[i]! - this.te[i - 1]! <= max;
  }
  private touching(i: number): boolean {
    return i < this.n && this.ts[i] === this.te[i - 1];
  }
  private capitalised(i: number): boolean {
    return this.isLetters(i) && classOf(this.text.charCodeAt(this.ts[i]!)) === C.Upper;
  }
  private allCaps(i: number): boolean {
    return this.isLetters(i) && this.lowers[i] === 0 && this.uppers[i]! >= 2;
  }
  private sticky(re: RegExp, pos: number): RegExpExecArray | null {
    if (this.stats) this.stats.attempts++;
    re.lastIndex = pos;
    return re.exec(this.text);
  }
  /** The first token at or after text offset `pos`. */
  private tokenAt(pos: number, from: number): number {
    let j = from;
    while (j < this.n && this.ts[j]! < pos) j++;
    return j;
  }
  private add(
    start: number,
    end: number,
    kind: SafeHarborKind,
    certain: boolean,
    replacement: Replacement,
    from: number,
  ): number {
    this.out.push({ start, end, kind, certain, replacement });
    return this.tokenAt(end, from);
  }
  private placeholder(text: string): Replacement {
    let r = PLACEHOLDERS.get(text);
    if (!r) PLACEHOLDERS.set(text, (r = { type: 'placeholder', text }));
    return r;
  }
  /** No digit (or digit group) right before `pos`: "1.200.000" holds no phone number. */
  private numericStart(pos: number): boolean {
    const p = this.text.charCodeAt(pos - 1);
    if (pos === 0) return true;
    if (alnumAt(this.text, pos - 1) || p === 43) return false;
    return !((p === 46 || p === 45 || p === 47 || p === 44) && classOf(this.text.charCodeAt(pos - 2)) === C.Digit);
  }
  /** Skips tokens of `fillers` (and `: # . -`) after a keyword; returns the first other token. */
  private skipFillers(i: number, fillers: ReadonlySet<string>, max = 3): number {
    let j = i;
    for (let k = 0; k < max && j < this.n && this.near(j); k++) {
      if (this.isPunct(j, ':#.-–=°º')) j++;
      else if (this.isWord(j) && fillers.has(this.key(j))) j++;
      else break;
    }
    return j;
  }
  /** Matches the words of a keyword phrase from token `i` (punctuation like `'`, `/`, `-`, `.` between is skipped). */
  private phrase(i: number, words: readonly string[]): number {
    let j = i;
    for (let w = 0; w < words.length; w++) {
      if (w > 0) {
        let hops = 0;
        while (j < this.n && this.isPunct(j, "'’/-.") && this.near(j, 1) && hops < 2) {
          j++;
          hops++;
        }
        if (!this.near(j, 2)) return -1;
      }
      if (this.key(j) !== words[w]) return -1;
      j++;
    }
    return j;
  }

  // ---- dispatch --------------------------------------------------------------------------------------------------

  private atPunct(i: number): number {
    const c = this.punct(i);
    if (c === 64) return this.email(i); // @
    if (c === 43 || c === 40) return this.phone(i); // + (
    if (c === 35 && this.isNumber(i + 1) && this.touching(i + 1) && this.len(i + 1) <= 5) {
      // "#12"
      return this.add(this.ts[i]!, this.te[i + 1]!, 'geographic', false, this.placeholder('[ADDRESS]'), i);
    }
    return i + 1;
  }

  private atWord(i: number): number {
    if (this.digits[i] === this.len(i)) return this.atNumber(i);
    let r = -1;
    const key = this.digits[i]! > 0 || this.mayBe(keyMask(), i) ? this.key(i) : '';
    if (key && (this.digits[i]! > 0 || keyWords().has(key))) {
      r = this.url(i, key);
      if (r < 0) r = this.keywordId(i);
      if (r < 0 && PHONE_CUES.has(key)) r = this.cuedPhone(i);
      if (r < 0) r = this.monthFirstDate(i);
      if (r < 0 && this.digits[i]! > 0) r = this.dayFirstDate(i);
      if (r < 0 && STREET_TYPES.has(key)) r = this.streetTypeFirst(i);
      if (r >= 0 || this.certainOnly) return r;
      if (POSTAL_CUES.has(key)) r = this.postal(i, key);
      if (r < 0 && AGE_CUES.has(key)) r = this.agedCue(i);
      if (r < 0 && RELATIONS.has(key)) r = this.relation(i);
      if (r < 0) r = this.titled(i, key);
      if (r < 0 && (NAME_CUES.has(key) || NAME_LABELS.has(key))) r = this.nameCue(i, key);
      if (r < 0 && (WORK_VERBS.has(key) || EMPLOYER_LABELS.has(key) || EMPLOYER_NOUNS.has(key))) {
        r = this.employer(i, key);
      }
      if (r < 0 && UNIT_WORDS.has(key)) r = this.unit(i);
      if (r < 0 && this.len(i) === 2 && US_STATES.has(this.raw(i))) r = this.stateZip(i);
    }
    if (r < 0 && (this.digits[i]! > 0 || (this.isPunct(i + 1, '-') && this.touching(i + 1)))) r = this.vinOrMixedId(i);
    if (r < 0 && !this.certainOnly && !key.startsWith('www') && this.isPunct(i + 1, '.') && this.touching(i + 1)) {
      r = this.domain(i);
    }
    return r;
  }

  private atNumber(i: number): number {
    const len = this.len(i);
    const pos = this.ts[i]!;
    if (!this.numericStart(pos)) return this.vinOrMixedId(i);
    const p1 = this.touching(i + 1) ? this.punct(i + 1) : -1;
    let m: RegExpExecArray | null;
    if (len <= 4 && (p1 === 46 || p1 === 58 || p1 === 45)) {
      // 203.0.113.47, 2001:db8::1, 00:1a:2b:3c:4d:5e
      if (p1 === 46 && (m = this.sticky(PATTERNS.ipv4, pos)))
        return this.add(pos, pos + m[0].length, 'ip-address', true, this.placeholder('[IP]'), i);
      if (p1 !== 46 && (m = this.sticky(PATTERNS.mac, pos)))
        return this.add(pos, pos + m[0].length, 'device-identifier', true, this.placeholder('[ID]'), i);
      if (p1 === 58 && (m = this.sticky(PATTERNS.ipv6, pos)))
        return this.add(pos, pos + m[0].length, 'ip-address', true, this.placeholder('[IP]'), i);
    }
    if (len === 4 && p1 >= 0) {
      if ((m = this.sticky(PATTERNS.iso, pos)))
        return this.add(pos, pos + m[0].length, 'dates', !!m[3], { type: 'year', year: m[1] }, i);
      if ((m = this.sticky(PATTERNS.ymd, pos)))
        return this.add(pos, pos + m[0].length, 'dates', true, { type: 'year', year: m[1] }, i);
    }
    if (len <= 2 && p1 >= 0) {
      if ((m = this.sticky(PATTERNS.dmy, pos)))
        return this.add(pos, pos + m[0].length, 'dates', true, { type: 'year', year: m[1] }, i);
      if (p1 === 47 && (m = this.sticky(PATTERNS.monthYear, pos)))
        return this.add(pos, pos + m[0].length, 'dates', false, { type: 'year', year: m[1] }, i);
    }
    if (len === 3 && p1 === 45 && (m = this.sticky(PATTERNS.ssn, pos)))
      return this.add(pos, pos + m[0].length, 'ssn', true, this.placeholder('[SSN]'), i);
    if (len === 5 && p1 === 45) {
      if ((m = this.sticky(PATTERNS.zip4, pos)))
        return this.add(pos, pos + m[0].length, 'geographic', false, { type: 'zip', zip5: m[1]! }, i);
      if ((m = this.sticky(PATTERNS.cep, pos)))
        return this.add(pos, pos + m[0].length, 'geographic', false, this.placeholder('[ADDRESS]'), i);
    }
    let r = this.phone(i);
    if (r >= 0) return r;
    r = this.dayFirstDate(i);
    if (r >= 0) return r;
    if (!this.certainOnly) r = this.age(i);
    if (r >= 0) return r;
    r = this.streetNumberFirst(i);
    if (r >= 0) return r;
    return this.vinOrMixedId(i);
  }

  // ---- rules -----------------------------------------------------------------------------------------------------

  private email(i: number): number {
    const at = this.ts[i]!;
    let s = at;
    while (s > 0 && at - s < 64 && /[A-Za-z0-9._%+-]/.test(this.text[s - 1]!)) s--;
    while (s < at && this.text[s] === '.') s++;
    if (s === at) return -1;
    const m = this.sticky(PATTERNS.emailDomain, at + 1);
    if (!m) return -1;
    return this.add(s, at + 1 + m[0].length, 'email', true, this.placeholder('[EMAIL]'), i);
  }

  /** "http://…", "www.…": the address runs to the next space or quote (one pass, however long). */
  private url(i: number, key: string): number {
    if (key !== 'http' && key !== 'https' && key !== 'ftp' && key !== 'www') return -1;
    const start = this.ts[i]!;
    if (!this.sticky(PATTERNS.scheme, start)) return -1;
    let e = start;
    const { text } = this;
    while (e < text.length && !/[\s<>"'\]]/.test(text[e]!)) e++;
    while (e > start && /[).,;:!?]/.test(text[e - 1]!)) e--;
    return this.add(start, e, 'url', true, this.placeholder('[URL]'), i);
  }

  /** "clinica.com.br/contato", "facebook.com/ana.r": labels ending in a known top-level domain. */
  private domain(i: number): number {
    const { text } = this;
    if (i > 0 && this.touching(i) && (this.isPunct(i - 1, '.@') || this.isWord(i - 1))) return -1;
    let j = i;
    let labels = 0;
    let tld = -1;
    while (labels < 6 && this.isWord(j) && this.len(j) <= 63 && this.isPunct(j + 1, '.') && this.touching(j + 1)) {
      if (!this.isWord(j + 2) || !this.touching(j + 2)) break;
      j += 2;
      labels++;
      if (TLDS.has(this.key(j))) tld = j;
    }
    if (tld < 0) return -1;
    let e = this.te[tld]!;
    // Whole label runs: "ana.com.br" stops after "br", not inside "brasil".
    if (alnumAt(text, e) || text[e] === '-') return -1;
    if (text[e] === '/') while (e < text.length && !/[\s<>"'\]]/.test(text[e]!)) e++;
    while (e > this.ts[i]! && /[).,;:!?]/.test(text[e - 1]!)) e--;
    return this.add(this.ts[i]!, e, 'url', false, this.placeholder('[URL]'), i);
  }

  private phone(i: number): number {
    const pos = this.ts[i]!;
    if (!this.numericStart(pos)) return -1;
    const c = this.text.charCodeAt(pos);
    let m: RegExpExecArray | null;
    if (c === 43) {
      m = this.sticky(PATTERNS.intl, pos) ?? this.sticky(PATTERNS.nanp, pos);
      if (m && digitCount(m[0]) >= 8 && digitCount(m[0]) <= 15)
        return this.add(pos, pos + m[0].length, 'phone', true, this.placeholder('[PHONE]'), i);
      return -1;
    }
    if (c === 40) {
      m = this.sticky(PATTERNS.nanp, pos) ?? this.sticky(PATTERNS.area2, pos);
      return m ? this.add(pos, pos + m[0].length, 'phone', true, this.placeholder('[PHONE]'), i) : -1;
    }
    const len = this.len(i);
    if (len > 5) return -1;
    m =
      (len <= 3 ? this.sticky(PATTERNS.nanp, pos) : null) ??
      (len <= 2 || len === 10 ? this.sticky(PATTERNS.fr, pos) : null) ??
      (len <= 3 ? this.sticky(PATTERNS.es9, pos) : null) ??
      (len === 2 ? this.sticky(PATTERNS.area2, pos) : null);
    if (!m) return -1;
    return this.add(pos, pos + m[0].length, 'phone', /[-().+]/.test(m[0]), this.placeholder('[PHONE]'), i);
  }

  /** "call 555-0142", "llamar al 612 345 678", "tél. : 01 23 45 67 89": 7 to 15 digits after a phone word. */
  private cuedPhone(i: number): number {
    const j = this.skipFillers(i + 1, PHONE_FILLERS, 4);
    if (j >= this.n || !this.near(j)) return -1;
    if (!this.isNumber(j) && !this.isPunct(j, '+(')) return -1;
    const pos = this.ts[j]!;
    // "call 2025-02-18" is a date
    if (this.sticky(PATTERNS.iso, pos) || this.sticky(PATTERNS.ymd, pos) || this.sticky(PATTERNS.dmy, pos)) return -1;
    const m = this.sticky(PATTERNS.cuedPhone, pos);
    if (!m) return -1;
    const d = digitCount(m[0]);
    if (d < 7 || d > 15) return -1;
    const text = m[0].replace(/[\s.-]{1,2}$/, '');
    return this.add(pos, pos + text.length, 'phone', true, this.placeholder('[PHONE]'), j);
  }

  /** Identifier keyword + value: "MRN: 00123456", "número de cuenta 0049-1234", "permis n° 12AB34", "placa ABC-1234". */
  private keywordId(i: number): number {
    const best = this.bestKeyword(i, ID_KEYWORDS);
    const plate = this.bestKeyword(i, PLATE_KEYWORDS);
    if (plate && (!best || plate.end >= best.end)) {
      const r = this.plateValue(plate.end, (plate.keyword as { weak?: boolean }).weak === true);
      if (r >= 0) return r;
    }
    if (!best) return -1;
    // "SSN 123-45-6789" goes whole, as "[SSN]"
    return this.idValue(best.end, best.keyword.kind, best.keyword.kind === 'ssn' ? this.ts[i]! : -1);
  }

  private bestKeyword(i: number, list: readonly IdKeyword[]): { keyword: IdKeyword; end: number } | undefined {
    const key = this.key(i);
    let best: { keyword: IdKeyword; end: number } | undefined;
    for (const k of keywordIndex(list).get(key) ?? []) {
      if (k.caps && !this.allCaps(i)) continue;
      const end = this.phrase(i, k.words);
      if (end > 0 && (!best || end > best.end)) best = { keyword: k, end };
    }
    return best;
  }

  /** The identifying value after a keyword: letters and digits joined by `- . /` (or spaces between digit groups). */
  private idValue(j0: number, kind: SafeHarborKind, from = -1): number {
    const j = this.skipFillers(j0, ID_FILLERS);
    if (!this.isWord(j) || !this.near(j)) return -1;
    if (this.digits[j] === 0 && !(this.allCaps(j) || this.uppers[j] === this.len(j))) return -1;
    let end = j;
    let digits = 0;
    let chars = 0;
    let k = j;
    for (let groups = 0; groups < 10 && chars < 40; groups++) {
      digits += this.digits[k]!;
      chars += this.len(k);
      end = k;
      const sep = this.isPunct(k + 1, '-./') && this.touching(k + 1);
      if (sep && this.isWord(k + 2) && this.touching(k + 2) && (this.digits[k + 2]! > 0 || this.lowers[k + 2] === 0)) {
        k += 2;
      } else if (this.isNumber(k + 1) && this.near(k + 1, 1) && this.digits[k]! > 0) {
        k += 1;
      } else break;
    }
    const start = from >= 0 ? from : this.ts[j]!;
    const stop = this.te[end]!;
    if (digits === 0 || chars < 4 || (chars === 4 && digits === 4 && /^(?:19|20)\d\d$/.test(this.raw(j)))) return -1;
    const placeholder = kind === 'vehicle-identifier' ? '[PLATE]' : kind === 'ssn' ? '[SSN]' : '[ID]';
    return this.add(start, stop, kind, true, this.placeholder(placeholder), j);
  }

  private plateValue(j0: number, weak: boolean): number {
    const j = this.skipFillers(j0, ID_FILLERS);
    if (!this.isWord(j) || !this.near(j) || this.lowers[j]! > 0) return -1;
    const m = this.sticky(PATTERNS.plate, this.ts[j]!);
    if (!m) return -1;
    // Whole groups only, at most 10 characters and 3 groups; each needs a digit or to be short.
    let value = '';
    for (const g of m[0].split(/(?=[\s-])/)) {
      const next = value + g;
      if (next.replace(/[\s-]/g, '').length > 10) break;
      if (alnumAt(this.text, this.ts[j]! + next.length)) break;
      value = next;
    }
    value = value.trimEnd();
    const alnum = value.replace(/[\s-]/g, '');
    if (alnum.length < 2 || !/\d/.test(alnum) || (weak && (!/[A-Z]/.test(alnum) || alnum.length < 4))) return -1;
    const start = this.ts[j]!;
    return this.add(start, start + value.length, 'vehicle-identifier', !weak, this.placeholder('[PLATE]'), j);
  }

  private postal(i: number, key: string): number {
    let j = i + 1;
    if (key === 'code' || key === 'codigo') {
      if (this.key(j) !== 'postal') return -1;
      j++;
    } else if (key === 'postal') {
      if (this.key(j) !== 'code' && this.key(j) !== 'codigo') return -1;
      j++;
    } else if (key === 'zip' && this.key(j) === 'code') j++;
    j = this.skipFillers(j, ID_FILLERS);
    if (!this.isNumber(j) || !this.near(j) || this.len(j) < 4 || this.len(j) > 5) return -1;
    let end = this.te[j]!;
    if (this.isPunct(j + 1, '-') && this.touching(j + 1) && this.isNumber(j + 2) && this.touching(j + 2)) {
      end = this.te[j + 2]!;
    }
    const zip5 = this.raw(j);
    const us = (key === 'zip' || key === 'zipcode') && zip5.length === 5;
    return this.add(
      this.ts[j]!,
      end,
      'geographic',
      false,
      us ? { type: 'zip', zip5 } : this.placeholder('[ADDRESS]'),
      j,
    );
  }

  private stateZip(i: number): number {
    let j = i + 1;
    if (this.isPunct(j, ',')) j++;
    if (!this.isNumber(j) || this.len(j) !== 5 || !this.near(j, 2)) return -1;
    let end = this.te[j]!;
    if (this.isPunct(j + 1, '-') && this.touching(j + 1) && this.isNumber(j + 2) && this.len(j + 2) === 4) {
      end = this.te[j + 2]!;
    }
    if (alnumAt(this.text, end)) return -1;
    return this.add(this.ts[j]!, end, 'geographic', false, { type: 'zip', zip5: this.raw(j) }, j);
  }

  // ---- dates and ages --------------------------------------------------------------------------------------------

  /** Month token at `i` (with its optional full stop): 'full', 'short' or ''. */
  private month(i: number): 'full' | 'short' | '' {
    if (!this.isLetters(i) || this.len(i) > 10) return '';
    const key = this.key(i);
    const en = MONTHS_EN_KEYS.get(key);
    if (en && this.capitalised(i)) return en;
    if (MONTHS_OTHER.has(key)) return 'full';
    if (MONTHS_SHORT.has(key)) return 'short';
    return '';
  }
  private afterMonth(i: number): number {
    return this.isPunct(i + 1, '.') && this.touching(i + 1) ? i + 2 : i + 1;
  }
  private isDay(i: number): boolean {
    if (!this.isWord(i) || this.len(i) > 4 || this.digits[i] === 0) return false;
    const m = this.sticky(PATTERNS.day, this.ts[i]!);
    return !!m && m[0].length === this.len(i);
  }
  private isYear(i: number): boolean {
    return this.isNumber(i) && this.len(i) === 4 && !alnumAt(this.text, this.te[i]!);
  }
  /** After a day or a month: optional "," or "de"/"del"/"of", then a year. */
  private yearAfter(j: number): number {
    let k = j;
    if (this.isPunct(k, ',') && this.near(k, 1)) k++;
    else if (DATE_FILLERS.has(this.key(k)) && this.near(k)) k++;
    return this.isYear(k) && this.near(k, 2) ? k : -1;
  }

  /** "3 de marzo de 2024", "12 mars 2024", "3rd of March", "1er mai", "3 March 2021". */
  private dayFirstDate(i: number): number {
    if (!this.isDay(i)) return -1;
    let j = i + 1;
    const filler = DATE_FILLERS.has(this.key(j)) && this.near(j);
    if (filler) j++;
    const month = this.near(j) ? this.month(j) : '';
    if (!month) return -1;
    const after = this.afterMonth(j);
    const y = this.yearAfter(after);
    const start = this.ts[i]!;
    if (y >= 0) return this.add(start, this.te[y]!, 'dates', true, { type: 'year', year: this.raw(y) }, i);
    // "2 out of 3", "5 set": short month names that are ordinary words need "de" or a full stop
    if (month === 'short' && !(MONTHS_EN_KEYS.has(this.key(j)) && this.capitalised(j)) && !filler && after === j + 1)
      return -1;
    return this.add(start, this.te[after - 1]!, 'dates', false, this.placeholder('[DATE]'), i);
  }

  /** "March 3, 2021", "March 3", "March 2021", "marzo de 2024", "mars 2024", "Sept. 3rd". */
  private monthFirstDate(i: number): number {
    const kind = this.month(i);
    if (!kind) return -1;
    const after = this.afterMonth(i);
    const start = this.ts[i]!;
    if (this.isDay(after) && this.near(after, 2) && !this.isYear(after)) {
      const y = this.yearAfter(after + 1);
      if (y >= 0) return this.add(start, this.te[y]!, 'dates', true, { type: 'year', year: this.raw(y) }, i);
      if (alnumAt(this.text, this.te[after]!) || this.isPunct(after + 1, ':')) return -1;
      return this.add(start, this.te[after]!, 'dates', false, this.placeholder('[DATE]'), i);
    }
    if (kind !== 'full') return -1;
    const y = this.yearAfter(after);
    if (y < 0) return -1;
    return this.add(start, this.te[y]!, 'dates', false, { type: 'year', year: this.raw(y) }, i);
  }

  /** "97 y/o", "95 years", "95-year-old", "95 años", "95 anos", "95 ans": the number becomes 90+. */
  private age(i: number): number {
    const len = this.len(i);
    if (len < 2 || len > 3) return -1;
    const v = Number(this.raw(i));
    if (v < 90 || v > 149) return -1;
    let j = i + 1;
    if (this.isPunct(j, '-') && this.touching(j)) j++;
    if (!this.near(j, 2)) return -1;
    const key = this.key(j);
    const yo = key === 'y' && this.isPunct(j + 1, '/.') && this.key(j + 2) === 'o';
    if (!YEAR_WORDS.has(key) && !yo) return -1;
    return this.add(this.ts[i]!, this.te[i]!, 'dates', false, { type: 'age' }, i);
  }

  /** "aged 95", "edad: 95", "idade 95", "âge 95". */
  private agedCue(i: number): number {
    let j = i + 1;
    if (this.isPunct(j, ':')) j++;
    if (!this.isNumber(j) || !this.near(j)) return -1;
    const v = Number(this.raw(j));
    if (this.len(j) > 3 || v < 90 || v > 149 || alnumAt(this.text, this.te[j]!)) return -1;
    return this.add(this.ts[j]!, this.te[j]!, 'dates', false, { type: 'age' }, j);
  }

  // ---- names, relatives, workplaces ------------------------------------------------------------------------------

  /** A name word: capitalised with a lower-case letter ("Ana", "McKay", "Chloé"), or any capitals when `caps`. */
  private nameWord(i: number, caps: boolean): boolean {
    if (!this.capitalised(i) || this.len(i) > 40) return false;
    if (this.lowers[i] === 0 && (!caps || this.len(i) < 2)) return false;
    return !NOT_NAMES.has(this.key(i)) && !TITLES.has(this.key(i));
  }

  /** End offset of up to `max` name words from `i` ("Maria de la Luz Gonzalez", "Jean-Luc", "O'Brien"), or -1. */
  private nameFrom(i: number, caps: boolean, max = 4): number {
    let j = i;
    let words = 0;
    let end = -1;
    let particles = 0;
    while (j < this.n && words < max) {
      if (j > i && !this.near(j, 2)) break;
      if (this.nameWord(j, caps)) {
        // Joined parts: "Jean-Luc", "O'Brien", "Montoya-de-Baca".
        for (
          let parts = 0;
          parts < 6 &&
          this.isPunct(j + 1, "-'’") &&
          this.touching(j + 1) &&
          this.isLetters(j + 2) &&
          this.touching(j + 2) &&
          this.len(j + 2) <= 30;
          parts++
        )
          j += 2;
        end = this.te[j]!;
        words++;
        particles = 0;
        j++;
      } else if (words > 0 && particles < 2 && NAME_PARTICLES.has(this.key(j)) && this.lowers[j]! > 0) {
        particles++;
        j++;
      } else break;
    }
    return end;
  }

  /** "wife Guadalupe", "son: Pedro", "lives with her sister Ana", "esposa Guadalupe", "sa fille Chloé". */
  private relation(i: number): number {
    let j = i + 1;
    // "mother-in-law", "wife's"
    if (this.isPunct(j, '-') && this.key(j + 1) === 'in' && this.key(j + 3) === 'law') j += 4;
    if (this.isPunct(j, "'’") && this.key(j + 1) === 's') return -1;
    if (this.isPunct(j, ',:-–(') && this.near(j)) j++;
    if (RELATION_FILLERS.has(this.key(j)) && this.near(j)) j++;
    if (!this.near(j)) return -1;
    const end = this.nameFrom(j, false);
    if (end < 0) return -1;
    return this.add(this.ts[j]!, end, 'names', false, this.placeholder('[NAME]'), j);
  }

  /** "Dr. Ruiz", "Sra. Gómez", "Mme Lefebvre", "M. Dupont". */
  private titled(i: number, key: string): number {
    const withDot = TITLES_WITH_DOT.has(key);
    if ((!TITLES.has(key) && !withDot) || !this.capitalised(i)) return -1;
    let j = i + 1;
    if (this.isPunct(j, '.') && this.touching(j)) j++;
    else if (withDot) return -1;
    if (!this.near(j, 2)) return -1;
    const end = this.nameFrom(j, true, 3);
    if (end < 0) return -1;
    return this.add(this.ts[j]!, end, 'names', false, this.placeholder('[NAME]'), j);
  }

  /** "named Pedro", "se llama Ana", "name: Ana Ruiz", "nom : DUPONT Jean". */
  private nameCue(i: number, key: string): number {
    let j = i + 1;
    const label = NAME_LABELS.has(key);
    if (label) {
      if (NOT_PERSON_NAME.has(this.key(i - 1))) return -1;
      if (this.isPunct(j, ':') && this.near(j)) j++;
      else if (IS.has(this.key(j))) j++;
      else return -1;
    }
    if (!this.near(j)) return -1;
    const end = this.nameFrom(j, label);
    if (end < 0) return -1;
    return this.add(this.ts[j]!, end, 'names', false, this.placeholder('[NAME]'), j);
  }

  /**
   * "works at Hargrove Lumber Mill", "trabaja en Panadería La Espiga", "trabalha na Padaria Pão Dourado",
   * "travaille chez Renault", "employer: Acme Corp", "la empresa Bimbo".
   */
  private employer(i: number, key: string): number {
    let j = i + 1;
    let labelled = false;
    if (EMPLOYER_LABELS.has(key)) {
      if (this.isPunct(j, ':') && this.near(j)) {
        j++;
        labelled = true;
      } else if (IS.has(this.key(j))) j++;
      else if (!EMPLOYER_NOUNS.has(key)) return -1;
    } else if (WORK_VERBS.has(key)) {
      // a preposition within the next five words: "works as a nurse at …", "trabaja de cajera en …"
      for (let k = j; k < j + 5 && k < this.n && this.near(k); k++) {
        if (!WORK_PREPOSITIONS.has(this.key(k))) continue;
        const r = this.workplace(k + 1, false);
        if (r >= 0) return r;
      }
      return -1;
    }
    return this.workplace(j, labelled);
  }

  private workplace(j0: number, labelled: boolean): number {
    let j = j0;
    if (!this.near(j)) return -1;
    // "l'entreprise", "the company"
    if (ARTICLES.has(this.key(j)) && this.lowers[j]! > 0) {
      j++;
      if (this.isPunct(j, "'’") && this.touching(j)) j++;
      if (EMPLOYER_NOUNS.has(this.key(j))) j++;
    }
    if (!this.near(j, 2)) return -1;
    if (labelled && NOT_EMPLOYERS.has(this.key(j))) return -1;
    const end = this.organisation(j, labelled);
    if (end < 0) return -1;
    return this.add(this.ts[j]!, end, 'names', false, this.placeholder('[EMPLOYER]'), j);
  }

  /** End offset of a workplace's name from `i`: capitalised words, particles, "&", "'s", numbers; or -1. */
  private organisation(i: number, anyCase: boolean): number {
    let j = i;
    let end = -1;
    let words = 0;
    let pending = 0;
    while (j < this.n && words < 6) {
      if (j > i && !this.near(j, 2)) break;
      const key = this.key(j);
      const word = this.isWord(j) && this.len(j) <= 40;
      const capital =
        word &&
        (this.capitalised(j) || (j > i && this.digits[j]! > 0) || (anyCase && this.lowers[j]! > 0)) &&
        !this.month(j);
      if (capital && !TITLES.has(key) && !(NOT_NAMES.has(key) && (j === i || !NAME_PARTICLES.has(key)))) {
        for (
          let parts = 0;
          parts < 6 &&
          this.isPunct(j + 1, "-'’&") &&
          this.touching(j + 1) &&
          this.isWord(j + 2) &&
          this.touching(j + 2);
          parts++
        )
          j += 2;
        end = this.te[j]!;
        words++;
        pending = 0;
        j++;
      } else if (
        words > 0 &&
        pending < 2 &&
        (NAME_PARTICLES.has(key) || key === 'and' || key === 'y' || this.isPunct(j, '&'))
      ) {
        pending++;
        j++;
      } else break;
    }
    return end;
  }

  // ---- addresses -------------------------------------------------------------------------------------------------

  /** "12 Elm Street", "2214 Coal Avenue SE", "12 rue de la Paix", "45 Calle Ocho". */
  private streetNumberFirst(i: number): number {
    if (this.len(i) > 6) return -1;
    let j = i + 1;
    if (this.isPunct(j, '-') && this.isNumber(j + 1) && this.touching(j) && this.len(j + 1) <= 4) j += 2;
    if (BIS.has(this.key(j))) j++;
    if (this.isPunct(j, ',')) j++;
    if (!this.near(j, 2)) return -1;
    const start = this.ts[i]!;
    if (STREET_TYPES.has(this.key(j)) && this.isLetters(j)) {
      let k = this.afterMonth(j); // skips "Av." too
      let end = -1;
      let words = 0;
      while (k < this.n && words < 6 && this.near(k, 2)) {
        if (this.capitalised(k) || (this.isWord(k) && this.digits[k]! > 0 && this.len(k) <= 4)) {
          end = this.te[k]!;
          words++;
        } else if (!NAME_PARTICLES.has(this.key(k)) && !(this.isPunct(k, "'’") && this.touching(k))) break;
        k++;
      }
      if (end < 0) return -1;
      return this.add(start, end, 'geographic', true, this.placeholder('[ADDRESS]'), i);
    }
    // English: 1 to 4 capitalised words, then a suffix.
    if (this.isWord(j) && DIRECTIONS.has(this.raw(j))) j = this.afterMonth(j);
    for (let words = 0; words < 5 && j < this.n && this.near(j, 2); words++) {
      if (words > 0 && STREET_SUFFIXES.has(this.key(j)) && this.capitalised(j)) {
        let end = this.te[j]!;
        if (this.isPunct(j + 1, '.') && this.touching(j + 1)) end++;
        const dir = this.isPunct(j + 1, '.') ? j + 2 : j + 1;
        if (this.isWord(dir) && this.near(dir, 1) && DIRECTIONS.has(this.raw(dir))) end = this.te[dir]!;
        return this.add(start, end, 'geographic', true, this.placeholder('[ADDRESS]'), i);
      }
      const ordinal = this.isWord(j) && this.digits[j]! > 0 && this.len(j) <= 4 && this.lowers[j]! > 0;
      if (!this.capitalised(j) && !ordinal) return -1;
      j++;
    }
    return -1;
  }

  /** "Calle Mayor 12", "Rua Augusta, 145", "Av. Paulista, 1578", "avenida Insurgentes Sur 1234". */
  private streetTypeFirst(i: number): number {
    if (!this.isLetters(i)) return -1;
    let j = this.afterMonth(i);
    if (this.isPunct(j, '/') && this.touching(j)) j++;
    let words = 0;
    while (j < this.n && words < 5 && this.near(j, 2)) {
      if (this.capitalised(j) && this.lowers[j]! > 0 && !NOT_NAMES.has(this.key(j))) words++;
      else if (!(NAME_PARTICLES.has(this.key(j)) && words > 0)) break;
      j++;
    }
    if (!words) return -1;
    if (this.isPunct(j, ',')) j++;
    if (NUMBER_WORDS.has(this.key(j))) j = this.afterMonth(j);
    if (this.isPunct(j, '#°º')) j++;
    if (!this.isNumber(j) || this.len(j) > 5 || !this.near(j, 2)) return -1;
    let end = this.te[j]!;
    if (this.isWord(j + 1) && this.touching(j + 1) && this.len(j + 1) === 1) end = this.te[j + 1]!;
    return this.add(this.ts[i]!, end, 'geographic', true, this.placeholder('[ADDRESS]'), i);
  }

  /** "Apt 4B", "apto 302", "depto. 4B", "Suite #210". */
  private unit(i: number): number {
    let j = this.afterMonth(i);
    if (this.isPunct(j, '#')) j++;
    if (!this.isWord(j) || !this.near(j, 2) || this.len(j) > 6) return -1;
    if (classOf(this.text.charCodeAt(this.ts[j]!)) !== C.Digit) return -1;
    return this.add(this.ts[i]!, this.te[j]!, 'geographic', false, this.placeholder('[ADDRESS]'), j);
  }

  // ---- codes -----------------------------------------------------------------------------------------------------

  /**
   * A VIN (17 letters and digits, no I, O or Q), or a code of letters and at least 5 digits joined by hyphens
   * ("AB123456", "MRN-4829173", a pasted token): `certain` for the shape of record numbers (1–4 letters, 7+ digits).
   */
  private vinOrMixedId(i: number): number {
    const len = this.len(i);
    const text = this.text;
    if (len === 17 && this.lowers[i] === 0 && this.uppers[i]! > 0 && this.digits[i]! > 0) {
      const raw = this.raw(i);
      if (/^[A-HJ-NPR-Z0-9]{17}$/.test(raw) && !alnumAt(text, this.te[i]!) && !this.isPunct(i - 1, '-'))
        return this.add(this.ts[i]!, this.te[i]!, 'vehicle-identifier', true, this.placeholder('[VIN]'), i);
    }
    if (i > 0 && this.touching(i) && this.isPunct(i - 1, '-') && this.isWord(i - 2) && this.touching(i - 1)) return -1;
    let j = i;
    let digits = this.digits[i]!;
    let letters = this.uppers[i]! + this.lowers[i]!;
    let parts = 1;
    // only from the start of a chain, so each chain is walked once
    while (this.isPunct(j + 1, '-') && this.touching(j + 1) && this.isWord(j + 2) && this.touching(j + 2)) {
      j += 2;
      parts++;
      digits += this.digits[j]!;
      letters += this.uppers[j]! + this.lowers[j]!;
    }
    if (digits < 5 || letters === 0) return -1;
    // record-number shape: "MRN-4829173", "AB12345678"
    const certain =
      (parts === 2 && /^[A-Z]{1,4}$/.test(this.raw(i)) && this.digits[j] === this.len(j) && this.len(j) >= 7) ||
      (parts === 1 && /^[A-Z]{1,4}\d{7,24}$/.test(this.raw(i)));
    return this.add(this.ts[i]!, this.te[j]!, 'other-identifier', certain, this.placeholder('[ID]'), i);
  }
}

const PLACEHOLDERS = new Map<string, Replacement>();
const IS = new Set(['is', 'es', 'e', 'est']);
const BIS = new Set(['bis', 'ter']);
const NUMBER_WORDS = new Set(['n', 'no', 'nº', 'n°', 'numero', 'num']);
/** English month names by key: 'full' or 'short' ("Jan", "Sept"). */
const MONTHS_EN_KEYS = new Map(
  [...MONTHS_EN].map(
    (m) => [normWord(m), m.length > 4 || ['May', 'June', 'July'].includes(m) ? 'full' : 'short'] as const,
  ),
);

let KEY_WORDS: Set<string> | undefined;
/** Every word some rule starts at (a quick test lets ordinary words through). */
function keyWords(): Set<string> {
  if (!KEY_WORDS) {
    KEY_WORDS = new Set<string>(['http', 'https', 'ftp', 'www']);
    for (const list of [ID_KEYWORDS, PLATE_KEYWORDS]) for (const k of list) KEY_WORDS.add(k.words[0]!);
    for (const s of [
      PHONE_CUES,
      POSTAL_CUES,
      AGE_CUES,
      MONTHS_OTHER,
      MONTHS_SHORT,
      RELATIONS,
      TITLES,
      TITLES_WITH_DOT,
      NAME_CUES,
      NAME_LABELS,
      WORK_VERBS,
      EMPLOYER_LABELS,
      EMPLOYER_NOUNS,
      STREET_TYPES,
      UNIT_WORDS,
    ])
      for (const w of s) KEY_WORDS.add(w);
    for (const m of MONTHS_EN) KEY_WORDS.add(normWord(m));
    for (const s of US_STATES) KEY_WORDS.add(normWord(s));
  }
  return KEY_WORDS;
}

function digitCount(s: string): number {
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) d++;
  }
  return d;
}

const indexes = new WeakMap<readonly IdKeyword[], Map<string, IdKeyword[]>>();
/** Keywords by their first word. */
function keywordIndex(list: readonly IdKeyword[]): Map<string, IdKeyword[]> {
  let index = indexes.get(list);
  if (!index) {
    index = new Map();
    for (const k of list) {
      const first = k.words[0]!;
      index.set(first, [...(index.get(first) ?? []), k]);
    }
    indexes.set(list, index);
  }
  return index;
}

/** A run of overlapping findings: the first one's replacement covers them all. */
export interface MergedFinding extends Finding {
  /** Kinds of every finding merged in. */
  kinds: SafeHarborKind[];
}

/** Sorts findings and merges overlapping ones, so nothing of either is left. */
export function mergeFindings(findings: Finding[]): MergedFinding[] {
  let sorted = true;
  for (let i = 1; i < findings.length && sorted; i++) sorted = findings[i - 1]!.start <= findings[i]!.start;
  if (!sorted) findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: MergedFinding[] = [];
  let last: MergedFinding | undefined;
  for (const f of findings) {
    if (last && f.start < last.end) {
      if (f.end > last.end) last.end = f.end;
      if (f.certain) last.certain = true;
      if (!last.kinds.includes(f.kind)) last.kinds.push(f.kind);
      continue;
    }
    last = {
      start: f.start,
      end: f.end,
      kind: f.kind,
      certain: f.certain,
      replacement: f.replacement,
      kinds: [f.kind],
    };
    out.push(last);
  }
  return out;
}
