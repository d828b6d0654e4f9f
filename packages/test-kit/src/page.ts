import { createServer, type Server } from 'node:http';
import { build } from 'esbuild';

/** Options of {@link serveBundledPage}. */
export interface BundledPageOptions {
  /** esbuild entry points (output name → source file), bundled from TypeScript source with code splitting. */
  entryPoints: Record<string, string>;
  /** The HTML served at `/` (it loads the bundles, e.g. `<script type="module" src="/page.js">`). */
  html: string;
  /** More files to serve, path → contents (e.g. `/axe.js`). */
  files?: Record<string, string>;
  /** A Content-Security-Policy header for the HTML page. */
  csp?: string;
}

/** A page served on a random loopback port. */
export interface BundledPage {
  server: Server;
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

/**
 * Bundles test pages from source with esbuild (the "source" condition, so workspace packages come from src/;
 * lazily imported modules such as livekit-client land in their own chunks) and serves them on 127.0.0.1.
 */
export async function serveBundledPage(options: BundledPageOptions): Promise<BundledPage> {
  const result = await build({
    entryPoints: options.entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    outdir: '/page',
    write: false,
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [f.path.replace(/^\/page/, ''), f.text]));
  for (const [path, body] of Object.entries(options.files ?? {})) files.set(path, body);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        ...(options.csp ? { 'content-security-policy': options.csp } : {}),
      });
      response.end(options.html);
      return;
    }
    const body = files.get(path);
    if (body === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `check` until it returns a truthy value (bounded, so a test fails instead of hanging; no timing asserts). */
export async function until<T>(what: string, check: () => Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
