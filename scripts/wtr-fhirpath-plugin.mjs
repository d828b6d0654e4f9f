// @web/test-runner / @web/dev-server plugin: serves the `fhirpath` package (CommonJS, with circular requires that
// per-file CommonJS transforms cannot resolve) as ONE ES module bundled by esbuild on first use, so browser tests
// can run `prepopulate()` of @teleecho/sdk/questionnaire, which loads FHIRPath with a dynamic import().
// Bundlers that host pages use (Vite, webpack, rollup with @rollup/plugin-commonjs) need nothing like this.
import esbuild from 'esbuild';

const PREFIX = '/__fhirpath/';
const MODULES = { fhirpath: `${PREFIX}engine.js`, 'fhirpath/fhir-context/r4': `${PREFIX}r4.js` };

export function fhirpathPlugin() {
  /** @type {Promise<string> | undefined} */
  let bundle;
  const build = () =>
    (bundle ??= esbuild
      .build({
        stdin: {
          contents:
            "export { default as engine } from 'fhirpath'; export { default as r4 } from 'fhirpath/fhir-context/r4';",
          resolveDir: process.cwd(),
          loader: 'js',
        },
        bundle: true,
        format: 'esm',
        platform: 'browser',
        minify: true,
        legalComments: 'none',
        write: false,
        logLevel: 'silent',
      })
      .then((r) => r.outputFiles[0].text));
  return {
    name: 'teleecho-fhirpath',
    resolveImport({ source }) {
      return MODULES[source];
    },
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      if (context.path === `${PREFIX}bundle.js`) return { body: await build(), type: 'js' };
      const name = context.path === MODULES.fhirpath ? 'engine' : 'r4';
      return { body: `export { ${name} as default } from '${PREFIX}bundle.js';`, type: 'js' };
    },
  };
}
