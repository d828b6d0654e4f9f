import { createHmac, timingSafeEqual } from 'node:crypto';
import { EchoError } from '../errors.js';
import type { FhirCommunication } from '../fhir/communication.js';
import type { CaseStatus, Recommendation } from '../types.js';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'TeleECHO-Signature';
/** Header carrying the delivery id (also the payload's `id`); the same on every retry, so receivers dedupe on it. */
export const WEBHOOK_DELIVERY_HEADER = 'TeleECHO-Delivery';
/** Default tolerance between the signature's timestamp and now: 5 minutes. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** Event types the hub sends to a host's webhook. */
export type HostWebhookEventType = 'recommendation.issued' | 'recommendation.amended' | 'recommendation.acknowledged';

/** The JSON body of a host webhook delivery. */
export interface HostWebhookEvent {
  /** Delivery id (`whd_…`), equal to the `TeleECHO-Delivery` header; the same on every retry. */
  id: string;
  type: HostWebhookEventType;
  /** When the change happened (ISO 8601). */
  createdAt: string;
  /** The case the recommendation is about (de-identified; no patient exists hub-side). */
  case: { id: string; programId: string; title: string; status: CaseStatus };
  /** The recommendation after the change; `history` holds earlier versions (what an amendment changed). */
  recommendation: Recommendation;
  /** The recommendation as a FHIR R4 `Communication` the host may file in its chart (add `subject` host-side). */
  communication: FhirCommunication;
}

/** Why a webhook signature was refused (the `code` of a {@link WebhookSignatureError}). */
export type WebhookSignatureErrorCode =
  | 'webhook_signature_missing'
  | 'webhook_signature_malformed'
  | 'webhook_timestamp_out_of_tolerance'
  | 'webhook_signature_mismatch';

/** A webhook delivery whose signature does not verify. Answer it with 400 and do not process it. */
export class WebhookSignatureError extends EchoError {
  declare readonly code: WebhookSignatureErrorCode;
  constructor(code: WebhookSignatureErrorCode, message: string) {
    super(code, message);
  }
}

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /** The raw request body exactly as received (not re-serialised JSON). */
  payload: string | Uint8Array;
  /** The `TeleECHO-Signature` header value. */
  header: string | string[] | null | undefined;
  /** The webhook signing secret printed by `teleecho api-key create --webhook-url …` (`whsec_…`). */
  secret: string;
  /** Largest accepted age (or clock skew) of the signature in seconds; default 300. */
  toleranceSeconds?: number;
  /** "Now" in seconds since epoch; for tests. */
  now?: number;
}

function hmacHex(secret: string, timestamp: number, payload: string | Uint8Array): string {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The `TeleECHO-Signature` header value for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.
 * The hub signs with it; receivers use {@link verifyWebhookSignature}.
 */
export function signWebhookPayload(options: {
  payload: string | Uint8Array;
  secret: string;
  timestamp?: number;
}): string {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return `t=${timestamp},v1=${hmacHex(options.secret, timestamp, options.payload)}`;
}

/**
 * Verifies a webhook delivery: the header's timestamp is within `toleranceSeconds` of now and one of its
 * `v1` signatures is the HMAC-SHA256 of `"<t>.<raw body>"` keyed by `secret` (compared in constant time).
 *
 * @returns the signature's timestamp (seconds since epoch).
 * @throws {@link WebhookSignatureError} (codes `webhook_signature_missing`, `webhook_signature_malformed`,
 *   `webhook_timestamp_out_of_tolerance`, `webhook_signature_mismatch`).
 */
export function verifyWebhookSignature(options: VerifyWebhookOptions): { timestamp: number } {
  const header = Array.isArray(options.header) ? options.header.join(',') : options.header;
  if (!header) throw new WebhookSignatureError('webhook_signature_missing', `no ${WEBHOOK_SIGNATURE_HEADER} header`);
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || !signatures.length) {
    throw new WebhookSignatureError(
      'webhook_signature_malformed',
      `${WEBHOOK_SIGNATURE_HEADER} must look like t=<unix seconds>,v1=<64 hex>`,
    );
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookSignatureError(
      'webhook_timestamp_out_of_tolerance',
      `the signature is ${now - timestamp} s old (tolerance ${tolerance} s): possibly a replay`,
    );
  }
  const expected = Buffer.from(hmacHex(options.secret, timestamp, options.payload), 'hex');
  const ok = signatures.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
  if (!ok) {
    throw new WebhookSignatureError(
      'webhook_signature_mismatch',
      'the signature does not match the body (wrong secret, or the body was changed)',
    );
  }
  return { timestamp };
}

/**
 * Verifies a delivery with {@link verifyWebhookSignature} and parses its body.
 *
 * @example
 * ```ts
 * import { constructWebhookEvent } from '@teleecho/sdk/server';
 * const event = constructWebhookEvent({ payload: rawBody, header: req.headers['teleecho-signature'], secret });
 * if (event.type === 'recommendation.issued') await chart.file(event.communication);
 * ```
 * @throws {@link WebhookSignatureError} when the signature does not verify; `EchoError` `webhook_payload_invalid`
 *   when the body is not JSON.
 */
export function constructWebhookEvent(options: VerifyWebhookOptions): HostWebhookEvent {
  verifyWebhookSignature(options);
  const text = typeof options.payload === 'string' ? options.payload : Buffer.from(options.payload).toString('utf8');
  try {
    return JSON.parse(text) as HostWebhookEvent;
  } catch (error) {
    throw new EchoError('webhook_payload_invalid', 'the webhook body is not JSON', { cause: error });
  }
}
