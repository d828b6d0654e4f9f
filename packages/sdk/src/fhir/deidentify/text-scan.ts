/**
 * Finds identifiers in free text in linear time: the text is cut into tokens once ({@link ./text-tokenizer.ts}), then
 * each rule ({@link ./text-rules.ts}) looks at a bounded number of tokens from where it starts, so the work is
 * proportional to the length of the text whatever it holds (a pasted base64 blob, a million digits, a thousand
 * near-dates). Rules cover English, Spanish, Portuguese and French text. This module is the entry point: the record's
 * own identifiers ({@link compileKnownTerms}), {@link scanText} and {@link mergeFindings}.
 * @internal
 * @packageDocumentation
 */
import type { SafeHarborKind } from './policy.js';
import { Scanner } from './text-rules.js';
import { MAX_KEY, lengthMask } from './text-tokenizer.js';
import type { ScanStats } from './text-tokenizer.js';
import { normWord } from './text-words.js';

export { PATTERNS } from './text-rules.js';
export type { ScanStats } from './text-tokenizer.js';

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
