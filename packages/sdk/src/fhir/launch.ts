/**
 * SMART App Launch v2 for the browser (and Node): EHR launch (`iss` + `launch`) and standalone
 * launch, authorization code flow with PKCE S256 and `state`, or a token the host already holds.
 * Tokens are returned to the caller and never written to cookies or storage.
 * @packageDocumentation
 */
import { AuthError, NetworkError, ValidationError } from '../errors.js';
import { defaultLaunchStorage } from './launch-storage.js';
import type { LaunchStorage, PendingSmartLaunch } from './launch-storage.js';

/** What a FHIR call needs: where the server is, the bearer token, and the patient in context. */
export interface FhirConnection {
  /** FHIR base URL (the `iss` of an EHR launch), without a trailing slash. */
  fhirBaseUrl: string;
  /** Bearer access token for the FHIR server. */
  accessToken: string;
  /** The patient in context. */
  patientId: string;
}

/** The outcome of a completed SMART launch. */
export interface SmartContext extends FhirConnection {
  /** The encounter in context, when the EHR supplied one. */
  encounterId?: string;
  /** The EHR already shows a patient banner: the app should not show its own. */
  needPatientBanner: boolean;
  /** The EHR's style sheet for apps (SMART `smart_style_url`), when supplied. */
  smartStyleUrl?: string;
  /** When the access token expires (epoch milliseconds). */
  expiresAt: number;
  /** The scopes actually granted. */
  scope: string;
}

/** Options of {@link smartLaunch}. */
export interface SmartLaunchOptions {
  /** EHR launch: the FHIR base URL the EHR passed as `iss`. Read from the page URL when omitted. */
  iss?: string;
  /** EHR launch: the opaque `launch` id the EHR passed. Read from the page URL when omitted. */
  launch?: string;
  /** Standalone launch: the FHIR base URL to authorize against (used when there is no `iss`). */
  fhirBaseUrl?: string;
  /** The app's registered client id (a public client). */
  clientId: string;
  /** The app's registered redirect URI; `completeSmartLaunch()` runs there. */
  redirectUri: string;
  /** Space-separated SMART v2 scopes, e.g. `launch openid fhirUser patient/*.rs`. */
  scope: string;
  /**
   * FHIR base URLs this app may be launched from. Recommended: anyone can link to the app with an `iss` of
   * their choosing, and the app would then authorize against (and send the user to) that server.
   */
  allowedIssuers?: readonly string[];
  /** Navigate the current window to the authorization URL (default: `true` when there is a `location`). */
  navigate?: boolean;
  /** Where the pending launch waits; default {@link defaultLaunchStorage}. */
  storage?: LaunchStorage;
  /** Inject `fetch` (tests, tracing). */
  fetch?: typeof fetch;
}

/** Options of {@link completeSmartLaunch}. */
export interface CompleteSmartLaunchOptions {
  /** The redirect URL with `code` and `state`; default the page's URL. */
  url?: string;
  /** The storage given to `smartLaunch()`, if it was not the default. */
  storage?: LaunchStorage;
  /** Inject `fetch`. */
  fetch?: typeof fetch;
}

/** What {@link smartLaunch} returns. */
export interface SmartLaunchStart {
  /** The authorization URL (already navigated to when `navigate` is on). */
  authorizeUrl: string;
  /** The `state` sent; `completeSmartLaunch()` requires it back. */
  state: string;
}

/** The SMART configuration fields this module reads (`/.well-known/smart-configuration`). */
export interface SmartConfiguration {
  authorization_endpoint: string;
  token_endpoint: string;
  code_challenge_methods_supported?: string[];
  capabilities?: string[];
  [key: string]: unknown;
}

let sharedStorage: LaunchStorage | undefined;
function storageOf(explicit: LaunchStorage | undefined): LaunchStorage {
  return explicit ?? (sharedStorage ??= defaultLaunchStorage());
}

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomToken(byteLength = 32): string {
  return base64Url(globalThis.crypto.getRandomValues(new Uint8Array(byteLength)));
}

async function s256(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function pageUrl(): URL | undefined {
  const href = (globalThis as { location?: { href: string } }).location?.href;
  return href ? new URL(href) : undefined;
}

async function getJson(fetchImpl: typeof fetch, url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetchImpl(url, init);
  } catch (cause) {
    throw new NetworkError('network_error', `Could not reach ${url}`, { cause });
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const reason = typeof body.error_description === 'string' ? body.error_description : String(body.error ?? '');
    throw new AuthError('smart_token_failed', `${url} answered HTTP ${res.status}${reason ? `: ${reason}` : ''}`, {
      status: res.status,
    });
  }
  return body;
}

/**
 * Reads a FHIR server's SMART configuration.
 * @param fhirBaseUrl - the FHIR base URL (`iss`).
 * @param fetchImpl - `fetch` to use.
 * @returns the parsed `.well-known/smart-configuration`.
 */
export async function discoverSmartConfiguration(
  fhirBaseUrl: string,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<SmartConfiguration> {
  const config = await getJson(fetchImpl, `${fhirBaseUrl.replace(/\/+$/, '')}/.well-known/smart-configuration`, {
    headers: { accept: 'application/json' },
  });
  if (typeof config.authorization_endpoint !== 'string' || typeof config.token_endpoint !== 'string') {
    throw new ValidationError('smart_configuration_invalid', `${fhirBaseUrl} has no usable SMART configuration`);
  }
  return config as SmartConfiguration;
}

/**
 * Starts a SMART App Launch: discovers the server's endpoints, creates a PKCE S256 verifier and a
 * random `state`, keeps them as a pending launch, and sends the browser to the authorization endpoint.
 * EHR launch when there is a `launch` (option or `?launch=` in the page URL), standalone otherwise.
 * @param options - see {@link SmartLaunchOptions}.
 * @returns the authorization URL and the `state` (the page is already navigating when `navigate` is on).
 */
export async function smartLaunch(options: SmartLaunchOptions): Promise<SmartLaunchStart> {
  const page = pageUrl();
  const iss = options.iss ?? page?.searchParams.get('iss') ?? undefined;
  const launch = options.launch ?? (iss ? (page?.searchParams.get('launch') ?? undefined) : undefined);
  const fhirBaseUrl = (iss ?? options.fhirBaseUrl)?.replace(/\/+$/, '');
  if (!fhirBaseUrl) throw new ValidationError('invalid_options', 'smartLaunch needs an `iss` or a `fhirBaseUrl`');
  if (options.allowedIssuers && !options.allowedIssuers.some((i) => i.replace(/\/+$/, '') === fhirBaseUrl)) {
    throw new ValidationError('smart_issuer_not_allowed', `This app may not be launched from ${fhirBaseUrl}`);
  }
  if (!options.clientId || !options.redirectUri) {
    throw new ValidationError('invalid_options', 'smartLaunch needs `clientId` and `redirectUri`');
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const config = await discoverSmartConfiguration(fhirBaseUrl, fetchImpl);
  const methods = config.code_challenge_methods_supported;
  if (methods && !methods.includes('S256')) {
    throw new ValidationError('smart_pkce_unsupported', `${fhirBaseUrl} does not support PKCE S256`);
  }
  let scope = options.scope.trim();
  if (launch && !scope.split(/\s+/).includes('launch')) scope = `launch ${scope}`;

  const pending: PendingSmartLaunch = {
    state: randomToken(),
    codeVerifier: randomToken(48),
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    tokenEndpoint: config.token_endpoint,
    fhirBaseUrl,
    scope,
    createdAt: Date.now(),
  };
  storageOf(options.storage).save(pending);

  const url = new URL(config.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: pending.clientId,
    redirect_uri: pending.redirectUri,
    scope,
    state: pending.state,
    aud: fhirBaseUrl,
    code_challenge: await s256(pending.codeVerifier),
    code_challenge_method: 'S256',
  };
  if (launch) params.launch = launch;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const authorizeUrl = url.toString();

  const location = (globalThis as { location?: { assign(url: string): void } }).location;
  if ((options.navigate ?? Boolean(location)) && location) location.assign(authorizeUrl);
  return { authorizeUrl, state: pending.state };
}

/**
 * Completes a SMART launch on the redirect page: checks `state` against the pending launch,
 * exchanges the code (with the PKCE `code_verifier`) at the token endpoint, and returns the context.
 * In a browser, the `code` and `state` are removed from the address bar afterwards.
 * @param options - see {@link CompleteSmartLaunchOptions}.
 * @returns the {@link SmartContext}.
 * @throws AuthError `smart_denied` (the server returned an error), `smart_state_mismatch` (unknown,
 *   expired, reused or tampered `state`), `smart_token_failed` (the code exchange failed).
 */
export async function completeSmartLaunch(options: CompleteSmartLaunchOptions = {}): Promise<SmartContext> {
  const href = options.url ?? pageUrl()?.toString();
  if (!href) throw new ValidationError('invalid_options', 'completeSmartLaunch needs the redirect `url`');
  const url = new URL(href);
  const q = url.searchParams;
  const error = q.get('error');
  if (error) {
    const description = q.get('error_description');
    throw new AuthError('smart_denied', `Authorization was refused: ${error}${description ? ` (${description})` : ''}`);
  }
  const state = q.get('state');
  const code = q.get('code');
  const pending = state ? storageOf(options.storage).take(state) : undefined;
  if (!pending) {
    throw new AuthError(
      'smart_state_mismatch',
      'The launch could not be verified: its state is unknown, expired or was already used. Launch again.',
    );
  }
  if (!code) throw new AuthError('smart_token_failed', 'The authorization server sent no code');

  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: pending.redirectUri,
    client_id: pending.clientId,
    code_verifier: pending.codeVerifier,
  });
  const token = await getJson(options.fetch ?? globalThis.fetch, pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  if (typeof token.access_token !== 'string' || String(token.token_type).toLowerCase() !== 'bearer') {
    throw new AuthError('smart_token_failed', 'The token response has no bearer access token');
  }
  if (typeof token.patient !== 'string') {
    throw new AuthError('smart_token_failed', 'The token response has no patient in context (request launch/patient)');
  }

  const history = (globalThis as { history?: History }).history;
  if (!options.url && history) {
    const clean = new URL(url);
    for (const k of ['code', 'state', 'iss', 'launch']) clean.searchParams.delete(k);
    history.replaceState(history.state, '', clean.toString());
  }
  const expiresIn = typeof token.expires_in === 'number' ? token.expires_in : 300;
  const context: SmartContext = {
    fhirBaseUrl: pending.fhirBaseUrl,
    accessToken: token.access_token,
    patientId: token.patient,
    needPatientBanner: token.need_patient_banner !== false,
    expiresAt: Date.now() + expiresIn * 1000,
    scope: typeof token.scope === 'string' ? token.scope : pending.scope,
  };
  if (typeof token.encounter === 'string') context.encounterId = token.encounter;
  if (typeof token.smart_style_url === 'string') context.smartStyleUrl = token.smart_style_url;
  return context;
}

/**
 * Uses a token the host page or backend already holds (no SMART redirect).
 * @param connection - FHIR base URL, bearer token and patient id.
 * @returns a {@link FhirConnection} for `fetchCaseContext()`.
 */
export function fromHostContext(connection: FhirConnection): FhirConnection {
  const { fhirBaseUrl, accessToken, patientId } = connection;
  if (!fhirBaseUrl || !accessToken || !patientId) {
    throw new ValidationError('invalid_options', 'fromHostContext needs fhirBaseUrl, accessToken and patientId');
  }
  return { fhirBaseUrl: fhirBaseUrl.replace(/\/+$/, ''), accessToken, patientId };
}
