import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_CHAT_LENGTH, decodeMessage, encodeMessage, type DataMessage } from './protocol.js';

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe('teleECHO data protocol v1', () => {
  test('every message type round-trips', () => {
    const messages: DataMessage[] = [
      { v: 1, type: 'hand', raised: true },
      { v: 1, type: 'chat', id: 'm1', text: '¿Alguna pregunta?' },
      { v: 1, type: 'lower-all-hands' },
      { v: 1, type: 'spotlight', identity: null },
      { v: 1, type: 'spotlight', identity: 'dr-fac' },
      { v: 1, type: 'muted', identity: 'spoke-1' },
    ];
    for (const message of messages) assert.deepEqual(decodeMessage(encodeMessage(message)), message);
  });

  test('malformed, unknown and future messages are ignored', () => {
    assert.equal(decodeMessage(new TextEncoder().encode('not json')), undefined);
    assert.equal(decodeMessage(bytes({ v: 2, type: 'hand', raised: true })), undefined);
    assert.equal(decodeMessage(bytes({ v: 1, type: 'kick', identity: 'x' })), undefined);
    assert.equal(decodeMessage(bytes({ v: 1, type: 'hand', raised: 'yes' })), undefined);
    assert.equal(
      decodeMessage(bytes({ v: 1, type: 'chat', id: 'x', text: 'a'.repeat(MAX_CHAT_LENGTH + 1) })),
      undefined,
    );
    assert.equal(decodeMessage(bytes(null)), undefined);
  });

  test('extra fields are dropped', () => {
    assert.deepEqual(decodeMessage(bytes({ v: 1, type: 'hand', raised: false, role: 'facilitator' })), {
      v: 1,
      type: 'hand',
      raised: false,
    });
  });
});
