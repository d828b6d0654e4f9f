import { css } from 'lit';

/** Styles of `<echo-case-form>`: one column that fits 360 px phones and widens on a desktop chart. */
export const caseFormStyles = css`
  :host {
    --_warning: var(--echo-color-warning, #8a5a00);
    --_warning-surface: var(--echo-color-warning-surface, #fff4dc);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_warning: var(--echo-color-warning, #ffd27a);
      --_warning-surface: var(--echo-color-warning-surface, #3a2c0c);
    }
  }
  :host([theme='dark']) {
    --_warning: var(--echo-color-warning, #ffd27a);
    --_warning-surface: var(--echo-color-warning-surface, #3a2c0c);
  }

  .base {
    padding: var(--_space);
    max-inline-size: 60em;
    overflow-wrap: anywhere;
  }
  /* Wraps everything so that a disabled form control disables every control inside; no box of its own. */
  .disabler {
    border: 0;
    margin: 0;
    padding: 0;
    min-inline-size: 0;
  }
  h2,
  h3 {
    margin: 0.5em 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.3em;
  }
  h3 {
    font-size: 1.1em;
  }
  p {
    margin: 0.5em 0;
  }

  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
    counter-reset: step;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .steps li {
    counter-increment: step;
  }
  .steps li::before {
    content: counter(step) '. ';
  }
  .steps li[aria-current='step'] {
    color: var(--_primary);
    font-weight: 600;
  }

  .legend,
  .help,
  .source {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .source::before {
    content: '↳ ';
  }

  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  .group {
    margin-block: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
  }
  /* A long template renders at once, but only the sections on screen are laid out and painted; the others keep
     their last size (at first, an estimate from their number of questions, set on each group) until scrolled near. */
  form > .group,
  .repeat > .group {
    content-visibility: auto;
  }
  .group > legend {
    padding-inline: 0.25em;
    font-weight: 600;
  }
  .field {
    display: grid;
    gap: 0.25em;
    margin-block: var(--_space);
  }
  .label {
    font-weight: 500;
    padding: 0;
  }
  .req {
    color: var(--_danger);
  }

  input,
  textarea,
  select {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
    padding: 0.45em 0.6em;
    min-block-size: 2.5em;
    inline-size: 100%;
    max-inline-size: 100%;
  }
  input[type='number'],
  input.date {
    max-inline-size: 12em;
  }
  textarea {
    resize: vertical;
    min-block-size: 5em;
  }
  input[type='radio'],
  input[type='checkbox'] {
    inline-size: 1.15em;
    block-size: 1.15em;
    min-block-size: 0;
    margin: 0;
    accent-color: var(--_primary);
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35em 1.25em;
    margin-top: 0.25em;
  }
  .inline {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    min-block-size: 2.5em;
  }
  .quantity {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .quantity select {
    inline-size: auto;
  }

  .field-error,
  .error {
    color: var(--_danger);
    font-weight: 500;
  }
  .error {
    padding: 0.5em var(--_space);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
  }
  .phi {
    padding: 0.5em 0.75em;
    border-inline-start: 4px solid var(--_warning);
    background: var(--_warning-surface);
    color: var(--_text);
    border-radius: calc(var(--_radius) * 0.6);
  }
  .phi p {
    margin: 0 0 0.25em;
    color: var(--_warning);
    font-weight: 500;
  }
  .phi.confirmed p {
    font-weight: 400;
  }
  .notice {
    padding: 0.5em var(--_space);
    background: var(--_surface-raised);
    border-radius: var(--_radius);
  }
  .notice.draft {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
  }
  .notice.draft p {
    margin: 0;
    flex: 1 1 14em;
  }

  button {
    cursor: pointer;
    min-block-size: 2.75em;
    padding: 0.5em 1em;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
    border-color: var(--_primary);
    font-weight: 600;
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  .repeat > .add {
    margin-block-end: var(--_space);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    justify-content: flex-end;
    margin-top: var(--_space);
  }

  .templates {
    display: grid;
    gap: 0.5em;
    padding: 0;
    list-style: none;
  }
  .templates button {
    inline-size: 100%;
    text-align: start;
    border-inline-start: 4px solid var(--_primary);
  }

  .review dl,
  .result dl {
    margin: 0;
  }
  .summary-row,
  .result dl > div {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr);
    gap: 0.25em 1em;
    padding-block: 0.35em;
    border-bottom: 1px solid var(--_border);
  }
  .summary-group > dt {
    font-weight: 600;
    margin-top: 0.75em;
  }
  .summary-group > dd,
  dd {
    margin: 0;
  }
  dt {
    color: var(--_muted);
  }
  @media (max-width: 30em) {
    .summary-row,
    .result dl > div {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .payload {
    margin-block: var(--_space);
  }
  .payload summary {
    cursor: pointer;
    min-block-size: 2.5em;
    display: list-item;
    padding-block: 0.4em;
  }
  pre {
    margin: 0;
    padding: var(--_space);
    max-block-size: 24em;
    overflow: auto;
    background: var(--_surface-raised);
    border-radius: var(--_radius);
    font-size: 0.85em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .deid-groups {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25em;
  }
  .deid-groups summary {
    display: flex;
    justify-content: space-between;
    gap: 1em;
    cursor: pointer;
    padding: 0.25em 0.5em;
    border-radius: var(--_radius);
    background: var(--_surface-raised);
  }
  .deid-groups summary::-webkit-details-marker {
    display: none;
  }
  .deid-groups .kind::before {
    content: '▸';
    display: inline-block;
    margin-inline-end: 0.5em;
    transition: transform 0.1s;
  }
  :host(:dir(rtl)) .deid-groups .kind::before {
    transform: scaleX(-1);
  }
  .deid-groups details[open] .kind::before {
    transform: rotate(90deg);
  }
  .deid-groups .count {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .changes {
    max-block-size: 16em;
    overflow: auto;
    padding-inline-start: 1.25em;
    font-size: 0.9em;
  }
  code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.95em;
  }
  .send {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
  }
  /* Arrows point the way the text reads: mirrored right to left. */
  .arrow {
    display: inline-block;
  }
  :host(:dir(rtl)) .arrow {
    transform: scaleX(-1);
  }
`;
