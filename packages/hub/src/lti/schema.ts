/**
 * Table types of the LTI 1.3 tool (migrations `005_lti`, `007_lti_platform_state`), merged into the hub's
 * {@link Database}.
 * @packageDocumentation
 */

/** The tool's RSA key pairs (JWK JSON). The newest unretired one signs; all unretired ones are published. */
export interface LtiToolKeyTable {
  kid: string;
  private_jwk: string;
  public_jwk: string;
  created_at: string;
  retired_at: string | null;
}

/** A registered LTI platform (e.g. one Moodle site): issuer + client id, its endpoints and keys. */
export interface LtiPlatformTable {
  id: string;
  issuer: string;
  client_id: string;
  name: string;
  auth_url: string;
  token_url: string;
  jwks_url: string;
  /** Programme whose sessions this platform links (deep linking lists them). */
  program_id: string | null;
  /** JSON: scopes granted at registration (dynamic registration), informational; `null` when the platform did not say. */
  scopes: string;
  created_at: string;
  /** `dynamic` or `manual` (migration `007_lti_platform_state`); null for platforms registered before it. */
  registered_via: string | null;
  /** When the first launch from this platform verified. */
  activated_at: string | null;
}

export interface LtiDeploymentTable {
  platform_id: string;
  deployment_id: string;
  created_at: string;
}

/** OIDC login state, kept server side (no cookies), single use, short-lived. */
export interface LtiStateTable {
  state: string;
  nonce: string;
  platform_id: string;
  target_link_uri: string;
  /** The platform frame name for the client-side (postMessage) state check, when the platform offered one. */
  storage_target: string | null;
  expires_at: string;
}

/** Nonces of accepted id_tokens (per platform); a second launch with the same nonce is a replay. */
export interface LtiNonceTable {
  platform_id: string;
  nonce: string;
  expires_at: string;
}

/** One user's launch of one resource link: what AGS needs to report their completion later. */
export interface LtiLaunchTable {
  id: string;
  platform_id: string;
  deployment_id: string;
  resource_link_id: string;
  user_sub: string;
  user_name: string;
  role: string;
  session_id: string;
  program_id: string;
  /** AGS endpoint claim (JSON) or null when the platform offered none. */
  ags: string | null;
  created_at: string;
  updated_at: string;
}

/** Scores waiting to reach (or sent to) a platform: exactly one per user + session + line item. */
export interface LtiScoreOutboxTable {
  id: string;
  dedupe_key: string;
  launch_id: string;
  platform_id: string;
  user_sub: string;
  session_id: string;
  /** The line item URL once known (created lazily when the platform allows it). */
  lineitem: string | null;
  score: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** The LTI tables. */
export interface LtiTables {
  lti_tool_keys: LtiToolKeyTable;
  lti_platforms: LtiPlatformTable;
  lti_deployments: LtiDeploymentTable;
  lti_states: LtiStateTable;
  lti_nonces: LtiNonceTable;
  lti_launches: LtiLaunchTable;
  lti_score_outbox: LtiScoreOutboxTable;
}
