/**
 * Screen-reader announcements: the text of an element's polite live region (`role="status"`).
 * @internal
 * @packageDocumentation
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The text of a polite live region, set through `announce()`. The region is emptied first and filled a moment later,
 * so that screen readers read a message again even when it is the same as the last one; a newer message replaces
 * one still on its way. The host renders `announcer.message` inside its `role="status"` element (which must stay in
 * the DOM, so that the change is heard); every change requests an update.
 */
export class Announcer implements ReactiveController {
  /** What the live region says now. */
  message = '';
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Says `message` politely (after what the screen reader is reading now). */
  announce(message: string): void {
    clearTimeout(this.timer);
    this.message = '';
    this.host.requestUpdate();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.message = message;
      this.host.requestUpdate();
    }, 50);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
