/**
 * Defaults of `SessionOptions` (`@teleecho/sdk/session`), in one place; merged once in `joinSession()`.
 * @packageDocumentation
 */

/** Defaults of every `SessionOptions` field. */
export const SESSION_DEFAULTS = {
  /** Connect as soon as the session object exists (false: call `connect()` yourself). */
  connect: true,
  /** Publish the microphone on connect (when the role may). */
  audio: true,
  /** Publish the camera on connect (when the role may, and not in low-bandwidth mode). */
  video: true,
  /** Start in low-bandwidth mode: no camera, no video subscriptions, audio only. */
  lowBandwidth: false,
  /** Only subscribe to the video resolution the page displays (LiveKit adaptive stream). */
  adaptiveStream: true,
  /** Pause video layers nobody watches (LiveKit dynacast). */
  dynacast: true,
  /** Publish several resolutions so poor links get a small one. */
  simulcast: true,
  /** Microphone bitrate ceiling in bit/s: speech quality (LiveKit's `AudioPresets.speech`), kind to poor links. */
  audioMaxBitrate: 24_000,
  /** Send redundant audio (RED): survives packet loss on cellular links, at about twice the audio bitrate. */
  redundantAudio: false,
  /** Suggest low-bandwidth mode after the local connection quality stays poor this long. */
  lowBandwidthSuggestAfterMs: 10_000,
  /** Microphone device id (default: the browser's default). */
  audioDeviceId: undefined as string | undefined,
  /** Camera device id (default: the browser's default). */
  videoDeviceId: undefined as string | undefined,
  /** Speaker device id, where the browser supports choosing one. */
  audioOutputDeviceId: undefined as string | undefined,
} as const;
