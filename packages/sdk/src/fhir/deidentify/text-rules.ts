/**
 * The rules of the free-text scanner: from each token, a rule looks at a bounded number of following tokens (or
 * characters) for one kind of identifier — dates, phone numbers, e-mails, web and IP addresses, keyword + number,
 * plates, street addresses, names after a title or a relation, workplaces, ages over 89 — in English, Spanish,
 * Portuguese and French. The few regular expressions are sticky, run only at token starts, and have bounded
 * quantifiers only (no `*`, `+` or `{n,}`), so one attempt costs at most a constant. A token is dispatched once, by its
 * shape (punctuation, number, word) and, for a word, by one lookup of the rule families it may start
 * ({@link KEY_INFO}); cheap structural checks come before any regular expression.
 * @internal
 * @packageDocumentation
 */
import type { SafeHarborKind } from './policy.js';
import type { Finding, KnownTerms, Replacement } from './text-scan.js';
import { F_PUNCT, MAX_KEY, Tokens, WordTable, alnumAt, digitAt, lengthMask } from './text-tokenizer.js';
import type { ScanStats } from './text-tokenizer.js';
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

/** Runs the rules over a tokenized text; findings go to `out`. */
export class Scanner extends Tokens {
  readonly out: Finding[];
  private readonly certainOnly: boolean;

  constructor(text: string, stats: ScanStats | undefined, certainOnly = false) {
    super(text, stats);
    this.out = [];
    this.certainOnly = certainOnly;
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

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private sticky(re: RegExp, pos: number): RegExpExecArray | null {
    if (this.stats) this.stats.attempts++;
    re.lastIndex = pos;
    return re.exec(this.text);
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
    if (pos === 0) return true;
    const p = this.text.charCodeAt(pos - 1);
    if (alnumAt(this.text, pos - 1) || p === 43) return false;
    return !((p === 46 || p === 45 || p === 47 || p === 44) && digitAt(this.text, pos - 2));
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
    const len = this.len(i);
    const digits = this.digits[i]!;
    if (digits === len) return this.atNumber(i);
    let r = -1;
    /** Whether the word's key counts for the "www" test below (as when every word was keyed). */
    let keyed = false;
    if (digits > 0) {
      // Letters and digits: no keyword holds a digit, so of the keyword rules only a day ("3rd", "1er") applies.
      if (len <= MAX_KEY) {
        keyed = true;
        if (len <= 4) r = this.dayFirstDate(i);
        if (r >= 0 || this.certainOnly) return r;
      }
    } else if (this.mayBe(KEY_MASK, i)) {
      keyed = true;
      const info = this.lookUp(i, KEY_TABLE, KEY_INFO);
      if (info) {
        const key = this.key(i);
        if (info & K_URL) r = this.url(i, key);
        if (r < 0 && info & K_ID) r = this.keywordId(i);
        if (r < 0 && info & K_PHONE) r = this.cuedPhone(i);
        if (r < 0 && info & K_MONTH) r = this.monthFirstDate(i);
        if (r < 0 && info & K_STREET_TYPE) r = this.streetTypeFirst(i);
        if (r >= 0 || this.certainOnly) return r;
        if (info & K_POSTAL) r = this.postal(i, key);
        if (r < 0 && info & K_AGE) r = this.agedCue(i);
        if (r < 0 && info & K_RELATION) r = this.relation(i);
        if (r < 0 && info & K_TITLE) r = this.titled(i, key);
        if (r < 0 && info & K_NAME) r = this.nameCue(i, key);
        if (r < 0 && info & K_EMPLOYER) r = this.employer(i, key);
        if (r < 0 && info & K_UNIT) r = this.unit(i);
        if (r < 0 && info & K_STATE && len === 2 && US_STATES.has(this.raw(i))) r = this.stateZip(i);
      }
    }
    if (r < 0 && (digits > 0 || (this.isMark(i + 1, 45) && this.touching(i + 1)))) r = this.vinOrMixedId(i); // -
    if (
      r < 0 &&
      !this.certainOnly &&
      this.isMark(i + 1, 46) && // .
      this.touching(i + 1) &&
      !(keyed && this.key(i).startsWith('www'))
    ) {
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
    // Every date, IP address, SSN and ZIP+4 below goes on with a digit right after the punctuation mark.
    const digitNext = p1 >= 0 && this.touching(i + 2) && this.isWord(i + 2) && digitAt(this.text, this.ts[i + 2]!);
    if (len <= 4 && (p1 === 46 || p1 === 58 || p1 === 45)) {
      // 203.0.113.47, 2001:db8::1, 00:1a:2b:3c:4d:5e
      if (p1 === 46 && digitNext && (m = this.sticky(PATTERNS.ipv4, pos)))
        return this.add(pos, pos + m[0].length, 'ip-address', true, this.placeholder('[IP]'), i);
      if (p1 !== 46 && len === 2 && this.isWord(i + 2) && (m = this.sticky(PATTERNS.mac, pos)))
        return this.add(pos, pos + m[0].length, 'device-identifier', true, this.placeholder('[ID]'), i);
      if (p1 === 58 && (m = this.sticky(PATTERNS.ipv6, pos)))
        return this.add(pos, pos + m[0].length, 'ip-address', true, this.placeholder('[IP]'), i);
    }
    if (!digitNext) {
      // no date, SSN or ZIP+4 starts here
    } else if (len === 4) {
      if ((m = this.sticky(PATTERNS.iso, pos)))
        return this.add(pos, pos + m[0].length, 'dates', !!m[3], { type: 'year', year: m[1] }, i);
      if ((m = this.sticky(PATTERNS.ymd, pos)))
        return this.add(pos, pos + m[0].length, 'dates', true, { type: 'year', year: m[1] }, i);
    }
    if (len <= 2 && digitNext) {
      if (this.len(i + 2) <= 2 && this.touching(i + 3) && (m = this.sticky(PATTERNS.dmy, pos)))
        return this.add(pos, pos + m[0].length, 'dates', true, { type: 'year', year: m[1] }, i);
      if (p1 === 47 && (m = this.sticky(PATTERNS.monthYear, pos)))
        return this.add(pos, pos + m[0].length, 'dates', false, { type: 'year', year: m[1] }, i);
    }
    if (len === 3 && p1 === 45 && digitNext && (m = this.sticky(PATTERNS.ssn, pos)))
      return this.add(pos, pos + m[0].length, 'ssn', true, this.placeholder('[SSN]'), i);
    if (len === 5 && p1 === 45 && digitNext) {
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
    if (len > 5 || !this.digitsAhead(i, 9)) return -1;
    m =
      (len <= 3 ? this.sticky(PATTERNS.nanp, pos) : null) ??
      (len <= 2 || len === 10 ? this.sticky(PATTERNS.fr, pos) : null) ??
      (len <= 3 ? this.sticky(PATTERNS.es9, pos) : null) ??
      (len === 2 ? this.sticky(PATTERNS.area2, pos) : null);
    if (!m) return -1;
    return this.add(pos, pos + m[0].length, 'phone', /[-().+]/.test(m[0]), this.placeholder('[PHONE]'), i);
  }

  /**
   * Whether the tokens from `i` hold at least `min` digits before a run of digit groups ends: words and `. - ( ) +`
   * marks, at most `gap` spaces apart, within `span` characters. A phone number lies in such a run (with `gap` 1 for
   * {@link phone}'s patterns, 2 for {@link cuedPhone}'s), so fewer digits there rule it out without a regex.
   */
  private digitsAhead(i: number, min: number, gap = 1, span = 24): boolean {
    const limit = this.ts[i]! + span;
    let digits = 0;
    for (let j = i; digits < min && j < this.n && this.ts[j]! < limit; j++) {
      if (j > i && this.ts[j]! - this.te[j - 1]! > gap) break;
      if (this.flags[j]! & F_PUNCT) {
        const c = this.text.charCodeAt(this.ts[j]!);
        if (c !== 46 && c !== 45 && c !== 40 && c !== 41 && c !== 43) break; // . - ( ) +
      } else digits += this.digits[j]!;
    }
    return digits >= min;
  }

  /** "call 555-0142", "llamar al 612 345 678", "tél. : 01 23 45 67 89": 7 to 15 digits after a phone word. */
  private cuedPhone(i: number): number {
    const j = this.skipFillers(i + 1, PHONE_FILLERS, 4);
    if (j >= this.n || !this.near(j)) return -1;
    if (!this.isNumber(j) && !this.isPunct(j, '+(')) return -1;
    const pos = this.ts[j]!;
    // "call 2025-02-18" is a date (each starts with a number of 4, or 1 or 2, digits and a mark right after it)
    const dateNext = this.isNumber(j) && this.touching(j + 1) && !this.isWord(j + 1);
    if (dateNext && this.len(j) === 4 && (this.sticky(PATTERNS.iso, pos) || this.sticky(PATTERNS.ymd, pos))) return -1;
    if (dateNext && this.len(j) <= 2 && this.sticky(PATTERNS.dmy, pos)) return -1;
    if (!this.digitsAhead(j, 7, 2, 96)) return -1;
    const m = this.sticky(PATTERNS.cuedPhone, pos);
    if (!m) return -1;
    const d = digitCount(m[0]);
    if (d < 7 || d > 15) return -1;
    const text = m[0].replace(/[\s.-]{1,2}$/, '');
    return this.add(pos, pos + text.length, 'phone', true, this.placeholder('[PHONE]'), j);
  }

  /** Identifier keyword + value: "MRN: 00123456", "número de cuenta 0049-1234", "permis n° 12AB34", "placa ABC-1234". */
  private keywordId(i: number): number {
    const best = this.bestKeyword(i, ID_INDEX);
    const plate = this.bestKeyword(i, PLATE_INDEX);
    if (plate && (!best || plate.end >= best.end)) {
      const r = this.plateValue(plate.end, (plate.keyword as { weak?: boolean }).weak === true);
      if (r >= 0) return r;
    }
    if (!best) return -1;
    // "SSN 123-45-6789" goes whole, as "[SSN]"
    return this.idValue(best.end, best.keyword.kind, best.keyword.kind === 'ssn' ? this.ts[i]! : -1);
  }

  private bestKeyword(
    i: number,
    index: ReadonlyMap<string, readonly IdKeyword[]>,
  ): { keyword: IdKeyword; end: number } | undefined {
    const key = this.key(i);
    let best: { keyword: IdKeyword; end: number } | undefined;
    for (const k of index.get(key) ?? []) {
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
    if (!this.isLetters(i) || this.len(i) > 10 || !this.mayBe(MONTH_MASK, i)) return '';
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
    else if (this.keyIn(k, DATE_FILLER_MASK, DATE_FILLERS) && this.near(k)) k++;
    return this.isYear(k) && this.near(k, 2) ? k : -1;
  }

  /** "3 de marzo de 2024", "12 mars 2024", "3rd of March", "1er mai", "3 March 2021". */
  private dayFirstDate(i: number): number {
    let j = i + 1;
    const filler = this.keyIn(j, DATE_FILLER_MASK, DATE_FILLERS) && this.near(j);
    if (filler) j++;
    const month = this.near(j) ? this.month(j) : '';
    if (!month || !this.isDay(i)) return -1;
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
    const v = this.value(i);
    if (v < 90 || v > 149) return -1;
    let j = i + 1;
    if (this.isPunct(j, '-') && this.touching(j)) j++;
    if (!this.near(j, 2)) return -1;
    if (!this.isWord(j) || !this.mayBe(YEAR_WORD_MASK, j)) return -1;
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
    if (this.len(j) > 3) return -1;
    const v = this.value(j);
    if (v < 90 || v > 149 || alnumAt(this.text, this.te[j]!)) return -1;
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
    if (this.len(j) === 3 && BIS.has(this.key(j))) j++;
    if (this.isPunct(j, ',')) j++;
    if (!this.near(j, 2)) return -1;
    const start = this.ts[i]!;
    if (this.isLetters(j) && this.keyIn(j, STREET_TYPE_MASK, STREET_TYPES)) {
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
    if (this.isWord(j) && this.len(j) <= 2 && this.uppers[j] === this.len(j) && DIRECTIONS.has(this.raw(j))) {
      j = this.afterMonth(j);
    }
    for (let words = 0; words < 5 && j < this.n && this.near(j, 2); words++) {
      if (words > 0 && this.capitalised(j) && STREET_SUFFIXES.has(this.key(j))) {
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
    if (!digitAt(this.text, this.ts[j]!)) return -1;
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

// Rule families a word may start, as bits of its KEY_INFO entry.
const K_URL = 1;
const K_ID = 2;
const K_PHONE = 4;
const K_MONTH = 8;
const K_STREET_TYPE = 16;
const K_POSTAL = 32;
const K_AGE = 64;
const K_RELATION = 128;
const K_TITLE = 256;
const K_NAME = 512;
const K_EMPLOYER = 1024;
const K_UNIT = 2048;
const K_STATE = 4096;

/**
 * Every word some rule starts at, with the rule families it may start (one lookup per word instead of one per
 * family). Words with a digit are never here: no keyword holds one.
 */
const KEY_INFO = (() => {
  const info = new Map<string, number>();
  const mark = (bit: number, words: Iterable<string>) => {
    for (const w of words) info.set(w, (info.get(w) ?? 0) | bit);
  };
  mark(K_URL, ['http', 'https', 'ftp', 'www']);
  mark(
    K_ID,
    [...ID_KEYWORDS, ...PLATE_KEYWORDS].map((k) => k.words[0]!),
  );
  mark(K_PHONE, PHONE_CUES);
  mark(K_MONTH, [...MONTHS_OTHER, ...MONTHS_SHORT, ...[...MONTHS_EN].map(normWord)]);
  mark(K_STREET_TYPE, STREET_TYPES);
  mark(K_POSTAL, POSTAL_CUES);
  mark(K_AGE, AGE_CUES);
  mark(K_RELATION, RELATIONS);
  mark(K_TITLE, [...TITLES, ...TITLES_WITH_DOT]);
  mark(K_NAME, [...NAME_CUES, ...NAME_LABELS]);
  mark(K_EMPLOYER, [...WORK_VERBS, ...EMPLOYER_LABELS, ...EMPLOYER_NOUNS]);
  mark(K_UNIT, UNIT_WORDS);
  mark(K_STATE, [...US_STATES].map(normWord));
  return info;
})();
const KEY_TABLE = new WordTable(KEY_INFO);
const KEY_MASK = lengthMask(KEY_INFO.keys());
const MONTH_MASK = lengthMask([...KEY_INFO].filter(([, bits]) => bits & K_MONTH).map(([w]) => w));
const DATE_FILLER_MASK = lengthMask(DATE_FILLERS);
const STREET_TYPE_MASK = lengthMask(STREET_TYPES);
const YEAR_WORD_MASK = lengthMask([...YEAR_WORDS, 'y']); // and the "y" of "y/o"

function digitCount(s: string): number {
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) d++;
  }
  return d;
}

/** Keywords by their first word. */
function keywordIndex(list: readonly IdKeyword[]): ReadonlyMap<string, readonly IdKeyword[]> {
  const index = new Map<string, IdKeyword[]>();
  for (const k of list) {
    const first = k.words[0]!;
    index.set(first, [...(index.get(first) ?? []), k]);
  }
  return index;
}
const ID_INDEX = keywordIndex(ID_KEYWORDS);
const PLATE_INDEX = keywordIndex(PLATE_KEYWORDS);
