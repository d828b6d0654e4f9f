/**
 * Styles shared by every element: theme tokens (light and dark), a reset that keeps the host page's inherited CSS
 * out of the shadow tree, visible focus rings and reduced motion.
 *
 * Public tokens are `--echo-*` custom properties, read through private `--_*` twins so that a page can set them on
 * any ancestor (custom properties inherit) and the dark theme can change the defaults without overriding the page.
 * @packageDocumentation
 */
import { css } from 'lit';

const lightTokens = css`
  --_primary: var(--echo-color-primary, #1a56b8);
  --_on-primary: var(--echo-color-on-primary, #ffffff);
  --_surface: var(--echo-color-surface, #ffffff);
  --_surface-raised: var(--echo-color-surface-raised, #f3f5f9);
  --_text: var(--echo-color-text, #1b1f27);
  --_muted: var(--echo-color-muted, #5a6272);
  --_border: var(--echo-color-border, #d5dae3);
  --_danger: var(--echo-color-danger, #b3261e);
  --_live: var(--echo-color-live, #c8102e);
  --_focus: var(--echo-color-focus, var(--echo-color-primary, #1a56b8));
`;

const darkTokens = css`
  --_primary: var(--echo-color-primary, #8ab4f8);
  --_on-primary: var(--echo-color-on-primary, #0b1d3a);
  --_surface: var(--echo-color-surface, #16191f);
  --_surface-raised: var(--echo-color-surface-raised, #20242c);
  --_text: var(--echo-color-text, #e8eaed);
  --_muted: var(--echo-color-muted, #a9b0bc);
  --_border: var(--echo-color-border, #3a404b);
  --_danger: var(--echo-color-danger, #f2b8b5);
  --_live: var(--echo-color-live, #ff8a80);
  --_focus: var(--echo-color-focus, var(--echo-color-primary, #8ab4f8));
`;

/**
 * Host and theme rules. `theme="light"` or `theme="dark"` on the element forces a theme; otherwise it follows the
 * viewer's `prefers-color-scheme`.
 */
export const hostStyles = css`
  :host {
    display: block;
    ${lightTokens}
    --_radius: var(--echo-radius, 0.5em);
    --_space: var(--echo-space, 0.75em);
    --_font-family: var(
      --echo-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Noto Sans',
      'Helvetica Neue',
      Arial,
      sans-serif
    );
    /* "medium" is the viewer's preferred size and, unlike rem, cannot be shrunk by the page's html font-size. */
    --_font-size: var(--echo-font-size, medium);
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    ${darkTokens}
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }

  /*
   * The reset: the element's root part re-declares every inherited property from our tokens, so page CSS that
   * reaches the host (e.g. * { color: red !important; font-size: 4px; text-transform: uppercase }) stops at it.
   * 'all' leaves custom properties and direction alone, so theming and right-to-left still flow in.
   */
  [part~='base'] {
    all: initial;
    display: block;
    box-sizing: border-box;
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    line-height: 1.5;
    color: var(--_text);
    background: var(--_surface);
    border-radius: var(--_radius);
    -webkit-text-size-adjust: 100%;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  button {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
    text-transform: none;
  }
  :focus {
    outline: none;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute !important;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      animation-iteration-count: 1 !important;
      transition-duration: 0.01ms !important;
      scroll-behavior: auto !important;
    }
  }
`;
