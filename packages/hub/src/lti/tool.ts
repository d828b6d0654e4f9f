/**
 * The hub as an LTI 1.3 tool: OIDC login initiation, launches (resource link → the session page, deep linking →
 * the picker), Deep Linking responses, dynamic registration, and the AGS worker. Routes (`routes/lti.ts`) stay thin.
 * @packageDocumentation
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Role, Session } from '@teleecho/sdk';
import { MAX_TOKEN_TTL_SECONDS, signEmbedToken } from '@teleecho/sdk/server';
import { SignJWT, jwtVerify } from 'jose';
import { HUB_ISSUER } from '../http/auth.js';
import { AgsService, ltiUserId } from './ags.js';
import { AGS_SCOPE, CLAIM } from './claims.js';
import { contentItem, signDeepLinkingResponse, type DeepLinkTicket } from './deep-linking.js';
import { LtiError } from './errors.js';
import { ToolKeys } from './keys.js';
import { PlatformKeys, verifyLaunch } from './launch.js';
import { autoPostPage, pickerPage, sessionPage, storagePage, registeredPage, type PickerChoice } from './pages.js';
import { register } from './registration.js';
import type { AgsEndpoint, LtiPlatform, Storage } from '../storage/storage.js';
import { pickLanguage } from './texts.js';

/** How long an OIDC login may take from initiation to launch. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

/** The role a launch gets: Instructor/Administrator → facilitator, Learner → participant, anything else → observer. */
export function roleFromLti(roles: unknown): Extract<Role, 'facilitator' | 'participant' | 'observer'> {
  const list = Array.isArray(roles) ? roles.map(String) : [];
  const has = (name: string): boolean =>
    list.some((r) => r === name || r.endsWith(`#${name}`) || r.endsWith(`/${name}`));
  if (has('Instructor') || has('Administrator')) return 'facilitator';
  if (has('Learner')) return 'participant';
  return 'observer';
}

/** Display name of the launching user from the id_token. */
function nameOf(claims: Record<string, unknown>): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  if (name) return name;
  const parts = [claims.given_name, claims.family_name].filter((p) => typeof p === 'string' && p.trim());
  return parts.length ? parts.join(' ') : String(claims.sub);
}

/** Login initiation parameters (query or form). */
export type LoginParams = Record<string, string | undefined>;

/** Audience of the hub's own signed form tickets (Deep Linking picker, client-side state check). */
const TICKET_AUDIENCE = 'teleecho-lti';
/** Audience of the tickets in `/lti/window` links. */
const WINDOW_AUDIENCE = 'teleecho-lti-window';

/** Who a session page is for: what `/lti/window` needs to show it again. */
interface WindowTicket {
  platformId: string;
  sessionId: string;
  sub: string;
  userName: string;
  role: Extract<Role, 'facilitator' | 'participant' | 'observer'>;
  lang: string;
}

/** What a handler answers: a redirect or an HTML page. */
export type LtiResponse = { redirect: string } | { html: string; connect?: string[] };

/** One LTI tool per hub. */
export class LtiTool {
  readonly keys: ToolKeys;
  readonly ags: AgsService;
  private readonly platformKeys = new PlatformKeys();
  private readonly ticketKey: Uint8Array;

  constructor(
    private readonly storage: Storage,
    private readonly hubKey: Uint8Array,
    private readonly liveKitUrl: string | undefined,
  ) {
    this.keys = new ToolKeys(storage);
    this.ags = new AgsService(storage, this.keys);
    this.ticketKey = new Uint8Array(createHmac('sha256', hubKey).update('teleecho-lti-ticket').digest());
  }

  /** `GET|POST /lti/login`: OIDC third-party initiated login. */
  async login(params: LoginParams, baseUrl: string, acceptLanguage?: string): Promise<LtiResponse> {
    const { iss, login_hint: loginHint, target_link_uri: target } = params;
    if (!iss || !loginHint || !target) {
      throw new LtiError(400, 'lti_request_invalid', 'Login needs iss, login_hint and target_link_uri.');
    }
    const candidates = await this.storage.lti.platformsByIssuer(iss);
    const platform = params.client_id ? candidates.find((p) => p.clientId === params.client_id) : candidates[0];
    if (!platform || (!params.client_id && candidates.length > 1)) {
      throw new LtiError(403, 'lti_platform_unknown', `The platform ${iss} is not registered with this hub.`);
    }
    if (params.lti_deployment_id && !platform.deploymentIds.includes(params.lti_deployment_id)) {
      throw new LtiError(403, 'lti_deployment_unknown', 'This deployment of the tool is not registered with this hub.');
    }
    if (!URL.canParse(target) || new URL(target).origin !== new URL(baseUrl).origin) {
      throw new LtiError(400, 'lti_request_invalid', 'target_link_uri does not point at this hub.');
    }
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    const storageTarget = params.lti_storage_target || undefined;
    await this.storage.write((tx) =>
      tx.lti.putState({
        state,
        nonce,
        platformId: platform.id,
        targetLinkUri: target,
        ...(storageTarget && { storageTarget }),
        expiresAt: new Date(Date.now() + LOGIN_STATE_TTL_MS).toISOString(),
      }),
    );
    void this.storage.write((tx) => tx.lti.prune(new Date().toISOString())).catch(() => undefined);
    const auth = new URL(platform.authUrl);
    const query: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${baseUrl}/lti/launch`,
      login_hint: loginHint,
      state,
      nonce,
    };
    if (params.lti_message_hint) query.lti_message_hint = params.lti_message_hint;
    if (storageTarget) query.lti_storage_target = storageTarget;
    for (const [name, value] of Object.entries(query)) auth.searchParams.set(name, value);
    if (!storageTarget) return { redirect: auth.toString() };
    const lang = pickLanguage(acceptLanguage);
    return {
      html: storagePage(lang, 'put', {
        target: storageTarget,
        origin: new URL(platform.authUrl).origin,
        state,
        nonce,
        next: auth.toString(),
      }),
    };
  }

  /** `POST /lti/launch`: verifies the id_token, then opens the session page or the Deep Linking picker. */
  async launch(
    form: Record<string, string | undefined>,
    baseUrl: string,
    acceptLanguage?: string,
  ): Promise<LtiResponse> {
    if (form.error !== undefined && form.id_token === undefined) return this.refused(form);
    if (form.id_token === undefined && form.lti_message_type !== undefined) {
      throw new LtiError(
        400,
        'lti_message_unsupported',
        'The course sent an LTI 1.1 launch; teleECHO is an LTI 1.3 tool. An administrator must link this activity to ' +
          'the LTI 1.3 (LTI Advantage) registration of teleECHO, and activate that registration if it is pending.',
      );
    }
    const verified = await verifyLaunch(this.storage, this.platformKeys, form.id_token, form.state);
    if (!verified.platform.activatedAt)
      await this.storage.write((tx) => tx.lti.markActivated(verified.platform.id, new Date().toISOString()));
    const presentation = verified.claims[CLAIM.launchPresentation] as { locale?: string } | undefined;
    const lang = pickLanguage(presentation?.locale, acceptLanguage);
    if (verified.storageTarget) {
      // Client-side OIDC: the page checks the state in the platform's storage, then posts the signed ticket back.
      const ticket = await this.sign({ launch: verified.claims, platformId: verified.platform.id }, '2m');
      return {
        html: storagePage(
          lang,
          'check',
          { target: verified.storageTarget, origin: new URL(verified.platform.authUrl).origin, state: verified.state },
          { action: '/lti/launch/continue', fields: { ticket } },
        ),
      };
    }
    return this.open(verified.platform, verified.claims, baseUrl, lang);
  }

  /**
   * The platform answered the OIDC login with an error (OpenID Connect Core 3.1.2.6, posted back like a launch:
   * `error`, `error_description`, `state`). A platform registered dynamically that never launched has most likely
   * not been activated yet — Moodle keeps such tools pending — and the page says so.
   */
  private async refused(form: Record<string, string | undefined>): Promise<never> {
    const state = form.state;
    const login = state
      ? await this.storage.write((tx) => tx.lti.takeState(state, new Date().toISOString()))
      : undefined;
    const platform = login && (await this.storage.lti.getPlatform(login.platformId));
    const error = (form.error ?? '').replace(/[^\w.-]/g, '').slice(0, 64) || 'error';
    const description = (form.error_description ?? '').slice(0, 300).trim();
    const said = `"${error}"${description ? ` (${description})` : ''}`;
    if (platform?.registeredVia === 'dynamic' && !platform.activatedAt) {
      throw new LtiError(
        403,
        'lti_tool_pending',
        `teleECHO is registered with ${platform.name}, which has not activated it yet: it answered the sign-in with ${said}.`,
      );
    }
    throw new LtiError(
      403,
      'lti_platform_refused',
      `${platform?.name ?? 'The platform'} refused the sign-in: ${said}.`,
    );
  }

  /** `POST /lti/launch/continue`: the launch after the client-side state check. */
  async continueLaunch(form: Record<string, string | undefined>, baseUrl: string): Promise<LtiResponse> {
    const payload = await this.verifyTicket(form.ticket);
    const platform = await this.storage.lti.getPlatform(String(payload.platformId));
    if (!platform) throw new LtiError(403, 'lti_platform_unknown', 'The platform is no longer registered.');
    const claims = payload.launch as Record<string, unknown>;
    const presentation = claims[CLAIM.launchPresentation] as { locale?: string } | undefined;
    return this.open(platform, claims, baseUrl, pickLanguage(presentation?.locale));
  }

  private async open(
    platform: LtiPlatform,
    claims: Record<string, unknown>,
    baseUrl: string,
    lang: string,
  ): Promise<LtiResponse> {
    const deploymentId = String(claims[CLAIM.deploymentId]);
    if (claims[CLAIM.messageType] === 'LtiDeepLinkingRequest') return this.picker(platform, deploymentId, claims, lang);
    const link = claims[CLAIM.resourceLink] as { id?: string } | undefined;
    if (!link?.id) throw new LtiError(400, 'lti_request_invalid', 'The launch has no resource link.');
    const resourceLinkId = link.id;
    const session = await this.linkedSession(platform, claims);
    const role = roleFromLti(claims[CLAIM.roles]);
    const sub = String(claims.sub);
    const userName = nameOf(claims);
    const ags = claims[CLAIM.ags] as AgsEndpoint | undefined;
    const agsScopes = ags && Array.isArray(ags.scope) ? ags : undefined;
    await this.storage.write((tx) =>
      tx.lti.saveLaunch({
        id: `lln_${randomBytes(12).toString('base64url')}`,
        platformId: platform.id,
        deploymentId,
        resourceLinkId,
        userSub: sub,
        userName,
        role,
        sessionId: session.id,
        programId: session.programId,
        ...(agsScopes && { ags: agsScopes }),
      }),
    );
    const user = { platformId: platform.id, sessionId: session.id, sub, userName, role, lang };
    return this.sessionResponse(user, baseUrl, session);
  }

  /**
   * The session page for one launched user, with a fresh embed token, and the URL that opens the same page in a
   * window of its own (`/lti/window?ticket=…`, for screen sharing where the LMS frame forbids `display-capture`).
   * The ticket lasts as long as an embed token and grants what the page's own token grants.
   */
  private async sessionResponse(user: WindowTicket, baseUrl: string, session?: Session): Promise<LtiResponse> {
    const found = session ?? (await this.storage.sessions.get(user.sessionId));
    if (!found) throw new LtiError(404, 'lti_session_missing', 'The teleECHO session of this activity does not exist.');
    const token = await signEmbedToken({
      issuer: HUB_ISSUER,
      key: this.hubKey,
      user: { id: ltiUserId(user.platformId, user.sub), name: user.userName },
      role: user.role,
      programId: found.programId,
      sessionId: found.id,
      ttlSeconds: MAX_TOKEN_TTL_SECONDS,
    });
    const ticket = await this.sign({ window: user }, `${MAX_TOKEN_TTL_SECONDS}s`, WINDOW_AUDIENCE);
    const standaloneUrl = `${baseUrl}/lti/window?ticket=${encodeURIComponent(ticket)}`;
    const connect = this.liveKitUrl ? [this.liveKitUrl, this.liveKitUrl.replace(/^ws/, 'http')] : [];
    const html = sessionPage({
      lang: user.lang,
      hubUrl: baseUrl,
      session: found,
      token,
      userName: user.userName,
      role: user.role,
      standaloneUrl,
    });
    return { html, connect };
  }

  /** `GET /lti/window?ticket=…`: the session page of a launch again, in a window of its own. */
  async openWindow(query: Record<string, string | undefined>, baseUrl: string): Promise<LtiResponse> {
    const payload = await this.verifyTicket(query.ticket, WINDOW_AUDIENCE);
    const user = payload.window as WindowTicket | undefined;
    if (!user?.platformId || !user.sessionId) throw new LtiError(400, 'lti_request_invalid', 'This link is not valid.');
    if (!(await this.storage.lti.getPlatform(user.platformId))) {
      throw new LtiError(403, 'lti_platform_unknown', 'The platform is no longer registered.');
    }
    return this.sessionResponse(user, baseUrl);
  }

  /** The session a resource link points at: `custom.session_id`, or `custom.series_id` (a recurring session). */
  private async linkedSession(platform: LtiPlatform, claims: Record<string, unknown>): Promise<Session> {
    const custom = (claims[CLAIM.custom] ?? {}) as Record<string, unknown>;
    const id = [custom.session_id, custom.series_id].find((v) => typeof v === 'string' && v && !v.startsWith('$'));
    if (typeof id !== 'string') {
      throw new LtiError(400, 'lti_session_missing', 'This activity is not linked to a teleECHO session yet.');
    }
    const session = await this.storage.sessions.get(id);
    if (!session || (platform.programId && session.programId !== platform.programId)) {
      throw new LtiError(404, 'lti_session_missing', 'The teleECHO session of this activity does not exist.');
    }
    return session;
  }

  private async picker(
    platform: LtiPlatform,
    deploymentId: string,
    claims: Record<string, unknown>,
    lang: string,
  ): Promise<LtiResponse> {
    const settings = claims[CLAIM.deepLinkingSettings] as
      { deep_link_return_url?: string; accept_types?: string[]; data?: string } | undefined;
    if (!settings?.deep_link_return_url) {
      throw new LtiError(400, 'lti_request_invalid', 'The Deep Linking request has no return URL.');
    }
    if (settings.accept_types && !settings.accept_types.includes('ltiResourceLink')) {
      throw new LtiError(400, 'lti_message_unsupported', 'The platform does not accept LTI resource links here.');
    }
    const ags = claims[CLAIM.ags] as AgsEndpoint | undefined;
    const ticket: DeepLinkTicket = {
      platformId: platform.id,
      deploymentId,
      returnUrl: settings.deep_link_return_url,
      ...(settings.data !== undefined && { data: settings.data }),
      lineItem: Boolean(ags?.scope?.includes(AGS_SCOPE.lineitem)),
      lang,
    };
    const { upcoming, series } = await this.choices(platform);
    return { html: pickerPage(lang, await this.sign({ ...ticket }, '1h'), upcoming, series) };
  }

  private async choices(platform: LtiPlatform): Promise<{ upcoming: PickerChoice[]; series: PickerChoice[] }> {
    const programIds = platform.programId
      ? [platform.programId]
      : (await this.storage.programs.list({ limit: 100 })).items.map((p) => p.id);
    const upcoming: PickerChoice[] = [];
    const series: PickerChoice[] = [];
    const from = new Date(Date.now() - 6 * 3_600_000).toISOString();
    for (const programId of programIds) {
      const page = await this.storage.sessions.list({ programId }, { limit: 100 });
      for (const s of page.items) {
        if (s.status === 'cancelled') continue;
        const end = Date.parse(s.startsAt) + s.durationMinutes * 60_000;
        if (s.recurrence) series.push({ value: `series:${s.id}`, label: s.title });
        if (end >= Date.parse(from) && s.status !== 'ended') {
          upcoming.push({ value: `session:${s.id}`, label: s.title, when: s.startsAt });
        }
      }
    }
    upcoming.sort((a, b) => (a.when ?? '').localeCompare(b.when ?? ''));
    return { upcoming, series };
  }

  /** `POST /lti/deep-link`: the picker's choice → an auto-posted, signed `LtiDeepLinkingResponse`. */
  async deepLink(form: Record<string, string | undefined>, baseUrl: string): Promise<LtiResponse> {
    const ticket = (await this.verifyTicket(form.ticket)) as unknown as DeepLinkTicket;
    const platform = await this.storage.lti.getPlatform(ticket.platformId);
    if (!platform) throw new LtiError(403, 'lti_platform_unknown', 'The platform is no longer registered.');
    const items: Record<string, unknown>[] = [];
    if (form.action !== 'cancel') {
      const [kind, id] = (form.choice ?? '').split(':');
      const session = id ? await this.storage.sessions.get(id) : undefined;
      if (!session || (kind !== 'session' && kind !== 'series')) {
        throw new LtiError(400, 'lti_request_invalid', 'Choose a session or a series.');
      }
      if (platform.programId && session.programId !== platform.programId) {
        throw new LtiError(404, 'lti_session_missing', 'That session belongs to another programme.');
      }
      const program = await this.storage.programs.get(session.programId);
      const max = program && program.creditRule.creditsPerSession > 0 ? program.creditRule.creditsPerSession : 1;
      items.push(
        contentItem(session, kind, `${baseUrl}/lti/launch`, ticket.lineItem ? { scoreMaximum: max } : undefined),
      );
    }
    const jwt = await signDeepLinkingResponse(this.keys, platform, ticket, items);
    return { html: autoPostPage(ticket.lang, ticket.returnUrl, { JWT: jwt }) };
  }

  /** `GET /lti/register`: dynamic registration. */
  async register(
    query: Record<string, string | undefined>,
    baseUrl: string,
    acceptLanguage?: string,
  ): Promise<LtiResponse> {
    const platform = await register(
      this.storage,
      baseUrl,
      query.openid_configuration,
      query.registration_token,
      query.program || undefined,
    );
    return { html: registeredPage(pickLanguage(acceptLanguage), platform.name, platform.scopes === null) };
  }

  private sign(payload: Record<string, unknown>, ttl: string, audience = TICKET_AUDIENCE): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime(ttl)
      .setAudience(audience)
      .sign(this.ticketKey);
  }

  private async verifyTicket(ticket: string | undefined, audience = TICKET_AUDIENCE): Promise<Record<string, unknown>> {
    if (!ticket) throw new LtiError(400, 'lti_request_invalid', 'The form carries no ticket.');
    try {
      return (await jwtVerify(ticket, this.ticketKey, { audience, algorithms: ['HS256'] })).payload;
    } catch {
      throw new LtiError(400, 'lti_request_invalid', 'This form has expired. Start again from the course.');
    }
  }
}
