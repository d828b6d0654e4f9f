/**
 * The hub's one door to LiveKit: signs access tokens, verifies webhooks and calls the room API.
 * @packageDocumentation
 */
import { RoomServiceClient, TrackSource, WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.js';
import { HubError } from '../http/problem.js';
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

  /** Verifies a webhook's signature (JWT in `Authorization`, with the body's sha256); 401 when forged. */
  async verify(body: string, authorization: string | undefined): Promise<WebhookEvent> {
    if (!authorization || !body) throw new HubError(401, 'webhook_invalid', 'missing webhook body or signature');
    try {
      return await this.receiver.receive(body, authorization);
    } catch (error) {
      throw new HubError(401, 'webhook_invalid', `webhook signature rejected: ${(error as Error).message}`);
    }
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
      if (isNotFound(error)) throw new HubError(404, 'not_found', `${what} not found in the session room`);
      throw unavailable(error);
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { status?: number; code?: string; message?: string };
  return e?.status === 404 || e?.code === 'not_found' || /not.?found|does not exist/i.test(e?.message ?? '');
}

function unavailable(error: unknown): HubError {
  return new HubError(502, 'livekit_unavailable', `LiveKit did not answer: ${(error as Error)?.message ?? error}`);
}

/** `ws(s)://host` → `http(s)://host` for LiveKit's HTTP API. */
export function httpUrlOf(url: string): string {
  return url.replace(/^ws(s?):\/\//, 'http$1://');
}
