/**
 * The tokenizer of the free-text scanner: cuts a text once into tokens (runs of letters, digits and combining marks;
 * single punctuation marks; spaces are skipped but remembered) held in typed arrays, and the token helpers the rules
 * ({@link ./text-rules.ts}) read them with. One pass over the characters, a table lookup each.
 * @internal
 * @packageDocumentation
 */
import { normWord } from './text-words.js';

/** Work counters, for tests that check the cost grows linearly with the text. */
export interface ScanStats {
  /** Tokens cut from the text. */
  tokens: number;
  /** Rule attempts (each looks at a bounded number of tokens or characters). */
  attempts: number;
}

/** The longest token compared against word lists; longer ones cannot be keywords. */
export const MAX_KEY = 64;

// Character classes.
const OTHER = 0;
const DIGIT = 1;
const UPPER = 2;
const LOWER = 3;
const MARK = 4;
const SPACE = 5;

const classes = new Uint8Array(65536);
const known = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  known[c] = 1;
  classes[c] =
    c >= 48 && c <= 57
      ? DIGIT
      : c >= 65 && c <= 90
        ? UPPER
        : c >= 97 && c <= 122
          ? LOWER
          : c === 32 || (c >= 9 && c <= 13)
            ? SPACE
            : OTHER;
}
const RE_UPPER = /[\p{Lu}\p{Lt}]/u;
const RE_LETTER = /\p{L}/u;
const RE_MARK = /\p{M}/u;
const RE_SPACE = /\s/u;

/** The class of UTF-16 unit `c` (looked up once per distinct unit outside ASCII, then from the table). */
function classOf(c: number): number {
  if (known[c]) return classes[c]!;
  let k = OTHER;
  if (c < 0xd800 || c > 0xdfff) {
    const ch = String.fromCharCode(c);
    if (RE_UPPER.test(ch)) k = UPPER;
    else if (RE_LETTER.test(ch)) k = LOWER;
    else if (RE_MARK.test(ch)) k = MARK;
    else if (RE_SPACE.test(ch)) k = SPACE;
  }
  classes[c] = k;
  known[c] = 1;
  return k;
}

/** Whether the character at `i` is a letter, a digit or a combining mark. */
export function alnumAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const k = classOf(text.charCodeAt(i));
  return k === DIGIT || k === UPPER || k === LOWER || k === MARK;
}

/** Whether the character at `i` is a digit (ASCII). */
export function digitAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Whether the character at `i` is an upper-case (or title-case) letter. */
export function upperAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && classOf(text.charCodeAt(i)) === UPPER;
}

/**
 * A quick filter for word lists: bit `min(length, 31)` of entry `c` is set when some word starts with the ASCII
 * character `c` (lower case) and has that length.
 */
export function lengthMask(words: Iterable<string>): Uint32Array {
  const mask = new Uint32Array(128);
  for (const w of words) {
    const c = w.charCodeAt(0) | 32;
    if (c < 128) mask[c]! |= 1 << Math.min(w.length, 31);
  }
  return mask;
}

/**
 * Lower-case ASCII words, each with a number, looked up straight from a token's characters: no string is made and
 * case is ignored. (Words with other characters are left out: a token of ASCII letters cannot be one of them.)
 */
export class WordTable {
  private readonly slots: Int32Array;
  private readonly words: string[] = [];
  private readonly values: number[] = [];

  constructor(entries: Iterable<readonly [string, number]>) {
    const ascii = [...entries].filter(([w]) => /^[\x21-\x7e]+$/.test(w) && w === w.toLowerCase());
    let size = 16;
    while (size < ascii.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    for (const [word, value] of ascii) {
      let slot = wordHash(word, 0, word.length) & (size - 1);
      while (this.slots[slot]) slot = (slot + 1) & (size - 1);
      this.words.push(word);
      this.values.push(value);
      this.slots[slot] = this.words.length;
    }
  }

  /** The number of the word `text[start, end)` (ASCII, any case), or 0 when it is not in the table. */
  get(text: string, start: number, end: number): number {
    const mask = this.slots.length - 1;
    for (let slot = wordHash(text, start, end) & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id === 0) return 0;
      const word = this.words[id - 1]!;
      if (word.length !== end - start) continue;
      let k = 0;
      while (k < word.length && word.charCodeAt(k) === lowerAscii(text.charCodeAt(start + k))) k++;
      if (k === word.length) return this.values[id - 1]!;
    }
  }
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

function wordHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let p = start; p < end; p++) h = Math.imul(h ^ lowerAscii(text.charCodeAt(p)), 0x01000193);
  return h >>> 0;
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

/** Token flag: a punctuation mark (one character). */
export const F_PUNCT = 1;
/** Token flag: a word with letters outside ASCII (its key goes through {@link normWord}). */
export const F_NON_ASCII = 8;

/** A tokenized text and the questions rules ask about its tokens (`i` is a token index; past the end is fine). */
export class Tokens {
  // Every field is set in the constructor, in one order, whatever the class-field semantics of the build: instances
  // then share one shape (and rules stay fast; a shape that grows differently made them twice as slow).
  protected readonly text: string;
  protected readonly stats: ScanStats | undefined;
  protected ts: Int32Array;
  protected te: Int32Array;
  protected digits: Int32Array;
  protected uppers: Int32Array;
  protected lowers: Int32Array;
  protected flags: Uint8Array;
  /** How many tokens. */
  protected n: number;
  /** The last key made (rules ask for the same token's key several times in a row). */
  private keyAt: number;
  private keyText: string;

  constructor(text: string, stats: ScanStats | undefined) {
    const b = buffersFor(text.length);
    this.text = text;
    this.stats = stats;
    this.ts = b.ts;
    this.te = b.te;
    this.digits = b.digits;
    this.uppers = b.uppers;
    this.lowers = b.lowers;
    this.flags = b.flags;
    this.n = 0;
    this.keyAt = -1;
    this.keyText = '';
    this.tokenize(b);
  }

  private tokenize(buffers: TokenBuffers): void {
    const { text } = this;
    let { ts, te, digits, uppers, lowers, flags } = buffers;
    const len = text.length;
    let n = 0;
    let i = 0;
    let space = 0;
    while (i < len) {
      let c = text.charCodeAt(i);
      let k = c < 128 ? classes[c]! : classOf(c);
      if (k === SPACE) {
        if (space < 4) space = c === 10 || c === 13 ? 4 : 2;
        i++;
        continue;
      }
      if (n === buffers.capacity) {
        buffers.grow();
        ({ ts, te, digits, uppers, lowers, flags } = buffers);
      }
      ts[n] = i;
      if (k === OTHER || k === MARK) {
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
          if (k === DIGIT) d++;
          else if (k === UPPER) u++;
          else if (k === LOWER) l++;
          if (c >= 128) wide = F_NON_ASCII;
          if (++i >= len) break;
          c = text.charCodeAt(i);
          k = c < 128 ? classes[c]! : classOf(c);
          if (k === SPACE || k === OTHER) break;
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
    ({ ts: this.ts, te: this.te, digits: this.digits, uppers: this.uppers, lowers: this.lowers } = buffers);
    this.flags = buffers.flags;
    if (this.stats) this.stats.tokens += n;
  }

  protected len(i: number): number {
    return this.te[i]! - this.ts[i]!;
  }
  // Rules look a few tokens either way: every helper checks its index first, so no read falls outside the arrays.
  protected isWord(i: number): boolean {
    return i >= 0 && i < this.n && (this.flags[i]! & F_PUNCT) === 0;
  }
  protected isNumber(i: number): boolean {
    return this.isWord(i) && this.digits[i] === this.len(i);
  }
  protected isLetters(i: number): boolean {
    return this.isWord(i) && this.digits[i] === 0;
  }
  /** The character code of punctuation token `i`, or -1. */
  protected punct(i: number): number {
    return i >= 0 && i < this.n && this.flags[i]! & F_PUNCT ? this.text.charCodeAt(this.ts[i]!) : -1;
  }
  /** Whether token `i` is one of the punctuation marks in `chars`. */
  protected isPunct(i: number, chars: string): boolean {
    const c = this.punct(i);
    if (c < 0) return false;
    for (let k = 0; k < chars.length; k++) if (chars.charCodeAt(k) === c) return true;
    return false;
  }
  /** Whether token `i` is the punctuation mark `c` (a character code). */
  protected isMark(i: number, c: number): boolean {
    return i >= 0 && i < this.n && (this.flags[i]! & F_PUNCT) !== 0 && this.text.charCodeAt(this.ts[i]!) === c;
  }
  /** Normalised text of a word token, or '' for long tokens and punctuation. */
  protected key(i: number): string {
    if (!this.isWord(i) || this.len(i) > MAX_KEY) return '';
    if (i === this.keyAt) return this.keyText;
    const raw = this.text.slice(this.ts[i], this.te[i]);
    this.keyText = this.flags[i]! & F_NON_ASCII ? normWord(raw) : raw.toLowerCase();
    this.keyAt = i;
    return this.keyText;
  }
  /** Whether word token `i` may be one of the keys in `mask` (see {@link lengthMask}): a quick test, no string made. */
  protected mayBe(mask: Uint32Array, i: number): boolean {
    if (this.flags[i]! & F_NON_ASCII) return true;
    const c = this.text.charCodeAt(this.ts[i]!) | 32;
    return c < 128 && (mask[c]! & (1 << Math.min(this.len(i), 31))) !== 0;
  }
  /** Whether token `i` is a word whose key is in `words` (`mask` is their {@link lengthMask}: most words stop there). */
  protected keyIn(i: number, mask: Uint32Array, words: ReadonlySet<string>): boolean {
    return this.isWord(i) && this.mayBe(mask, i) && words.has(this.key(i));
  }
  /** The number of word token `i` in `table` (for a word of ASCII letters; others go through {@link key}). */
  protected lookUp(i: number, table: WordTable, fallback: ReadonlyMap<string, number>): number {
    if (this.flags[i]! & F_NON_ASCII) return fallback.get(this.key(i)) ?? 0;
    return this.len(i) > MAX_KEY ? 0 : table.get(this.text, this.ts[i]!, this.te[i]!);
  }
  /** The text of token `i` ('' past {@link MAX_KEY} characters). */
  protected raw(i: number): string {
    return this.len(i) > MAX_KEY ? '' : this.text.slice(this.ts[i], this.te[i]);
  }
  /** The value of number token `i` of at most 9 digits, read without making a string. */
  protected value(i: number): number {
    let v = 0;
    for (let p = this.ts[i]!, e = this.te[i]!; p < e; p++) v = v * 10 + this.text.charCodeAt(p) - 48;
    return v;
  }
  /** Token `i` follows its predecessor on the same line, after at most `max` spaces (0: touching). */
  protected near(i: number, max = 3): boolean {
    if (i <= 0 || i >= this.n || (this.flags[i]! & 6) === 4) return false;
    return this.ts[i]! - this.te[i - 1]! <= max;
  }
  protected touching(i: number): boolean {
    return i > 0 && i < this.n && this.ts[i] === this.te[i - 1];
  }
  protected capitalised(i: number): boolean {
    return this.isLetters(i) && upperAt(this.text, this.ts[i]!);
  }
  protected allCaps(i: number): boolean {
    return this.isLetters(i) && this.lowers[i] === 0 && this.uppers[i]! >= 2;
  }
  /** The first token at or after text offset `pos`, looking from token `from`. */
  protected tokenAt(pos: number, from: number): number {
    let j = from;
    while (j < this.n && this.ts[j]! < pos) j++;
    return j;
  }
}
