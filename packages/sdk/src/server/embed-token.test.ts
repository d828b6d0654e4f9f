import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createEchoClient } from '../client/echo-client.js';
import { EchoError } from '../errors.js';
import { caseResponse, deidReport } from '../internal/test-fixtures.js';
import { newProgram, startHub } from '../internal/test-hub.js';
import type { TestHub } from '../internal/test-hub.js';
import {
  EMBED_TOKEN_AUDIENCE,
  MAX_TOKEN_TTL_SECONDS,
  createEmbedToken,
  deriveTokenSigningKey,
  parseApiKey,
} from './index.js';

const KEY = `teleecho_sk_0123456789ab.${'s'.repeat(43)}`;
const user = { id: 'dr-7', name: 'Dr. Ana Lima' };

describe('createEmbedToken (offline)', () => {
  test('signs an HS256 token with the derived key and the documented claims', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await createEmbedToken({
      apiKey: KEY,
      user,
      role: 'presenter',
      programId: 'prg_1',
      sessionId: 'ses_1',
      caseId: 'case_1',
      ttlSeconds: 600,
    });
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'HS256');
    assert.equal(header.kid, '0123456789ab');
    const { payload } = await jwtVerify(token, deriveTokenSigningKey(parseApiKey(KEY).secret), {
      audience: EMBED_TOKEN_AUDIENCE,
      issuer: '0123456789ab',
    });
    assert.equal(payload.sub, 'dr-7');
    assert.equal(payload.name, 'Dr. Ana Lima');
    assert.equal(payload.role, 'presenter');
    assert.equal(payload.prg, 'prg_1');
    assert.equal(payload.ses, 'ses_1');
    assert.equal(payload.case, 'case_1');
    assert.ok(Math.abs(payload.iat! - now) <= 2);
    assert.equal(payload.exp! - payload.iat!, 600);
  });

  test('defaults to a 15-minute lifetime', async () => {
    const token = await createEmbedToken({ apiKey: KEY, user, role: 'participant', programId: 'p' });
    const { payload } = await jwtVerify(token, deriveTokenSigningKey(parseApiKey(KEY).secret));
    assert.equal(payload.exp! - payload.iat!, 900);
  });

  test('rejects a bad ttl, role, user or programme', async () => {
    for (const ttlSeconds of [0, -5, 1.5, MAX_TOKEN_TTL_SECONDS + 1]) {
      await assert.rejects(
        createEmbedToken({ apiKey: KEY, user, role: 'presenter', programId: 'p', ttlSeconds }),
        (e: unknown) => e instanceof EchoError && e.code === 'invalid_options',
        `ttl ${ttlSeconds}`,
      );
    }
    await assert.rejects(
      createEmbedToken({ apiKey: KEY, user, role: 'admin' as never, programId: 'p' }),
      (e: unknown) => e instanceof EchoError && e.code === 'invalid_options',
    );
    await assert.rejects(
      createEmbedToken({ apiKey: KEY, user: { id: '', name: 'x' }, role: 'presenter', programId: 'p' }),
      (e: unknown) => e instanceof EchoError && e.code === 'invalid_options',
    );
    await assert.rejects(
      createEmbedToken({ apiKey: KEY, user, role: 'presenter', programId: '' }),
      (e: unknown) => e instanceof EchoError && e.code === 'invalid_options',
    );
  });

  test('rejects something that is not a secret API key', async () => {
    for (const apiKey of ['', 'sk_live_123', 'teleecho_sk_SHORT.abc', `teleecho_sk_0123456789ab.${'s'.repeat(10)}`]) {
      await assert.rejects(
        createEmbedToken({ apiKey, user, role: 'presenter', programId: 'p' }),
        (e: unknown) => e instanceof EchoError && e.code === 'invalid_api_key',
        apiKey,
      );
    }
  });
});

describe('createEmbedToken against a real hub', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startHub();
  });
  after(async () => {
    await hub?.close();
  });

  test('the hub accepts a token minted offline with its API key, with the right identity and scope', async () => {
    const { program } = await newProgram(hub);
    const token = await createEmbedToken({ apiKey: hub.apiKey, user, role: 'presenter', programId: program.id });
    const client = createEchoClient({ hubUrl: hub.url, token });
    assert.equal((await client.programs.get(program.id)).id, program.id);
    const templates = await client.templates.list(program.id);
    const created = await client.cases.submit({
      programId: program.id,
      templateId: templates.items[0]!.id,
      title: 'Offline token case',
      response: caseResponse(),
      deidentification: deidReport(),
    });
    assert.equal(created.presenterId, 'dr-7');
    assert.equal(created.presenterName, 'Dr. Ana Lima');
  });

  test('the hub rejects a token minted with another key, and one for another programme', async () => {
    const { program } = await newProgram(hub);
    const other = await newProgram(hub);
    const forged = await createEmbedToken({ apiKey: KEY, user, role: 'coordinator', programId: program.id });
    await assert.rejects(
      createEchoClient({ hubUrl: hub.url, token: forged }).programs.get(program.id),
      (e: unknown) => e instanceof EchoError && e.status === 401,
    );
    const elsewhere = await createEmbedToken({
      apiKey: hub.apiKey,
      user,
      role: 'coordinator',
      programId: other.program.id,
    });
    await assert.rejects(
      createEchoClient({ hubUrl: hub.url, token: elsewhere }).programs.get(program.id),
      (e: unknown) => e instanceof EchoError && (e.status === 403 || e.status === 404),
    );
  });
});
