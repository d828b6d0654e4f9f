import { css } from 'lit';

/** Styles of `<echo-evaluation>` (on top of the shared host styles). */
export const evaluationStyles = css`
  .base {
    padding: var(--_space);
  }
  .form,
  .done {
    display: grid;
    gap: var(--_space);
  }
  .done:focus {
    outline: none;
  }
  .heading {
    margin: 0;
    font-size: 1.25em;
    line-height: 1.3;
  }
  .intro,
  .message {
    margin: 0;
    color: var(--_muted);
  }
  .thanks {
    color: var(--_text);
    font-weight: 600;
  }
  .credit {
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
    border-inline-start: 4px solid var(--_border);
    color: var(--_text);
  }
  .credit.eligible {
    border-inline-start-color: var(--_primary);
  }
  .summary:empty {
    display: none;
  }
  .error {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
  }
  div.error {
    display: grid;
    gap: calc(var(--_space) / 2);
    justify-items: start;
    padding: var(--_space);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
  }
  div.error p {
    margin: 0;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }
  .group {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .group > legend {
    padding-inline: 0.25em;
    font-weight: 600;
  }
  .question {
    display: grid;
    gap: 0.4em;
  }
  .question > label,
  .question > legend {
    font-weight: 600;
    padding: 0;
  }
  .question > legend {
    margin-block-end: 0.4em;
  }
  .required {
    color: var(--_danger);
    margin-inline-start: 0.15em;
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
  }
  .option {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    min-block-size: 2.75em; /* touch target */
    padding-inline: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
    cursor: pointer;
  }
  .option:has(input:checked) {
    border-color: var(--_primary);
  }
  input[type='radio'] {
    accent-color: var(--_primary);
    inline-size: 1.1em;
    block-size: 1.1em;
    margin: 0;
  }
  input:not([type='radio']),
  textarea,
  select {
    font: inherit;
    color: inherit;
    inline-size: 100%;
    min-block-size: 2.75em;
    padding: 0.5em 0.65em;
    background: var(--_surface-raised);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  textarea {
    resize: vertical;
  }
  .invalid input:not([type='radio']),
  .invalid textarea,
  .invalid select,
  .invalid .option {
    border-color: var(--_danger);
  }
  .field-error {
    margin: 0;
    color: var(--_danger);
    font-size: 0.9375em;
  }
  .submit {
    justify-self: start;
    min-block-size: 2.75em;
    padding: 0.5em 1.25em;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 600;
    cursor: pointer;
  }
  .submit[disabled] {
    opacity: 0.7;
    cursor: progress;
  }
  button[part='retry-button'] {
    padding: 0.4em 1em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
    cursor: pointer;
  }
  @media (max-width: 30em) {
    .submit {
      justify-self: stretch;
    }
  }
`;
