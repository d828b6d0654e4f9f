import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Maps a string to a stable pseudonym; the same hasher always returns the same pseudonym for a string. */
export type KeyedHasher = (input: string) => string;

/**
 * Creates a keyed hash: HMAC-SHA256 (pure JS, `@noble/hashes`, synchronous, identical in browsers and Node)
 * truncated to 128 bits and written as a UUID-shaped string, which is a valid FHIR id and `urn:uuid:`.
 * Without a key a random 256-bit key is drawn (WebCrypto `getRandomValues`), so ids cannot be linked across calls.
 */
export function createKeyedHasher(key?: string): KeyedHasher {
  const keyBytes = key ? encoder.encode(key) : globalThis.crypto.getRandomValues(new Uint8Array(32));
  const keyed = hmac.create(sha256, keyBytes);
  // One scratch instance and one output buffer, reset from the keyed state for every input (no allocation).
  const scratch = keyed.clone();
  const digest = new Uint8Array(32);
  const cache = new Map<string, string>();
  return (input) => {
    let out = cache.get(input);
    if (out !== undefined) return out;
    keyed._cloneInto(scratch);
    scratch.update(encoder.encode(input));
    scratch.digestInto(digest);
    let hex = '';
    for (let i = 0; i < 16; i++) hex += HEX[digest[i]!];
    out = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    cache.set(input, out);
    return out;
  };
}
