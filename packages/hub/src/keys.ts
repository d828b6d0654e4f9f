import { randomBytes } from 'node:crypto';
import { deriveTokenSigningKey } from '@teleecho/sdk/server';
import { randomAlnum } from './domain/ids.js';
import { hashSecret } from './http/auth.js';
import type { Storage } from './storage/storage.js';

/** A newly created secret API key. The secret is shown once and never stored. */
export interface CreatedApiKey {
  /** Public key id (becomes `iss` of tokens it mints). */
  id: string;
  /** The full secret key `teleecho_sk_<id>.<secret>`. */
  apiKey: string;
  allowedOrigins: string[];
}

/** Creates a secret API key; stores only a hash of the secret and the derived token-signing key. */
export async function createApiKey(storage: Storage, allowedOrigins: string[] = ['*']): Promise<CreatedApiKey> {
  const id = randomAlnum(12);
  const secret = randomBytes(32).toString('base64url');
  await storage.write((tx) =>
    tx.apiKeys.insert({
      id,
      secretHash: hashSecret(secret),
      tokenKey: deriveTokenSigningKey(secret),
      allowedOrigins,
      createdAt: new Date().toISOString(),
    }),
  );
  return { id, apiKey: `teleecho_sk_${id}.${secret}`, allowedOrigins };
}
