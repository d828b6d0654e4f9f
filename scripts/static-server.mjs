// A tiny static file server for the examples (used by `npm start` and by end-to-end tests).
// Maps URL prefixes to folders, answers /config.json through a callback, sends strict security headers.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * @param {{ mounts: Record<string, string>, routes?: Record<string, (url: URL) => Promise<unknown>>,
 *   aliases?: Record<string, string> }} options
 *   mounts: URL prefix → absolute folder (longest prefix wins); routes: exact path → JSON handler; aliases: exact
 *   path → the path served instead (default: /favicon.ico → /favicon.svg).
 */
export function createStaticServer({ mounts, routes = {}, aliases = { '/favicon.ico': '/favicon.svg' } }) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (Object.hasOwn(aliases, url.pathname)) url.pathname = aliases[url.pathname];
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      const route = routes[url.pathname];
      if (route) {
        const body = JSON.stringify(await route(url));
        res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
        res.end(body);
        return;
      }
      const prefix = prefixes.find((p) => url.pathname.startsWith(p));
      if (!prefix) return notFound(res);
      const root = resolve(mounts[prefix]);
      let file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
      if (file !== root && !file.startsWith(root + sep)) return notFound(res);
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) return notFound(res);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      createReadStream(file).pipe(res);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error instanceof Error ? error.message : error));
    }
  });
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not found');
}
