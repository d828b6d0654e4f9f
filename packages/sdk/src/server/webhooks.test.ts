import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { EchoError } from '../errors.js';
import {
  WebhookSignatureError,
  constructWebhookEvent,
  signWebhookPayload,
  verifyWebhookSignature,
} from './webhooks.js';

const secret = 'whsec_test_0123456789abcdefghijklmnopqrstuv';
const body = JSON.stringify({ id: 'whd_1', type: 'recommendation.issued', recommendation: { body: 'Start DAA' } });
const now = 1_900_000_000;

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof WebhookSignatureError && error instanceof EchoError, String(error));
    return error.code;
  }
  return 'no error';
}

describe('host webhook signatures', () => {
  test('the header is t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> and verifies', () => {
    const header = signWebhookPayload({ payload: body, secret, timestamp: now });
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    assert.equal(header, `t=${now},v1=${expected}`);
    assert.deepEqual(verifyWebhookSignature({ payload: body, header, secret, now: now + 10 }), { timestamp: now });
    assert.deepEqual(verifyWebhookSignature({ payload: Buffer.from(body), header, secret, now }), { timestamp: now });
    const event = constructWebhookEvent({ payload: body, header, secret, now });
    assert.equal(event.id, 'whd_1');
    assert.equal(event.recommendation.body, 'Start DAA');
  });

  test('a tampered body, a wrong secret, an old or future timestamp, a missing or malformed header are refused', () => {
    const header = signWebhookPayload({ payload: body, secret, timestamp: now });
    const tampered = body.replace('Start DAA', 'Stop DAA');
    assert.equal(
      code(() => verifyWebhookSignature({ payload: tampered, header, secret, now })),
      'webhook_signature_mismatch',
    );
    assert.equal(
      code(() => verifyWebhookSignature({ payload: body, header, secret: `${secret}x`, now })),
      'webhook_signature_mismatch',
    );
    assert.equal(
      code(() => verifyWebhookSignature({ payload: body, header, secret, now: now + 301 })),
      'webhook_timestamp_out_of_tolerance',
    );
    assert.equal(
      code(() => verifyWebhookSignature({ payload: body, header, secret, now: now - 301 })),
      'webhook_timestamp_out_of_tolerance',
    );
    assert.doesNotThrow(() =>
      verifyWebhookSignature({ payload: body, header, secret, now: now + 3000, toleranceSeconds: 3600 }),
    );
    assert.equal(
      code(() => verifyWebhookSignature({ payload: body, header: undefined, secret, now })),
      'webhook_signature_missing',
    );
    assert.equal(
      code(() => verifyWebhookSignature({ payload: body, header: 'v1=abc', secret, now })),
      'webhook_signature_malformed',
    );
    // re-signing the tampered body with a replayed timestamp but without the secret is impossible; a second v1 (rotation) is accepted
    const rotated = `${header},v1=${'0'.repeat(64)}`;
    assert.doesNotThrow(() => verifyWebhookSignature({ payload: body, header: rotated, secret, now }));
  });
});
