/**
 * Node-only helpers for host backends: mint embed tokens offline, verify host webhooks.
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
export {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WebhookSignatureError,
  constructWebhookEvent,
  signWebhookPayload,
  verifyWebhookSignature,
} from './webhooks.js';
export type {
  HostWebhookEvent,
  HostWebhookEventType,
  VerifyWebhookOptions,
  WebhookSignatureErrorCode,
} from './webhooks.js';
