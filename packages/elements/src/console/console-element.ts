/**
 * The base of the hub team's console elements (`<echo-agenda>`, `<echo-case-queue>`,
 * `<echo-recommendation-editor>`): one piece of hub state kept live ({@link LiveData}), shown in the console frame
 * with its loading, error (with "Try again") and reconnecting states and a polite live region.
 * @packageDocumentation
 */
import type { EchoError } from '@teleecho/sdk';
import { html } from 'lit';
import { EchoErrorEvent } from '../events/echo-error.js';
import { Announcer } from '../internal/announcer.js';
import { EchoElement } from '../internal/echo-element.js';
import { toEchoError } from '../internal/errors.js';
import type { Translation } from '../translations/types.js';
import type { LiveData } from './live-data.js';
import { consoleErrorMessage, consoleFrame } from './shared.js';

/**
 * A console element: subclasses create their {@link LiveData} as `data` and say what to show before it is set up,
 * while it loads, and once it is ready.
 */
export abstract class EchoConsoleElement<T> extends EchoElement {
  /** The element's live region (see {@link Announcer}). @internal */
  protected readonly announcer = new Announcer(this);

  /** The hub state the element shows, kept current from the event stream. @internal */
  protected abstract readonly data: LiveData<T>;

  /** Loads again (what the "Try again" button does), keeping what is shown meanwhile. */
  reload(): void {
    this.data.refresh();
  }

  /** What to show when there is no client or nothing chosen yet. @internal */
  protected abstract renderUnconfigured(t: Translation): unknown;

  /** The "Loading…" text. @internal */
  protected abstract loadingText(t: Translation): string;

  /** The loaded state. @internal */
  protected abstract renderReady(t: Translation, value: T): unknown;

  /** The sentence shown for a failed load or action. @internal */
  protected errorText(error: EchoError | undefined): string {
    return consoleErrorMessage(this.localize.term, error);
  }

  /** Emits `echo-error` for what failed and returns it as an {@link EchoError}. @internal */
  protected reportError(error: unknown): EchoError {
    const echoError = toEchoError(error);
    this.emit(new EchoErrorEvent(echoError));
    return echoError;
  }

  protected override render() {
    const t = this.localize.term;
    return consoleFrame({
      dir: this.localize.dir,
      lang: this.localize.lang,
      body: this.renderBody(t),
      reconnecting:
        this.data.status === 'ready' && this.data.liveStatus === 'reconnecting' ? t.reconnecting : undefined,
      announcement: this.announcer.message,
    });
  }

  private renderBody(t: Translation) {
    switch (this.data.status) {
      case 'unconfigured':
        return this.renderUnconfigured(t);
      case 'loading':
        return html`<p part="message" class="message">${this.loadingText(t)}</p>`;
      case 'error':
        return html`
          <div part="error" class="error" role="alert">
            <p>${this.errorText(this.data.error)}</p>
            <button part="button retry-button" type="button" @click=${() => this.reload()}>${t.retry}</button>
          </div>
        `;
      case 'ready':
        return this.data.value === undefined ? this.renderUnconfigured(t) : this.renderReady(t, this.data.value);
    }
  }
}
