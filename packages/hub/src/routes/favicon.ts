import type { FastifyPluginAsync } from 'fastify';

/** The teleECHO mark (the same as the examples' `favicon.svg`). */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b6e4f"/>' +
  '<circle cx="10" cy="16" r="3.5" fill="#fff"/><path d="M15 9.5a9 9 0 0 1 0 13M19.5 6a14 14 0 0 1 0 20" fill="none" ' +
  'stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>';

/** GET /favicon.ico (and /favicon.svg): browsers ask for it on every hub page they open (LTI, JSON, health). */
export const faviconRoutes: FastifyPluginAsync = async (app) => {
  for (const url of ['/favicon.ico', '/favicon.svg']) {
    app.get(url, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG),
    );
  }
};
