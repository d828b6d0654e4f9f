// `npm run build`: browser packages to ESM (rollup) + declarations (tsc), the CDN build of the elements,
// the custom-elements manifest, and the hub compiled for Node. Order matters: the elements' and the hub's
// declarations resolve @teleecho/sdk through its built dist/.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, bin, run } from './lib.mjs';

const steps = [
  [
    'clean',
    async () => {
      for (const p of ['sdk', 'elements', 'hub'])
        rmSync(join(ROOT, 'packages', p, 'dist'), { recursive: true, force: true });
      return { code: 0 };
    },
  ],
  // the elements' VERSION constant follows package.json whatever changed the version (changeset version, npm version)
  ['elements VERSION', () => run(process.execPath, [join(ROOT, 'packages/elements/scripts/write-version.mjs')])],
  ['rollup (sdk, elements, CDN)', () => run(bin('rollup'), ['-c', 'rollup.config.mjs', '--silent'])],
  ['declarations: sdk', () => run(bin('tsc'), ['-p', 'packages/sdk/tsconfig.build.json'])],
  ['declarations: elements', () => run(bin('tsc'), ['-p', 'packages/elements/tsconfig.build.json'])],
  ['hub (tsc)', () => run(bin('tsc'), ['-p', 'packages/hub/tsconfig.build.json'])],
  ['custom-elements.json', () => run('npm', ['run', 'analyze', '--silent', '-w', '@teleecho/elements'])],
];

for (const [name, step] of steps) {
  const t0 = Date.now();
  const { code } = await step();
  console.log(`${code === 0 ? '✓' : '✗'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (code !== 0) process.exit(code);
}
