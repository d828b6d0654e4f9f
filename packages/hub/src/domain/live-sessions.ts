/**
 * Live sessions: who may join a session's room and with which grants, facilitator moderation,
 * attendance reports, and turning LiveKit webhooks into attendance intervals.
 * @packageDocumentation
 */
import { rolesThat } from '@teleecho/sdk';
import type { AttendanceReport, JoinSessionResult, ModerationInput, Role, Session } from '@teleecho/sdk';
import type { WebhookEvent } from 'livekit-server-sdk';
import { DomainError, fail } from './errors.js';
import type { LiveKitGateway } from '../livekit/gateway.js';
import type { Storage, StorageWriter } from '../storage/storage.js';
import { summariseAttendance } from './attendance.js';
import { authorize, requireProgram, requireSessionScope, requireUser } from './permissions.js';
import type { Principal } from './principal.js';
import { joinWindow, requireOpen, type ParticipantMetadata } from './session-join.js';

/** Webhooks older than this (by LiveKit's `createdAt`) are ignored as replays. */
export const WEBHOOK_MAX_AGE_MS = 5 * 60_000;

/** Roles that may moderate a live session (mute others, end it). */
export const MODERATORS: readonly Role[] = rolesThat('moderate');

async function sessionFor(storage: Storage, principal: Principal, id: string): Promise<Session> {
  authorize(principal, 'session.read');
  const session = await storage.sessions.get(id);
  if (!session) throw fail.notFound('session');
  requireProgram(principal, session.programId);
  requireSessionScope(principal, id);
  return session;
}

/**
 * POST /v1/sessions/:id/join: a short-lived LiveKit token with grants by role. 403 for API keys
 * and other programmes, 409 `session_not_open` outside the join window, 503 without LiveKit.
 */
export async function joinSession(
  storage: Storage,
  gateway: () => LiveKitGateway,
  principal: Principal,
  sessionId: string,
  now: number = Date.now(),
): Promise<JoinSessionResult> {
  const user = requireUser(principal, 'session.read');
  const session = await sessionFor(storage, user, sessionId);
  const livekit = gateway();
  requireOpen(joinWindow(session, now));
  const metadata: ParticipantMetadata = { role: user.role, name: user.name, programId: session.programId };
  const { token, expiresAt } = await livekit.mint(session.id, user.sub, metadata);
  return { url: livekit.config.url, token, identity: user.sub, room: session.id, role: user.role, expiresAt };
}

/** POST /v1/sessions/:id/moderation: mute a participant's microphone, or end the session for everyone. */
export async function moderate(
  storage: Storage,
  gateway: () => LiveKitGateway,
  principal: Principal,
  sessionId: string,
  input: ModerationInput,
): Promise<{ action: ModerationInput['action']; identity?: string; muted?: number }> {
  const user = requireUser(principal, 'session.read');
  const session = await sessionFor(storage, user, sessionId);
  if (!MODERATORS.includes(user.role)) {
    throw new DomainError('forbidden', `role "${user.role}" may not moderate a session`);
  }
  const livekit = gateway();
  if (input.action === 'mute') {
    if (!input.identity) throw fail.badRequest('identity is required', [{ path: '/identity', message: 'required' }]);
    const muted = await livekit.muteMicrophone(session.id, input.identity);
    return { action: 'mute', identity: input.identity, muted };
  }
  await livekit.endRoom(session.id);
  await storage.write(async (tx) => {
    const current = await tx.sessions.get(session.id);
    if (!current || current.status === 'ended') return;
    const next: Session = { ...current, status: 'ended', updatedAt: new Date().toISOString() };
    await tx.sessions.update(next);
    const base = { programId: next.programId, sessionId: next.id, data: next };
    tx.emit({ type: 'session.updated', ...base });
    tx.emit({ type: 'session.ended', ...base });
  });
  return { action: 'end' };
}

/**
 * GET /v1/sessions/:id/attendance: coordinators and API keys see everyone; anyone else only
 * their own intervals.
 */
export async function attendanceOf(
  storage: Storage,
  principal: Principal,
  sessionId: string,
  now: number = Date.now(),
): Promise<AttendanceReport> {
  const session = await sessionFor(storage, principal, sessionId);
  const everyone = principal.kind === 'apiKey' || principal.role === 'coordinator';
  const intervals = await storage.attendance.list(session.id, everyone ? undefined : principal.sub);
  return summariseAttendance(session, intervals, now);
}

/** What the webhook route answers: whether the event changed anything, and why not. */
export interface WebhookOutcome {
  event: string;
  applied: boolean;
  ignored?: 'replay' | 'stale' | 'unknown_session' | 'not_tracked';
}

const toIso = (seconds: bigint | number | undefined, fallback: number): string =>
  new Date(seconds ? Number(seconds) * 1000 : fallback).toISOString();

function metadataOf(raw: string | undefined): Partial<ParticipantMetadata> {
  try {
    const value = JSON.parse(raw ?? '') as unknown;
    return value && typeof value === 'object' ? (value as Partial<ParticipantMetadata>) : {};
  } catch {
    return {};
  }
}

/**
 * POST /v1/livekit/webhook. Verifies the signature (401 when forged), then applies the event once:
 * a replayed id or an event older than {@link WEBHOOK_MAX_AGE_MS} changes nothing.
 * - `participant_joined` opens an attendance interval (keyed by the participant's LiveKit sid, so
 *   two tabs or a rejoin are separate intervals that the report merges); the first join of a
 *   `scheduled` session makes it `live` and emits `session.started`;
 * - `participant_left` closes it;
 * - `room_finished` closes every open interval. It does not end the session: the status belongs to
 *   the coordinator (or a facilitator's "end session"), and an empty room may fill again.
 */
export async function handleWebhook(
  storage: Storage,
  livekit: LiveKitGateway,
  body: string,
  authorization: string | undefined,
  now: number = Date.now(),
): Promise<WebhookOutcome> {
  const event = await livekit.verify(body, authorization);
  const name = event.event;
  const createdMs = event.createdAt ? Number(event.createdAt) * 1000 : now;
  if (now - createdMs > WEBHOOK_MAX_AGE_MS) return { event: name, applied: false, ignored: 'stale' };
  if (!['participant_joined', 'participant_left', 'room_finished'].includes(name)) {
    return { event: name, applied: false, ignored: 'not_tracked' };
  }
  return storage.write(async (tx) => {
    if (!event.id || !(await tx.attendance.recordWebhook(event.id, new Date(now).toISOString()))) {
      return { event: name, applied: false, ignored: 'replay' };
    }
    const session = event.room?.name ? await tx.sessions.get(event.room.name) : undefined;
    if (!session) return { event: name, applied: false, ignored: 'unknown_session' };
    const applied = await applyWebhook(tx, session, event, createdMs);
    if (applied) {
      tx.emit({
        type: 'attendance.updated',
        programId: session.programId,
        sessionId: session.id,
        data: { sessionId: session.id, event: name, userId: event.participant?.identity },
      });
    }
    return { event: name, applied };
  });
}

async function applyWebhook(tx: StorageWriter, session: Session, event: WebhookEvent, at: number): Promise<boolean> {
  const when = new Date(at).toISOString();
  if (event.event === 'room_finished') return (await tx.attendance.closeOpen(session.id, when)) > 0;
  const participant = event.participant;
  if (!participant?.sid || !participant.identity) return false;
  const id = `att_${participant.sid}`;
  const existing = await tx.attendance.get(id);
  const joinedAt = participant.joinedAtMs
    ? new Date(Number(participant.joinedAtMs)).toISOString()
    : toIso(participant.joinedAt, at);
  if (!existing) {
    const meta = metadataOf(participant.metadata);
    await tx.attendance.insert({
      id,
      sessionId: session.id,
      programId: session.programId,
      userId: participant.identity,
      userName: meta.name ?? participant.name ?? participant.identity,
      role: meta.role ?? 'unknown',
      joinedAt,
      ...(event.event === 'participant_left' && { leftAt: when }),
    });
    if (event.event === 'participant_joined' && session.status === 'scheduled') {
      const live: Session = { ...session, status: 'live', updatedAt: when };
      await tx.sessions.update(live);
      const base = { programId: session.programId, sessionId: session.id, data: live };
      tx.emit({ type: 'session.updated', ...base });
      tx.emit({ type: 'session.started', ...base });
    }
    return true;
  }
  if (event.event === 'participant_left') return tx.attendance.close(id, when);
  return false;
}
