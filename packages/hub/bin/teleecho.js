#!/usr/bin/env node
// Launcher of the `teleecho` CLI. In a source checkout (src/ present and tsx installed) it runs the TypeScript
// source with the "source" export condition, so it can never run a stale build; an installed package (which
// ships dist/ only) runs the built dist/cli.js. TELEECHO_USE_DIST=1 forces the build.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

process.env.TELEECHO_CLI_MAIN = '1';
const dist = new URL('../dist/cli.js', import.meta.url);
const source = new URL('../src/cli.ts', import.meta.url);

async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}

const tsx = process.env.TELEECHO_USE_DIST === '1' || !existsSync(source) ? undefined : await loadTsx();
if (tsx) {
  register(
    'data:text/javascript,export async function resolve(s,c,n){' +
      'return n(s,{...c,conditions:[...new Set([...c.conditions,"source"])]})}',
  );
  tsx.register();
  await import(source.href);
} else if (existsSync(dist)) {
  await import(dist.href);
} else {
  console.error('teleecho: no build found (dist/cli.js). Run `npm run build` first.');
  process.exit(1);
}
