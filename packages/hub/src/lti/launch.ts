/**
 * Verifying an LTI 1.3 launch (`POST /lti/launch`): the id_token's signature against the platform's JWKS, `iss`
 * registered, `aud` = client id (and `azp`), `exp`/`iat`, a single-use `nonce`, the deployment, the message type
 * and version, and the OIDC `state` from the login step (kept server side; no cookies).
 * @packageDocumentation
 */
import {
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  errors as joseErrors,
  jwtVerify,
  type FetchImplementation,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { CLAIM, LTI_VERSION, MESSAGE_TYPES, type LtiMessageType } from './claims.js';
import { LtiError } from './errors.js';
import type { LtiPlatform, Storage, StorageReader } from '../storage/storage.js';

/** Allowed clock skew between platform and tool, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Longest accepted id_token lifetime (exp − iat), in seconds. */
export const MAX_ID_TOKEN_LIFETIME_SECONDS = 3600;

/** How long a platform's key set may take to answer, in ms (jose's default). */
export const JWKS_TIMEOUT_MS = 5_000;

/**
 * The platform's key set could not be used: its URL is unreachable, answered other than 200 (Moodle's `certs.php`
 * behind a login page, a 404, a 503…), answered something that is not a JSON Web Key Set, or did not answer in time.
 * The launch is then answered 502 `lti_platform_keys_unavailable`, naming the platform.
 */
export class PlatformKeysUnavailable extends Error {
  override name = 'PlatformKeysUnavailable';
  constructor(
    readonly jwksUrl: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${jwksUrl}: ${reason}`, options);
  }
}

/** jose's fetch for key sets, with network failures and non-200 answers turned into {@link PlatformKeysUnavailable}. */
function keySetFetch(jwksUrl: string): FetchImplementation {
  return async (url, init) => {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      // jose turns an aborted fetch (its timeout signal) into JWKSTimeout; keep that one as it is.
      if ((error as Error)?.name === 'TimeoutError') throw error;
      const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
      throw new PlatformKeysUnavailable(jwksUrl, `unreachable (${cause?.code ?? cause?.message ?? String(error)})`, {
        cause: error,
      });
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new PlatformKeysUnavailable(jwksUrl, `answered HTTP ${response.status}`);
    }
    return response;
  };
}

/**
 * Classifies what jose's remote key set threw, by class and code: a key that is not there (or several) is the
 * token's problem (a bad signature); everything about getting the set is the platform's.
 */
function keySetError(jwksUrl: string, timeoutMs: number, error: unknown): unknown {
  if (error instanceof PlatformKeysUnavailable) return error;
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return error;
  }
  if (error instanceof joseErrors.JWKSTimeout) {
    return new PlatformKeysUnavailable(jwksUrl, `no answer within ${timeoutMs / 1000} s`, { cause: error });
  }
  if (error instanceof joseErrors.JWKSInvalid) {
    return new PlatformKeysUnavailable(jwksUrl, 'the answer is not a JSON Web Key Set', { cause: error });
  }
  if (error instanceof joseErrors.JOSEError && error.code === joseErrors.JOSEError.code) {
    // The generic code comes only from reading the set (the answer is not JSON); key problems have their own codes.
    return new PlatformKeysUnavailable(jwksUrl, 'the answer is not JSON', { cause: error });
  }
  return error;
}

/** JWKS of platforms, fetched and cached by jose (cooldown 30 s, cache 10 min, {@link JWKS_TIMEOUT_MS}). */
export class PlatformKeys {
  private readonly sets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly timeoutMs: number = JWKS_TIMEOUT_MS) {}

  get(jwksUrl: string): JWTVerifyGetKey {
    let set = this.sets.get(jwksUrl);
    if (!set) {
      const remote = createRemoteJWKSet(new URL(jwksUrl), {
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
        timeoutDuration: this.timeoutMs,
        [customFetch]: keySetFetch(jwksUrl),
      });
      set = async (header, token) => {
        try {
          return await remote(header, token);
        } catch (error) {
          throw keySetError(jwksUrl, this.timeoutMs, error);
        }
      };
      this.sets.set(jwksUrl, set);
    }
    return set;
  }
}

/** A verified launch message. */
export interface VerifiedLaunch {
  platform: LtiPlatform;
  messageType: LtiMessageType;
  deploymentId: string;
  claims: JWTPayload & Record<string, unknown>;
  /** Whether the login step asked for the client-side (postMessage) state check. */
  storageTarget?: string;
  state: string;
}

const audiences = (aud: unknown): string[] => (Array.isArray(aud) ? aud.map(String) : aud ? [String(aud)] : []);

/** Finds the platform of an id_token by its (unverified) `iss` and `aud`/`azp`. */
export async function platformOf(store: StorageReader, idToken: string): Promise<LtiPlatform> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(idToken);
  } catch {
    throw new LtiError(400, 'lti_token_invalid', 'The id_token is not a JWT.');
  }
  if (typeof unverified.iss !== 'string') throw new LtiError(400, 'lti_token_invalid', 'The id_token has no issuer.');
  const candidates = await store.lti.platformsByIssuer(unverified.iss);
  if (!candidates.length) {
    throw new LtiError(403, 'lti_platform_unknown', `The platform ${unverified.iss} is not registered with this hub.`);
  }
  const aud = audiences(unverified.aud);
  const azp = typeof unverified.azp === 'string' ? unverified.azp : undefined;
  const platform =
    candidates.find((p) => (azp ? p.clientId === azp : aud.includes(p.clientId))) ??
    candidates.find((p) => aud.includes(p.clientId));
  if (!platform) {
    throw new LtiError(401, 'lti_audience_invalid', 'The id_token is not addressed to a client id of this hub.');
  }
  return platform;
}

/**
 * Verifies an id_token posted to `/lti/launch` together with its `state`. Consumes the nonce (a second launch with
 * the same nonce is refused as a replay) and the state (single use).
 */
export async function verifyLaunch(
  storage: Storage,
  keys: PlatformKeys,
  idToken: string | undefined,
  state: string | undefined,
  now: Date = new Date(),
): Promise<VerifiedLaunch> {
  if (!idToken) throw new LtiError(400, 'lti_request_invalid', 'The launch carries no id_token.');
  const platform = await platformOf(storage, idToken);
  let claims: JWTPayload & Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(idToken, keys.get(platform.jwksUrl), {
      algorithms: ['RS256'],
      issuer: platform.issuer,
      audience: platform.clientId,
      requiredClaims: ['exp', 'iat', 'nonce', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_ID_TOKEN_LIFETIME_SECONDS,
      currentDate: now,
    }));
  } catch (error) {
    if (error instanceof PlatformKeysUnavailable) {
      throw new LtiError(
        502,
        'lti_platform_keys_unavailable',
        `The keys of the platform "${platform.name}" could not be fetched: ${error.jwksUrl} ${error.reason}.`,
      );
    }
    if (error instanceof joseErrors.JWTExpired) {
      throw new LtiError(401, 'lti_token_expired', 'The launch has expired. Open the activity again from the course.');
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      if (error.claim === 'aud')
        throw new LtiError(401, 'lti_audience_invalid', 'The id_token has the wrong audience.');
      if (error.claim === 'iat') {
        throw new LtiError(401, 'lti_token_expired', 'The launch is too old. Open the activity again.');
      }
      throw new LtiError(401, 'lti_token_invalid', `The id_token's "${error.claim}" claim is invalid.`);
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
      throw new LtiError(401, 'lti_signature_invalid', 'The launch signature does not verify with the platform keys.');
    }
    throw new LtiError(401, 'lti_token_invalid', 'The id_token is invalid.');
  }
  const aud = audiences(claims.aud);
  if (aud.length > 1 && claims.azp !== platform.clientId) {
    throw new LtiError(401, 'lti_audience_invalid', 'The id_token has several audiences and no matching azp.');
  }
  if (claims.azp !== undefined && claims.azp !== platform.clientId) {
    throw new LtiError(401, 'lti_audience_invalid', 'The id_token azp is not this client id.');
  }
  const nonce = String(claims.nonce);
  const nonceExpiry = new Date(((claims.exp ?? 0) + CLOCK_TOLERANCE_SECONDS) * 1000 + 3_600_000).toISOString();
  if (!(await storage.write((tx) => tx.lti.useNonce(platform.id, nonce, nonceExpiry)))) {
    throw new LtiError(401, 'lti_nonce_replayed', 'This launch was already used (replayed nonce).');
  }
  if (!state) throw new LtiError(400, 'lti_state_invalid', 'The launch carries no state.');
  const login = await storage.write((tx) => tx.lti.takeState(state, now.toISOString()));
  if (!login || login.platformId !== platform.id || login.nonce !== nonce) {
    throw new LtiError(401, 'lti_state_invalid', 'The launch does not match a login started here (state).');
  }
  if (claims[CLAIM.version] !== LTI_VERSION) {
    throw new LtiError(400, 'lti_message_unsupported', `Only LTI ${LTI_VERSION} messages are supported.`);
  }
  const messageType = claims[CLAIM.messageType];
  if (!MESSAGE_TYPES.includes(messageType as LtiMessageType)) {
    throw new LtiError(400, 'lti_message_unsupported', `Message type "${String(messageType)}" is not supported.`);
  }
  // A string by the spec; a platform that sends its numeric id as a JSON number means the same deployment.
  const rawDeployment = claims[CLAIM.deploymentId];
  const deploymentId = Number.isSafeInteger(rawDeployment) ? String(rawDeployment) : rawDeployment;
  if (typeof deploymentId !== 'string' || !platform.deploymentIds.includes(deploymentId)) {
    throw new LtiError(403, 'lti_deployment_unknown', 'This deployment of the tool is not registered with this hub.');
  }
  return {
    platform,
    messageType: messageType as LtiMessageType,
    deploymentId,
    claims,
    state,
    ...(login.storageTarget && { storageTarget: login.storageTarget }),
  };
}
