/**
 * `joinSession()`: asks the hub for a LiveKit token and connects. `livekit-client` is loaded here
 * with a dynamic import, so pages that never join never download it.
 * @packageDocumentation
 */
import type { EchoClient } from '../client/echo-client.js';
import { EchoError } from '../errors.js';
import type { RequestOptions } from '../client/http.js';
import { SESSION_DEFAULTS } from './defaults.js';
import { EchoSession, type LiveKitModule } from './echo-session.js';

/** Fully resolved session options (see {@link SESSION_DEFAULTS}). */
export interface InternalSessionOptions {
  /** Connect right away (default true); false returns an unconnected session: call `connect()`. */
  connect: boolean;
  /** Publish the microphone on connect when the role may (default true). */
  audio: boolean;
  /** Publish the camera on connect when the role may and not in low-bandwidth mode (default true). */
  video: boolean;
  /** Start in low-bandwidth mode: audio only, no camera, no video subscriptions (default false). */
  lowBandwidth: boolean;
  /** LiveKit adaptive stream (default true). */
  adaptiveStream: boolean;
  /** LiveKit dynacast (default true). */
  dynacast: boolean;
  /** Simulcast the camera (default true). */
  simulcast: boolean;
  /** Microphone bitrate ceiling in bit/s (default 24000, speech). */
  audioMaxBitrate: number;
  /** Redundant audio (RED) against packet loss, about doubling audio bitrate (default false). */
  redundantAudio: boolean;
  /** Suggest low-bandwidth mode after this many ms of poor quality (default 10000). */
  lowBandwidthSuggestAfterMs: number;
  /** Microphone device id. */
  audioDeviceId: string | undefined;
  /** Camera device id. */
  videoDeviceId: string | undefined;
  /** Speaker device id. */
  audioOutputDeviceId: string | undefined;
}

/** Options of {@link joinSession}; every field is optional (see {@link SESSION_DEFAULTS}). */
export interface SessionOptions extends Partial<InternalSessionOptions> {
  /** Cancels the hub request. */
  signal?: AbortSignal;
}

let livekit: Promise<LiveKitModule> | undefined;

/** Loads `livekit-client` once (a lazy chunk in bundles). */
function loadLiveKit(): Promise<LiveKitModule> {
  livekit ??= import('livekit-client').catch((error: unknown) => {
    livekit = undefined;
    throw new EchoError('livekit_load_failed', 'could not load the video library', { cause: error });
  });
  return livekit;
}

/**
 * Starts loading `livekit-client` before {@link joinSession} needs it — call it when the user shows the intent to
 * join (hovers, focuses or touches a join button), so the chunk is ready when they click. Optional: joinSession
 * loads it anyway. Rejects with `livekit_load_failed`.
 */
export async function preloadSessionLibrary(): Promise<void> {
  await loadLiveKit();
}

/**
 * Joins a teleECHO session: gets a LiveKit token from the hub (`POST /v1/sessions/:id/join`),
 * loads `livekit-client` on first use, connects and publishes what the role allows.
 * Rejects with the hub's errors (403 another programme, 409 `session_not_open`, 503
 * `livekit_not_configured`) or `connect_failed`.
 *
 * @example
 * ```ts
 * const client = createEchoClient({ hubUrl, token });
 * const session = await joinSession(client, 'ses_123', { lowBandwidth: true });
 * session.on(SessionEvent.ChatMessage, (m) => console.log(m.name, m.text));
 * ```
 */
export async function joinSession(
  client: EchoClient,
  sessionId: string,
  options: SessionOptions = {},
): Promise<EchoSession> {
  const { signal, ...rest } = options;
  const resolved: InternalSessionOptions = { ...SESSION_DEFAULTS, ...withoutUndefined(rest) };
  const request: RequestOptions = signal ? { signal } : {};
  const [join, lk] = await Promise.all([client.sessions.join(sessionId, request), loadLiveKit()]);
  const session = new EchoSession(lk, client, join, resolved);
  if (resolved.connect) await session.connect();
  return session;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
