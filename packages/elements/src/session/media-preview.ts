/**
 * Pre-join device check: camera preview stream, microphone level, device lists, and why media is unavailable.
 * @packageDocumentation
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Why the preview has no media: permission refused, or no such device. */
export type MediaProblem = 'denied' | 'missing';

/** Devices of each kind, as `enumerateDevices()` lists them (labels only after permission). */
export interface DeviceLists {
  audioinput: MediaDeviceInfo[];
  videoinput: MediaDeviceInfo[];
  audiooutput: MediaDeviceInfo[];
}

/**
 * Opens the camera and microphone for the pre-join screen, measures the microphone level (0–1) and lists devices.
 * Stops every track when the host disconnects or {@link MediaPreviewController.stop} is called.
 */
export class MediaPreviewController implements ReactiveController {
  /** The preview stream (camera and/or microphone), when one could be opened. */
  stream?: MediaStream;
  /** Microphone level, 0 (silence) to 1. */
  level = 0;
  /** Why camera or microphone is not available, if so. */
  problem?: MediaProblem;
  /** Devices found. */
  devices: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };
  /** Chosen device ids (undefined: the browser's default). */
  cameraId?: string;
  microphoneId?: string;
  speakerId?: string;

  /**
   * Whether to open the camera and microphone. False for listen-only users (observers): they are never asked for
   * camera or microphone permission, and only the device lists (speakers) are read.
   */
  capture = true;

  private audioContext?: AudioContext;
  private frame = 0;
  private run = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Whether a camera track is live in the preview. */
  get hasCamera(): boolean {
    return Boolean(this.stream?.getVideoTracks().length);
  }

  /** Whether a microphone track is live in the preview. */
  get hasMicrophone(): boolean {
    return Boolean(this.stream?.getAudioTracks().length);
  }

  /** (Re)opens camera and microphone with the chosen devices; falls back to one of them if the other is missing. */
  async start(): Promise<void> {
    this.stop();
    const run = ++this.run;
    const media = navigator.mediaDevices;
    if (!this.capture) {
      this.problem = undefined;
      await this.listDevices();
      if (run === this.run) this.host.requestUpdate();
      return;
    }
    if (!media?.getUserMedia) {
      this.problem = 'missing';
      this.host.requestUpdate();
      return;
    }
    const audio: MediaTrackConstraints | boolean = this.microphoneId
      ? { deviceId: { exact: this.microphoneId } }
      : true;
    const video: MediaTrackConstraints = {
      width: { ideal: 640 },
      height: { ideal: 360 },
      ...(this.cameraId ? { deviceId: { exact: this.cameraId } } : {}),
    };
    let stream: MediaStream | undefined;
    let problem: MediaProblem | undefined;
    for (const constraints of [{ audio, video }, { audio }, { video }]) {
      try {
        stream = await media.getUserMedia(constraints);
        break;
      } catch (error) {
        const name = (error as Error | undefined)?.name;
        if (name === 'NotAllowedError' || name === 'SecurityError') {
          problem = 'denied'; // asking again with fewer devices would be refused the same way
          break;
        }
        problem = 'missing';
      }
    }
    if (run !== this.run) {
      stream?.getTracks().forEach((track) => track.stop());
      return;
    }
    this.stream = stream;
    this.problem = stream && stream.getTracks().length >= 2 ? undefined : (problem ?? (stream ? 'missing' : undefined));
    await this.listDevices();
    if (stream?.getAudioTracks().length) this.meter(stream, run);
    this.host.requestUpdate();
  }

  /** Chooses a device and reopens the preview with it (speakers are only remembered). */
  async choose(kind: keyof DeviceLists, deviceId: string): Promise<void> {
    if (kind === 'audiooutput') {
      this.speakerId = deviceId;
      return;
    }
    if (kind === 'audioinput') this.microphoneId = deviceId;
    else this.cameraId = deviceId;
    await this.start();
  }

  /** Stops the preview tracks and the level meter. */
  stop(): void {
    this.run++;
    cancelAnimationFrame(this.frame);
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = undefined;
    void this.audioContext?.close().catch(() => undefined);
    this.audioContext = undefined;
    this.level = 0;
  }

  private async listDevices(): Promise<void> {
    try {
      const all = await navigator.mediaDevices.enumerateDevices();
      const lists: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };
      for (const device of all) if (device.deviceId) lists[device.kind].push(device);
      this.devices = lists;
    } catch {
      // keep the previous lists
    }
  }

  private meter(stream: MediaStream, run: number): void {
    try {
      const context = (this.audioContext = new AudioContext());
      const analyser = context.createAnalyser();
      analyser.fftSize = 512;
      context.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      const tick = () => {
        if (run !== this.run) return;
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const s of samples) sum += s * s;
        const level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
        if (Math.abs(level - this.level) > 0.02) {
          this.level = level;
          this.host.requestUpdate();
        }
        this.frame = requestAnimationFrame(tick);
      };
      void context.resume().catch(() => undefined);
      tick();
    } catch {
      // no Web Audio: the meter stays at 0
    }
  }
}
