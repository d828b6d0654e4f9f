import { css } from 'lit';

/** Styles of `<echo-case-queue>` (on top of the host and console styles). */
export const caseQueueStyles = css`
  .filter {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin-block-end: var(--_space);
  }
  .filter select {
    inline-size: auto;
    flex: 1 1 12em;
  }
  .status-submitted {
    border-inline-start-color: var(--_primary);
  }
  .status-accepted {
    border-inline-start-style: double;
  }
  .status-returned,
  .status-closed {
    border-inline-start-color: var(--_border);
  }
`;
