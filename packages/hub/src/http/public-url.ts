import type { FastifyRequest } from 'fastify';

/**
 * The hub's base URL as platforms and browsers reach it, for links the hub hands out (certificate verification,
 * calendar feeds, LTI redirects): `TELEECHO_PUBLIC_URL` when set (behind a proxy or load balancer), else the
 * scheme and host of the request.
 */
export function publicBaseUrl(request: FastifyRequest): string {
  const configured = process.env.TELEECHO_PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, '');
  return `${request.protocol}://${request.host}`;
}
