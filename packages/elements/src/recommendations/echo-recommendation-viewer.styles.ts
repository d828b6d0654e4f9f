import { css } from 'lit';

/** Styles of `<echo-recommendation-viewer>` (on top of the shared host styles), including its print view. */
export const viewerStyles = css`
  .base {
    padding: calc(var(--_space) / 2);
    overflow-wrap: anywhere;
  }
  .heading {
    font-size: 1.25em;
    margin: 0 0 calc(var(--_space) / 2);
  }
  .subheading {
    font-size: 1.0625em;
    margin: var(--_space) 0 calc(var(--_space) / 2);
  }
  h4 {
    font-size: 1em;
    margin: 0;
  }
  p {
    margin: 0.25em 0;
  }
  button {
    cursor: pointer;
    min-block-size: 2.75em;
    padding: 0.4em 1em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  button:hover {
    border-color: var(--_primary);
  }
  button.primary {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }
  a {
    color: var(--_primary);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: calc(var(--_space) / 2);
  }
  .toolbar:empty {
    display: none;
  }
  .toolbar [part='print-button'] {
    margin-inline-start: auto;
  }
  .message {
    color: var(--_muted);
  }
  .error {
    color: var(--_danger);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
  }
  .offline {
    border: 1px dashed var(--_muted);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
    margin-block: calc(var(--_space) / 2);
  }
  .cases,
  .list,
  .versions {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 1.5);
  }
  .case-button {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 0.75em;
    inline-size: 100%;
    text-align: start;
    padding: var(--_space);
    background: var(--_surface-raised);
    border-inline-start: 4px solid var(--_primary);
  }
  .case-title {
    font-weight: 600;
    flex: 1 1 12em;
  }
  .case-status {
    color: var(--_muted);
  }
  .unread,
  .badge {
    display: inline-block;
    padding: 0 0.6em;
    border-radius: 1em;
    background: var(--_primary);
    color: var(--_on-primary);
    font-size: 0.875em;
    font-weight: 600;
  }
  .status {
    font-weight: 600;
  }
  .summary {
    display: grid;
    gap: 0.5em;
    margin: 0;
  }
  .summary dt {
    font-weight: 600;
    color: var(--_muted);
    font-size: 0.9375em;
  }
  .summary dd {
    margin: 0;
  }
  .recommendation {
    padding: var(--_space);
    background: var(--_surface-raised);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_primary);
    border-radius: var(--_radius);
  }
  .rec-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 0.75em;
  }
  .category {
    font-size: 0.875em;
    padding: 0 0.5em;
    border: 1px solid var(--_border);
    border-radius: 1em;
  }
  .meta,
  .follow-up {
    color: var(--_muted);
    font-size: 0.9375em;
  }
  .follow-up time {
    color: var(--_text);
    font-weight: 600;
  }
  .body {
    margin-block: calc(var(--_space) / 2);
  }
  .diff {
    white-space: pre-wrap;
  }
  details {
    margin-block: calc(var(--_space) / 2);
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  ins {
    text-decoration: underline;
    text-decoration-thickness: 2px;
    background: color-mix(in srgb, var(--_primary) 18%, transparent);
    color: inherit;
  }
  del {
    text-decoration: line-through;
    background: color-mix(in srgb, var(--_danger) 15%, transparent);
    color: inherit;
  }
  .history .versions > li {
    border-inline-start: 2px solid var(--_border);
    padding-inline-start: var(--_space);
  }
  .acknowledgement {
    margin-block: calc(var(--_space) / 2);
    font-size: 0.9375em;
  }
  .acknowledgement.current {
    color: var(--_text);
  }
  .needs-ack {
    font-weight: 600;
  }
  .label {
    color: var(--_muted);
  }
  .ack-form {
    display: grid;
    gap: 0.35em;
    margin-block: calc(var(--_space) / 2);
  }
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    padding: 0.4em;
    inline-size: 100%;
    resize: vertical;
  }
  .ack-form button {
    justify-self: start;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  .copied {
    color: var(--_muted);
    font-size: 0.9375em;
  }

  /* Arrows point the way the text reads: mirrored right to left. */
  .arrow {
    display: inline-block;
  }
  :host(:dir(rtl)) .arrow {
    transform: scaleX(-1);
  }
  @media print {
    .no-print,
    .visually-hidden[role='status'] {
      display: none !important;
    }
    .base {
      color: #000;
      background: #fff;
      padding: 0;
    }
    .recommendation {
      background: #fff;
      border-color: #000;
      break-inside: avoid;
    }
    .meta,
    .follow-up,
    .summary dt,
    .label {
      color: #000;
    }
    .badge,
    .unread {
      border: 1px solid #000;
      background: #fff;
      color: #000;
    }
    details > summary {
      list-style: none;
    }
    a::after {
      content: ' (' attr(href) ')';
    }
  }
`;
