/**
 * LTI Dynamic Registration (as Moodle 4.x supports it): the platform opens `/lti/register?openid_configuration=…
 * &registration_token=…`; the tool reads the platform's OpenID configuration, posts its own configuration (with the
 * `https://purl.imsglobal.org/spec/lti-tool-configuration` claim) to the registration endpoint, stores the
 * returned client id and deployment, and the page tells the platform to close (`org.imsglobal.lti.close`).
 *
 * The scopes the platform granted are read from the response's `scope`, or — when it has none, as Moodle's does —
 * from the registration read back at `registration_client_uri` (RFC 7592) when the platform offers one; otherwise
 * they stay unknown (`scopes: null`), never assumed to be the ones asked for. Each launch's AGS claim says what that
 * launch may do, so grade sync works either way. Moodle also keeps the new tool pending until an administrator
 * activates it: the platform is stored as registered dynamically and not yet launched, so a refused launch can say so.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { AGS_SCOPE, CLAIM } from './claims.js';
import { LtiError } from './errors.js';
import type { LtiPlatform, Storage } from '../storage/storage.js';

interface OpenIdConfiguration {
  issuer?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  jwks_uri?: string;
  registration_endpoint?: string;
  scopes_supported?: string[];
  [key: string]: unknown;
}

const fail = (detail: string): LtiError => new LtiError(400, 'lti_registration_failed', detail);

async function getJson(url: string, init: RequestInit): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch {
    throw fail(`${url} did not answer.`);
  }
  if (!response.ok) throw fail(`${url} answered HTTP ${response.status}.`);
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    throw fail(`${url} did not answer JSON.`);
  }
}

/** The tool's registration request (IMS LTI Dynamic Registration 1.0, section 3.5). */
export function toolRegistration(baseUrl: string, scopes: string[]): Record<string, unknown> {
  const launch = `${baseUrl}/lti/launch`;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${baseUrl}/lti/login`,
    redirect_uris: [launch],
    client_name: 'teleECHO',
    jwks_uri: `${baseUrl}/lti/jwks`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: scopes.join(' '),
    [CLAIM.toolConfiguration]: {
      domain: new URL(baseUrl).host,
      description: 'Live teleECHO sessions (video, cases, CME credit) inside the course.',
      target_link_uri: launch,
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name'],
      messages: [
        { type: 'LtiResourceLinkRequest', target_link_uri: launch },
        { type: 'LtiDeepLinkingRequest', target_link_uri: launch, label: 'Add a teleECHO session' },
      ],
    },
  };
}

const scopeList = (value: unknown): string[] | undefined =>
  typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : undefined;

/**
 * The scopes a registration response granted: its `scope`, else the registration read back (RFC 7592
 * `registration_client_uri` with its `registration_access_token`), else `null` (the platform did not say).
 */
async function grantedScopes(registered: Record<string, unknown>): Promise<string[] | null> {
  const direct = scopeList(registered.scope);
  if (direct) return direct;
  const uri = registered.registration_client_uri;
  if (typeof uri !== 'string' || !URL.canParse(uri) || !/^https?:$/.test(new URL(uri).protocol)) return null;
  const token = registered.registration_access_token;
  try {
    const readBack = await getJson(uri, {
      headers: { accept: 'application/json', ...(typeof token === 'string' && { authorization: `Bearer ${token}` }) },
    });
    return scopeList(readBack.scope) ?? null;
  } catch {
    return null;
  }
}

/** Runs a dynamic registration; returns the stored platform. */
export async function register(
  storage: Storage,
  baseUrl: string,
  openidConfiguration: string | undefined,
  registrationToken: string | undefined,
  programId: string | undefined,
): Promise<LtiPlatform> {
  if (!openidConfiguration || !URL.canParse(openidConfiguration)) {
    throw fail('The registration link has no openid_configuration URL.');
  }
  const auth: Record<string, string> = registrationToken ? { authorization: `Bearer ${registrationToken}` } : {};
  const config = (await getJson(openidConfiguration, {
    headers: { accept: 'application/json', ...auth },
  })) as OpenIdConfiguration;
  const { issuer, authorization_endpoint, token_endpoint, jwks_uri, registration_endpoint } = config;
  if (!issuer || !authorization_endpoint || !token_endpoint || !jwks_uri || !registration_endpoint) {
    throw fail('The platform configuration lacks issuer or endpoints.');
  }
  if (!openidConfiguration.startsWith(issuer)) {
    throw fail('The platform configuration URL does not belong to its issuer.');
  }
  const supported = config.scopes_supported ?? [];
  const wanted = [AGS_SCOPE.lineitem, AGS_SCOPE.lineitemReadonly, AGS_SCOPE.score, AGS_SCOPE.resultReadonly].filter(
    (s) => !supported.length || supported.includes(s),
  );
  const registered = await getJson(registration_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...auth },
    body: JSON.stringify(toolRegistration(baseUrl, wanted)),
  });
  const clientId = registered.client_id;
  if (typeof clientId !== 'string' || !clientId) throw fail('The platform returned no client_id.');
  const toolConfig = (registered[CLAIM.toolConfiguration] ?? {}) as { deployment_id?: string | number };
  const platformConfig = (config[CLAIM.platformConfiguration] ?? {}) as { product_family_code?: string };
  const granted = await grantedScopes(registered);
  const platform: LtiPlatform = {
    id: `plt_${randomBytes(9).toString('base64url')}`,
    issuer,
    clientId,
    name: platformConfig.product_family_code ? `${platformConfig.product_family_code} (${issuer})` : issuer,
    authUrl: authorization_endpoint,
    tokenUrl: token_endpoint,
    jwksUrl: jwks_uri,
    ...(programId && { programId }),
    deploymentIds:
      toolConfig.deployment_id !== undefined && toolConfig.deployment_id !== ''
        ? [String(toolConfig.deployment_id)]
        : [],
    scopes: granted,
    registeredVia: 'dynamic',
    createdAt: new Date().toISOString(),
  };
  return storage.write((tx) => tx.lti.savePlatform(platform));
}
