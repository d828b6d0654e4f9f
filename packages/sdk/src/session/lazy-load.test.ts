/**
 * `livekit-client` must only load when someone joins a session: no static import of it anywhere in
 * the graph of the SDK's entry point, only the dynamic `import()` in `joinSession`. (The built dist/ is checked
 * the same way by scripts/build-output.test.mjs, in the build tier.)
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const SDK = fileURLToPath(new URL('../../', import.meta.url));

describe('livekit-client is loaded lazily', () => {
  test('a bundle of @teleecho/sdk keeps livekit-client out of the entry chunk and its static imports', async () => {
    const result = await build({
      entryPoints: { index: resolve(SDK, 'src/index.ts') },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['source'],
      outdir: '/out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((name) => outputs[name]!.entryPoint)!;
    const eager = new Set<string>();
    const visit = (name: string): void => {
      if (eager.has(name)) return;
      eager.add(name);
      for (const imported of outputs[name]!.imports) if (imported.kind === 'import-statement') visit(imported.path);
    };
    visit(entry);
    const livekitIn = (name: string): boolean =>
      Object.keys(outputs[name]!.inputs).some((input) => input.includes('node_modules/livekit-client/'));
    assert.deepEqual([...eager].filter(livekitIn), [], 'livekit-client is in an eagerly loaded chunk');
    const lazy = Object.keys(outputs).filter((name) => !eager.has(name) && livekitIn(name));
    assert.equal(lazy.length, 1, 'livekit-client sits in one lazily loaded chunk');
    assert.ok(
      outputs[entry]!.imports.some((i) => i.kind === 'dynamic-import' && i.path === lazy[0]),
      'the entry imports it dynamically',
    );
  });
});
