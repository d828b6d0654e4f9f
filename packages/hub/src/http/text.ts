/**
 * Checks on text arriving from outside, each linear in the input: strings the databases cannot hold (NUL, which
 * PostgreSQL refuses, and unpaired UTF-16 surrogates, which both databases would silently turn into U+FFFD), and
 * JSON nested deeper than any walk of it should go.
 * @packageDocumentation
 */

/** NUL, or a surrogate without its other half. Fixed-width lookarounds: linear time. */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `text` holds a character the hub cannot store (NUL or an unpaired surrogate). */
export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

/** Why a JSON text is refused before it is parsed. */
export type JsonTextProblem = 'too_deep' | 'unstorable';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const LOWER_U = 0x75;

function hex4(text: string, at: number): number {
  if (at + 4 > text.length) return -1;
  const value = Number.parseInt(text.slice(at, at + 4), 16);
  return Number.isNaN(value) ? -1 : value;
}

/**
 * One pass over a JSON text, before `JSON.parse`: the nesting depth (objects and arrays) must stay within
 * `maxDepth`, and no string (keys included) may hold `\u0000` or an unpaired surrogate escape. Raw NUL and raw
 * lone surrogates cannot occur: JSON forbids raw control characters in strings, and bytes are decoded as UTF-8
 * (invalid sequences become U+FFFD). Malformed JSON is left for the parser to report.
 */
export function checkJsonText(text: string, maxDepth: number): JsonTextProblem | undefined {
  let depth = 0;
  let inString = false;
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === QUOTE) inString = false;
      else if (c === BACKSLASH) {
        i += 1;
        if (text.charCodeAt(i) !== LOWER_U) continue;
        const code = hex4(text, i + 1);
        i += 4;
        if (code === 0) return 'unstorable';
        if (code >= 0xdc00 && code <= 0xdfff) return 'unstorable';
        if (code >= 0xd800 && code <= 0xdbff) {
          const low =
            text.charCodeAt(i + 1) === BACKSLASH && text.charCodeAt(i + 2) === LOWER_U ? hex4(text, i + 3) : -1;
          if (low < 0xdc00 || low > 0xdfff) return 'unstorable';
          i += 6;
        }
      }
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return 'too_deep';
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return undefined;
}
