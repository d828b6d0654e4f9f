import { css } from 'lit';

/** Styles of `<echo-schedule>` (on top of the shared host styles). */
export const scheduleStyles = css`
  .base {
    padding: calc(var(--_space) / 2);
  }
  ::slotted([slot='heading']) {
    margin-block: 0 var(--_space);
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) / 1.5);
  }
  .item {
    display: grid;
    gap: 0.25em;
    inline-size: 100%;
    margin: 0;
    padding: var(--_space) calc(var(--_space) * 1.25);
    text-align: start;
    background: var(--_surface-raised);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_primary);
    border-radius: var(--_radius);
    cursor: pointer;
    transition:
      border-color 120ms ease,
      background-color 120ms ease;
  }
  .item:hover {
    border-color: var(--_primary);
  }
  .item.live {
    border-inline-start-color: var(--_live);
  }
  .item.cancelled {
    border-inline-start-color: var(--_border);
  }
  .heading {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25em 0.75em;
  }
  .title {
    font-weight: 600;
    font-size: 1.0625em;
  }
  .cancelled .title,
  .cancelled time {
    text-decoration: line-through;
  }
  .topic {
    color: var(--_muted);
  }
  /*
   * Items separated by "·"; each separator sits in its item's start padding, which the first item of every line
   * pulls into a clipped gutter, so a wrapped line never starts with one. The padding (not an inline separator)
   * keeps an item's own wrapped lines (a long date on a phone) inside the visible box.
   */
  .meta {
    display: block;
    overflow: hidden;
    font-size: 0.9375em;
    color: var(--_muted);
  }
  .meta-items {
    display: flex;
    flex-wrap: wrap;
    margin-inline-start: -1.25em;
  }
  .meta-items > * {
    position: relative;
    padding-inline-start: 1.25em;
  }
  .meta-items > *::before {
    content: '·' / '';
    position: absolute;
    inset-inline-start: 0;
    inline-size: 1.25em;
    text-align: center;
    color: var(--_muted);
  }
  time {
    color: var(--_text);
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-block;
    padding: 0.0625em 0.625em;
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
    letter-spacing: 0.02em;
    white-space: nowrap;
    border: 1px solid transparent;
  }
  .badge.live {
    background: var(--_live);
    color: var(--_surface);
  }
  .badge.live::before {
    content: '';
    display: inline-block;
    inline-size: 0.5em;
    block-size: 0.5em;
    margin-inline-end: 0.375em;
    border-radius: 50%;
    background: currentColor;
    vertical-align: 0.0625em;
    animation: pulse 1.6s ease-in-out infinite;
  }
  .badge.cancelled {
    border-color: var(--_muted);
    color: var(--_muted);
  }
  .message {
    margin: 0;
    padding: var(--_space);
    color: var(--_muted);
  }
  .error {
    margin: 0;
    padding: var(--_space);
    color: var(--_danger);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
  }
  .error p {
    margin: 0 0 var(--_space);
  }
  [part='retry-button'] {
    padding: 0.375em 1em;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 600;
    cursor: pointer;
  }
  @keyframes pulse {
    50% {
      opacity: 0.35;
    }
  }
  @media (forced-colors: active) {
    .item,
    .badge {
      border: 1px solid CanvasText;
    }
  }
`;
