import { request } from 'node:http';

/** One received SSE event. */
export interface ReceivedEvent {
  id: string;
  event: string;
  data: any;
}

/** An open event stream in a test. */
export interface TestEventStream {
  /** HTTP status of the response. */
  status: number;
  /** Events received so far, in order. */
  events: ReceivedEvent[];
  /** Comment lines received (e.g. heartbeats). */
  comments: string[];
  /** Whether the server ended the stream. */
  ended: boolean;
  /** The last `id:` field received, including id-only frames (the client's resume point). */
  resumeId: string | undefined;
  /** Resolves when `predicate` holds for the received events (rejects after `timeoutMs`). */
  waitFor(predicate: (events: ReceivedEvent[], comments: string[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Waits until at least `count` events arrived. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens `GET /v1/events` with node:http and parses frames as they arrive. */
export function openEventStream(
  baseUrl: string,
  token: string,
  options: { lastEventId?: string; query?: Record<string, string>; origin?: string } = {},
): Promise<TestEventStream> {
  const url = new URL('/v1/events', baseUrl);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  return new Promise((resolve, reject) => {
    const waiters = new Set<() => void>();
    const req = request(url, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(options.lastEventId && { 'last-event-id': options.lastEventId }),
        ...(options.origin && { origin: options.origin }),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const stream: TestEventStream = {
        status: res.statusCode ?? 0,
        events: [],
        comments: [],
        ended: false,
        resumeId: undefined,
        waitFor(predicate, timeoutMs = 5000) {
          return new Promise<void>((done, fail) => {
            const check = (): void => {
              if (predicate(stream.events, stream.comments)) {
                waiters.delete(check);
                clearTimeout(timer);
                done();
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(
                new Error(
                  `timed out; got ${stream.events.length} events: ${stream.events.map((e) => e.event).join(',')}`,
                ),
              );
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        waitForCount(count, timeoutMs) {
          return stream.waitFor((events) => events.length >= count, timeoutMs);
        },
        close() {
          req.destroy();
        },
      };
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let index: number;
        while ((index = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments.push(line.slice(1).trim());
            else {
              const colon = line.indexOf(':');
              if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
            }
          }
          if (fields.id !== undefined) stream.resumeId = fields.id;
          if (fields.data !== undefined) {
            stream.events.push({
              id: fields.id ?? '',
              event: fields.event ?? 'message',
              data: JSON.parse(fields.data),
            });
          }
        }
        for (const waiter of [...waiters]) waiter();
      });
      res.on('end', () => {
        stream.ended = true;
        for (const waiter of [...waiters]) waiter();
      });
      res.on('error', () => undefined);
      resolve(stream);
    });
    req.end();
  });
}
