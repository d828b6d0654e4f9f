import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/** Id prefixes of hub resources. */
export type IdPrefix = 'prg' | 'ses' | 'tpl' | 'cas' | 'rec' | 'key' | 'att' | 'whd' | 'evl';

let lastMs = 0;
let sequence = 0;

function encode(value: number, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i += 1) {
    out = ALPHABET[rest % 32]! + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/**
 * A new prefixed, time-sortable id, e.g. `cas_01jd3k8x2m0000a7c9x4qz`: 10 chars of milliseconds,
 * 4 chars of a per-millisecond sequence (monotonic within this process) and 8 random chars.
 */
export function newId(prefix: IdPrefix): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else {
    sequence += 1;
  }
  const random = randomBytes(8);
  let tail = '';
  for (const byte of random) tail += ALPHABET[byte % 32];
  return `${prefix}_${encode(lastMs, 10)}${encode(sequence, 4)}${tail}`;
}

/** A random lower-case alphanumeric string of the given length (API key ids). */
export function randomAlnum(length: number): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (const byte of randomBytes(length)) out += chars[byte % chars.length];
  return out;
}
