import { css } from 'lit';

/** Styles of `<echo-recommendation-editor>` (on top of the host and console styles). */
export const recommendationEditorStyles = css`
  .base {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  .case,
  .recommendations {
    display: grid;
    gap: calc(var(--_space) / 1.5);
    min-inline-size: 0;
  }
  .answers {
    margin: 0;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .answer {
    padding-block-end: calc(var(--_space) / 2);
    border-block-end: 1px solid var(--_border);
  }
  dt {
    font-weight: 600;
    color: var(--_muted);
    font-size: 0.9375em;
  }
  dd {
    margin: 0.125em 0 0;
  }
  dd .text {
    white-space: pre-wrap;
  }
  dd.group .answer:last-child {
    border-block-end: 0;
    padding-block-end: 0;
  }
  dd.group {
    padding-inline-start: var(--_space);
  }
  details {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  .changes {
    margin: 0;
    padding-inline-start: 1.25em;
    font-size: 0.9375em;
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  .rec.draft {
    border-inline-start-style: dashed;
    border-inline-start-color: var(--_muted);
  }
  .number {
    font-weight: 700;
    color: var(--_primary);
  }
  .meta-line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
    align-items: baseline;
    margin: 0;
  }
  .meta-line:empty {
    display: none;
  }
  .body {
    margin: 0;
    white-space: pre-wrap;
  }
  .versions {
    margin: calc(var(--_space) / 2) 0 0;
    padding-inline-start: 1.25em;
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .version .body {
    color: var(--_muted);
  }
  .ack {
    padding: calc(var(--_space) / 2) var(--_space);
    border-radius: calc(var(--_radius) / 2);
    border: 1px solid var(--_border);
    background: var(--_surface);
  }
  .ack p {
    margin: 0;
  }
  .ack-line {
    font-weight: 600;
  }
  .reply-label {
    font-weight: 600;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12em), 1fr));
    gap: calc(var(--_space) / 1.5);
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    margin-inline-end: auto;
  }
  .check input {
    inline-size: 1.25em;
    min-block-size: 1.25em;
    block-size: 1.25em;
    margin: 0;
  }
  .check label {
    display: inline;
    font-weight: 400;
  }
  .issue-bar {
    display: grid;
    gap: calc(var(--_space) / 2);
    justify-items: start;
  }
  .issue-bar .reason {
    margin: 0;
    color: var(--_muted);
  }
  /* Arrows point the way the text reads: mirrored right to left. */
  .arrow {
    display: inline-block;
  }
  :host(:dir(rtl)) .arrow {
    transform: scaleX(-1);
  }
`;
