/**
 * Joining a session's LiveKit room: when the room is open, what each role may publish, and the
 * participant metadata every client reads. Pure except for {@link mintJoinToken} (signs a JWT).
 * @packageDocumentation
 */
import { CAPABILITIES } from '@teleecho/sdk';
import type { PublishSource, Role, Session } from '@teleecho/sdk';
import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import { DomainError } from './errors.js';

/** Joining opens this long before `startsAt`. */
export const JOIN_OPENS_BEFORE_MS = 30 * 60_000;
/** Joining stays open this long after the scheduled end (sessions overrun). */
export const JOIN_GRACE_AFTER_MS = 30 * 60_000;
/** Lifetime of a LiveKit join token: it is only used to connect; LiveKit keeps the connection itself. */
export const JOIN_TOKEN_TTL_SECONDS = 600;

/** Whether a session's room is open now; `opensAt`/`closesAt` are ISO times. */
export interface JoinWindow {
  open: boolean;
  opensAt: string;
  closesAt: string;
  /** Why it is closed: not yet open, over (time), or ended/cancelled by the coordinator. */
  reason?: 'not_yet_open' | 'over' | 'ended' | 'cancelled';
}

/**
 * The join window: from 30 minutes before `startsAt` until `startsAt + duration + 30 min`, unless
 * the session is `ended` or `cancelled`. A `live` session stays open past its scheduled end. A session a
 * facilitator opened early (`openedAt`) is open from then on, and at least for its duration + 30 min after that.
 */
export function joinWindow(
  session: Pick<Session, 'startsAt' | 'durationMinutes' | 'status' | 'openedAt'>,
  now: number,
): JoinWindow {
  const start = Date.parse(session.startsAt);
  const length = session.durationMinutes * 60_000 + JOIN_GRACE_AFTER_MS;
  const opened = session.openedAt ? Date.parse(session.openedAt) : Number.NaN;
  const scheduledOpen = start - JOIN_OPENS_BEFORE_MS;
  const opensAt = new Date(Number.isNaN(opened) ? scheduledOpen : Math.min(opened, scheduledOpen)).toISOString();
  const closesAt = new Date(Math.max(start + length, Number.isNaN(opened) ? 0 : opened + length)).toISOString();
  const base = { opensAt, closesAt };
  if (session.status === 'ended' || session.status === 'cancelled') {
    return { ...base, open: false, reason: session.status };
  }
  if (now < Date.parse(opensAt)) return { ...base, open: false, reason: 'not_yet_open' };
  if (now > Date.parse(closesAt) && session.status !== 'live') return { ...base, open: false, reason: 'over' };
  return { ...base, open: true };
}

/** Throws 409 `session_not_open` (with the window in the detail) when the room is closed. */
export function requireOpen(window: JoinWindow): void {
  if (window.open) return;
  const detail = {
    not_yet_open: `joining opens at ${window.opensAt}`,
    over: `the session closed at ${window.closesAt}`,
    ended: 'the session has ended',
    cancelled: 'the session was cancelled',
  }[window.reason ?? 'over'];
  throw new DomainError('session_not_open', detail);
}

const SOURCE: Record<PublishSource, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

/**
 * LiveKit grants by role, from the contract's capability table (ARCHITECTURE.md §3):
 * - observer: subscribe only — no media and no data (no chat, no hand: listen-only webinar seat);
 * - participant: camera + microphone + data (chat, hand);
 * - presenter, specialist: also screen share (with its audio);
 * - facilitator, coordinator (`moderate`): everything plus `roomAdmin` (moderation also goes through the hub).
 * Nobody may change their own metadata (the role in it is what others trust).
 */
export function grantsFor(role: Role, room: string): VideoGrant {
  const base: VideoGrant = { room, roomJoin: true, canSubscribe: true, canUpdateOwnMetadata: false };
  const { publish, moderate } = CAPABILITIES[role];
  if (!publish.length) return { ...base, canPublish: false, canPublishData: false };
  const grant: VideoGrant = {
    ...base,
    canPublish: true,
    canPublishSources: publish.map((source) => SOURCE[source]),
    canPublishData: true,
  };
  return moderate ? { ...grant, roomAdmin: true } : grant;
}

/** What every client reads from a participant's LiveKit metadata (JSON). */
export interface ParticipantMetadata {
  role: Role;
  name: string;
  programId: string;
}

/** Input of {@link mintJoinToken}. */
export interface JoinTokenInput {
  apiKey: string;
  apiSecret: string;
  /** Room name (the session id). */
  room: string;
  /** Participant identity: the embed token's `sub`. */
  identity: string;
  metadata: ParticipantMetadata;
}

/**
 * Signs a LiveKit access token. The identity is the host's user id, so a second tab of the same
 * person replaces the first in the room (LiveKit disconnects the older one with reason
 * DUPLICATE_IDENTITY) and attendance stays one person.
 */
export async function mintJoinToken(input: JoinTokenInput): Promise<{ token: string; expiresAt: string }> {
  const token = new AccessToken(input.apiKey, input.apiSecret, {
    identity: input.identity,
    name: input.metadata.name,
    metadata: JSON.stringify(input.metadata),
    ttl: JOIN_TOKEN_TTL_SECONDS,
  });
  token.addGrant(grantsFor(input.metadata.role, input.room));
  const expiresAt = new Date(Date.now() + JOIN_TOKEN_TTL_SECONDS * 1000).toISOString();
  return { token: await token.toJwt(), expiresAt };
}
