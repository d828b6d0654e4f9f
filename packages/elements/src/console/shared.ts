/**
 * What the console elements share: translated error messages, the live-region announcer and common styles
 * (buttons, forms, status badges, lists).
 * @packageDocumentation
 */
import type { EchoError } from '@teleecho/sdk';
import { css, html, nothing, type TemplateResult } from 'lit';
import { errorMessage } from '../internal/errors.js';
import type { Translation } from '../translations/types.js';

/** The translated sentence for an error from the hub or the network; conflicts say that the case moved on. */
export function consoleErrorMessage(t: Translation, error: EchoError | undefined): string {
  const conflict = t.console.errorConflict;
  return errorMessage(t, error, {
    byCode: { invalid_transition: conflict, invalid_state: conflict, already_issued: conflict, conflict },
  });
}

/** What {@link consoleFrame} lays out. */
export interface ConsoleFrame {
  dir: string;
  lang: string;
  body: unknown;
  /** The "reconnecting" message while live updates are reconnecting; nothing otherwise. */
  reconnecting?: string;
  /** The polite live region's text (see {@link Announcer}). */
  announcement: string;
}

/** The frame every console element renders: base part, heading slot, body, reconnecting note, live region. */
export function consoleFrame(frame: ConsoleFrame): TemplateResult {
  return html`
    <div part="base" class="base" dir=${frame.dir} lang=${frame.lang}>
      <slot name="heading"></slot>
      ${frame.body} ${frame.reconnecting ? html`<p part="message" class="message">${frame.reconnecting}</p>` : nothing}
      <div class="visually-hidden" role="status">${frame.announcement}</div>
    </div>
  `;
}

/** Styles shared by the console elements (on top of the host styles). */
export const consoleStyles = css`
  .base {
    padding: calc(var(--_space) / 2);
    overflow-wrap: anywhere;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 1.5);
  }
  .card {
    display: grid;
    gap: calc(var(--_space) / 2);
    padding: var(--_space);
    background: var(--_surface-raised);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_primary);
    border-radius: var(--_radius);
    min-inline-size: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25em 0.75em;
  }
  .title {
    font-weight: 600;
    font-size: 1.0625em;
    margin: 0;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9375em;
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
    text-transform: none;
  }
  button {
    min-block-size: 2.5em;
    padding: 0.375em 1em;
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_primary);
    font-weight: 600;
    cursor: pointer;
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  label {
    display: grid;
    gap: 0.25em;
    font-weight: 600;
    font-size: 0.9375em;
  }
  select,
  input,
  textarea {
    inline-size: 100%;
    max-inline-size: 100%;
    min-block-size: 2.5em;
    padding: 0.375em 0.5em;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    font-weight: 400;
  }
  textarea {
    min-block-size: 5em;
    resize: vertical;
  }
  .form {
    display: grid;
    gap: calc(var(--_space) / 1.5);
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .help {
    font-weight: 400;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .badge {
    display: inline-block;
    padding: 0.0625em 0.625em;
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
    white-space: nowrap;
    border: 1px solid var(--_muted);
    color: var(--_text);
  }
  .badge.live {
    background: var(--_live);
    border-color: var(--_live);
    color: var(--_surface);
  }
  .message {
    margin: 0;
    padding: var(--_space);
    color: var(--_muted);
  }
  .error {
    margin: 0;
    padding: calc(var(--_space) / 1.5) var(--_space);
    color: var(--_danger);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
  }
  .error p {
    margin: 0 0 calc(var(--_space) / 2);
  }
  .error p:last-child {
    margin: 0;
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1.0625em;
  }
  @media (forced-colors: active) {
    .card,
    .badge,
    button {
      border: 1px solid CanvasText;
    }
  }
`;
