/**
 * A test LTI 1.3 platform that behaves like Moodle 4.5 (`mod/lti`), on a random loopback port: its own RSA keys
 * and key set (`certs.php`), login initiation by an auto-submitted **form POST** (`iss`, `login_hint` = the user
 * id, `lti_message_hint` = JSON, a numeric `lti_deployment_id`, no `lti_storage_target`), an OIDC auth endpoint
 * (`auth.php`) that checks the request the way Moodle does and posts a **60-second** id_token (full LIS role URIs,
 * `launch_presentation` with `return_url`) or an OIDC error back, an OAuth 2 token endpoint that checks the tool's
 * client assertion against the tool's key set, AGS line items whose URLs carry a query string
 * (`services.php/2/lineitems/5/lineitem?type_id=3`, refused without it), a Deep Linking return that accepts only
 * `ltiResourceLink` items, and Dynamic Registration whose response has **no `scope`** and leaves the tool
 * **pending** until {@link TestLtiPlatform.activate} (as an administrator's "Activate" does).
 * Used by the hub's LTI tests and the Moodle-style example.
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
import { AGS_SCOPE, CLAIM } from '@teleecho/hub';

/** What a launch from the test platform carries. */
export interface TestLaunchSpec {
  /** `LtiResourceLinkRequest` (default) or `LtiDeepLinkingRequest`. */
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  /** The user id (Moodle: the numeric user id; also the `login_hint`). Default "7". */
  sub?: string;
  name?: string;
  /** LIS role URIs or short names (made full membership URIs, as Moodle sends them); default Learner. */
  roles?: string[];
  resourceLinkId?: string;
  custom?: Record<string, string>;
  /** AGS claim: scopes granted and the line item(s). Default: none. */
  ags?: { scope: string[]; lineitem?: string; lineitems?: string };
  /** `launch_presentation.locale` (Moodle sends its language code, e.g. "pt_br"); default "en". */
  locale?: string;
  /** `launch_presentation.document_target`; default "iframe" (Moodle's "Embed"). */
  documentTarget?: 'iframe' | 'window' | 'frame';
  /** Deep Linking: the opaque `data` of the settings (Moodle sends none). */
  deepLinkingData?: string;
  /** Claims merged over the defaults (e.g. a wrong `aud`, an old `exp`). */
  claims?: Record<string, unknown>;
  /** Deployment id; default the platform's. */
  deploymentId?: string;
  /** Sign with a key the key set does not publish (a forged launch). */
  forge?: boolean;
  /**
   * Offer LTI client-side OIDC: login carries `lti_storage_target` (use with {@link TestLtiPlatform.framePage}).
   * Moodle 4.5 never sends it; other platforms do.
   */
  storageTarget?: string;
  /** How the login is initiated: Moodle's auto-submitted form POST (default), or a GET with a query string. */
  loginMethod?: 'post' | 'get';
}

/** A request the platform received. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. "/mod/lti/services.php/2/lineitems/1/lineitem/scores?type_id=3". */
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** Options of {@link startTestLtiPlatform}. */
export interface TestLtiPlatformOptions {
  clientId?: string;
  /** Moodle's deployment id is the tool type's numeric id; default "3". */
  deploymentId?: string;
  /** Dynamic Registration: put this `scope` in the registration response (Moodle 4.5 puts none). */
  registrationScope?: string;
  /**
   * Dynamic Registration: offer the registration for reading back (RFC 7592 `registration_client_uri` and
   * `registration_access_token`), carrying this `scope`.
   */
  readBackScope?: string;
}

/** What the key set URL does (see {@link TestLtiPlatform.breakKeySet}). */
export type KeySetFailure = { status: number } | 'hang' | 'not-json' | undefined;

/** A running test platform. */
export interface TestLtiPlatform {
  /** Base URL (Moodle's wwwroot), e.g. "http://127.0.0.1:41234"; also the issuer. */
  url: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  /** URL of the course's line-item container (AGS), with Moodle's `?type_id=`. */
  lineitemsUrl: string;
  /** Creates a line item in the platform; returns its URL (with `?type_id=`). */
  createLineItem(label?: string): string;
  /** Every request received (launch page, auth, token, line items, scores, deep-link returns, registration), not the key set's. */
  requests: RecordedRequest[];
  /** Score POSTs received (parsed bodies). */
  scores(): { path: string; body: Record<string, unknown>; authorization: string | undefined }[];
  /** Makes the next `count` score POSTs answer HTTP 500. */
  failScores(count: number): void;
  /** Makes the key set URL answer `{status}`, never answer (`hang`), or answer HTML; `undefined` mends it. */
  breakKeySet(failure: KeySetFailure): void;
  /** "pending" after a Dynamic Registration until {@link activate}; "configured" otherwise. */
  readonly toolState: 'configured' | 'pending';
  /** What an administrator's "Activate" on the pending tool card does. */
  activate(): void;
  /**
   * Where a browser starts a launch of `toolUrl`: the platform's launch page, which posts the login initiation form
   * (or, with `loginMethod: "get"`, the tool's login URL with a query string). The auth endpoint signs `spec`.
   */
  loginUrl(toolUrl: string, spec?: TestLaunchSpec): string;
  /** Signs an id_token for `spec` (with `nonce`), as the auth endpoint does. */
  idToken(spec: TestLaunchSpec, nonce: string, toolUrl: string): Promise<string>;
  /**
   * Runs login → auth → launch without a browser: returns the tool's answer to `POST /lti/launch`. `tamper` may
   * change the signed token before it is posted; `reuseToken` posts another token instead.
   */
  launch(
    toolUrl: string,
    spec?: TestLaunchSpec,
    options?: { tamper?: (token: string) => string; reuseToken?: string },
  ): Promise<{ status: number; html: string; token: string; state: string; headers: Headers }>;
  /** The Deep Linking responses received at the return URL (the `JWT` form field), accepted or not. */
  deepLinkResponses(): string[];
  /** Content items the Deep Linking return accepted (only `ltiResourceLink`, as Moodle). */
  addedItems(): Record<string, unknown>[];
  /** Verifies a JWT signed by the tool against the tool's JWKS. */
  verifyToolJwt(jwt: string, toolUrl: string): Promise<JWTPayload>;
  /**
   * URL of a course page that frames `loginUrl` (the tool in an iframe on another origin) with Moodle's
   * `allow="microphone *; camera *"` (or `allow`), and answers the LTI client-side storage messages
   * (`lti.put_data`, `lti.get_data`) for it.
   */
  framePage(loginUrl: string, options?: { allow?: string }): string;
  /** The storage messages the frame page answered (subjects, in order). */
  storageMessages(): string[];
  /** Dynamic registration start URL of the tool (`/lti/register?openid_configuration=…&registration_token=…`). */
  registrationUrl(toolUrl: string, query?: Record<string, string>): string;
  close(): Promise<void>;
}

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
/** Moodle's iframe for the "Embed" launch container allows these, and not `display-capture`. */
export const MOODLE_IFRAME_ALLOW = 'microphone *; camera *';
const COURSE_ID = '2';

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

const unhtml = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

/** An auto-submitted form (the platform's own pages, so an inline script is fine). */
const autoPost = (action: string, fields: Record<string, string>): string =>
  `<!doctype html><form method="post" action="${html(action)}">${Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${html(name)}" value="${html(value)}">`)
    .join('')}</form><script>document.forms[0].submit()</script>`;

/** The action and fields of the first form of a page. */
function formOf(page: string): { action: string; fields: Record<string, string> } {
  const action = unhtml(/<form[^>]*action="([^"]*)"/.exec(page)?.[1] ?? '');
  const fields: Record<string, string> = {};
  for (const m of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unhtml(m[1]!)] = unhtml(m[2]!);
  }
  return { action, fields };
}

/** Starts a Moodle-like test LTI platform on 127.0.0.1 (port 0). */
export async function startTestLtiPlatform(options: TestLtiPlatformOptions = {}): Promise<TestLtiPlatform> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const forged = await generateKeyPair('RS256');
  const kid = `plat-${randomBytes(4).toString('hex')}`;
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  // Moodle's client ids are 15 random letters and digits.
  const clientId =
    options.clientId ??
    randomBytes(15)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 15);
  const deploymentId = options.deploymentId ?? '3';
  const requests: RecordedRequest[] = [];
  /** Launches started on the launch page, by `launchid` (Moodle keeps them in the user's session). */
  const launches = new Map<string, { spec: TestLaunchSpec; hint: string; toolUrl: string }>();
  const lineItems = new Map<string, Record<string, unknown>>();
  const toolJwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const accessTokens = new Map<string, string[]>();
  const added: Record<string, unknown>[] = [];
  let scoreFailures = 0;
  let keySetFailure: KeySetFailure;
  let toolState: 'configured' | 'pending' = 'configured';
  let registeredJwksUri: string | undefined;
  let registration: Record<string, unknown> | undefined;
  /** Tools this platform launched or registered (the key set of a Deep Linking response is the tool's). */
  const toolOrigins = new Set<string>();
  const registrationAccessToken = `rat-${randomBytes(8).toString('hex')}`;
  let url = '';

  const services = (): string => `${url}/mod/lti/services.php/${COURSE_ID}`;
  const lineItemUrl = (n: number): string => `${services()}/lineitems/${n}/lineitem?type_id=${deploymentId}`;

  const toolKeys = (jwksUrl: string): ReturnType<typeof createRemoteJWKSet> => {
    let set = toolJwks.get(jwksUrl);
    if (!set) toolJwks.set(jwksUrl, (set = createRemoteJWKSet(new URL(jwksUrl))));
    return set;
  };

  const idToken = async (spec: TestLaunchSpec, nonce: string, toolUrl: string): Promise<string> => {
    const messageType = spec.messageType ?? 'LtiResourceLinkRequest';
    const name = spec.name ?? 'Ana Souza';
    const payload: Record<string, unknown> = {
      nonce,
      name,
      given_name: name.split(' ')[0],
      family_name: name.split(' ').slice(1).join(' '),
      [CLAIM.messageType]: messageType,
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: spec.deploymentId ?? deploymentId,
      [CLAIM.targetLinkUri]: `${toolUrl}/lti/launch`,
      [CLAIM.roles]: (spec.roles ?? ['Learner']).map((r) => (r.includes('/') ? r : `${LIS}${r}`)),
      [CLAIM.context]: {
        id: COURSE_ID,
        label: 'HCV101',
        title: 'Hepatitis C in primary care',
        type: ['CourseSection'],
      },
      [CLAIM.launchPresentation]: {
        locale: spec.locale ?? 'en',
        document_target: spec.documentTarget ?? 'iframe',
        return_url: `${url}/mod/lti/return.php?course=${COURSE_ID}&launch_container=3&instanceid=1&sesskey=abc123`,
      },
      'https://purl.imsglobal.org/spec/lti/claim/tool_platform': {
        product_family_code: 'moodle',
        version: '2024100700',
        guid: new URL(url).host,
        name: 'Riverside Learning',
      },
      'https://purl.imsglobal.org/spec/lti/claim/lis': { person_sourcedid: '', course_section_sourcedid: '' },
      'https://purl.imsglobal.org/spec/lti/claim/ext': { user_username: 'ana', lms: 'moodle-2' },
      ...(spec.custom && { [CLAIM.custom]: spec.custom }),
      ...(spec.ags && { [CLAIM.ags]: spec.ags }),
    };
    if (messageType === 'LtiResourceLinkRequest') {
      payload[CLAIM.resourceLink] = { id: spec.resourceLinkId ?? '1', title: 'teleECHO session', description: '' };
    } else {
      payload[CLAIM.deepLinkingSettings] = {
        deep_link_return_url: `${url}/mod/lti/contentitem_return.php?course=${COURSE_ID}&id=${deploymentId}&sesskey=abc123`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['frame', 'iframe', 'window'],
        accept_copy_advice: false,
        accept_multiple: true,
        accept_unsigned: false,
        auto_create: false,
        can_confirm: false,
        title: '',
        text: '',
        ...(spec.deepLinkingData !== undefined && { data: spec.deepLinkingData }),
      };
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = { ...payload, ...spec.claims };
    return (
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(String(claims.iss ?? url))
        .setSubject(spec.sub ?? '7')
        .setAudience((claims.aud as string | string[] | undefined) ?? clientId)
        .setIssuedAt(typeof claims.iat === 'number' ? claims.iat : now)
        // Moodle's id_tokens live 60 seconds.
        .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : now + 60)
        .sign(spec.forge ? forged.privateKey : (privateKey as CryptoKey))
    );
  };

  const send = (res: ServerResponse, status: number, type: string, body: string): void => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json'): void =>
    send(res, status, type, JSON.stringify(body));

  /** The login initiation fields Moodle's launch page posts. */
  const loginFields = (toolUrl: string, spec: TestLaunchSpec, launchId: string): Record<string, string> => ({
    iss: url,
    target_link_uri: `${toolUrl}/lti/launch`,
    login_hint: spec.sub ?? '7',
    lti_message_hint: JSON.stringify(
      spec.messageType === 'LtiDeepLinkingRequest' ? { launchid: launchId } : { cmid: 12, launchid: launchId },
    ),
    client_id: clientId,
    lti_deployment_id: spec.deploymentId ?? deploymentId,
    ...(spec.storageTarget && { lti_storage_target: spec.storageTarget }),
  });

  /** `auth.php`: Moodle's checks, then an id_token (or an OIDC error) posted to the redirect URI. */
  const authorize = async (params: URLSearchParams, res: ServerResponse): Promise<void> => {
    const redirect = params.get('redirect_uri') ?? '';
    if (!URL.canParse(redirect) || new URL(redirect).pathname !== '/lti/launch') {
      return send(res, 400, 'text/plain', 'invalidrequest'); // Moodle throws: it cannot trust the redirect URI
    }
    const state = params.get('state') ?? '';
    let hint: { launchid?: string } = {};
    try {
      hint = JSON.parse(params.get('lti_message_hint') ?? '') as { launchid?: string };
    } catch {
      // checked below
    }
    const launch = launches.get(String(hint.launchid));
    let error: string | undefined;
    let description: string | undefined;
    if (
      !params.get('scope') ||
      !params.get('response_type') ||
      !params.get('client_id') ||
      !params.get('login_hint') ||
      !params.get('nonce') ||
      !launch
    ) {
      error = 'invalid_request';
    } else if (params.get('scope') !== 'openid') error = 'invalid_scope';
    else if (params.get('response_type') !== 'id_token') error = 'unsupported_response_type';
    else if (params.get('client_id') !== clientId) error = 'unauthorized_client';
    else if (params.get('login_hint') !== launch.hint) error = 'access_denied';
    else if (params.get('response_mode') !== 'form_post') {
      error = 'invalid_request';
      description = 'Invalid response_mode';
    } else if (params.get('prompt') && params.get('prompt') !== 'none') {
      error = 'invalid_request';
      description = 'Invalid prompt';
    } else if (toolState === 'pending') {
      error = 'unauthorized_client'; // the tool type is not active yet
    }
    if (error) {
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        autoPost(redirect, { error, ...(description && { error_description: description }), state }),
      );
    }
    launches.delete(String(hint.launchid)); // Moodle unsets the message hint from the session
    const token = await idToken(launch!.spec, params.get('nonce')!, new URL(redirect).origin);
    send(res, 200, 'text/html; charset=utf-8', autoPost(redirect, { id_token: token, state }));
  };

  /** AGS (`services.php`): the `type_id` must be there, and a token with the right scope. */
  const agsRequest = (req: IncomingMessage, u: URL, scopes: string[]): number | undefined => {
    if (u.searchParams.get('type_id') !== deploymentId) return 400;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const granted = bearer ? accessTokens.get(bearer) : undefined;
    if (!granted || !scopes.some((s) => granted.includes(s))) return 401;
    return undefined;
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', url);
      const body = await read(req);
      const method = req.method ?? 'GET';
      if (u.pathname !== '/mod/lti/certs.php') {
        requests.push({ method, path: u.pathname + u.search, headers: req.headers, body, at: Date.now() });
      }
      if (u.pathname === '/mod/lti/certs.php') {
        if (keySetFailure === 'hang') return; // answered by nobody until the platform closes
        if (keySetFailure === 'not-json') return send(res, 200, 'text/html', '<!doctype html><p>Log in</p>');
        if (keySetFailure) return json(res, keySetFailure.status, { error: 'broken on purpose' });
        return json(res, 200, { keys: [jwk] });
      }
      if (u.pathname === '/mod/lti/launch.php') {
        // The course page's launch: an auto-submitted form to the tool's login initiation URL.
        const launch = launches.get(u.searchParams.get('id') ?? '');
        if (!launch) return send(res, 404, 'text/plain', 'no such launch');
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          autoPost(`${launch.toolUrl}/lti/login`, loginFields(launch.toolUrl, launch.spec, u.searchParams.get('id')!)),
        );
      }
      if (u.pathname === '/mod/lti/auth.php') {
        const params = new URLSearchParams(u.search);
        if (method === 'POST') for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
        return authorize(params, res);
      }
      const registrationToken = /^Bearer (reg-.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (u.pathname === '/mod/lti/openid-configuration.php') {
        if (!registrationToken) return json(res, 401, { error: 'missing_registration_token' });
        return json(res, 200, {
          issuer: url,
          token_endpoint: `${url}/mod/lti/token.php`,
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
          token_endpoint_auth_signing_alg_values_supported: ['RS256'],
          jwks_uri: `${url}/mod/lti/certs.php`,
          authorization_endpoint: `${url}/mod/lti/auth.php`,
          registration_endpoint: `${url}/mod/lti/openid-registration.php`,
          scopes_supported: [
            AGS_SCOPE.lineitem,
            AGS_SCOPE.lineitemReadonly,
            AGS_SCOPE.resultReadonly,
            AGS_SCOPE.score,
            'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
            'openid',
          ],
          response_types_supported: ['id_token'],
          subject_types_supported: ['public', 'pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
          [CLAIM.platformConfiguration]: {
            product_family_code: 'moodle',
            version: '4.5',
            messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
          },
        });
      }
      if (u.pathname === '/mod/lti/openid-registration.php' && method === 'POST') {
        if (!registrationToken) return json(res, 401, { error: 'missing_registration_token' });
        const asked = JSON.parse(body) as Record<string, unknown>;
        registeredJwksUri = typeof asked.jwks_uri === 'string' ? asked.jwks_uri : undefined;
        const tool = (asked[CLAIM.toolConfiguration] ?? {}) as Record<string, unknown>;
        registration = {
          client_id: clientId,
          response_types: ['id_token'],
          jwks_uri: asked.jwks_uri,
          initiate_login_uri: asked.initiate_login_uri,
          grant_types: ['client_credentials', 'implicit'],
          redirect_uris: asked.redirect_uris,
          application_type: 'web',
          token_endpoint_auth_method: 'private_key_jwt',
          client_name: asked.client_name,
          logo_uri: '',
          ...(options.registrationScope !== undefined && { scope: options.registrationScope }),
          ...(options.readBackScope !== undefined && {
            registration_client_uri: `${url}/mod/lti/registration-read.php?client_id=${encodeURIComponent(clientId)}`,
            registration_access_token: registrationAccessToken,
          }),
          [CLAIM.toolConfiguration]: {
            version: '1.3.0',
            deployment_id: deploymentId,
            target_link_uri: tool.target_link_uri,
            domain: tool.domain,
            description: tool.description ?? '',
            messages: [{ type: 'LtiDeepLinkingRequest' }],
            claims: ['sub', 'iss', 'name', 'family_name', 'given_name'],
          },
        };
        toolState = 'pending'; // Moodle: a new tool type from registration waits for an administrator
        return json(res, 200, registration);
      }
      if (u.pathname === '/mod/lti/registration-read.php' && options.readBackScope !== undefined) {
        if (req.headers.authorization !== `Bearer ${registrationAccessToken}` || !registration) {
          return json(res, 401, { error: 'invalid_token' });
        }
        return json(res, 200, { ...registration, scope: options.readBackScope });
      }
      if (u.pathname === '/mod/lti/token.php' && method === 'POST') {
        const form = new URLSearchParams(body);
        const toolUrl = u.searchParams.get('tool');
        const jwksUrl = toolUrl ? `${toolUrl}/lti/jwks` : registeredJwksUri;
        try {
          if (toolState === 'pending') throw new Error('tool not active');
          const assertion = form.get('client_assertion') ?? '';
          const { iss } = decodeJwt(assertion);
          if (iss !== clientId) throw new Error('wrong client');
          if (jwksUrl) {
            await jwtVerify(assertion, toolKeys(jwksUrl), {
              audience: [`${url}/mod/lti/token.php`, `${url}${u.pathname}${u.search}`],
              issuer: clientId,
            });
          }
        } catch {
          return json(res, 401, { error: 'invalid_client' });
        }
        const accessToken = `at-${randomBytes(8).toString('hex')}`;
        accessTokens.set(accessToken, (form.get('scope') ?? '').split(' ').filter(Boolean));
        return json(res, 200, {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 3600,
          scope: form.get('scope'),
        });
      }
      const container = `/mod/lti/services.php/${COURSE_ID}/lineitems`;
      if (u.pathname === container) {
        if (method === 'GET') {
          const refused = agsRequest(req, u, [AGS_SCOPE.lineitem, AGS_SCOPE.lineitemReadonly]);
          if (refused) return json(res, refused, { error: 'refused' });
          const link = u.searchParams.get('resource_link_id');
          const tag = u.searchParams.get('tag');
          const items = [...lineItems.values()].filter(
            (i) => (!link || i.resourceLinkId === link) && (!tag || i.tag === tag),
          );
          return json(res, 200, items, 'application/vnd.ims.lis.v2.lineitemcontainer+json');
        }
        if (method === 'POST') {
          const refused = agsRequest(req, u, [AGS_SCOPE.lineitem]);
          if (refused) return json(res, refused, { error: 'refused' });
          const id = lineItemUrl(lineItems.size + 1);
          const item = { ...(JSON.parse(body) as object), id };
          lineItems.set(id, item);
          return json(res, 201, item, 'application/vnd.ims.lis.v2.lineitem+json');
        }
      }
      const scoresPath = new RegExp(`^${container}/(\\d+)/lineitem/scores$`).exec(u.pathname);
      if (scoresPath && method === 'POST') {
        const refused = agsRequest(req, u, [AGS_SCOPE.score]);
        if (refused) return json(res, refused, { error: 'refused' });
        if (!lineItems.has(lineItemUrl(Number(scoresPath[1])))) return json(res, 404, { error: 'no such line item' });
        if (scoreFailures > 0) {
          scoreFailures -= 1;
          return json(res, 500, { error: 'injected' });
        }
        return send(res, 200, 'application/json', '{}');
      }
      if (u.pathname === '/frame') {
        // A course page framing the tool, with the platform side of LTI client-side OIDC storage.
        const allow = u.searchParams.get('allow') ?? MOODLE_IFRAME_ALLOW;
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          `<!doctype html><title>Course</title><h1>Course page</h1>` +
            `<iframe name="tool" id="tool" src="${html(u.searchParams.get('login') ?? '')}" width="900" height="600"` +
            ` allow="${html(allow)}" allowfullscreen></iframe><script>
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
      if (u.pathname === '/mod/lti/contentitem_return.php' && method === 'POST') {
        // Moodle verifies the response against the tool's key set and adds only LTI resource links.
        const jwt = new URLSearchParams(body).get('JWT') ?? '';
        try {
          const jwksUrl = registeredJwksUri ?? `${[...toolOrigins].at(-1) ?? ''}/lti/jwks`;
          const { payload } = await jwtVerify(jwt, toolKeys(jwksUrl), {
            issuer: clientId,
            audience: url,
          });
          if (payload[CLAIM.messageType] !== 'LtiDeepLinkingResponse') throw new Error('not a deep linking response');
          if (String(payload[CLAIM.deploymentId]) !== deploymentId) throw new Error('wrong deployment');
          const items = (payload[CLAIM.deepLinkingContentItems] ?? []) as Record<string, unknown>[];
          const other = items.find((i) => i.type !== 'ltiResourceLink');
          if (other) throw new Error(`unsupported content item type ${String(other.type)}`);
          added.push(...items);
        } catch (error) {
          return send(res, 400, 'text/html; charset=utf-8', `<!doctype html><p id="error">${html(String(error))}</p>`);
        }
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
    toolOrigins.add(toolUrl);
    const launchId = `ltilaunch12_${randomBytes(6).toString('hex')}`;
    launches.set(launchId, { spec, hint: spec.sub ?? '7', toolUrl });
    if (spec.loginMethod === 'get') {
      const login = new URL(`${toolUrl}/lti/login`);
      for (const [k, v] of Object.entries(loginFields(toolUrl, spec, launchId))) login.searchParams.set(k, v);
      return login.toString();
    }
    return `${url}/mod/lti/launch.php?id=${launchId}`;
  };

  return {
    url,
    issuer: url,
    clientId,
    deploymentId,
    authUrl: `${url}/mod/lti/auth.php`,
    // The tool URL is unknown until a hub registers this platform; the token endpoint learns it from `?tool=`
    // (manual registration) or from the Dynamic Registration.
    get tokenUrl() {
      return `${url}/mod/lti/token.php`;
    },
    jwksUrl: `${url}/mod/lti/certs.php`,
    get lineitemsUrl() {
      return `${services()}/lineitems?type_id=${deploymentId}`;
    },
    createLineItem(label = 'teleECHO attendance') {
      const id = lineItemUrl(lineItems.size + 1);
      lineItems.set(id, { id, label, scoreMaximum: 1 });
      return id;
    },
    requests,
    scores: () =>
      requests
        .filter((r) => r.method === 'POST' && new URL(r.path, url).pathname.endsWith('/scores'))
        .map((r) => ({
          path: r.path,
          body: JSON.parse(r.body) as Record<string, unknown>,
          authorization: r.headers.authorization,
        })),
    failScores(count) {
      scoreFailures = count;
    },
    breakKeySet(failure) {
      keySetFailure = failure;
    },
    get toolState() {
      return toolState;
    },
    activate() {
      toolState = 'configured';
    },
    loginUrl,
    idToken,
    async launch(toolUrl, spec = {}, launchOptions = {}) {
      const start = new URL(loginUrl(toolUrl, spec));
      let login: Response;
      if (start.origin === url) {
        // Moodle's launch page posts the login initiation form.
        const { action, fields } = formOf(await (await fetch(start)).text());
        login = await fetch(action, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields),
        });
      } else {
        login = await fetch(start, { redirect: 'manual' });
      }
      const location = login.headers.get('location');
      if (login.status !== 302 || !location) {
        return { status: login.status, html: await login.text(), token: '', state: '', headers: login.headers };
      }
      // The platform's auth endpoint answers with a form posting the id_token (or an OIDC error) to the tool.
      const { action, fields } = formOf(await (await fetch(location)).text());
      if (launchOptions.reuseToken) fields.id_token = launchOptions.reuseToken;
      if (launchOptions.tamper && fields.id_token) fields.id_token = launchOptions.tamper(fields.id_token);
      const response = await fetch(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams(fields),
      });
      return {
        status: response.status,
        html: await response.text(),
        token: fields.id_token ?? '',
        state: fields.state ?? '',
        headers: response.headers,
      };
    },
    deepLinkResponses: () =>
      requests
        .filter((r) => new URL(r.path, url).pathname === '/mod/lti/contentitem_return.php')
        .map((r) => new URLSearchParams(r.body).get('JWT') ?? ''),
    addedItems: () => [...added],
    async verifyToolJwt(jwt, toolUrl) {
      return (await jwtVerify(jwt, toolKeys(`${toolUrl}/lti/jwks`), { issuer: clientId, audience: url })).payload;
    },
    framePage: (login, frameOptions = {}) =>
      `${url}/frame?login=${encodeURIComponent(login)}${
        frameOptions.allow !== undefined ? `&allow=${encodeURIComponent(frameOptions.allow)}` : ''
      }`,
    storageMessages: () =>
      requests
        .filter((r) => r.path.startsWith('/storage-log'))
        .map((r) => new URL(r.path, url).searchParams.get('subject')!),
    registrationUrl(toolUrl, query = {}) {
      toolOrigins.add(toolUrl);
      const u = new URL(`${toolUrl}/lti/register`);
      u.searchParams.set('openid_configuration', `${url}/mod/lti/openid-configuration.php`);
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
