/**
 * The hub's one door to LiveKit: signs access tokens, verifies webhooks and calls the room API.
 * @packageDocumentation
 */
import { RoomServiceClient, TrackSource, WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.js';
import { DomainError } from '../domain/errors.js';
import { hasUnstorableText } from '../http/text.js';
import { mintJoinToken, type ParticipantMetadata } from '../domain/session-join.js';

/** Wraps `livekit-server-sdk` with the hub's LiveKit key. */
export class LiveKitGateway {
  private readonly receiver: WebhookReceiver;
  private readonly rooms: RoomServiceClient;

  constructor(readonly config: LiveKitConfig) {
    this.receiver = new WebhookReceiver(config.apiKey, config.apiSecret);
    this.rooms = new RoomServiceClient(httpUrlOf(config.url), config.apiKey, config.apiSecret);
  }

  /** A join token for `identity` in `room`. */
  mint(room: string, identity: string, metadata: ParticipantMetadata): Promise<{ token: string; expiresAt: string }> {
    return mintJoinToken({ ...this.config, room, identity, metadata });
  }

  /**
   * Verifies a webhook's signature (JWT in `Authorization`, with the body's sha256); 401 when forged. Then checks
   * the fields the hub uses ({@link checkWebhookFields}): a signed event out of range is a 400.
   */
  async verify(body: string, authorization: string | undefined): Promise<WebhookEvent> {
    if (!authorization || !body) throw new DomainError('webhook_invalid', 'missing webhook body or signature');
    let event: WebhookEvent;
    try {
      event = await this.receiver.receive(body, authorization);
    } catch (error) {
      throw new DomainError('webhook_invalid', `webhook signature rejected: ${(error as Error).message}`);
    }
    checkWebhookFields(event);
    return event;
  }

  /** Server-side mute of a participant's microphone tracks; returns how many were muted. 404 when not in the room. */
  async muteMicrophone(room: string, identity: string): Promise<number> {
    const participant = await this.call(() => this.rooms.getParticipant(room, identity), 'participant');
    let muted = 0;
    for (const track of participant.tracks) {
      if (track.source === TrackSource.MICROPHONE && !track.muted) {
        await this.call(() => this.rooms.mutePublishedTrack(room, identity, track.sid, true), 'track');
        muted += 1;
      }
    }
    return muted;
  }

  /** Ends the room for everyone (participants are disconnected with reason ROOM_DELETED); absent rooms are fine. */
  async endRoom(room: string): Promise<void> {
    try {
      await this.rooms.deleteRoom(room);
    } catch (error) {
      if (isNotFound(error)) return;
      throw unavailable(error);
    }
  }

  private async call<T>(fn: () => Promise<T>, what: string): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isNotFound(error)) throw new DomainError('not_found', `${what} not found in the session room`);
      throw unavailable(error);
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { status?: number; code?: string; message?: string };
  return e?.status === 404 || e?.code === 'not_found' || /not.?found|does not exist/i.test(e?.message ?? '');
}

function unavailable(error: unknown): DomainError {
  return new DomainError('livekit_unavailable', `LiveKit did not answer: ${(error as Error)?.message ?? error}`);
}

/** `ws(s)://host` → `http(s)://host` for LiveKit's HTTP API. */
export function httpUrlOf(url: string): string {
  return url.replace(/^ws(s?):\/\//, 'http$1://');
}

/** Timestamps a webhook may carry: 2000-01-01 to 2100-01-01 (epoch ms); `0` means "not set" in protobuf. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);

/** Longest accepted text per webhook field the hub reads. */
export const WEBHOOK_FIELD_LIMITS = {
  id: 200,
  event: 100,
  roomName: 100,
  sid: 200,
  identity: 200,
  name: 500,
  metadata: 65_536,
} as const;

const fieldError = (path: string, message: string): DomainError =>
  new DomainError('webhook_field_invalid', `webhook field ${path} ${message}`, [{ path, message }]);

function checkText(path: string, value: string | undefined, max: number): void {
  if (value === undefined || value === '') return;
  if (value.length > max) throw fieldError(path, `is longer than ${max} characters`);
  if (hasUnstorableText(value)) throw fieldError(path, 'holds a NUL character or an unpaired surrogate');
}

function checkTime(path: string, value: bigint | number | undefined, unitMs: number): void {
  if (value === undefined) return;
  const n = Number(value);
  if (n === 0) return;
  const ms = n * unitMs;
  if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms > LATEST_MS) {
    throw fieldError(path, 'is not a time between 2000 and 2100');
  }
}

/**
 * Range checks on a verified webhook's fields the hub reads: ids, names and metadata within their lengths and free
 * of NUL, timestamps (`createdAt`, `joinedAt` in seconds, `joinedAtMs`) between 2000 and 2100. A signed event out of
 * range is a 400 `webhook_field_invalid`, never a 500.
 */
export function checkWebhookFields(event: WebhookEvent): void {
  const L = WEBHOOK_FIELD_LIMITS;
  checkText('/id', event.id, L.id);
  checkText('/event', event.event, L.event);
  checkTime('/createdAt', event.createdAt, 1000);
  checkText('/room/name', event.room?.name, L.roomName);
  checkText('/room/sid', event.room?.sid, L.sid);
  const participant = event.participant;
  if (!participant) return;
  checkText('/participant/sid', participant.sid, L.sid);
  checkText('/participant/identity', participant.identity, L.identity);
  checkText('/participant/name', participant.name, L.name);
  checkText('/participant/metadata', participant.metadata, L.metadata);
  checkTime('/participant/joinedAt', participant.joinedAt, 1000);
  checkTime('/participant/joinedAtMs', participant.joinedAtMs, 1);
}
