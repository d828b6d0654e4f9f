import { ContextProvider } from '@lit/context';
import { css, html } from 'lit';
import type { PropertyValues } from 'lit';
import { echoClientContext } from './context.js';
import { EchoElement } from './echo-element.js';

/**
 * Shares one hub client with every teleECHO element inside it, so a page configures the hub and the token once
 * (and the elements share one connection and one token refresh).
 *
 * @summary Provides a shared hub client to the teleECHO elements it contains.
 * @tagname echo-provider
 * @slot - The elements (and any other content) that share the client.
 *
 * @example
 * ```html
 * <echo-provider hub-url="https://hub.example.org" token="eyJ…">
 *   <echo-schedule program-id="prg_01…"></echo-schedule>
 * </echo-provider>
 * ```
 */
export class EchoProvider extends EchoElement {
  static override tagName = 'echo-provider';

  /** Styles: the provider takes no room of its own. */
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Hands descendants this provider's own client, else the one of an outer provider. */
  private readonly sharing = new ContextProvider(this, { context: echoClientContext });

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('client')) this.sharing.setValue(this.client);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-provider': EchoProvider;
  }
}
