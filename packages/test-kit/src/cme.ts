import { randomBytes } from 'node:crypto';
import type { Hub } from '@teleecho/hub';
import type { Session } from '@teleecho/sdk';
import { hubFetch } from './http.js';

/** What the CME fixtures need of a test hub. */
export interface CmeFixtureHub {
  url: string;
  apiKey: string;
  demo: { programId: string };
  readonly hub: Hub | undefined;
}

/** Schedules a session (default: the demo programme, 60 minutes) through the API with the hub's API key. */
export async function createTestSession(
  hub: CmeFixtureHub,
  options: {
    startsAt: string;
    programId?: string;
    title?: string;
    topic?: string;
    durationMinutes?: number;
    recurrence?: string;
  },
): Promise<Session> {
  const r = await hubFetch<Session>(
    hub.url,
    'POST',
    `/v1/programs/${options.programId ?? hub.demo.programId}/sessions`,
    {
      token: hub.apiKey,
      body: {
        title: options.title ?? 'HCV ECHO',
        topic: options.topic ?? 'Treatment of HCV in primary care',
        startsAt: options.startsAt,
        durationMinutes: options.durationMinutes ?? 60,
        ...(options.recurrence && { recurrence: options.recurrence }),
      },
    },
  );
  if (r.status !== 201) throw new Error(`createTestSession: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * Records one join-to-leave interval of a person, `from`/`to` in minutes after the session's start (`to` omitted:
 * still in the room). It writes what the LiveKit webhook handler writes — webhooks themselves cannot be back-dated
 * (LiveKit stamps them now and the hub refuses stale ones), so tests of past sessions use this.
 */
export async function recordTestAttendance(
  hub: CmeFixtureHub,
  session: Pick<Session, 'id' | 'programId' | 'startsAt'>,
  person: { userId: string; userName?: string; role?: string; from: number; to?: number },
): Promise<void> {
  const storage = hub.hub?.storage;
  if (!storage) throw new Error('recordTestAttendance: the hub is not running');
  const at = (minutes: number): string => new Date(Date.parse(session.startsAt) + minutes * 60_000).toISOString();
  await storage.write((tx) =>
    tx.attendance.insert({
      id: `att_${Date.now().toString(36)}${randomBytes(6).toString('hex')}`,
      sessionId: session.id,
      programId: session.programId,
      userId: person.userId,
      userName: person.userName ?? person.userId,
      role: person.role ?? 'participant',
      joinedAt: at(person.from),
      ...(person.to !== undefined && { leftAt: at(person.to) }),
    }),
  );
}
