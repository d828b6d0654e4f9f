/**
 * The sandbox's SMART App Launch v2 authorization server: EHR launch and standalone launch,
 * authorization code + PKCE S256 (required), `state`, launch context `patient` / `encounter`,
 * `need_patient_banner`, `smart_style_url`. Public clients only; access tokens are HS256 JWTs
 * signed with a per-process key and checked by the FHIR endpoint.
 * @packageDocumentation
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { FhirAccess } from './scopes.js';
import { parseScopes } from './scopes.js';

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
}

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
  tokenIds: string[];
}

const CODE_TTL_MS = 60_000;
const LAUNCH_TTL_MS = 5 * 60_000;
const SUPPORTED_SCOPES = [
  'launch',
  'launch/patient',
  'launch/encounter',
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
  private readonly revoked = new Set<string>();
  private readonly ttl: number;

  constructor(private readonly options: SmartAuthOptions) {
    this.ttl = options.tokenTtlSeconds ?? 3600;
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
      grant_types_supported: ['authorization_code'],
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
      encounterId = launch.encounterId;
    } else if (scope.includes('launch/patient')) {
      const picked = q.get('patient_pick');
      const patients = await this.options.listPatients();
      if (!picked || !patients.some((p) => p.id === picked)) return this.pickerPage(q, patients);
      patientId = picked;
    }
    if (!patientId && scope.some((s) => s.startsWith('patient/'))) {
      return fail('invalid_scope', 'patient/ scopes need a patient in context (launch or launch/patient)');
    }
    const code = random();
    const granted = scope.filter((s) => !s.startsWith('system/')).join(' ');
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
      tokenIds: [],
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

  /** `POST /token` (form-encoded): the authorization code grant with PKCE. */
  async token(form: URLSearchParams): Promise<TokenOutcome> {
    const refuse = (error: string, description: string, status = 400): TokenOutcome => ({
      status,
      body: { error, error_description: description },
    });
    if (form.get('grant_type') !== 'authorization_code') {
      return refuse('unsupported_grant_type', 'Only authorization_code is supported');
    }
    const code = form.get('code') ?? '';
    const record = this.codes.get(code);
    if (!record) return refuse('invalid_grant', 'Unknown authorization code');
    if (record.used) {
      for (const id of record.tokenIds) this.revoked.add(id); // a replayed code revokes what it gave
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

    const jti = random(12);
    record.tokenIds.push(jti);
    const accessToken = await new SignJWT({
      scope: record.scope,
      client_id: record.clientId,
      ...(record.patientId ? { patient: record.patientId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(this.options.authBaseUrl)
      .setAudience(this.options.fhirBaseUrl)
      .setSubject(`sandbox-clinician`)
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime(`${this.ttl}s`)
      .sign(this.key);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: this.ttl,
        scope: record.scope,
        ...(record.patientId ? { patient: record.patientId } : {}),
        ...(record.encounterId ? { encounter: record.encounterId } : {}),
        need_patient_banner: !record.ehrLaunch,
        smart_style_url: this.options.smartStyleUrl,
      },
    };
  }

  /** Verifies a bearer token for the FHIR endpoint; `undefined` when it is invalid, expired or revoked. */
  async verifyAccessToken(token: string): Promise<FhirAccess | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.options.authBaseUrl,
        audience: this.options.fhirBaseUrl,
        algorithms: ['HS256'],
      });
      if (!payload.jti || this.revoked.has(payload.jti)) return undefined;
      const access: FhirAccess = { scopes: parseScopes(String(payload.scope ?? '')) };
      if (typeof payload.patient === 'string') access.patientId = payload.patient;
      return access;
    } catch {
      return undefined;
    }
  }
}

function errorPage(status: number, title: string, message: string): AuthorizeOutcome {
  return { kind: 'page', status, title, html: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` };
}
