import type { Page } from 'playwright-core';

/** Adds an `<echo-session>` for `sessionId` to `page` (already on a page that loads the elements). */
export async function mountEchoSession(page: Page, hubUrl: string, token: string, sessionId: string): Promise<void> {
  await page.evaluate(
    ([url, t, id]) => {
      const el = document.createElement('echo-session');
      el.setAttribute('hub-url', url);
      el.setAttribute('token', t);
      el.setAttribute('session-id', id);
      document.body.append(el);
    },
    [hubUrl, token, sessionId] as const,
  );
}

/** Whether the `<echo-session>` on `page` plays a video of `identity` with frames. */
export function playsVideoOf(page: Page, identity: string): Promise<boolean> {
  return page.evaluate((id) => {
    const video = document
      .querySelector('echo-session')
      ?.shadowRoot?.querySelector<HTMLVideoElement>(`[data-identity="${id}"] video`);
    return Boolean(video && video.videoWidth > 0 && !video.paused && video.currentTime > 0);
  }, identity);
}
