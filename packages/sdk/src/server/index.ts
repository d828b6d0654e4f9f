/**
 * Node-only helpers for host backends: mint embed tokens offline.
 * Never import this module in browser code; it is a separate export so browser
 * bundles never pull it in.
 * @packageDocumentation
 */
export {
  createEmbedToken,
  signEmbedToken,
  parseApiKey,
  deriveTokenSigningKey,
  EMBED_TOKEN_AUDIENCE,
  DEFAULT_TOKEN_TTL_SECONDS,
  MAX_TOKEN_TTL_SECONDS,
} from './embed-token.js';
export type { CreateEmbedTokenOptions, ParsedApiKey } from './embed-token.js';
