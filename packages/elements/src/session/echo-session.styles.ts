import { css } from 'lit';

/** Styles of `<echo-session>` (on top of the shared host styles). */
export const sessionStyles = css`
  :host {
    --_stage: var(--echo-session-stage, #101318);
    --_height: var(--echo-session-height, min(100dvh, 44em));
  }
  .base {
    container-type: inline-size;
    overflow: hidden;
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
    line-height: 1.3;
  }
  h3 {
    margin: 0.5em 0 0.25em;
    font-size: 0.95em;
  }
  button,
  select,
  input {
    font: inherit;
    min-block-size: 2.75em; /* touch targets */
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface-raised);
    color: var(--_text);
    padding: 0.4em 0.9em;
    cursor: pointer;
  }
  input {
    cursor: text;
    background: var(--_surface);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
    border-color: var(--_primary);
    font-weight: 600;
  }
  button.link {
    min-block-size: auto;
    padding: 0.1em 0.4em;
    background: transparent;
    border: 0;
    color: inherit;
    text-decoration: underline;
    font-weight: 600;
  }
  .message {
    margin: var(--_space);
    padding: 0.6em 0.8em;
    border-radius: var(--_radius);
    background: var(--_surface-raised);
  }
  .message p {
    margin: 0 0 0.4em;
  }
  .message p:last-child {
    margin-block-end: 0;
  }
  .message.error,
  .message.warn {
    border: 1px solid var(--_danger);
  }
  .message.error {
    color: var(--_danger);
  }
  .hint {
    font-size: 0.9em;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .ended {
    text-align: center;
  }

  /* Pre-join */
  .prejoin {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    max-inline-size: 40em;
    margin-inline: auto;
  }
  .prejoin .message {
    margin: 0;
  }
  .when {
    margin: 0.25em 0 0;
    color: var(--_muted);
  }
  .preview-wrap {
    position: relative;
    background: var(--_stage);
    border-radius: var(--_radius);
    aspect-ratio: 16 / 9;
    overflow: hidden;
  }
  .preview {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
    transform: scaleX(-1); /* a mirror, as people expect of their own image */
  }
  .meter {
    position: absolute;
    inset-inline: 0.75em;
    inset-block-end: 0.75em;
    inline-size: calc(100% - 1.5em);
    block-size: 0.6em;
  }
  .devices {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11em), 1fr));
    gap: 0.5em;
  }
  .device {
    display: grid;
    gap: 0.2em;
    font-size: 0.9em;
    min-inline-size: 0;
  }
  .device select {
    inline-size: 100%;
    min-inline-size: 0;
  }
  .opening {
    display: grid;
    gap: 0.5em;
    padding: 0.75em var(--_space);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
  }
  .opening p {
    margin: 0;
  }
  .opens-at {
    font-weight: 600;
  }
  .countdown {
    font-size: 1.5em;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    line-height: 1.2;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .actions button {
    flex: 1 1 12em;
  }

  /* In session */
  .call {
    display: flex;
    flex-direction: column;
    block-size: var(--_height);
    background: var(--_stage);
    color: #f1f3f6;
  }
  .banner {
    margin: 0;
    padding: 0.4em 0.8em;
    background: var(--_surface-raised);
    color: var(--_text);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .banner.warn {
    border-block-end: 3px solid var(--_live);
  }
  .main {
    flex: 1;
    min-block-size: 0;
    display: flex;
    position: relative;
  }
  .grid {
    flex: 1;
    min-inline-size: 0;
    display: grid;
    gap: 0.4em;
    padding: 0.4em;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14em), 1fr));
    grid-auto-rows: minmax(0, 1fr);
    overflow-y: auto;
  }
  .grid > .empty {
    align-self: center;
    justify-self: center;
    max-inline-size: 30em;
    margin: 1em;
    text-align: center;
    color: #c9d1dc; /* on the dark stage, like the avatars */
  }
  .tile,
  .shared-screen {
    position: relative;
    margin: 0;
    min-block-size: 6em;
    background: #1d222b;
    border-radius: var(--_radius);
    overflow: hidden;
    outline: 3px solid transparent;
    outline-offset: -3px;
  }
  .tile.local {
    order: 1;
  }
  .tile.speaking {
    outline-color: var(--_primary);
    order: -1;
  }
  .tile.spotlight {
    outline-color: var(--_live);
    order: -2;
  }
  .tile video,
  .shared-screen video {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
  }
  .shared-screen video {
    object-fit: contain;
  }
  .avatar {
    display: grid;
    place-items: center;
    block-size: 100%;
    min-block-size: 6em;
    font-size: 2em;
    font-weight: 600;
    color: #c9d1dc;
  }
  .caption {
    position: absolute;
    inset-inline-start: 0.3em;
    inset-block-end: 0.3em;
    max-inline-size: calc(100% - 0.6em);
    display: flex;
    flex-wrap: wrap;
    gap: 0.2em 0.3em;
    align-items: center;
    padding: 0.1em 0.5em;
    border-radius: var(--_radius);
    background: rgb(0 0 0 / 0.65);
    color: #fff;
    font-size: 0.85em;
  }
  .caption .name {
    min-inline-size: 3em;
    max-inline-size: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .badge {
    padding: 0 0.35em;
    border-radius: 0.4em;
    background: rgb(255 255 255 / 0.18);
    white-space: nowrap;
  }
  .badge.hand {
    background: #f6c344;
    color: #1b1f27;
  }
  .focus {
    flex: 1;
    min-inline-size: 0;
    display: grid;
    grid-template-rows: minmax(0, 1fr) auto;
    gap: 0.4em;
    padding: 0.4em;
  }
  .filmstrip {
    display: flex;
    gap: 0.4em;
    overflow-x: auto;
  }
  .filmstrip .tile {
    flex: 0 0 9em;
    block-size: 6em;
  }
  .panel {
    inline-size: 20em;
    max-inline-size: 100%;
    display: flex;
    flex-direction: column;
    background: var(--_surface);
    color: var(--_text);
    border-inline-start: 1px solid var(--_border);
    padding: 0.5em;
    min-block-size: 0;
  }
  .panel-head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5em;
  }
  .people,
  .hands,
  .chat-log {
    margin: 0.4em 0;
    padding: 0;
    list-style: none;
    overflow-y: auto;
  }
  .hands {
    list-style: decimal inside;
  }
  .people li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.6em;
    align-items: baseline;
    padding: 0.35em 0;
    border-block-end: 1px solid var(--_border);
  }
  .mute-other {
    margin-inline-start: auto;
    min-block-size: 2.2em;
    padding-block: 0.1em;
  }
  .people .role {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .chat-log {
    flex: 1;
    min-block-size: 0;
  }
  .chat-log li {
    padding: 0.25em 0;
    overflow-wrap: anywhere;
  }
  .chat-log .muted {
    color: var(--_muted);
  }
  .chat-form {
    display: flex;
    gap: 0.4em;
  }
  .chat-form input {
    flex: 1;
    min-inline-size: 0;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    align-items: center;
    gap: 0.35em;
    padding: 0.4em;
    background: var(--_surface);
    color: var(--_text);
  }
  .control {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding-inline: 0.7em;
  }
  /* Where the frame forbids screen capture: the note and its "open in its own window" button. */
  .screen-window {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.3em;
    margin: 0;
    font-size: 0.9em;
  }
  .controls .screen-window > span {
    color: var(--_muted);
    max-inline-size: 16em;
  }
  .control[aria-pressed='true'] {
    background: var(--_text);
    color: var(--_surface);
  }
  .control.leave {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_surface); /* white on the light theme's red, dark on the dark theme's pink */
    font-weight: 600;
  }
  .count {
    min-inline-size: 1.4em;
    padding: 0 0.3em;
    border-radius: 0.7em;
    background: var(--_primary);
    color: var(--_on-primary);
    font-size: 0.8em;
    text-align: center;
  }
  .quality {
    display: inline-flex;
    align-items: flex-end;
    gap: 2px;
    block-size: 1.2em;
    padding-inline: 0.3em;
  }
  .quality i {
    inline-size: 4px;
    background: var(--_border);
    border-radius: 1px;
  }
  .quality i:nth-child(1) {
    block-size: 35%;
  }
  .quality i:nth-child(2) {
    block-size: 65%;
  }
  .quality i:nth-child(3) {
    block-size: 100%;
  }
  .quality.excellent i,
  .quality.good i:nth-child(-n + 2),
  .quality.poor i:nth-child(1) {
    background: var(--_primary);
  }
  .quality.poor i:nth-child(1),
  .quality.lost i:nth-child(1) {
    background: var(--_danger);
  }

  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_surface); /* white on the light theme's red, dark on the dark theme's pink */
    font-weight: 600;
  }
  .badge.spot {
    background: var(--_live);
    color: var(--_surface);
  }
  .people .moderate {
    margin-inline-start: auto;
    display: flex;
    gap: 0.3em;
  }
  .people .spot {
    min-block-size: 2.2em;
    padding-block: 0.1em;
  }
  .people .spot[aria-pressed='true'] {
    background: var(--_text);
    color: var(--_surface);
  }
  .people .moderate .mute-other {
    margin-inline-start: 0;
  }
  .settings {
    display: grid;
    gap: 0.75em;
    padding-block: 0.5em;
  }
  dialog.confirm {
    max-inline-size: min(26em, calc(100vw - 2em));
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
  }
  dialog.confirm::backdrop {
    background: rgb(0 0 0 / 0.55);
  }
  dialog.confirm p {
    margin: 0.6em 0 1em;
  }

  /* Phones: the panel covers the stage; controls shrink to fit one or two rows. */
  @container (max-width: 40em) {
    .panel {
      position: absolute;
      inset: 0;
      inline-size: auto;
      z-index: 1;
      border: 0;
    }
    .grid {
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 9em), 1fr));
    }
    .controls {
      gap: 0.25em;
      padding: 0.3em;
    }
    .control {
      padding-inline: 0.45em;
      font-size: 0.8em;
      min-block-size: 44px; /* still a comfortable touch target */
    }
  }
`;
