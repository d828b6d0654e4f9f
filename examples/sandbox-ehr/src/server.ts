/**
 * `startSandboxEhr()`: the sandbox EHR on two origins.
 * - the EHR origin: FHIR R4 at `/fhir`, the SMART authorization server at `/auth`, the chart page at `/`;
 * - the app origin: the example SMART app at `/` (another port, so every call is cross-origin, as in real life).
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Encounter, Patient } from '@medplum/fhirtypes';
import { ADVERTISED_TYPES, FhirEngine } from './fhir-engine.js';
import { loadPatientResources } from './patients.js';
import type { FhirAccess } from './scopes.js';
import { parseScopes } from './scopes.js';
import { SmartAuthServer } from './smart-auth.js';
import type { SmartClient, SmartGrantPolicy } from './smart-auth.js';

/** Options of {@link startSandboxEhr}. */
export interface SandboxEhrOptions {
  /** Port of the EHR origin (FHIR, auth, chart); default 0 (any free port). */
  port?: number;
  /** Port of the example app's origin; default 0. */
  appPort?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Folder of patient bundles; default `examples/sandbox-ehr/patients`. */
  patientsDir?: string;
  /** Added delay before each FHIR response, to simulate a distant EHR (benchmarks). */
  latencyMs?: number;
  /** Extra SMART clients to register (the example app is always registered). */
  clients?: SmartClient[];
  /** What the SMART server grants at first (narrowed scopes, token lifetime, refresh tokens); see `auth.configure`. */
  smart?: SmartGrantPolicy;
  /**
   * The teleECHO hub the example app presents cases to with `<echo-case-form>`. Without it the app shows the
   * de-identified summary only.
   */
  hub?: SandboxHubOptions;
}

/** Where the example app sends cases (see {@link SandboxEhrOptions.hub}). */
export interface SandboxHubOptions {
  /** Base URL of the hub, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** The programme cases are presented to. */
  programId: string;
  /**
   * Mints a short-lived presenter embed token for the clinician using the app. This is the app's BACKEND: it holds
   * the hub's secret API key (e.g. `createEmbedToken()` from `@teleecho/sdk/server`); the browser only ever gets
   * the token, from the app origin's `/config.json`.
   */
  mintToken(): Promise<string>;
}

/** Defaults of {@link SandboxEhrOptions}. */
export const SANDBOX_EHR_DEFAULTS = { port: 0, appPort: 0, host: '127.0.0.1', latencyMs: 0 } as const;

/** The client id of the example app. */
export const EXAMPLE_APP_CLIENT_ID = 'teleecho-example-app';

/** A FHIR request the server answered (for tests counting round trips). */
export interface FhirRequestRecord {
  method: string;
  path: string;
  status: number;
  /** A batch: the URL of each entry and the status it was answered with. */
  entries?: { url: string; status: number }[];
}

/** A running sandbox EHR. */
export interface SandboxEhr {
  /** Origin of the EHR: the chart page is at `${ehrUrl}/`. */
  ehrUrl: string;
  /** FHIR base URL (the `iss`). */
  fhirBaseUrl: string;
  /** Origin of the example SMART app. */
  appUrl: string;
  /** FHIR requests answered so far (`/metadata` and `.well-known` excluded). */
  fhirRequests: FhirRequestRecord[];
  auth: SmartAuthServer;
  engine: FhirEngine;
  /** Files under `patients/` that could not be loaded. */
  skipped: string[];
  close(): Promise<void>;
}

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
const APP_ENTRY = fileURLToPath(new URL('./app/main.ts', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};
const FULL_ACCESS: FhirAccess = { scopes: parseScopes('user/*.rs') };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(text);
}

/** CORS as real EHR endpoints answer it: any origin, bearer auth, no cookies. */
function cors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', 'Location, ETag, Content-Location, Last-Modified, WWW-Authenticate');
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers':
        req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Accept, Prefer, If-Match',
      'access-control-max-age': '600',
    });
    res.end();
    return true;
  }
  return false;
}

async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function serveFile(res: ServerResponse, dir: string, path: string, headers: Record<string, string>) {
  const file = normalize(join(dir, path));
  if (!file.startsWith(dir)) return send(res, 404, 'Not found', { 'content-type': 'text/plain' });
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    });
    res.end(body);
  } catch {
    send(res, 404, 'Not found', { 'content-type': 'text/plain' });
  }
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${bound}`);
    });
  });
}

function patientLabel(p: Patient): string {
  const n = p.name?.[0];
  const name = [n?.given?.join(' '), n?.family].filter(Boolean).join(' ') || p.id || '?';
  return `${name} (${p.gender ?? 'unknown'}, born ${p.birthDate ?? '?'})`;
}

function capabilityStatement(fhirBaseUrl: string, authBaseUrl: string): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-27',
    kind: 'instance',
    software: { name: 'teleECHO sandbox EHR (Medplum fhir-router)' },
    implementation: { description: 'teleECHO sandbox EHR', url: fhirBaseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' },
              ],
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: `${authBaseUrl}/authorize` },
                { url: 'token', valueUri: `${authBaseUrl}/token` },
              ],
            },
          ],
        },
        interaction: [{ code: 'batch' }, { code: 'search-system' }],
        resource: ADVERTISED_TYPES.map((type) => ({
          type,
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchInclude: ['*'],
          searchRevInclude: ['*'],
          searchParam: [
            { name: '_id', type: 'token' },
            { name: '_count', type: 'number' },
            ...(type === 'Patient' ? [] : [{ name: 'patient', type: 'reference' }]),
          ],
          ...(type === 'Patient'
            ? {
                operation: [
                  { name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}

/** The entries of a batch request with the status each got (for tests), or `undefined` for other requests. */
function batchEntries(request: unknown, response: unknown): FhirRequestRecord['entries'] {
  const asked = request as { resourceType?: string; type?: string; entry?: { request?: { url?: string } }[] };
  if (asked?.resourceType !== 'Bundle' || asked.type !== 'batch') return undefined;
  const answered = (response as { entry?: { response?: { status?: string } }[] }).entry ?? [];
  return (asked.entry ?? []).map((e, i) => ({
    url: e.request?.url ?? '',
    status: Number(answered[i]?.response?.status ?? 0),
  }));
}

/**
 * Starts the sandbox EHR (FHIR server, SMART authorization server, chart page) and the example app.
 * @param options - see {@link SandboxEhrOptions}.
 * @returns the running {@link SandboxEhr}; call `close()` to stop both servers.
 */
export async function startSandboxEhr(options: SandboxEhrOptions = {}): Promise<SandboxEhr> {
  const o = { ...SANDBOX_EHR_DEFAULTS, ...options };
  const ehrServer = createServer();
  const appServer = createServer();
  const ehrUrl = await listen(ehrServer, o.port, o.host);
  const appUrl = await listen(appServer, o.appPort, o.host);
  const fhirBaseUrl = `${ehrUrl}/fhir`;
  const engine = new FhirEngine(fhirBaseUrl);
  const { resources, skipped } = loadPatientResources(o.patientsDir);
  await engine.load(resources);
  const listPatients = async () => {
    const answer = await engine.search('Patient', new URLSearchParams({ _count: '1000' }), FULL_ACCESS);
    const bundle = answer.body as { entry?: { resource: Patient }[] };
    return (bundle.entry ?? []).map((e) => ({
      id: e.resource.id!,
      label: patientLabel(e.resource),
      patient: e.resource,
    }));
  };
  // The encounter an EHR launch is made from: the patient's in-progress one, else the latest.
  const selectEncounter = async (patientId: string): Promise<string | undefined> => {
    const q = new URLSearchParams({ patient: patientId, _count: '1000' });
    const answer = await engine.search('Encounter', q, FULL_ACCESS);
    const found = ((answer.body as { entry?: { resource: Encounter }[] }).entry ?? []).map((e) => e.resource);
    const start = (e: Encounter) => e.period?.start ?? '';
    const ranked = found.sort((a, b) => start(b).localeCompare(start(a)));
    return (ranked.find((e) => e.status === 'in-progress') ?? ranked[0])?.id;
  };
  const auth = new SmartAuthServer({
    fhirBaseUrl,
    authBaseUrl: `${ehrUrl}/auth`,
    smartStyleUrl: `${ehrUrl}/smart-style.json`,
    clients: [
      { clientId: EXAMPLE_APP_CLIENT_ID, redirectUris: [`${appUrl}/`], name: 'teleECHO example app' },
      ...(o.clients ?? []),
    ],
    listPatients,
    selectEncounter,
  });
  if (o.smart) auth.configure(o.smart);
  const fhirRequests: FhirRequestRecord[] = [];
  const pageCsp =
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; ` +
    `frame-src 'self' ${appUrl}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'`;
  const hubOrigin = o.hub ? new URL(o.hub.url).origin : '';
  // Strict: no inline script or style, no eval, Trusted Types required (Lit's templates use the "lit-html" policy).
  const appCsp =
    `default-src 'self'; script-src 'self'; style-src 'self' ${ehrUrl}; img-src 'self' data:; ` +
    `connect-src 'self' ${ehrUrl}${hubOrigin ? ` ${hubOrigin}` : ''}; ` +
    `frame-ancestors ${ehrUrl}; base-uri 'none'; form-action 'none'; object-src 'none'; ` +
    `require-trusted-types-for 'script'; trusted-types lit-html`;

  const authPage = (status: number, title: string, html: string, res: ServerResponse) =>
    send(
      res,
      status,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
        `<link rel="stylesheet" href="/chart.css"></head><body class="auth-page"><main>${html}</main></body></html>`,
      {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': pageCsp,
        'referrer-policy': 'no-referrer',
      },
    );

  ehrServer.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', ehrUrl);
      const path = url.pathname;
      if (path.startsWith('/fhir') || path.startsWith('/auth/token') || path.startsWith('/.well-known')) {
        if (cors(req, res)) return;
      }
      if (path === '/fhir/.well-known/smart-configuration' || path === '/.well-known/smart-configuration') {
        return send(res, 200, auth.smartConfiguration(), { 'content-type': 'application/json' });
      }
      if (path === '/fhir/metadata') {
        return send(res, 200, capabilityStatement(fhirBaseUrl, `${ehrUrl}/auth`), {
          'content-type': 'application/fhir+json',
        });
      }
      if (path === '/fhir' || path.startsWith('/fhir/')) {
        if (o.latencyMs > 0) await new Promise((r) => setTimeout(r, o.latencyMs));
        const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const check = bearer ? await auth.checkAccessToken(bearer) : undefined;
        const fhirPath = path.slice('/fhir'.length) + url.search;
        const record = (status: number) => fhirRequests.push({ method: req.method ?? 'GET', path: fhirPath, status });
        const type = { 'content-type': 'application/fhir+json' };
        if (!check?.ok) {
          record(401);
          // RFC 6750: no error code when no token was sent; `invalid_token` with the reason otherwise.
          const challenge = check
            ? `Bearer realm="sandbox-ehr", error="${check.error}", error_description="${check.description}"`
            : 'Bearer realm="sandbox-ehr"';
          const diagnostics = check ? check.description : 'A SMART access token is required';
          return send(
            res,
            401,
            { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics }] },
            { ...type, 'www-authenticate': challenge },
          );
        }
        const access = check.access;
        let body: unknown;
        if (req.method === 'POST' || req.method === 'PUT') {
          const text = await readBody(req);
          const contentType = req.headers['content-type'] ?? '';
          try {
            body = contentType.includes('x-www-form-urlencoded') ? text : text ? JSON.parse(text) : undefined;
          } catch {
            record(400);
            return send(
              res,
              400,
              {
                resourceType: 'OperationOutcome',
                issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Invalid JSON' }],
              },
              type,
            );
          }
        }
        const answer = await engine.handle(req.method ?? 'GET', fhirPath, body, access);
        const entries = batchEntries(body, answer.body);
        if (entries) fhirRequests.push({ method: req.method ?? 'GET', path: fhirPath, status: answer.status, entries });
        else record(answer.status);
        return send(res, answer.status, answer.body, type);
      }
      if (path === '/auth/authorize' && req.method === 'GET') {
        const outcome = await auth.authorize(url.searchParams);
        if (outcome.kind === 'redirect')
          return send(res, 302, '', { location: outcome.location, 'referrer-policy': 'no-referrer' });
        return authPage(outcome.status, outcome.title, outcome.html, res);
      }
      if (path === '/auth/token' && req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req, 64 * 1024));
        const outcome = await auth.token(form);
        return send(res, outcome.status, outcome.body, { 'content-type': 'application/json', pragma: 'no-cache' });
      }
      if (path === '/smart-style.json') {
        return send(
          res,
          200,
          {
            color_background: '#f4f6f8',
            color_highlight: '#0b6e4f',
            color_text: '#1d2733',
            dim_border_radius: '6px',
            font_family_body: 'system-ui, sans-serif',
          },
          { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
        );
      }
      if (path === '/ehr/api/patients') {
        const list = await listPatients();
        return send(
          res,
          200,
          list.map(({ id, patient }) => ({
            id,
            name: patientLabel(patient).replace(/ \(.*$/, ''),
            gender: patient.gender,
            birthDate: patient.birthDate,
            mrn: patient.identifier?.[0]?.value,
          })),
          { 'content-type': 'application/json' },
        );
      }
      const chart = /^\/ehr\/api\/chart\/([^/]+)$/.exec(path);
      if (chart) {
        const answer = await engine.everything(decodeURIComponent(chart[1]!), FULL_ACCESS);
        return send(res, answer.status, answer.body, { 'content-type': 'application/json' });
      }
      // The EHR's admin console (same origin as the chart, no CORS): what a real EHR's staff or consent screen does.
      if (path.startsWith('/ehr/api/sandbox/') && req.method === 'POST') {
        const json = { 'content-type': 'application/json' };
        if (path === '/ehr/api/sandbox/expire-tokens')
          return send(res, 200, { expired: auth.expireAccessTokens() }, json);
        if (path === '/ehr/api/sandbox/revoke-tokens') return send(res, 200, { revoked: auth.revokeAll() }, json);
        if (path === '/ehr/api/sandbox/policy') {
          auth.configure(JSON.parse((await readBody(req, 8192)) || '{}') as SmartGrantPolicy);
          return send(res, 200, auth.grantPolicy, json);
        }
        return send(res, 404, { error: 'unknown sandbox control' }, json);
      }
      if (path === '/ehr/api/launches' && req.method === 'POST') {
        const input = JSON.parse((await readBody(req, 8192)) || '{}') as { patientId?: string; encounterId?: string };
        if (!input.patientId)
          return send(res, 400, { error: 'patientId is required' }, { 'content-type': 'application/json' });
        const launch = auth.createLaunch({
          patientId: input.patientId,
          ...(input.encounterId ? { encounterId: input.encounterId } : {}),
        });
        const appLaunchUrl = `${appUrl}/?${new URLSearchParams({ iss: fhirBaseUrl, launch })}`;
        return send(res, 201, { launch, iss: fhirBaseUrl, url: appLaunchUrl }, { 'content-type': 'application/json' });
      }
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed', { 'content-type': 'text/plain' });
      const file = path === '/' ? 'index.html' : path === '/favicon.ico' ? 'favicon.svg' : path.slice(1);
      if (file.startsWith('app/')) return send(res, 404, 'Not found', { 'content-type': 'text/plain' });
      return serveFile(res, PUBLIC_DIR, file, file.endsWith('.html') ? { 'content-security-policy': pageCsp } : {});
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: (error as Error).message }, { 'content-type': 'application/json' });
    });
  });

  let appBundle: Promise<string> | undefined;
  const buildApp = async (): Promise<string> => {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [APP_ENTRY],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['source'],
      logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  };
  appServer.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', appUrl);
      if (url.pathname === '/config.json') {
        // The app's backend: where to present cases, and a fresh presenter token (never the API key).
        const hub = o.hub;
        const body = hub ? { hubUrl: hub.url, programId: hub.programId, token: await hub.mintToken() } : {};
        return send(res, 200, body, { 'content-type': 'application/json' });
      }
      if (url.pathname === '/app.js') {
        appBundle ??= buildApp();
        return send(res, 200, await appBundle, { 'content-type': 'text/javascript; charset=utf-8' });
      }
      if (url.pathname === '/' || url.pathname === '/index.html') {
        // The app trusts only this EHR as a launch issuer (read by src/app/main.ts).
        const html = await readFile(join(PUBLIC_DIR, 'app', 'index.html'), 'utf8');
        const filled = html.replace(
          'name="allowed-issuers" content=""',
          `name="allowed-issuers" content="${fhirBaseUrl}"`,
        );
        return send(res, 200, filled, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': appCsp,
          'referrer-policy': 'no-referrer',
        });
      }
      const file = url.pathname === '/favicon.ico' ? 'favicon.svg' : url.pathname.slice(1);
      return serveFile(res, join(PUBLIC_DIR, 'app'), file, {});
    })().catch((error: unknown) => {
      appBundle = undefined;
      if (!res.headersSent) send(res, 500, `app failed: ${(error as Error).message}`, { 'content-type': 'text/plain' });
    });
  });

  return {
    ehrUrl,
    fhirBaseUrl,
    appUrl,
    fhirRequests,
    auth,
    engine,
    skipped,
    async close() {
      ehrServer.closeAllConnections();
      appServer.closeAllConnections();
      await Promise.all([new Promise((r) => ehrServer.close(r)), new Promise((r) => appServer.close(r))]);
    },
  };
}
