/**
 * `teleecho lti …`: manual platform registration (`add-platform`), `list-platforms`, and `rotate-key`.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { LtiPlatform, Storage } from '../storage/storage.js';
import { createToolKey } from './keys.js';

/** A bad `teleecho lti` command line (the caller prints usage). */
export class LtiUsageError extends Error {
  override name = 'LtiUsageError';
}

/** Usage lines of `teleecho lti`. */
export const LTI_USAGE = `  teleecho lti add-platform --issuer <url> --client-id <id> --auth-url <url> --token-url <url> --jwks-url <url>
               --deployment-id <id> [--deployment-id <id>…] [--name <name>] [--program <id>] [--data …] [--database-url …]
  teleecho lti list-platforms [--data ./.teleecho] [--database-url postgres://…]
  teleecho lti rotate-key [--data ./.teleecho] [--database-url postgres://…]`;

const URL_FLAGS = ['issuer', 'auth-url', 'token-url', 'jwks-url'] as const;

function urlFlag(value: string | undefined, name: string): string {
  if (!value) throw new LtiUsageError(`--${name} is required`);
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new LtiUsageError(`--${name} must be an http(s) URL`);
  }
  return value;
}

/**
 * Runs `teleecho lti <sub> …` against opened storage. `storageFlags` are the flags the caller parses itself
 * (`--data`, `--database-url`); they are accepted and ignored here.
 */
export async function ltiCommand(
  args: string[],
  openStorage: (values: { data?: string; 'database-url'?: string }) => Promise<Storage>,
  out: (line: string) => void,
): Promise<number> {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        data: { type: 'string' },
        'database-url': { type: 'string' },
        issuer: { type: 'string' },
        'client-id': { type: 'string' },
        'auth-url': { type: 'string' },
        'token-url': { type: 'string' },
        'jwks-url': { type: 'string' },
        'deployment-id': { type: 'string', multiple: true },
        name: { type: 'string' },
        program: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new LtiUsageError(error instanceof Error ? error.message : String(error));
  }
  const location = {
    ...(parsed.data && { data: parsed.data }),
    ...(parsed['database-url'] && { 'database-url': parsed['database-url'] }),
  };
  if (sub === 'add-platform') {
    const urls = Object.fromEntries(URL_FLAGS.map((f) => [f, urlFlag(parsed[f], f)])) as Record<
      (typeof URL_FLAGS)[number],
      string
    >;
    const clientId = parsed['client-id'];
    if (!clientId) throw new LtiUsageError('--client-id is required');
    const deployments = parsed['deployment-id'] ?? [];
    if (!deployments.length) throw new LtiUsageError('--deployment-id is required (repeat it for several)');
    const storage = await openStorage(location);
    try {
      if (parsed.program && !(await storage.programs.get(parsed.program))) {
        throw new Error(`no programme ${parsed.program}`);
      }
      const platform = await storage.write((tx) =>
        tx.lti.savePlatform({
          id: `plt_${randomBytes(9).toString('base64url')}`,
          issuer: urls.issuer,
          clientId,
          name: parsed.name ?? urls.issuer,
          authUrl: urls['auth-url'],
          tokenUrl: urls['token-url'],
          jwksUrl: urls['jwks-url'],
          ...(parsed.program && { programId: parsed.program }),
          deploymentIds: deployments,
          scopes: [],
          registeredVia: 'manual',
          createdAt: new Date().toISOString(),
        }),
      );
      out(`Registered LTI platform ${platform.name} (${platform.issuer}, client id ${platform.clientId}).`);
      out('Give the platform these tool URLs:');
      out('  login (OIDC initiation)  <hub>/lti/login');
      out('  launch / redirect URI    <hub>/lti/launch');
      out('  public keys (JWKS)       <hub>/lti/jwks');
      out(platform.id);
    } finally {
      await storage.close();
    }
    return 0;
  }
  if (sub === 'list-platforms') {
    const storage = await openStorage(location);
    try {
      const platforms = await storage.lti.listPlatforms();
      if (!platforms.length) out('No LTI platforms registered.');
      for (const p of platforms) out(describe(p));
    } finally {
      await storage.close();
    }
    return 0;
  }
  if (sub === 'rotate-key') {
    const storage = await openStorage(location);
    try {
      out(`New tool key ${await createToolKey(storage, true)}; older keys are retired from /lti/jwks.`);
    } finally {
      await storage.close();
    }
    return 0;
  }
  throw new LtiUsageError(`unknown lti command "${sub ?? ''}" (expected add-platform, list-platforms or rotate-key)`);
}

function describe(p: LtiPlatform): string {
  const launched = p.activatedAt ? `first launch ${p.activatedAt}` : 'no launch yet';
  const scopes =
    p.scopes === null
      ? 'not reported by the platform (each launch says what it allows)'
      : p.scopes.join(' ') || '(none)';
  return [
    `${p.id}  ${p.name}`,
    `  issuer ${p.issuer}  client id ${p.clientId}`,
    `  deployments ${p.deploymentIds.join(', ') || '(none)'}${p.programId ? `  programme ${p.programId}` : ''}`,
    `  auth ${p.authUrl}  token ${p.tokenUrl}  jwks ${p.jwksUrl}`,
    `  registered ${p.registeredVia ?? 'unknown'}  ${launched}  scopes ${scopes}`,
  ].join('\n');
}
