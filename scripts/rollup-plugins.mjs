// Rollup plugins shared by rollup.config.mjs (the published ESM and CDN builds) and the benches that bundle pages the
// way the CDN build does, so a bench measures what users load.
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { defaultMinifyOptions, defaultStrategy } from '@lit-labs/rollup-plugin-minify-html-literals/lib/strategy.js';
import esbuild from 'rollup-plugin-esbuild';

const ROOT = new URL('..', import.meta.url).pathname;

/** TypeScript to ES2022 (esbuild). */
export const ts = (extra = {}) =>
  esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: true, minify: false, ...extra });

/** U+2060 WORD JOINER: marks a template's edges while it is minified. */
const EDGE = '\u2060';

/**
 * Lit html`` templates in our sources, minified: whitespace between block elements removed, other runs collapsed to
 * one space, comments dropped. A long case form has thousands of template nodes, and indentation would otherwise
 * become text nodes to clone and lay out. Runs before `ts()`; a template it cannot minify fails the build.
 *
 * A template is a fragment: the space in html`<b>${a}</b> · ${b}` or html` (${n})` is text the user reads, but the
 * minifier would trim it as if it began a block. Each template is minified between two WORD JOINERs, so its edges
 * are inline text, and they are removed after. Empty attributes stay (`<option value="">` means "none").
 * css`` blocks are left as written: they compose other css`` values, which LightningCSS cannot parse.
 */
export const minifyTemplates = () =>
  minifyHTML({
    include: [`${ROOT}packages/*/src/**/*.ts`],
    exclude: ['**/*.test.ts'],
    failOnError: true,
    options: {
      shouldMinifyCSS: () => false,
      minifyOptions: { ...defaultMinifyOptions, removeEmptyAttributes: false, minifyCSS: false, minifyJS: false },
      strategy: {
        ...defaultStrategy,
        async minifyHTML(html, options) {
          const out = await defaultStrategy.minifyHTML(`${EDGE}${html}${EDGE}`, options);
          if (!out.startsWith(EDGE) || !out.endsWith(EDGE)) throw new Error(`template edges lost: ${out}`);
          return out.slice(EDGE.length, -EDGE.length);
        },
      },
    },
  });

/** The self-contained browser bundle: dependencies resolved for the browser, CommonJS and JSON handled, minified. */
export const browserBundlePlugins = () => [
  nodeResolve({ browser: true, exportConditions: ['source', 'browser', 'import', 'default'] }),
  // `fhirpath` (loaded on demand by the case form's pre-population) ships CommonJS with JSON data.
  commonjs({ include: /node_modules/, strictRequires: true, requireReturnsDefault: 'preferred' }),
  json(),
  minifyTemplates(),
  ts({ minify: true, legalComments: 'none' }),
];
