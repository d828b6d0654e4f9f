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

/** Bundles `entry` (code-split) and returns which chunks load eagerly and which hold livekit-client. */
async function bundle(entry: string) {
  const result = await build({
    entryPoints: { entry: resolve(SDK, entry) },
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
  const main = Object.keys(outputs).find((name) => outputs[name]!.entryPoint)!;
  const eager = new Set<string>();
  const visit = (name: string): void => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imported of outputs[name]!.imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(main);
  const livekitIn = (name: string): boolean =>
    Object.keys(outputs[name]!.inputs).some((input) => input.includes('node_modules/livekit-client/'));
  return {
    main: outputs[main]!,
    eagerWithLivekit: [...eager].filter(livekitIn),
    lazyWithLivekit: Object.keys(outputs).filter((name) => !eager.has(name) && livekitIn(name)),
  };
}

describe('livekit-client is loaded lazily', () => {
  test('@teleecho/sdk (the root entry) holds no livekit-client at all', async () => {
    const { eagerWithLivekit, lazyWithLivekit } = await bundle('src/index.ts');
    assert.deepEqual([...eagerWithLivekit, ...lazyWithLivekit], [], 'no livekit-client from the root entry');
  });

  test('@teleecho/sdk/session keeps livekit-client out of its entry chunk: one chunk, imported on join', async () => {
    const { main, eagerWithLivekit, lazyWithLivekit } = await bundle('src/session/index.ts');
    assert.deepEqual(eagerWithLivekit, [], 'livekit-client is in an eagerly loaded chunk');
    assert.equal(lazyWithLivekit.length, 1, 'livekit-client sits in one lazily loaded chunk');
    assert.ok(
      main.imports.some((i) => i.kind === 'dynamic-import' && i.path === lazyWithLivekit[0]),
      'the entry imports it dynamically',
    );
  });
});
