// @custom-elements-manifest/analyzer config: `npm run analyze -w packages/elements` writes custom-elements.json
// (referenced by package.json "customElements") from the elements' JSDoc (@summary @slot @event @csspart @cssproperty).
// The analyzer reads src/*.ts; shippedPaths() points the manifest at the files the package ships (dist/*.js, which
// `npm run build` writes before it analyzes), as tools that read the manifest from node_modules expect.
import { existsSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * Rewrites every `path`/`module` of the manifest to a file the package ships: `src/x.ts` (also `/src/x.js`, as the
 * analyzer writes inherited members) to `dist/x.js`, or to `dist/x.d.ts` for a type-only module; a relative
 * reference (`./x.js`, from a re-export) to the `.d.ts` when no `.js` is emitted for it.
 */
function shippedPaths() {
  const exists = (path) => existsSync(new URL(path, import.meta.url));
  const shipped = (source) => {
    const base = source.replace(/^\/?src\//, 'dist/').replace(/\.(ts|js)$/, '');
    if (exists(`${base}.js`)) return `${base}.js`;
    if (exists(`${base}.d.ts`)) return `${base}.d.ts`;
    return undefined;
  };
  const relative = (reference, modulePath) => {
    const target = posix.join(posix.dirname(modulePath), reference);
    if (exists(target) || !target.endsWith('.js')) return reference;
    return exists(target.replace(/\.js$/, '.d.ts')) ? reference.replace(/\.js$/, '.d.ts') : reference;
  };
  const rewrite = (node, modulePath) => {
    if (Array.isArray(node)) return node.forEach((n) => rewrite(n, modulePath));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') {
        if (/^\/?src\/.*\.(ts|js)$/.test(value)) node[key] = shipped(value) ?? value;
        else if (value.startsWith('.')) node[key] = relative(value, modulePath);
      } else rewrite(value, modulePath);
    }
  };
  return {
    name: 'teleecho-shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      // a module with no shipped file (not reachable from an entry) cannot be imported: leave it out
      customElementsManifest.modules = customElementsManifest.modules.filter((m) => shipped(m.path) !== undefined);
      for (const m of customElementsManifest.modules) {
        m.path = shipped(m.path);
        rewrite(m, m.path);
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/test-helpers.ts', 'src/**/bench-page.ts', 'src/define.ts', 'src/define/**'],
  outdir: '.',
  litelement: true,
  packagejson: true,
  dependencies: false,
  plugins: [shippedPaths()],
};
