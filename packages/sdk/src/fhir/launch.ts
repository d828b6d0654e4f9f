/**
 * SMART App Launch v2 for the browser (and Node): EHR launch (`iss` + `launch`) and standalone
 * launch, authorization code flow with PKCE S256 and `state`, or a token the host already holds.
 * Tokens are returned to the caller and never written to cookies or storage. Token responses are validated, expiry
 * is tracked on the connection, and a granted refresh token (`online_access`) is used before the access token expires.
 * @packageDocumentation
 */
import { AuthError, ForbiddenError, NetworkError, ValidationError } from '../errors.js';
import type { EchoError, RelaunchHint } from '../errors.js';
import { defaultLaunchStorage } from './launch-storage.js';
import type { LaunchStorage, PendingSmartLaunch } from './launch-storage.js';

/** What a FHIR call needs: where the server is, the bearer token, and the patient in context. */
export interface FhirConnection {
  /** FHIR base URL (the `iss` of an EHR launch), without a trailing slash. */
  fhirBaseUrl: string;
  /** Bearer access token for the FHIR server (replaced in place when the SDK refreshes it). */
  accessToken: string;
  /**
   * The patient in context. Always set by `fromHostContext()`; set by `completeSmartLaunch()` whenever a patient
   * scope was asked (a token response without one is refused).
   */
  patientId?: string;
  /** When the access token expires (epoch milliseconds), when known. */
  expiresAt?: number;
  /**
   * The scopes granted (space-separated). When it names resource scopes, `fetchCaseContext()` asks the server only
   * for the sections they cover and lists the others as `unreadSections`.
   */
  scope?: string;
  /** Where a new launch starts, for the relaunch hint of SMART errors (see {@link RelaunchHint}). */
  relaunchUrl?: string;
}

/** The outcome of a completed SMART launch: a live connection (its token is refreshed in place). */
export interface SmartContext extends FhirConnection {
  /** The encounter in context, when the EHR supplied one. */
  encounterId?: string;
  /** The EHR already shows a patient banner: the app should not show its own. */
  needPatientBanner: boolean;
  /** The EHR's style sheet for apps (SMART `smart_style_url`), when supplied. */
  smartStyleUrl?: string;
  /**
   * When the access token expires (epoch milliseconds); `undefined` when the server did not say (`expires_in` is
   * only recommended by SMART).
   */
  expiresAt?: number;
  /** The scopes actually granted (the requested ones when the server did not say). */
  scope: string;
  /**
   * Whether the server granted a refresh token: the SDK then refreshes the access token before it expires. The
   * refresh token itself is kept out of this object (it never serialises, logs or crosses `postMessage`).
   */
  refreshable: boolean;
}

/** A refresh is made when the access token has less than this left (and a refresh token was granted). */
export const SMART_REFRESH_MARGIN_MS = 60_000;

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
   * Ask for `online_access` (a refresh token valid while the user is online) when the server offers it
   * (`permission-online`, or `online_access` in `scopes_supported`). Default `true`; set `false` where the
   * programme's policy allows no refresh tokens.
   */
  onlineAccess?: boolean;
  /** Where a new launch starts, for "Launch again" after a failure; default the current page's URL. */
  relaunchUrl?: string;
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
  scopes_supported?: string[];
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

async function getJson(
  fetchImpl: typeof fetch,
  url: string,
  init?: RequestInit,
  failure: (status: number, message: string) => EchoError = (status, message) =>
    new AuthError('smart_token_failed', message, { status }),
): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetchImpl(url, init);
  } catch (cause) {
    throw new NetworkError('network_error', `Could not reach ${url}`, { cause });
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const reason = typeof body.error_description === 'string' ? body.error_description : String(body.error ?? '');
    throw failure(res.status, `${url} answered HTTP ${res.status}${reason ? `: ${reason}` : ''}`);
  }
  return body;
}

/** The page's URL without what a redirect adds (`code`, `state`, `error`…): where a new launch would start. */
function launchPage(page: URL | undefined): string | undefined {
  if (!page) return undefined;
  const clean = new URL(page);
  for (const k of ['code', 'state', 'error', 'error_description', 'error_uri']) clean.searchParams.delete(k);
  return clean.toString();
}

/** What a refresh needs; kept beside the context (never on it), keyed by the context object. */
interface RefreshState {
  refreshToken: string;
  tokenEndpoint: string;
  clientId: string;
  fetch: typeof fetch;
  inflight?: Promise<void>;
}
const refreshStates = new WeakMap<FhirConnection, RefreshState>();

/** Why a 401 happened, as far as the client can tell: past its known expiry, or rejected while still valid. */
function rejectionReason(connection: FhirConnection, now = Date.now()): 'expired' | 'revoked' {
  return connection.expiresAt !== undefined && now < connection.expiresAt ? 'revoked' : 'expired';
}

function hint(connection: FhirConnection, reason: RelaunchHint['reason']): RelaunchHint {
  return {
    reason,
    fhirBaseUrl: connection.fhirBaseUrl,
    ...(connection.relaunchUrl ? { url: connection.relaunchUrl } : {}),
  };
}

/**
 * The error of a FHIR answer that ends the session: 401 → `AuthError` `smart_token_expired`, 403 →
 * `ForbiddenError` `smart_forbidden`, each with a {@link RelaunchHint}.
 * @internal
 */
export function smartSessionError(
  connection: FhirConnection,
  status: 401 | 403,
  detail: string,
  options: { cause?: unknown; reason?: RelaunchHint['reason'] } = {},
): AuthError | ForbiddenError {
  const cause = options.cause === undefined ? {} : { cause: options.cause };
  if (status === 403) {
    return new ForbiddenError('smart_forbidden', `The EHR refused access: ${detail}. Launch again.`, {
      status,
      relaunch: hint(connection, 'forbidden'),
      ...cause,
    });
  }
  const reason = options.reason ?? rejectionReason(connection);
  const what =
    reason === 'revoked' ? 'is no longer accepted by the EHR (revoked or ended before its expiry)' : 'has expired';
  return new AuthError('smart_token_expired', `The SMART access token ${what}: ${detail}. Launch again.`, {
    status,
    relaunch: hint(connection, reason),
    ...cause,
  });
}

/** The lifetime in a token response: absent is allowed (`undefined`), anything but a positive number is refused. */
function lifetime(token: Record<string, unknown>): number | undefined {
  if (token.expires_in === undefined) return undefined;
  const seconds = token.expires_in;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new AuthError(
      'smart_token_invalid',
      `The token response has an unusable expires_in (${JSON.stringify(seconds)}): it must be a positive number of seconds`,
    );
  }
  return seconds;
}

/** Checks the parts of a token response every grant must have: a bearer access token and a sane lifetime. */
function validateToken(token: Record<string, unknown>): { accessToken: string; expiresIn: number | undefined } {
  if (typeof token.access_token !== 'string' || token.access_token === '') {
    throw new AuthError('smart_token_invalid', 'The token response has no access_token');
  }
  if (String(token.token_type).toLowerCase() !== 'bearer') {
    throw new AuthError(
      'smart_token_invalid',
      `The token response's token_type is not Bearer (${String(token.token_type)})`,
    );
  }
  return { accessToken: token.access_token, expiresIn: lifetime(token) };
}

/** Whether a scope string asks for a patient in context (a `patient/` resource scope or `launch/patient`). */
function asksForPatient(scope: string): boolean {
  return scope.split(/\s+/).some((s) => s === 'launch/patient' || s.startsWith('patient/'));
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
  const asked = scope.split(/\s+/);
  if (launch && !asked.includes('launch')) scope = `launch ${scope}`;
  const offersOnline =
    config.capabilities?.includes('permission-online') || config.scopes_supported?.includes('online_access');
  if (
    options.onlineAccess !== false &&
    offersOnline &&
    !asked.includes('online_access') &&
    !asked.includes('offline_access')
  ) {
    scope = `${scope} online_access`;
  }
  const relaunchUrl = options.relaunchUrl ?? launchPage(page);

  const pending: PendingSmartLaunch = {
    state: randomToken(),
    codeVerifier: randomToken(48),
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    tokenEndpoint: config.token_endpoint,
    fhirBaseUrl,
    scope,
    ...(relaunchUrl ? { relaunchUrl } : {}),
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
 * Completes a SMART launch on the redirect page: checks `state` against the pending launch, exchanges the code (with
 * the PKCE `code_verifier`) at the token endpoint, validates the token response and returns the context. In a
 * browser, the `code` and `state` are removed from the address bar afterwards.
 * @param options - see {@link CompleteSmartLaunchOptions}.
 * @returns the {@link SmartContext}.
 * @throws AuthError `smart_denied` (the server returned an error), `smart_state_mismatch` (unknown, expired, reused
 *   or tampered `state`), `smart_token_failed` (the code exchange failed), `smart_token_invalid` (no bearer
 *   `access_token`, an `expires_in` that is not a positive number, or no `patient` although a patient scope was
 *   asked). Each carries a {@link RelaunchHint} (`reason: "launch_failed"`).
 */
export async function completeSmartLaunch(options: CompleteSmartLaunchOptions = {}): Promise<SmartContext> {
  const href = options.url ?? pageUrl()?.toString();
  if (!href) throw new ValidationError('invalid_options', 'completeSmartLaunch needs the redirect `url`');
  const url = new URL(href);
  const q = url.searchParams;
  const state = q.get('state');
  const pending = state ? storageOf(options.storage).take(state) : undefined;
  const relaunch: RelaunchHint = {
    reason: 'launch_failed',
    ...(pending ? { fhirBaseUrl: pending.fhirBaseUrl } : {}),
    ...(pending?.relaunchUrl ? { url: pending.relaunchUrl } : {}),
  };
  const error = q.get('error');
  if (error) {
    const description = q.get('error_description');
    throw new AuthError(
      'smart_denied',
      `Authorization was refused: ${error}${description ? ` (${description})` : ''}`,
      {
        relaunch,
      },
    );
  }
  const code = q.get('code');
  if (!pending) {
    throw new AuthError(
      'smart_state_mismatch',
      'The launch could not be verified: its state is unknown, expired or was already used. Launch again.',
      { relaunch },
    );
  }
  if (!code) throw new AuthError('smart_token_failed', 'The authorization server sent no code', { relaunch });

  const fetchImpl = options.fetch ?? globalThis.fetch;
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: pending.redirectUri,
    client_id: pending.clientId,
    code_verifier: pending.codeVerifier,
  });
  const token = await getJson(
    fetchImpl,
    pending.tokenEndpoint,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    },
    (status, message) => new AuthError('smart_token_failed', message, { status, relaunch }),
  );
  let checked: ReturnType<typeof validateToken>;
  try {
    checked = validateToken(token);
    if (typeof token.patient !== 'string' && asksForPatient(pending.scope)) {
      throw new AuthError(
        'smart_token_invalid',
        'The token response has no patient in context although a patient scope was asked',
      );
    }
  } catch (e) {
    throw new AuthError((e as AuthError).code, (e as AuthError).message, { relaunch });
  }

  const history = (globalThis as { history?: History }).history;
  if (!options.url && history) {
    const clean = new URL(url);
    for (const k of ['code', 'state', 'iss', 'launch']) clean.searchParams.delete(k);
    history.replaceState(history.state, '', clean.toString());
  }
  const refreshToken = typeof token.refresh_token === 'string' && token.refresh_token ? token.refresh_token : '';
  const context: SmartContext = {
    fhirBaseUrl: pending.fhirBaseUrl,
    accessToken: checked.accessToken,
    needPatientBanner: token.need_patient_banner !== false,
    scope: typeof token.scope === 'string' ? token.scope : pending.scope,
    refreshable: Boolean(refreshToken),
  };
  if (typeof token.patient === 'string') context.patientId = token.patient;
  if (checked.expiresIn !== undefined) context.expiresAt = Date.now() + checked.expiresIn * 1000;
  if (typeof token.encounter === 'string') context.encounterId = token.encounter;
  if (typeof token.smart_style_url === 'string') context.smartStyleUrl = token.smart_style_url;
  if (pending.relaunchUrl) context.relaunchUrl = pending.relaunchUrl;
  if (refreshToken) {
    refreshStates.set(context, {
      refreshToken,
      tokenEndpoint: pending.tokenEndpoint,
      clientId: pending.clientId,
      fetch: (input, init) => fetchImpl(input, init),
    });
  }
  return context;
}

/**
 * Refreshes the access token of a SMART context now (the `refresh_token` grant), in place: `accessToken`,
 * `expiresAt` and `scope` change on the same object. Concurrent calls share one request.
 * @param connection - a {@link SmartContext} from `completeSmartLaunch()`.
 * @throws AuthError `smart_token_expired` when no refresh token was granted or the server refused the refresh
 *   (the session is over: launch again); `smart_token_invalid` for an unusable token response; `NetworkError`
 *   when the server could not be reached.
 */
export function refreshSmartToken(connection: FhirConnection): Promise<void> {
  const state = refreshStates.get(connection);
  if (!state) {
    return Promise.reject(smartSessionError(connection, 401, 'no refresh token was granted', { reason: 'expired' }));
  }
  state.inflight ??= (async () => {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: state.refreshToken,
      client_id: state.clientId,
    });
    const token = await getJson(
      state.fetch,
      state.tokenEndpoint,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
      },
      (status, message) => {
        refreshStates.delete(connection);
        if ('refreshable' in connection) (connection as SmartContext).refreshable = false;
        return smartSessionError(connection, 401, `the refresh was refused (${message})`);
      },
    );
    const checked = validateToken(token);
    connection.accessToken = checked.accessToken;
    if (checked.expiresIn !== undefined) connection.expiresAt = Date.now() + checked.expiresIn * 1000;
    else delete connection.expiresAt;
    if (typeof token.scope === 'string') connection.scope = token.scope;
    if (typeof token.refresh_token === 'string' && token.refresh_token) state.refreshToken = token.refresh_token;
  })().finally(() => {
    state.inflight = undefined;
  });
  return state.inflight;
}

/**
 * The connection's access token, good for at least `marginMs` more when that can be arranged: refreshed first when
 * it expires within the margin and a refresh token was granted.
 * @param connection - a {@link FhirConnection} or {@link SmartContext}.
 * @param marginMs - how long the token must still be good for; default {@link SMART_REFRESH_MARGIN_MS}.
 * @returns the access token to send.
 * @throws AuthError `smart_token_expired` when the token is past its expiry and cannot be refreshed, or the refresh
 *   was refused.
 */
export async function freshAccessToken(
  connection: FhirConnection,
  marginMs: number = SMART_REFRESH_MARGIN_MS,
): Promise<string> {
  const { expiresAt } = connection;
  if (expiresAt === undefined || Date.now() < expiresAt - marginMs) return connection.accessToken;
  if (refreshStates.has(connection)) {
    await refreshSmartToken(connection);
    return connection.accessToken;
  }
  if (Date.now() >= expiresAt) {
    throw smartSessionError(connection, 401, 'its lifetime is over and no refresh token was granted', {
      reason: 'expired',
    });
  }
  return connection.accessToken;
}

/** Whether {@link refreshSmartToken} can run for this connection. @internal */
export function canRefresh(connection: FhirConnection): boolean {
  return refreshStates.has(connection);
}

/**
 * Uses a token the host page or backend already holds (no SMART redirect).
 * @param connection - FHIR base URL, bearer token and patient id; optionally the token's expiry, its granted
 *   scopes (to ask only for what they cover) and where a new launch starts.
 * @returns a {@link FhirConnection} for `fetchCaseContext()`.
 */
export function fromHostContext(connection: FhirConnection): FhirConnection {
  const { fhirBaseUrl, accessToken, patientId, expiresAt, scope, relaunchUrl } = connection;
  if (!fhirBaseUrl || !accessToken || !patientId) {
    throw new ValidationError('invalid_options', 'fromHostContext needs fhirBaseUrl, accessToken and patientId');
  }
  return {
    fhirBaseUrl: fhirBaseUrl.replace(/\/+$/, ''),
    accessToken,
    patientId,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(scope ? { scope } : {}),
    ...(relaunchUrl ? { relaunchUrl } : {}),
  };
}
