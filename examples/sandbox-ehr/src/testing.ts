/**
 * Test helpers: drive the SMART authorization flow over real HTTP, as a client would, and fetch with
 * the resulting token. Used by this package's tests and the SDK's FHIR tests.
 * @packageDocumentation
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SandboxEhr } from './server.js';
import { EXAMPLE_APP_CLIENT_ID } from './server.js';

/** Options of {@link authorizeRequest}. */
export interface AuthorizeRequestOptions {
  patientId?: string;
  encounterId?: string;
  scope?: string;
  /** Override or remove (`null`) authorize parameters, to test refusals. */
  overrides?: Record<string, string | null>;
}

/** A prepared authorization request with its PKCE verifier. */
export interface PreparedAuthorize {
  url: string;
  state: string;
  verifier: string;
  redirectUri: string;
}

/** Builds an EHR-launch authorize URL (a launch is created for `patientId`). */
export function authorizeRequest(ehr: SandboxEhr, options: AuthorizeRequestOptions = {}): PreparedAuthorize {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const redirectUri = `${ehr.appUrl}/`;
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: EXAMPLE_APP_CLIENT_ID,
    redirect_uri: redirectUri,
    scope: options.scope ?? 'launch patient/*.rs',
    state,
    aud: ehr.fhirBaseUrl,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  if (options.patientId) {
    params.launch = ehr.auth.createLaunch({
      patientId: options.patientId,
      ...(options.encounterId ? { encounterId: options.encounterId } : {}),
    });
  }
  for (const [k, v] of Object.entries(options.overrides ?? {})) {
    if (v === null) delete params[k];
    else params[k] = v;
  }
  return { url: `${ehr.ehrUrl}/auth/authorize?${new URLSearchParams(params)}`, state, verifier, redirectUri };
}

/** GETs the authorize URL without following the redirect; returns the status and the redirect target. */
export async function authorize(url: string): Promise<{ status: number; location?: URL; body: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  return { status: res.status, body: await res.text(), ...(location ? { location: new URL(location) } : {}) };
}

/** POSTs a token request. */
export async function tokenRequest(
  ehr: SandboxEhr,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${ehr.ehrUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The whole EHR launch over HTTP; returns the token response. */
export async function launchToken(
  ehr: SandboxEhr,
  options: AuthorizeRequestOptions = {},
): Promise<Record<string, unknown>> {
  const prepared = authorizeRequest(ehr, options);
  const { location } = await authorize(prepared.url);
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`no code: ${location?.toString()}`);
  const { status, body } = await tokenRequest(ehr, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: prepared.redirectUri,
    client_id: EXAMPLE_APP_CLIENT_ID,
    code_verifier: prepared.verifier,
  });
  if (status !== 200) throw new Error(`token failed: ${JSON.stringify(body)}`);
  return body;
}

/** GET (or POST) on the FHIR server with a bearer token; returns status and parsed JSON. */
export async function fhirFetch(
  ehr: SandboxEhr,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{
  status: number;
  body: Record<string, unknown> & {
    entry?: { resource: Record<string, unknown>; search?: { mode: string }; response?: { status: string } }[];
    link?: { relation: string; url: string }[];
  };
}> {
  const res = await fetch(`${ehr.fhirBaseUrl}/${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/fhir+json',
      ...(init.body ? { 'content-type': 'application/fhir+json' } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as never };
}
