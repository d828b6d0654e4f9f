/**
 * HTTP at the byte level, for tests of hostile input: requests `fetch` refuses to send (a garbage `Host`, a path
 * that is not normalised, headers of any size, a malformed request line) and a deadline on every answer, so a
 * stalled route fails the test instead of hanging it.
 * @packageDocumentation
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** An answer read off the wire. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text (empty for HEAD, and for an event stream, which is answered once its headers arrive). */
  text: string;
  /** The body parsed when the content type says JSON, else undefined. */
  json: any;
  /** Wall-clock milliseconds from sending to the end of the answer. */
  ms: number;
}

/** Options of {@link rawRequest}. */
export interface RawRequestOptions {
  method?: string;
  /** Sent as is on the request line (no normalisation, no encoding). */
  path: string;
  /** Sent as is; `host` replaces the default `127.0.0.1:<port>` (set it to `null` to send none). */
  headers?: Record<string, string | null>;
  body?: string | Buffer;
  /** Give up (and reject) after this many ms without a complete answer. Default 10000. */
  deadlineMs?: number;
}

/** Thrown when the hub does not answer before the deadline. */
export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

const parseJson = (type: string | undefined, text: string): unknown => {
  if (!text || !/json/.test(type ?? '')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** One HTTP/1.1 request with full control of the path and the headers (`Host` included). */
export function rawRequest(baseUrl: string, options: RawRequestOptions): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name.toLowerCase()];
    else headers[name.toLowerCase()] = value;
  }
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  const deadline = options.deadlineMs ?? 10_000;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      method: options.method ?? 'GET',
      path: options.path,
      headers,
      setHost: false,
      agent: false,
      insecureHTTPParser: true,
    });
    const timer = setTimeout(() => {
      req.destroy(new NoAnswerError(`${options.method ?? 'GET'} ${options.path}: no answer within ${deadline} ms`));
    }, deadline);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (res) => {
      if (/^text\/event-stream/.test(res.headers['content-type'] ?? '')) {
        // an event stream never ends: its headers are the answer
        clearTimeout(timer);
        res.destroy();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: '',
          json: undefined,
          ms: performance.now() - started,
        });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: parseJson(res.headers['content-type'], text),
          ms: performance.now() - started,
        });
      });
    });
    req.end(options.body);
  });
}

/**
 * Writes `bytes` to a fresh connection and reads until the hub closes it or the deadline passes; returns the
 * status line's code and the parsed answer (the first response only). For malformed requests no client sends.
 */
export function rawSocket(
  baseUrl: string,
  bytes: string | Buffer,
  options: { deadlineMs?: number; keepOpen?: boolean } = {},
): Promise<{ status: number; headers: Record<string, string>; text: string; json: any }> {
  const url = new URL(baseUrl);
  const deadline = options.deadlineMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      finish(true);
    }, deadline);
    let done = false;
    const finish = (timedOut: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(raw);
      if (!match) {
        reject(
          new NoAnswerError(timedOut ? `no answer within ${deadline} ms` : `not an HTTP answer: ${raw.slice(0, 200)}`),
        );
        return;
      }
      const headers: Record<string, string> = {};
      for (const line of match[2]!.split('\r\n')) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      const length = Number(headers['content-length'] ?? Number.NaN);
      const text = Number.isFinite(length) ? Buffer.from(match[3]!).subarray(0, length).toString('utf8') : match[3]!;
      resolve({ status: Number(match[1]), headers, text, json: parseJson(headers['content-type'], text) });
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('error', () => finish(false));
    socket.write(bytes);
    if (!options.keepOpen) socket.end();
  });
}
