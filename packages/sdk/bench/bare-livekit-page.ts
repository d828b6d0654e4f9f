// The baseline of session.bench.ts: a bare livekit-client page doing what joinSession() does (get a token from the
// hub, load livekit-client lazily, connect, publish microphone and camera), timed to the first remote frame.
const NativePeerConnection = window.RTCPeerConnection;
const peers: RTCPeerConnection[] = [];
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config?: RTCConfiguration) {
    super(config);
    peers.push(this);
  }
} as typeof RTCPeerConnection;

let leave: (() => Promise<void>) | undefined;

const bare = {
  /** Milestones of the last join, ms after the start (where the time goes). */
  marks: {} as Record<string, number>,
  async firstFrameMs(hubUrl: string, token: string, sessionId: string): Promise<number> {
    const start = performance.now();
    const marks: Record<string, number> = (bare.marks = {});
    const mark = (name: string) => (marks[name] ??= Math.round(performance.now() - start));
    const [response, lk] = await Promise.all([
      fetch(`${hubUrl}/v1/sessions/${sessionId}/join`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      }),
      import('livekit-client'),
    ]);
    const join = (await response.json()) as { url: string; token: string };
    mark('sessionCreated');
    const room = new lk.Room({ adaptiveStream: true, dynacast: true, publishDefaults: { simulcast: true } });
    leave = () => room.disconnect();
    const rendered = new Promise<number>((resolve) => {
      room.on(lk.RoomEvent.TrackSubscribed, (track) => {
        if (track.kind !== lk.Track.Kind.Video) return;
        mark('videoSubscribed');
        const video = track.attach() as HTMLVideoElement;
        video.muted = true;
        document.body.append(video);
        mark('videoInDom');
        video.requestVideoFrameCallback(() => resolve(performance.now() - start));
      });
    });
    await room.connect(join.url, join.token, { autoSubscribe: true });
    mark('connected');
    await room.localParticipant.setMicrophoneEnabled(true);
    await room.localParticipant.setCameraEnabled(true);
    return rendered;
  },
  leave: () => leave?.(),
  peers,
};

declare global {
  interface Window {
    bareTest: typeof bare;
  }
}
window.bareTest = bare;
document.title = 'ready';
export {};
