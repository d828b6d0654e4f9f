// Builds the browser packages to ESM (one module per source file, so bundlers tree-shake) and the
// self-contained CDN build of the elements (code-split: heavy parts such as livekit-client land in
// their own chunks and load only when used). Type declarations come from `tsc` (scripts/build.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { browserBundlePlugins, minifyTemplates, ts } from './scripts/rollup-plugins.mjs';

const pkg = (name) => JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8'));
const deps = (name) => Object.keys(pkg(name).dependencies ?? {});
/** Treat a package and its subpaths as external. */
const externalOf = (names) => (id) =>
  id.startsWith('node:') || id.startsWith('#') || names.some((n) => id === n || id.startsWith(`${n}/`));

/** Expands `src/x.ts` and `src/folder/*.ts` (one level) into rollup inputs. */
const expand = (dir, pattern) => {
  if (!pattern.endsWith('/*.ts')) return [pattern];
  const folder = pattern.slice(0, -'/*.ts'.length);
  if (!existsSync(`${dir}/${folder}`)) return [];
  return readdirSync(`${dir}/${folder}`)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${folder}/${f}`);
};
const entries = (dir, patterns) =>
  Object.fromEntries(
    patterns
      .flatMap((p) => expand(dir, p))
      .filter((f) => !f.endsWith('.test.ts'))
      .map((f) => [f.replace(/^src\//, '').replace(/\.ts$/, ''), `${dir}/${f}`]),
  );

const onwarn = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

export default [
  {
    input: entries('packages/sdk', [
      'src/index.ts',
      'src/contract.ts',
      'src/fhir/index.ts',
      'src/questionnaire/index.ts',
      'src/server/index.ts',
      'src/server/not-in-browser.ts',
      'src/session/index.ts',
    ]),
    external: externalOf(deps('sdk')),
    plugins: [ts()],
    output: {
      dir: 'packages/sdk/dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'packages/sdk/src',
      sourcemap: true,
    },
    onwarn,
  },
  {
    input: entries('packages/elements', ['src/index.ts', 'src/define.ts', 'src/define/*.ts']),
    external: externalOf(deps('elements')),
    plugins: [minifyTemplates(), ts()],
    output: {
      dir: 'packages/elements/dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'packages/elements/src',
      sourcemap: true,
    },
    onwarn,
  },
  {
    // <script type="module" src=".../cdn/echo-elements.js"> registers every element; no other file needed.
    input: { 'echo-elements': 'packages/elements/src/define.ts' },
    plugins: browserBundlePlugins(),
    output: {
      dir: 'packages/elements/dist/cdn',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // Maps for local debugging only: 'hidden' leaves out the sourceMappingURL comment, and package.json "files"
      // leaves the maps out of the tarball (they are most of its size; the ESM build in dist/ has maps with sources).
      sourcemap: 'hidden',
    },
    onwarn,
  },
];
