import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeJwt, jwtVerify } from 'jose';
import { createApiKey } from '../keys.js';
import { openStorage } from '../storage/open.js';
import type { Storage } from '../storage/storage.js';
import { mintEmbedToken, requireApiKey } from './embed-tokens.js';
import type { ApiKeyPrincipal, UserPrincipal } from './principal.js';
import { insertProgramWithDefaults } from './programs.js';

const refused = (code: string) => (error: unknown) => (error as { code?: unknown }).code === code;

describe('embed tokens minted by the hub', () => {
  let dataDir: string;
  let storage: Storage;
  let key: ApiKeyPrincipal;
  let programId: string;
  const now = 1_900_000_000;
  const input = () => ({ user: { id: 'u-1', name: 'Dr Ada' }, role: 'presenter' as const, programId });

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'teleecho-embed-'));
    storage = await openStorage({ dataDir });
    key = { kind: 'apiKey', keyId: (await createApiKey(storage)).id };
    programId = (await storage.write((tx) => insertProgramWithDefaults(tx, { name: 'HCV', specialty: 'Hep' }))).id;
  });
  after(async () => {
    await storage?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('only a secret API key mints; an embed token is told so', async () => {
    const user: UserPrincipal = {
      kind: 'user',
      sub: 'u',
      name: 'U',
      role: 'coordinator',
      programId: 'p',
      issuer: key.keyId,
      exp: now + 60,
    };
    assert.throws(() => requireApiKey(user), refused('api_key_required'));
    await assert.rejects(mintEmbedToken(storage, user, input()), refused('api_key_required'));
    assert.equal(requireApiKey(key), key);
  });

  test('signed with the key’s token key, for 15 minutes by default, narrowed when asked', async () => {
    const minted = await mintEmbedToken(storage, key, { ...input(), sessionId: 'ses_1' }, undefined, now);
    assert.equal(minted.expiresAt, new Date((now + 900) * 1000).toISOString());
    const claims = decodeJwt(minted.token);
    assert.equal(claims.iss, key.keyId);
    assert.equal(claims.sub, 'u-1');
    assert.equal(claims.prg, programId);
    assert.equal(claims.role, 'presenter');
    assert.equal(claims.ses, 'ses_1');
    assert.equal(claims.case, undefined);
    assert.equal(Number(claims.exp) - Number(claims.iat), 900);
    const record = await storage.apiKeys.get(key.keyId);
    await jwtVerify(minted.token, record!.tokenKey, { currentDate: new Date(now * 1000) });
    const short = await mintEmbedToken(storage, key, { ...input(), ttlSeconds: 60 }, undefined, now);
    assert.equal(short.expiresAt, new Date((now + 60) * 1000).toISOString());
  });

  test('an unknown programme is 404; an unknown or revoked key cannot mint', async () => {
    await assert.rejects(mintEmbedToken(storage, key, { ...input(), programId: 'prg_nope' }), refused('not_found'));
    const ghost: ApiKeyPrincipal = { kind: 'apiKey', keyId: 'no-such-key' };
    await assert.rejects(mintEmbedToken(storage, ghost, input()), refused('token_invalid'));
    const record = await storage.apiKeys.get(key.keyId);
    const revoked = async () => ({ ...record!, revokedAt: new Date().toISOString() });
    await assert.rejects(mintEmbedToken(storage, key, input(), revoked), refused('token_invalid'));
  });
});
