/**
 * The test page of `session.e2e.test.ts` (bundled on the fly with esbuild): drives the SDK the
 * way an app would and records what a user would notice. Test-only; not exported.
 * @internal
 */
import { createEchoClient } from '../client/echo-client.js';
import type { EchoError } from '../errors.js';
import type { EchoSession } from './echo-session.js';
import { SessionEvent } from './events.js';
import { joinSession, type SessionOptions } from './join.js';

/** One recorded session event. */
export interface LoggedEvent {
  event: string;
  detail: unknown;
  at: number;
}

const peers: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config?: RTCConfiguration) {
    super(config);
    peers.push(this);
  }
} as typeof RTCPeerConnection;

let session: EchoSession | undefined;
const log: LoggedEvent[] = [];

function summarise(detail: unknown): unknown {
  return JSON.parse(
    JSON.stringify(detail ?? null, (key, value: unknown) => (key === 'track' ? undefined : value)),
  ) as unknown;
}

const api = {
  log,
  /** Joins and records every event; remote video is attached to <video> elements. */
  async join(hubUrl: string, token: string, sessionId: string, options: SessionOptions = {}): Promise<string> {
    const client = createEchoClient({ hubUrl, token });
    session = await joinSession(client, sessionId, { ...options, connect: false });
    for (const name of Object.values(SessionEvent)) {
      session.on(name, ((...args: unknown[]) => {
        log.push({ event: name, detail: summarise(args[0]), at: Date.now() });
      }) as never);
    }
    session.on(SessionEvent.TrackSubscribed, ({ track, kind }) => {
      const element = track.attach();
      element.dataset.kind = kind;
      element.muted = kind === 'audio';
      document.body.append(element);
    });
    await session.connect();
    return session.identity;
  },
  /** Joins and resolves with ms from the call of `joinSession()` to the first remote video frame rendered. */
  async firstFrameMs(hubUrl: string, token: string, sessionId: string): Promise<number> {
    const start = performance.now();
    const client = createEchoClient({ hubUrl, token });
    session = await joinSession(client, sessionId, { connect: false });
    const rendered = new Promise<number>((resolve) => {
      session!.on(SessionEvent.TrackSubscribed, ({ track, kind }) => {
        if (kind !== 'video') return;
        const video = track.attach() as HTMLVideoElement;
        video.muted = true;
        document.body.append(video);
        video.requestVideoFrameCallback(() => resolve(performance.now() - start));
      });
    });
    await session.connect();
    return rendered;
  },
  /** Sum of inbound RTP bytes by kind over every peer connection of the page. */
  async inboundBytes(): Promise<{ audio: number; video: number }> {
    const total = { audio: 0, video: 0 };
    for (const pc of peers) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((stat: { type: string; kind?: string; bytesReceived?: number }) => {
        if (stat.type === 'inbound-rtp' && (stat.kind === 'audio' || stat.kind === 'video')) {
          total[stat.kind] += stat.bytesReceived ?? 0;
        }
      });
    }
    return total;
  },
  /** Whether a <video> of a remote camera is actually playing frames. */
  playingVideos(): number {
    return [...document.querySelectorAll('video')].filter((v) => v.readyState >= 2 && v.videoWidth > 0).length;
  },
  /** Calls an EchoSession method; resolves to `ok` or the error code. */
  async call(method: string, ...args: unknown[]): Promise<string> {
    if (!session) return 'no_session';
    try {
      await (session as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args);
      return 'ok';
    } catch (error) {
      return (error as EchoError).code ?? String(error);
    }
  },
  /** A moving canvas as a screen-share track (headless Chromium cannot pick a real screen). */
  async shareCanvas(bypassSdk = false): Promise<string> {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    const context = canvas.getContext('2d')!;
    let frame = 0;
    setInterval(() => {
      context.fillStyle = `hsl(${(frame += 7) % 360} 70% 50%)`;
      context.fillRect(0, 0, 640, 360);
      context.fillStyle = '#fff';
      context.fillText(`slide ${frame}`, 20, 40);
    }, 50);
    const track = canvas.captureStream(15).getVideoTracks()[0]!;
    if (!session) return 'no_session';
    if (!bypassSdk) return api.call('setScreenShareEnabled', true, { track });
    try {
      await session.room.localParticipant.publishTrack(track, { source: 'screen_share' as never });
      return 'published';
    } catch (error) {
      return `refused: ${(error as Error).message}`;
    }
  },
  /** Server-side reconnection scenario (LiveKit's own). */
  async simulate(scenario: 'signal-reconnect' | 'full-reconnect'): Promise<void> {
    await session?.room.simulateScenario(scenario);
  },
  participants: () => session?.participants() ?? [],
  hands: () => session?.raisedHands ?? [],
  microphoneMuted: () => !session?.room.localParticipant.isMicrophoneEnabled,
  lowBandwidth: () => session?.lowBandwidthEnabled ?? false,
};

declare global {
  interface Window {
    echoTest: typeof api;
  }
}
window.echoTest = api;
document.title = 'ready';
