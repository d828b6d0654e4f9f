// Browser tier: real headless Chromium (Debian's /usr/bin/chromium) runs the elements' tests and the SDK's
// *.browser.test.ts. The test pages are served by this runner on one origin; a real hub runs on another
// (127.0.0.1:<random> vs localhost:<port>), so every test exercises CORS exactly as host pages do.
// Run through scripts/test.mjs (which loads tsx so the hub can start from its TypeScript source).
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { teleechoHubPlugin } from './scripts/wtr-hub-plugin.mjs';
import { countReporter } from './scripts/wtr-count-reporter.mjs';
import { fhirpathPlugin } from './scripts/wtr-fhirpath-plugin.mjs';
import { minifyTemplates } from './scripts/rollup-plugins.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export default {
  files: ['packages/elements/src/**/*.test.ts', 'packages/sdk/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'import', 'default'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
  plugins: [
    // The elements are tested with their templates minified, as the published builds ship them.
    fromRollup(minifyTemplates)(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    teleechoHubPlugin(),
    fhirpathPlugin(), // `fhirpath` (CommonJS) as one ES module, for prepopulate() of @teleecho/sdk/questionnaire
  ],
};
