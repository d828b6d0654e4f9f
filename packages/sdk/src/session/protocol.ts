/**
 * The teleECHO data protocol over LiveKit data packets (reliable, topic `teleecho`): small JSON
 * messages with a version field. Unknown versions and malformed messages are ignored, so newer
 * clients can add message types without breaking older ones.
 *
 * | type | sent by | body | effect |
 * |---|---|---|---|
 * | `hand` | anyone who may publish data | `{ raised: boolean }` | raises / lowers the sender's hand |
 * | `chat` | anyone who may publish data | `{ id, text }` (≤ 2000 chars) | a chat message |
 * | `lower-all-hands` | facilitator, coordinator | `{}` | everyone's hand goes down |
 * | `spotlight` | facilitator, coordinator | `{ identity: string \| null }` | who is in focus (or nobody) |
 * | `muted` | facilitator, coordinator | `{ identity }` | tells the target it was muted (the hub mutes the track) |
 *
 * Moderation messages are obeyed only when the sender's LiveKit metadata (set by the hub) carries a
 * moderating role, so a participant cannot fake them.
 * @packageDocumentation
 */

/** Data packet topic of the protocol. */
export const DATA_TOPIC = 'teleecho';
/** Protocol version. */
export const PROTOCOL_VERSION = 1;
/** Longest chat message in characters. */
export const MAX_CHAT_LENGTH = 2000;

/** A message of the teleECHO data protocol. */
export type DataMessage =
  | { v: 1; type: 'hand'; raised: boolean }
  | { v: 1; type: 'chat'; id: string; text: string }
  | { v: 1; type: 'lower-all-hands' }
  | { v: 1; type: 'spotlight'; identity: string | null }
  | { v: 1; type: 'muted'; identity: string };

/** Encodes a message as UTF-8 JSON. */
export function encodeMessage(message: DataMessage): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(message));
}

/** Decodes and validates a message; undefined when it is not one this version understands. */
export function decodeMessage(bytes: Uint8Array): DataMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  if (m.v !== PROTOCOL_VERSION) return undefined;
  switch (m.type) {
    case 'hand':
      return typeof m.raised === 'boolean' ? { v: 1, type: 'hand', raised: m.raised } : undefined;
    case 'chat':
      return typeof m.id === 'string' && typeof m.text === 'string' && m.text.length <= MAX_CHAT_LENGTH
        ? { v: 1, type: 'chat', id: m.id, text: m.text }
        : undefined;
    case 'lower-all-hands':
      return { v: 1, type: 'lower-all-hands' };
    case 'spotlight':
      return typeof m.identity === 'string' || m.identity === null
        ? { v: 1, type: 'spotlight', identity: m.identity }
        : undefined;
    case 'muted':
      return typeof m.identity === 'string' ? { v: 1, type: 'muted', identity: m.identity } : undefined;
    default:
      return undefined;
  }
}
