// Bundle sizes (raw and gzip) of what host pages download: the CDN entry, what loads on page load (the entry
// and its static imports), every lazy chunk, and the SDK's ESM build. Needs `npm run build` first (runs it
// when the output is missing).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, run } from '../lib.mjs';

const CDN = join(ROOT, 'packages/elements/dist/cdn');
if (!existsSync(join(CDN, 'echo-elements.js'))) {
  const { code } = await run(process.execPath, ['scripts/build.mjs']);
  if (code !== 0) process.exit(code);
}

const size = (file) => {
  const buf = readFileSync(file);
  return { bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
};

/** Files loaded eagerly: the entry and, transitively, its static `import … from "./chunks/…"`. */
function eagerClosure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["'](\.\/[^"']+|\.\.\/[^"']+)["']/g)) {
      visit(join(file, '..', m[1]));
    }
  };
  visit(entry);
  return [...seen];
}

const entry = join(CDN, 'echo-elements.js');
const eager = eagerClosure(entry);
const chunksDir = join(CDN, 'chunks');
const chunks = existsSync(chunksDir) ? readdirSync(chunksDir).filter((f) => f.endsWith('.js')) : [];
const lazy = chunks.map((f) => join(chunksDir, f)).filter((f) => !eager.includes(f));
const sum = (files) =>
  files
    .map(size)
    .reduce((a, b) => ({ bytes: a.bytes + b.bytes, gzipBytes: a.gzipBytes + b.gzipBytes }), { bytes: 0, gzipBytes: 0 });

const sdkFiles = [];
const walk = (dir) => {
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    if (f.isDirectory()) walk(join(dir, f.name));
    else if (f.name.endsWith('.js') && !dir.includes(`${join('dist', 'server')}`)) sdkFiles.push(join(dir, f.name));
  }
};
walk(join(ROOT, 'packages/sdk/dist'));

console.log(
  JSON.stringify({
    bundleSize: {
      cdnEntry: size(entry),
      cdnOnPageLoad: { ...sum(eager), files: eager.length },
      cdnLazyChunks: Object.fromEntries(lazy.map((f) => [f.slice(chunksDir.length + 1), size(f)])),
      sdkEsmBrowser: { ...sum(sdkFiles), files: sdkFiles.length },
    },
  }),
);
