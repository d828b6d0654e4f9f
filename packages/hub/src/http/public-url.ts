import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** How this hub names itself in links: the configured public URL and which peers are trusted proxies. */
    publicUrlConfig: { publicUrl: string | undefined; trusted: (address: string) => boolean };
  }
}

/** What {@link publicBaseUrl} needs from the hub's options. */
export interface PublicUrlConfig {
  /** The configured public URL (no trailing slash), if any. */
  publicUrl: string | undefined;
  /** Whether `X-Forwarded-Host` / `-Proto` from (some) proxies are believed. */
  trustProxy: boolean | string;
}

/** The same reading of a trust-proxy setting as Fastify's: `true`, or addresses and CIDR ranges. */
export function trustedPeer(trustProxy: boolean | string): (address: string) => boolean {
  if (trustProxy === true) return () => true;
  if (!trustProxy) return () => false;
  const check = proxyAddr.compile(trustProxy.split(',').map((part) => part.trim()));
  return (address) => check(address, 0);
}

/** Makes the options {@link publicBaseUrl} reads available to every route. */
export function installPublicUrl(app: FastifyInstance, config: PublicUrlConfig): void {
  app.decorate('publicUrlConfig', { publicUrl: config.publicUrl, trusted: trustedPeer(config.trustProxy) });
}

/** `host:port` of the socket's local end, as a URL authority (IPv6 in brackets, IPv4-mapped IPv6 unwrapped). */
function localAuthority(request: FastifyRequest): string {
  const socket = request.raw.socket;
  let address = socket.localAddress ?? '127.0.0.1';
  if (address.startsWith('::ffff:') && address.includes('.')) address = address.slice(7);
  const host = address.includes(':') ? `[${address.replace(/%.*$/, '')}]` : address;
  return `${host}:${socket.localPort ?? 80}`;
}

/**
 * The hub's base URL as platforms and browsers reach it, for links the hub hands out (certificate verification,
 * calendar feeds, LTI redirects):
 * 1. the configured public URL (`--public-url`, `TELEECHO_PUBLIC_URL`), when set;
 * 2. with a trusted proxy (`--trust-proxy`), the scheme and host the proxy forwarded (`X-Forwarded-Proto`,
 *    `X-Forwarded-Host`, else `Host`), checked at the edge;
 * 3. otherwise the address the request came in on: never the request's `Host` header, which the client chooses.
 */
export function publicBaseUrl(request: FastifyRequest): string {
  const config = request.server.publicUrlConfig;
  if (config?.publicUrl) return config.publicUrl;
  const peer = request.raw.socket.remoteAddress;
  if (peer && config?.trusted(peer) && request.host) return `${request.protocol}://${request.host}`;
  return `${request.protocol}://${localAuthority(request)}`;
}
