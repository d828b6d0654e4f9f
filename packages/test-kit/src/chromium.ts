import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

/** Debian's Chromium, or `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags every headless Chromium of the test suites and benches runs with: as root without a sandbox, no GPU,
 * no background traffic (this machine has no network), fake camera and microphone that need no prompt, and
 * media that may play without a user gesture.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/** Launches headless Chromium (playwright-core) with {@link CHROMIUM_ARGS} plus `extraArgs`. */
export function launchChromium(extraArgs: readonly string[] = [], options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** What a phone-width check found on a page (see {@link phoneLayout}). */
export interface PhoneLayout {
  /** How far the page scrolls sideways (`scrollWidth - clientWidth`); 0 when it fits. */
  sideways: number;
  /** `<echo-schedule>` start times with a line of text outside their box (e.g. "4:00 PM UTC" cut to ")0 PM UTC"). */
  clippedTimes: string[];
  /** How many `<echo-schedule>` start times were checked. */
  times: number;
}

/**
 * Measures what a user of a phone-sized page would notice: sideways scrolling, and `<echo-schedule>` start times
 * whose text is partly cut off. Set the viewport first (e.g. 360 × 640).
 */
export function phoneLayout(page: Pick<Page, 'evaluate'>): Promise<PhoneLayout> {
  // A string: the hub is compiled without the DOM library, and this runs in the page.
  return page.evaluate(`(() => {
    const root = document.documentElement;
    const clippedTimes = [];
    let times = 0;
    for (const schedule of document.querySelectorAll('echo-schedule')) {
      for (const time of schedule.shadowRoot?.querySelectorAll('[part~="time"]') ?? []) {
        times += 1;
        const box = (time.closest('.meta') ?? time).getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(time);
        const cut = [...range.getClientRects()].some(
          (line) => line.width > 0 && (line.left < box.left - 0.5 || line.right > box.right + 0.5),
        );
        if (cut) clippedTimes.push(time.textContent ?? '');
      }
    }
    return { sideways: root.scrollWidth - root.clientWidth, clippedTimes, times };
  })()`) as Promise<PhoneLayout>;
}
