import { isIPv6 } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HubError } from './problem.js';
import { checkJsonText, hasUnstorableText, type JsonTextProblem } from './text.js';

/** A DNS name or IPv4 address (labels of letters, digits, `-`, `_`), or a bracketed IPv6 address; optional port. */
const HOST =
  /^(?:(?<name>[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?)|\[(?<ipv6>[0-9A-Fa-f:.]{2,45})\])(?::(?<port>\d{1,5}))?$/;

/** Whether a `Host` (or `X-Forwarded-Host`) value is a well-formed `host[:port]`. */
export function isValidHost(value: string): boolean {
  if (value.length > 260) return false;
  const match = HOST.exec(value);
  if (!match?.groups) return false;
  const { ipv6, port } = match.groups;
  if (ipv6 !== undefined && !isIPv6(ipv6)) return false;
  return port === undefined || Number(port) <= 65535;
}

const invalidHost = (detail: string): HubError => new HubError(400, 'invalid_host', detail);
const invalidCharacters = (where: string): HubError =>
  new HubError(
    400,
    'invalid_characters',
    `The ${where} holds a NUL character or an unpaired UTF-16 surrogate, which the hub does not accept`,
  );

/** The problem for a JSON text refused before parsing. */
export function jsonTextError(problem: JsonTextProblem, maxDepth: number, where = 'request body'): HubError {
  return problem === 'too_deep'
    ? new HubError(400, 'json_too_deep', `The ${where} nests objects and arrays deeper than ${maxDepth} levels`)
    : invalidCharacters(where);
}

function checkHost(request: FastifyRequest): void {
  const { raw } = request;
  if (raw.headers.host === undefined) {
    if (raw.httpVersion === '1.1') throw invalidHost('HTTP/1.1 requests need a Host header');
    return;
  }
  // request.host is X-Forwarded-Host when the hub trusts the proxy that sent it, else Host.
  const host = request.host;
  if (!isValidHost(host)) throw invalidHost('The Host (or trusted X-Forwarded-Host) header is not a valid host[:port]');
  const protocol = request.protocol;
  if (protocol !== 'http' && protocol !== 'https')
    throw invalidHost('The trusted X-Forwarded-Proto must be http or https');
}

function decodeUrlPart(part: string, plusIsSpace: boolean): string {
  try {
    return decodeURIComponent(plusIsSpace ? part.replaceAll('+', ' ') : part);
  } catch {
    throw new HubError(400, 'bad_url', 'The URL is not validly percent-encoded UTF-8');
  }
}

function checkUrl(url: string): void {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (hasUnstorableText(decodeUrlPart(path, false))) throw invalidCharacters('URL path');
  if (q !== -1 && hasUnstorableText(decodeUrlPart(url.slice(q + 1), true))) throw invalidCharacters('query string');
}

/** A bearer JWT's claims are read (without trusting them) only to refuse text no lookup could use. */
function checkBearer(authorization: string | undefined): void {
  if (!authorization) return;
  const match = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]*)\s*$/i.exec(authorization);
  if (!match) return;
  for (const part of [match[1]!, match[2]!]) {
    const text = Buffer.from(part, 'base64url').toString('utf8');
    if (text.includes('\0') || checkJsonText(text, 64) === 'unstorable') throw invalidCharacters('bearer token');
  }
}

function checkFormBody(body: unknown): void {
  if (!body || typeof body !== 'object') return;
  for (const [key, value] of Object.entries(body)) {
    if (hasUnstorableText(key) || (typeof value === 'string' && hasUnstorableText(value))) {
      throw invalidCharacters('form body');
    }
  }
}

/**
 * The hub's edge, before authentication reads anything: a valid `Host` (and, only when the hub trusts its proxy,
 * `X-Forwarded-Host` / `X-Forwarded-Proto`), a URL that decodes to text the storage can hold, bearer token claims
 * without such characters either, and JSON bodies parsed only after a linear depth and character check.
 */
export function installEdge(app: FastifyInstance, options: { maxJsonDepth: number }): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string, done) => {
    const problem = checkJsonText(body, options.maxJsonDepth);
    if (problem) {
      done(jsonTextError(problem, options.maxJsonDepth), undefined);
      return;
    }
    parse(request, body, done);
  });
  app.addHook('onRequest', async (request) => {
    checkHost(request);
    checkUrl(request.raw.url ?? '/');
    checkBearer(request.headers.authorization);
  });
  app.addHook('preValidation', async (request) => {
    if (/^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '')) checkFormBody(request.body);
  });
}
