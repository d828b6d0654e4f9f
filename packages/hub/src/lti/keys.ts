/**
 * The tool's RSA key pair: generated once, stored (`lti_tool_keys`), published at `/lti/jwks` (public parts only),
 * used to sign Deep Linking responses and AGS client assertions. `teleecho lti rotate-key` adds a new one.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Storage } from '../storage/storage.js';

/** The signing key in use. */
export interface ToolSigningKey {
  kid: string;
  key: CryptoKey;
}

/** Public members of an RSA JWK (never `d`, `p`, `q`, `dp`, `dq`, `qi`). */
const PUBLIC_MEMBERS = ['kty', 'n', 'e'] as const;

function publicOnly(jwk: Record<string, unknown>, kid: string): JWK {
  const out: JWK = { kid, alg: 'RS256', use: 'sig' };
  for (const name of PUBLIC_MEMBERS) out[name] = jwk[name] as string;
  return out;
}

/** Generates and stores a new key pair; the newest unretired key signs. Returns its kid. */
export async function createToolKey(storage: Storage, retireOthers = false): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = `tk_${randomBytes(9).toString('base64url')}`;
  const now = new Date().toISOString();
  const privateJwk = (await exportJWK(privateKey)) as Record<string, unknown>;
  const publicJwk = publicOnly((await exportJWK(publicKey)) as Record<string, unknown>, kid) as Record<string, unknown>;
  await storage.write(async (tx) => {
    await tx.lti.insertKey({ kid, privateJwk, publicJwk, createdAt: now });
    if (retireOthers) await tx.lti.retireKeysExcept(kid, now);
  });
  return kid;
}

/** Loads (creating on first use) and caches the tool keys of one hub. */
export class ToolKeys {
  private signing: Promise<ToolSigningKey> | undefined;

  constructor(private readonly storage: Storage) {}

  /** The key that signs now (the newest unretired one; created on first use). */
  signingKey(): Promise<ToolSigningKey> {
    this.signing ??= (async () => {
      let keys = (await this.storage.lti.listKeys()).filter((k) => !k.retiredAt);
      if (!keys.length) {
        await createToolKey(this.storage);
        keys = (await this.storage.lti.listKeys()).filter((k) => !k.retiredAt);
      }
      const newest = keys.at(-1)!;
      const key = (await importJWK(newest.privateJwk as JWK, 'RS256')) as CryptoKey;
      return { kid: newest.kid, key };
    })();
    this.signing.catch(() => (this.signing = undefined));
    return this.signing;
  }

  /** The JWKS document: public keys of every unretired key. */
  async jwks(): Promise<{ keys: JWK[] }> {
    await this.signingKey();
    const keys = (await this.storage.lti.listKeys()).filter((k) => !k.retiredAt);
    return { keys: keys.map((k) => publicOnly(k.publicJwk, k.kid)) };
  }

  /** Forgets the cached signing key (after a rotation in another process). */
  reset(): void {
    this.signing = undefined;
  }
}
