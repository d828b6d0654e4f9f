/**
 * The sandbox's SMART App Launch v2 authorization server, as strict as certified EHR servers: EHR launch and
 * standalone launch, authorization code + PKCE S256 (required), `state` (required), `aud` checked against the FHIR
 * base, launch context `patient` / `encounter` (auto-selected when the launch names none), `need_patient_banner`,
 * `smart_style_url`, refresh tokens for `online_access` (rotated; a reused one revokes the grant). Public clients
 * only; access tokens are HS256 JWTs signed with a per-process key and checked by the FHIR endpoint.
 *
 * Controls a real EHR has at its consent screen or admin console, for tests and demos: grant fewer scopes than asked
 * ({@link SmartAuthServer.configure}), expire or revoke the tokens issued so far
 * ({@link SmartAuthServer.expireAccessTokens}, {@link SmartAuthServer.revokeAll}).
 * @packageDocumentation
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { FhirAccess } from './scopes.js';
import { narrowScopes, parseScopes } from './scopes.js';

/** A registered (public) SMART client. */
export interface SmartClient {
  clientId: string;
  /** Exact redirect URIs; anything else is refused without redirecting. */
  redirectUris: string[];
  name?: string;
}

/** Options of {@link SmartAuthServer}. */
export interface SmartAuthOptions {
  /** FHIR base URL; the `aud` an authorize request must name. */
  fhirBaseUrl: string;
  /** Base URL of the authorization endpoints, e.g. `http://127.0.0.1:9000/auth`. */
  authBaseUrl: string;
  /** The EHR's style sheet for apps. */
  smartStyleUrl: string;
  clients: SmartClient[];
  /** Patients offered by the standalone-launch picker. */
  listPatients: () => Promise<{ id: string; label: string }[]>;
  /** Lifetime of access tokens; default 3600 s. */
  tokenTtlSeconds?: number;
  /** The encounter an EHR launch without one (or a standalone `launch/encounter`) gets: the patient's current one. */
  selectEncounter?: (patientId: string) => Promise<string | undefined>;
}

/** What {@link SmartAuthServer.configure} changes (for the tokens issued from then on). */
export interface SmartGrantPolicy {
  /**
   * The most this EHR grants of resource scopes, e.g. `patient/Patient.rs patient/Condition.rs` (what a user left
   * ticked at a consent screen). Requests are narrowed to it; `null` grants what is asked again.
   */
  grantScopes?: string | null;
  /** Lifetime of new access tokens, in seconds. */
  tokenTtlSeconds?: number;
  /** Whether `online_access` is granted (a refresh token). Default `true`. */
  onlineAccess?: boolean;
}

/** A token request as the server saw it (tests). */
export interface TokenRequestRecord {
  grantType: string;
  status: number;
  error?: string;
}

/** The result of checking a bearer token. */
export type AccessCheck = { ok: true; access: FhirAccess } | { ok: false; error: 'invalid_token'; description: string };

/** What the HTTP layer should do with an authorize request. */
export type AuthorizeOutcome =
  { kind: 'redirect'; location: string } | { kind: 'page'; status: number; title: string; html: string };

/** What the HTTP layer should send for a token request. */
export interface TokenOutcome {
  status: number;
  body: Record<string, unknown>;
}

interface LaunchContext {
  patientId: string;
  encounterId?: string;
  expiresAt: number;
}

interface CodeRecord {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  patientId?: string;
  encounterId?: string;
  ehrLaunch: boolean;
  expiresAt: number;
  used: boolean;
  /** The grant the code's tokens belong to, once exchanged. */
  grantId?: string;
}

/** One authorization (a code exchange and the refreshes after it): revoking it ends every token it gave. */
interface Grant {
  clientId: string;
  scope: string;
  patientId?: string;
  revoked: boolean;
}

interface RefreshRecord {
  grantId: string;
  expiresAt: number;
  used: boolean;
}

const CODE_TTL_MS = 60_000;
const LAUNCH_TTL_MS = 5 * 60_000;
/** `online_access`: a refresh token good for a working day (while the user is online). */
const REFRESH_TTL_MS = 8 * 3600_000;
const SUPPORTED_SCOPES = [
  'openid',
  'fhirUser',
  'launch',
  'launch/patient',
  'launch/encounter',
  'online_access',
  'patient/*.rs',
  'user/*.rs',
  'patient/*.read',
];

function random(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A SMART App Launch v2 authorization server (state in memory). */
export class SmartAuthServer {
  private readonly key = new Uint8Array(randomBytes(32));
  private readonly launches = new Map<string, LaunchContext>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly grants = new Map<string, Grant>();
  /** Access tokens issued (by `jti`): their grant, and whether they were expired on demand. */
  private readonly issued = new Map<string, { grantId: string; expired: boolean }>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private policy: Required<Omit<SmartGrantPolicy, 'grantScopes'>> & { grantScopes?: string };
  /** Token requests answered (tests read it). */
  readonly tokenRequests: TokenRequestRecord[] = [];

  constructor(private readonly options: SmartAuthOptions) {
    this.policy = { tokenTtlSeconds: options.tokenTtlSeconds ?? 3600, onlineAccess: true };
  }

  /** Changes what new grants get (narrowed scopes, token lifetime, refresh tokens); see {@link SmartGrantPolicy}. */
  configure(policy: SmartGrantPolicy): void {
    const { grantScopes, ...rest } = policy;
    this.policy = { ...this.policy, ...rest };
    if (grantScopes === null) delete this.policy.grantScopes;
    else if (grantScopes !== undefined) this.policy.grantScopes = grantScopes;
  }

  /** The policy in force. */
  get grantPolicy(): Readonly<SmartGrantPolicy> {
    return { ...this.policy };
  }

  /**
   * Every access token issued so far now counts as expired (401 at the FHIR endpoint, "expired"). Refresh tokens stay
   * good, as when access tokens time out. Returns how many tokens were expired.
   */
  expireAccessTokens(): number {
    let n = 0;
    for (const token of this.issued.values()) {
      if (!token.expired) n += 1;
      token.expired = true;
    }
    return n;
  }

  /** Revokes every grant so far: its access tokens (401, "revoked") and refresh tokens. Returns how many grants. */
  revokeAll(): number {
    let n = 0;
    for (const grant of this.grants.values()) {
      if (!grant.revoked) n += 1;
      grant.revoked = true;
    }
    return n;
  }

  /** Registers another client (tests). */
  register(client: SmartClient): void {
    this.options.clients.push(client);
  }

  /** The EHR side of an EHR launch: remembers the context and returns the opaque `launch` id. */
  createLaunch(context: { patientId: string; encounterId?: string }): string {
    const id = random(16);
    this.launches.set(id, { ...context, expiresAt: Date.now() + LAUNCH_TTL_MS });
    return id;
  }

  /** `/.well-known/smart-configuration`. */
  smartConfiguration(): Record<string, unknown> {
    return {
      issuer: this.options.fhirBaseUrl,
      authorization_endpoint: `${this.options.authBaseUrl}/authorize`,
      token_endpoint: `${this.options.authBaseUrl}/token`,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: SUPPORTED_SCOPES,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      capabilities: [
        'launch-ehr',
        'launch-standalone',
        'client-public',
        'context-ehr-patient',
        'context-ehr-encounter',
        'context-standalone-patient',
        'context-banner',
        'context-style',
        'permission-online',
        'permission-patient',
        'permission-user',
        'permission-v1',
        'permission-v2',
      ],
    };
  }

  /** `GET /authorize`. Refuses without redirecting when the client or redirect URI is wrong. */
  async authorize(q: URLSearchParams): Promise<AuthorizeOutcome> {
    const client = this.options.clients.find((c) => c.clientId === q.get('client_id'));
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!client) return errorPage(400, 'Unknown client', 'The application is not registered with this EHR.');
    if (!client.redirectUris.includes(redirectUri)) {
      return errorPage(400, 'Redirect URI not registered', 'The redirect_uri does not match the registration.');
    }
    const state = q.get('state');
    const fail = (error: string, description: string): AuthorizeOutcome => {
      const url = new URL(redirectUri);
      url.searchParams.set('error', error);
      url.searchParams.set('error_description', description);
      if (state) url.searchParams.set('state', state);
      return { kind: 'redirect', location: url.toString() };
    };
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (!state) return fail('invalid_request', 'state is required');
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail('invalid_request', 'PKCE with code_challenge_method S256 is required');
    }
    if (q.get('aud')?.replace(/\/+$/, '') !== this.options.fhirBaseUrl) {
      return fail('invalid_request', 'aud must be this EHR’s FHIR base URL');
    }
    const scope = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
    let patientId: string | undefined;
    let encounterId: string | undefined;
    const launchId = q.get('launch');
    if (launchId) {
      const launch = this.launches.get(launchId);
      if (!launch || launch.expiresAt < Date.now()) return fail('invalid_request', 'Unknown or expired launch');
      if (!scope.includes('launch')) return fail('invalid_scope', 'An EHR launch needs the launch scope');
      patientId = launch.patientId;
      // The EHR's current encounter when the launch named none (as EHRs launch from an open encounter).
      encounterId = launch.encounterId ?? (await this.options.selectEncounter?.(patientId));
    } else if (scope.includes('launch/patient')) {
      const picked = q.get('patient_pick');
      const patients = await this.options.listPatients();
      if (!picked || !patients.some((p) => p.id === picked)) return this.pickerPage(q, patients);
      patientId = picked;
      if (scope.includes('launch/encounter')) encounterId = await this.options.selectEncounter?.(patientId);
    }
    if (!patientId && scope.some((s) => s.startsWith('patient/'))) {
      return fail('invalid_scope', 'patient/ scopes need a patient in context (launch or launch/patient)');
    }
    const code = random();
    // Public clients get no system/ scopes, no offline_access; the rest is narrowed to what this EHR grants.
    const allowed = scope.filter(
      (s) => !s.startsWith('system/') && s !== 'offline_access' && (s !== 'online_access' || this.policy.onlineAccess),
    );
    const granted = narrowScopes(allowed.join(' '), this.policy.grantScopes);
    this.codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      codeChallenge: challenge,
      scope: granted,
      ...(patientId ? { patientId } : {}),
      ...(encounterId ? { encounterId } : {}),
      ehrLaunch: Boolean(launchId),
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    const url = new URL(redirectUri);
    url.searchParams.set('code', code);
    url.searchParams.set('state', state);
    return { kind: 'redirect', location: url.toString() };
  }

  private pickerPage(q: URLSearchParams, patients: { id: string; label: string }[]): AuthorizeOutcome {
    const items = patients
      .map((p) => {
        const next = new URLSearchParams(q);
        next.set('patient_pick', p.id);
        return `<li><a href="?${escapeHtml(next.toString())}">${escapeHtml(p.label)}</a></li>`;
      })
      .join('');
    return {
      kind: 'page',
      status: 200,
      title: 'Choose a patient',
      html: `<h1>Choose a patient</h1><p>The app asked for a patient in context.</p><ul class="picker">${items}</ul>`,
    };
  }

  /** `POST /token` (form-encoded): the authorization code grant with PKCE, and the refresh token grant. */
  async token(form: URLSearchParams): Promise<TokenOutcome> {
    const grantType = form.get('grant_type') ?? '';
    const outcome =
      grantType === 'authorization_code'
        ? await this.exchangeCode(form)
        : grantType === 'refresh_token'
          ? await this.refresh(form)
          : refuse('unsupported_grant_type', 'Only authorization_code and refresh_token are supported');
    const error = outcome.body.error;
    this.tokenRequests.push({ grantType, status: outcome.status, ...(typeof error === 'string' ? { error } : {}) });
    return outcome;
  }

  private async exchangeCode(form: URLSearchParams): Promise<TokenOutcome> {
    const code = form.get('code') ?? '';
    const record = this.codes.get(code);
    if (!record) return refuse('invalid_grant', 'Unknown authorization code');
    if (record.used) {
      // A replayed code revokes what it gave (access and refresh tokens).
      const grant = record.grantId ? this.grants.get(record.grantId) : undefined;
      if (grant) grant.revoked = true;
      return refuse('invalid_grant', 'The authorization code was already used');
    }
    record.used = true;
    if (record.expiresAt < Date.now()) return refuse('invalid_grant', 'The authorization code expired');
    if (form.get('client_id') !== record.clientId) return refuse('invalid_grant', 'client_id does not match the code');
    if (form.get('redirect_uri') !== record.redirectUri) {
      return refuse('invalid_grant', 'redirect_uri does not match the authorization request');
    }
    const verifier = form.get('code_verifier');
    if (!verifier) return refuse('invalid_request', 'code_verifier is required (PKCE)');
    const computed = createHash('sha256').update(verifier).digest('base64url');
    if (!sameSecret(computed, record.codeChallenge)) return refuse('invalid_grant', 'PKCE verification failed');

    const grantId = random(12);
    record.grantId = grantId;
    this.grants.set(grantId, {
      clientId: record.clientId,
      scope: record.scope,
      revoked: false,
      ...(record.patientId ? { patientId: record.patientId } : {}),
    });
    const tokens = await this.issue(grantId);
    return {
      status: 200,
      body: {
        ...tokens,
        ...(record.patientId ? { patient: record.patientId } : {}),
        ...(record.encounterId ? { encounter: record.encounterId } : {}),
        need_patient_banner: !record.ehrLaunch,
        smart_style_url: this.options.smartStyleUrl,
      },
    };
  }

  /** The refresh token grant: a public client names itself; the refresh token is rotated. */
  private async refresh(form: URLSearchParams): Promise<TokenOutcome> {
    const presented = form.get('refresh_token') ?? '';
    const record = this.refreshTokens.get(presented);
    const grant = record ? this.grants.get(record.grantId) : undefined;
    if (!record || !grant) return refuse('invalid_grant', 'Unknown refresh token');
    if (form.get('client_id') !== grant.clientId) return refuse('invalid_grant', 'client_id does not match the grant');
    if (record.used) {
      grant.revoked = true; // a rotated-out refresh token came back: someone else holds a copy
      return refuse('invalid_grant', 'The refresh token was already used; the grant is revoked');
    }
    if (grant.revoked) return refuse('invalid_grant', 'The authorization was revoked');
    if (record.expiresAt < Date.now()) return refuse('invalid_grant', 'The refresh token expired');
    const asked = form.get('scope');
    if (asked && narrowScopes(asked, grant.scope) !== asked.split(/\s+/).filter(Boolean).join(' ')) {
      return refuse('invalid_scope', 'A refresh may not widen the granted scopes');
    }
    record.used = true;
    return { status: 200, body: await this.issue(record.grantId, asked ?? undefined) };
  }

  /** A new access token (and a refresh token for `online_access`) of a grant. */
  private async issue(grantId: string, scope?: string): Promise<Record<string, unknown>> {
    const grant = this.grants.get(grantId)!;
    const granted = scope ?? grant.scope;
    const jti = random(12);
    this.issued.set(jti, { grantId, expired: false });
    const ttl = this.policy.tokenTtlSeconds;
    const accessToken = await new SignJWT({
      scope: granted,
      client_id: grant.clientId,
      ...(grant.patientId ? { patient: grant.patientId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(this.options.authBaseUrl)
      .setAudience(this.options.fhirBaseUrl)
      .setSubject(`sandbox-clinician`)
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(this.key);
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttl,
      scope: granted,
    };
    if (granted.split(/\s+/).includes('online_access')) {
      const refreshToken = random(32);
      this.refreshTokens.set(refreshToken, { grantId, expiresAt: Date.now() + REFRESH_TTL_MS, used: false });
      body.refresh_token = refreshToken;
    }
    return body;
  }

  /** Checks a bearer token for the FHIR endpoint, saying why it is refused (for `WWW-Authenticate`). */
  async checkAccessToken(token: string): Promise<AccessCheck> {
    const invalid = (description: string): AccessCheck => ({ ok: false, error: 'invalid_token', description });
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        issuer: this.options.authBaseUrl,
        audience: this.options.fhirBaseUrl,
        algorithms: ['HS256'],
      }));
    } catch (error) {
      return invalid(
        error instanceof joseErrors.JWTExpired ? 'The access token expired' : 'The access token is invalid',
      );
    }
    const issued = typeof payload.jti === 'string' ? this.issued.get(payload.jti) : undefined;
    if (!issued) return invalid('The access token is invalid');
    if (this.grants.get(issued.grantId)?.revoked !== false) return invalid('The access token was revoked');
    if (issued.expired) return invalid('The access token expired');
    const access: FhirAccess = { scopes: parseScopes(String(payload.scope ?? '')) };
    if (typeof payload.patient === 'string') access.patientId = payload.patient;
    return { ok: true, access };
  }

  /** Verifies a bearer token for the FHIR endpoint; `undefined` when it is invalid, expired or revoked. */
  async verifyAccessToken(token: string): Promise<FhirAccess | undefined> {
    const check = await this.checkAccessToken(token);
    return check.ok ? check.access : undefined;
  }
}

function refuse(error: string, description: string, status = 400): TokenOutcome {
  return { status, body: { error, error_description: description } };
}

function errorPage(status: number, title: string, message: string): AuthorizeOutcome {
  return { kind: 'page', status, title, html: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` };
}
