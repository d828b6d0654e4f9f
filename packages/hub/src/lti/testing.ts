/**
 * A test LTI 1.3 platform (an LMS stand-in, e.g. for Moodle) on a random loopback port: its own RSA keys and JWKS,
 * an OIDC auth endpoint that signs id_tokens, an OAuth 2 token endpoint that checks the tool's client assertion
 * against the tool's JWKS, AGS line-item and score endpoints that record what they receive (and can fail on
 * purpose), a Deep Linking return endpoint, and an OpenID configuration + registration endpoint for Dynamic
 * Registration. Used by the hub's LTI tests and the Moodle-style example.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  SignJWT,
  createRemoteJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { AGS_SCOPE, CLAIM } from './claims.js';

/** What a launch from the test platform carries. */
export interface TestLaunchSpec {
  /** `LtiResourceLinkRequest` (default) or `LtiDeepLinkingRequest`. */
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  sub?: string;
  name?: string;
  /** LIS role URIs or short names; default Learner. */
  roles?: string[];
  resourceLinkId?: string;
  custom?: Record<string, string>;
  /** AGS claim: scopes granted and the line item(s). Default: none. */
  ags?: { scope: string[]; lineitem?: string; lineitems?: string };
  locale?: string;
  /** Claims merged over the defaults (e.g. a wrong `aud`, an old `exp`). */
  claims?: Record<string, unknown>;
  /** Deployment id; default the platform's. */
  deploymentId?: string;
  /** Sign with a key the JWKS does not publish (a forged launch). */
  forge?: boolean;
  /** Offer LTI client-side OIDC: login carries `lti_storage_target` (use with {@link TestLtiPlatform.framePage}). */
  storageTarget?: string;
}

/** A request the platform received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** A running test platform. */
export interface TestLtiPlatform {
  /** Base URL, e.g. "http://127.0.0.1:41234". */
  url: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  /** URL of the line-item container (AGS). */
  lineitemsUrl: string;
  /** Creates a line item in the platform; returns its URL. */
  createLineItem(label?: string): string;
  /** Every request received (token, line items, scores, deep-link returns, registration). */
  requests: RecordedRequest[];
  /** Score POSTs received (parsed bodies). */
  scores(): { path: string; body: Record<string, unknown>; authorization: string | undefined }[];
  /** Makes the next `count` score POSTs answer HTTP 500. */
  failScores(count: number): void;
  /** Login initiation URL of `toolUrl` for a launch; the auth endpoint signs `spec` when the browser arrives. */
  loginUrl(toolUrl: string, spec?: TestLaunchSpec): string;
  /** Signs an id_token for `spec` (with `nonce`), as the auth endpoint does. */
  idToken(spec: TestLaunchSpec, nonce: string, toolUrl: string): Promise<string>;
  /**
   * Runs login → launch without a browser: returns the tool's answer to `POST /lti/launch`. `tamper` may change the
   * signed token before it is posted.
   */
  launch(
    toolUrl: string,
    spec?: TestLaunchSpec,
    options?: { tamper?: (token: string) => string; reuseToken?: string },
  ): Promise<{ status: number; html: string; token: string; headers: Headers }>;
  /** The Deep Linking responses received at the return URL (the `JWT` form field). */
  deepLinkResponses(): string[];
  /** Verifies a JWT signed by the tool against the tool's JWKS. */
  verifyToolJwt(jwt: string, toolUrl: string): Promise<JWTPayload>;
  /**
   * URL of a platform page that frames `loginUrl` (the tool in an iframe on another origin) and answers the LTI
   * client-side storage messages (`lti.put_data`, `lti.get_data`) for it.
   */
  framePage(loginUrl: string): string;
  /** The storage messages the frame page answered (subjects, in order). */
  storageMessages(): string[];
  /** Dynamic registration start URL of the tool (`/lti/register?openid_configuration=…&registration_token=…`). */
  registrationUrl(toolUrl: string, query?: Record<string, string>): string;
  close(): Promise<void>;
}

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

const html = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Starts a test LTI platform on 127.0.0.1 (port 0). */
export async function startTestLtiPlatform(
  options: { clientId?: string; deploymentId?: string } = {},
): Promise<TestLtiPlatform> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const forged = await generateKeyPair('RS256');
  const kid = `plat-${randomBytes(4).toString('hex')}`;
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const clientId = options.clientId ?? `client-${randomBytes(4).toString('hex')}`;
  const deploymentId = options.deploymentId ?? 'deployment-1';
  const requests: RecordedRequest[] = [];
  const specs = new Map<string, TestLaunchSpec>();
  const lineItems = new Map<string, Record<string, unknown>>();
  const toolJwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  let scoreFailures = 0;
  let url = '';

  const toolKeys = (toolUrl: string): ReturnType<typeof createRemoteJWKSet> => {
    let set = toolJwks.get(toolUrl);
    if (!set) toolJwks.set(toolUrl, (set = createRemoteJWKSet(new URL(`${toolUrl}/lti/jwks`))));
    return set;
  };

  const idToken = async (spec: TestLaunchSpec, nonce: string, toolUrl: string): Promise<string> => {
    const messageType = spec.messageType ?? 'LtiResourceLinkRequest';
    const payload: Record<string, unknown> = {
      nonce,
      name: spec.name ?? 'Ana Souza',
      given_name: (spec.name ?? 'Ana Souza').split(' ')[0],
      [CLAIM.messageType]: messageType,
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: spec.deploymentId ?? deploymentId,
      [CLAIM.targetLinkUri]: `${toolUrl}/lti/launch`,
      [CLAIM.roles]: (spec.roles ?? ['Learner']).map((r) => (r.includes('/') ? r : `${LIS}${r}`)),
      [CLAIM.context]: { id: 'course-7', label: 'HCV101', title: 'Hepatitis C in primary care' },
      [CLAIM.launchPresentation]: { locale: spec.locale ?? 'en', document_target: 'iframe' },
      ...(spec.custom && { [CLAIM.custom]: spec.custom }),
      ...(spec.ags && { [CLAIM.ags]: spec.ags }),
    };
    if (messageType === 'LtiResourceLinkRequest') {
      payload[CLAIM.resourceLink] = { id: spec.resourceLinkId ?? 'link-1', title: 'teleECHO session' };
    } else {
      payload[CLAIM.deepLinkingSettings] = {
        deep_link_return_url: `${url}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        data: 'opaque-platform-data',
      };
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...payload, ...spec.claims };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(String(claims.iss ?? url))
      .setSubject(spec.sub ?? 'moodle-user-7')
      .setAudience((claims.aud as string | string[] | undefined) ?? clientId)
      .setIssuedAt(typeof claims.iat === 'number' ? claims.iat : now)
      .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : now + 300)
      .sign(spec.forge ? forged.privateKey : (privateKey as CryptoKey));
  };

  const send = (res: ServerResponse, status: number, type: string, body: string): void => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', url);
      const body = await read(req);
      if (u.pathname !== '/auth' && u.pathname !== '/jwks') {
        requests.push({
          method: req.method ?? 'GET',
          path: u.pathname + u.search,
          headers: req.headers,
          body,
          at: Date.now(),
        });
      }
      if (u.pathname === '/jwks') return send(res, 200, 'application/json', JSON.stringify({ keys: [jwk] }));
      if (u.pathname === '/.well-known/openid-configuration') {
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({
            issuer: url,
            authorization_endpoint: `${url}/auth`,
            token_endpoint: `${url}/token`,
            jwks_uri: `${url}/jwks`,
            registration_endpoint: `${url}/register`,
            scopes_supported: ['openid', AGS_SCOPE.lineitem, AGS_SCOPE.score, AGS_SCOPE.resultReadonly],
            [CLAIM.platformConfiguration]: { product_family_code: 'moodle', version: '4.5' },
          }),
        );
      }
      if (u.pathname === '/register' && req.method === 'POST') {
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({
            ...(JSON.parse(body) as object),
            client_id: clientId,
            scope: [AGS_SCOPE.lineitem, AGS_SCOPE.score].join(' '),
            [CLAIM.toolConfiguration]: { deployment_id: deploymentId },
          }),
        );
      }
      if (u.pathname === '/auth') {
        // OIDC auth endpoint: sign an id_token for the login and auto-post it to the tool (the platform's own page,
        // so an inline script is fine here).
        const spec = specs.get(u.searchParams.get('login_hint') ?? '') ?? {};
        const redirect = u.searchParams.get('redirect_uri') ?? '';
        const toolUrl = new URL(redirect).origin;
        const token = await idToken(spec, u.searchParams.get('nonce') ?? '', toolUrl);
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          `<!doctype html><form method="post" action="${html(redirect)}"><input type="hidden" name="id_token" value="${html(
            token,
          )}"><input type="hidden" name="state" value="${html(u.searchParams.get('state') ?? '')}"></form>` +
            '<script>document.forms[0].submit()</script>',
        );
      }
      if (u.pathname === '/token' && req.method === 'POST') {
        const form = new URLSearchParams(body);
        const toolUrl = u.searchParams.get('tool') ?? '';
        try {
          const assertion = form.get('client_assertion') ?? '';
          const { iss } = decodeJwt(assertion);
          if (iss !== clientId) throw new Error('wrong client');
          if (toolUrl) {
            await jwtVerify(assertion, toolKeys(toolUrl), {
              audience: [`${url}/token`, `${url}${u.pathname}${u.search}`],
              issuer: clientId,
            });
          }
        } catch {
          return send(res, 401, 'application/json', JSON.stringify({ error: 'invalid_client' }));
        }
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({
            access_token: `at-${randomBytes(8).toString('hex')}`,
            token_type: 'Bearer',
            expires_in: 3600,
            scope: form.get('scope'),
          }),
        );
      }
      if (u.pathname === '/lineitems' && req.method === 'GET') {
        const link = u.searchParams.get('resource_link_id');
        const items = [...lineItems.values()].filter((i) => !link || i.resourceLinkId === link);
        return send(res, 200, 'application/vnd.ims.lis.v2.lineitemcontainer+json', JSON.stringify(items));
      }
      if (u.pathname === '/lineitems' && req.method === 'POST') {
        const id = `${url}/lineitems/${lineItems.size + 1}/lineitem`;
        const item = { ...(JSON.parse(body) as object), id };
        lineItems.set(id, item);
        return send(res, 201, 'application/vnd.ims.lis.v2.lineitem+json', JSON.stringify(item));
      }
      if (/^\/lineitems\/\d+\/lineitem\/scores$/.test(u.pathname) && req.method === 'POST') {
        if (scoreFailures > 0) {
          scoreFailures -= 1;
          return send(res, 500, 'application/json', '{"error":"injected"}');
        }
        return send(res, 200, 'application/json', '{}');
      }
      if (u.pathname === '/frame') {
        // A course page framing the tool, with the platform side of LTI client-side OIDC storage.
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          `<!doctype html><title>Course</title><h1>Course page</h1>` +
            `<iframe name="tool" id="tool" src="${html(u.searchParams.get('login') ?? '')}" width="900" height="600"` +
            ` allow="camera; microphone"></iframe><script>
const data = new Map();
window.addEventListener('message', (event) => {
  const m = event.data || {};
  if (m.subject !== 'lti.put_data' && m.subject !== 'lti.get_data') return;
  fetch('/storage-log?subject=' + encodeURIComponent(m.subject));
  if (m.subject === 'lti.put_data') data.set(event.origin + ' ' + m.key, m.value);
  const value = data.get(event.origin + ' ' + m.key);
  event.source.postMessage({ subject: m.subject + '.response', message_id: m.message_id, key: m.key, value }, event.origin);
});
</script>`,
        );
      }
      if (u.pathname === '/storage-log') return send(res, 204, 'text/plain', '');
      if (u.pathname === '/deep-link-return' && req.method === 'POST') {
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          '<!doctype html><title>Added</title><p id="added">Activity added.</p>',
        );
      }
      send(res, 404, 'text/plain', 'not found');
    })().catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const loginUrl = (toolUrl: string, spec: TestLaunchSpec = {}): string => {
    const hint = `hint-${randomBytes(6).toString('hex')}`;
    specs.set(hint, spec);
    const login = new URL(`${toolUrl}/lti/login`);
    login.searchParams.set('iss', url);
    login.searchParams.set('login_hint', hint);
    login.searchParams.set('target_link_uri', `${toolUrl}/lti/launch`);
    login.searchParams.set('client_id', clientId);
    login.searchParams.set('lti_deployment_id', spec.deploymentId ?? deploymentId);
    login.searchParams.set('lti_message_hint', 'msg-1');
    if (spec.storageTarget) login.searchParams.set('lti_storage_target', spec.storageTarget);
    return login.toString();
  };

  return {
    url,
    issuer: url,
    clientId,
    deploymentId,
    authUrl: `${url}/auth`,
    // The tool URL is unknown until a hub registers this platform; the token endpoint learns it from `?tool=`.
    get tokenUrl() {
      return `${url}/token`;
    },
    jwksUrl: `${url}/jwks`,
    lineitemsUrl: `${url}/lineitems`,
    createLineItem(label = 'teleECHO attendance') {
      const id = `${url}/lineitems/${lineItems.size + 1}/lineitem`;
      lineItems.set(id, { id, label, scoreMaximum: 1 });
      return id;
    },
    requests,
    scores: () =>
      requests
        .filter((r) => r.method === 'POST' && r.path.endsWith('/scores'))
        .map((r) => ({
          path: r.path,
          body: JSON.parse(r.body) as Record<string, unknown>,
          authorization: r.headers.authorization,
        })),
    failScores(count) {
      scoreFailures = count;
    },
    loginUrl,
    idToken,
    async launch(toolUrl, spec = {}, options = {}) {
      const login = await fetch(loginUrl(toolUrl, spec), { redirect: 'manual' });
      const location = login.headers.get('location');
      if (login.status !== 302 || !location) {
        return { status: login.status, html: await login.text(), token: '', headers: login.headers };
      }
      const auth = new URL(location);
      let token = options.reuseToken ?? (await idToken(spec, auth.searchParams.get('nonce') ?? '', toolUrl));
      if (options.tamper) token = options.tamper(token);
      const response = await fetch(`${toolUrl}/lti/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ id_token: token, state: auth.searchParams.get('state') ?? '' }),
      });
      return { status: response.status, html: await response.text(), token, headers: response.headers };
    },
    deepLinkResponses: () =>
      requests.filter((r) => r.path === '/deep-link-return').map((r) => new URLSearchParams(r.body).get('JWT') ?? ''),
    async verifyToolJwt(jwt, toolUrl) {
      return (await jwtVerify(jwt, toolKeys(toolUrl), { issuer: clientId, audience: url })).payload;
    },
    framePage: (login) => `${url}/frame?login=${encodeURIComponent(login)}`,
    storageMessages: () =>
      requests
        .filter((r) => r.path.startsWith('/storage-log'))
        .map((r) => new URL(r.path, url).searchParams.get('subject')!),
    registrationUrl(toolUrl, query = {}) {
      const u = new URL(`${toolUrl}/lti/register`);
      u.searchParams.set('openid_configuration', `${url}/.well-known/openid-configuration`);
      u.searchParams.set('registration_token', `reg-${randomBytes(6).toString('hex')}`);
      for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
      return u.toString();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
