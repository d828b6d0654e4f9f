import { css } from 'lit';

/** Styles of `<echo-agenda>` (on top of the host and console styles). */
export const agendaStyles = css`
  .header {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin-block-end: var(--_space);
  }
  .item {
    grid-template-columns: auto 1fr;
    align-items: start;
  }
  .position {
    display: inline-grid;
    place-items: center;
    inline-size: 2em;
    block-size: 2em;
    border-radius: 50%;
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .content {
    display: grid;
    gap: calc(var(--_space) / 2);
    min-inline-size: 0;
  }
`;
