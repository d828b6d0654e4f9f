/**
 * Shared by the Node and the browser tests: a key, and the pseudonymous id that key must give a reference, computed
 * with WebCrypto's HMAC-SHA256 (an implementation independent of the `@noble/hashes` one `deidentify()` uses), so
 * both runtimes are checked against the standard rather than against a snapshot of our own output.
 * @internal
 */
export const VECTOR_KEY = 'teleecho-test-vector';

/** HMAC-SHA256 of `input` under `key` with WebCrypto, truncated to 128 bits and written as a UUID. */
export async function hmacUuid(key: string, input: string): Promise<string> {
  const enc = new TextEncoder();
  const k = await globalThis.crypto.subtle.importKey('raw', enc.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', k, enc.encode(input)));
  const hex = Array.from(mac.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
