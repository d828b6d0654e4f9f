import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import type { LiveKitConfig } from '@teleecho/hub';
import { hubFetch } from './http.js';

/** What {@link createLiveTestSession} needs of a test hub. */
export interface LiveFixtureHub {
  url: string;
  apiKey: string;
  demo: { programId: string };
}

/** Schedules a session of the demo programme that started a minute ago (its room is open); returns its id. */
export async function createLiveTestSession(
  hub: LiveFixtureHub,
  options: { startsInMinutes?: number; durationMinutes?: number; title?: string } = {},
): Promise<string> {
  const startsAt = new Date(Date.now() + (options.startsInMinutes ?? -1) * 60_000).toISOString();
  const r = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions`, {
    token: hub.apiKey,
    body: {
      title: options.title ?? 'HCV ECHO live',
      topic: 'Cirrhosis',
      startsAt,
      durationMinutes: options.durationMinutes ?? 60,
    },
  });
  if (r.status !== 201) throw new Error(`createLiveTestSession: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

/** Signs a webhook body the way LiveKit does (JWT with the body's sha256); returns the Authorization value. */
export async function signWebhook(config: Pick<LiveKitConfig, 'apiKey' | 'apiSecret'>, body: string): Promise<string> {
  const token = new AccessToken(config.apiKey, config.apiSecret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}
