/**
 * The `<echo-session>` page of `packages/sdk/bench/session.bench.ts` (bundled on the fly with esbuild): opens the
 * element's pre-join screen, then times a click on its join button to the first remote video frame rendered in
 * the element's grid. Bench-only; not exported.
 * @internal
 */
import '../define/echo-session.js';
import type { EchoSessionElement } from './echo-session.js';

let element: EchoSessionElement | undefined;

const api = {
  /** Adds `<echo-session>` and resolves once its join button can be clicked (pre-join shown, preview running). */
  async prepare(hubUrl: string, token: string, sessionId: string): Promise<void> {
    element = document.createElement('echo-session');
    element.setAttribute('hub-url', hubUrl);
    element.setAttribute('token', token);
    element.setAttribute('session-id', sessionId);
    document.body.append(element);
    await new Promise<void>((resolve) => {
      const check = () => {
        const button = element?.shadowRoot?.querySelector<HTMLButtonElement>('[part="join-button"]');
        const preview = element?.shadowRoot?.querySelector<HTMLVideoElement>('[part="preview"]');
        if (button && !button.disabled && preview && preview.videoWidth > 0) resolve();
        else setTimeout(check, 20);
      };
      check();
    });
  },
  /** Milestones of the last join, ms after the click (where the time goes). */
  marks: {} as Record<string, number>,
  /** Clicks the join button; resolves with ms from the click to the first remote video frame in the element. */
  firstFrameMs(): Promise<number> {
    const el = element!;
    const root = el.shadowRoot!;
    const marks: Record<string, number> = (api.marks = {});
    return new Promise<number>((resolve) => {
      let start = 0;
      const mark = (name: string) => (marks[name] ??= Math.round(performance.now() - start));
      const observer = new MutationObserver(() => {
        const video = root.querySelector<HTMLVideoElement>('figure.tile:not(.local) video');
        if (!video) return;
        observer.disconnect();
        mark('videoInDom');
        video.requestVideoFrameCallback(() => resolve(performance.now() - start));
      });
      observer.observe(root, { childList: true, subtree: true });
      const watch = setInterval(() => {
        const room = el.session?.room;
        if (!room) return;
        clearInterval(watch);
        mark('sessionCreated');
        const on = room.on.bind(room) as (event: string, listener: (...args: never[]) => void) => unknown;
        on('connected', () => mark('connected'));
        on('trackSubscribed', (track: { kind: string }) => {
          if (track.kind === 'video') mark('videoSubscribed');
        });
      }, 2);
      start = performance.now();
      root.querySelector<HTMLButtonElement>('[part="join-button"]')!.click();
    });
  },
  leave: () => element?.leave(),
};

declare global {
  interface Window {
    elementTest: typeof api;
  }
}
window.elementTest = api;
document.title = 'ready';
