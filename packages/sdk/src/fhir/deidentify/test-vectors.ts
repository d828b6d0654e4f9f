/**
 * Test vector shared by the Node and the browser tests: SHA-256 of `JSON.stringify(deidentify(hcv.json,
 * { idKey: VECTOR_KEY }))`. Both runtimes must produce these exact bytes. When the algorithm or the synthetic
 * patient changes on purpose, the Node test prints the new value to paste here.
 * @internal
 */
export const VECTOR_KEY = 'teleecho-test-vector';
export const HCV_OUTPUT_SHA256 = '87bf50f820601e39424e5fbe3fc5823b76b16ac52d4079fdb525d02224b62ac4';

/** Hex SHA-256 of a string with WebCrypto (the same in Node 20 and browsers). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
