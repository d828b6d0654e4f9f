/**
 * Server-Sent Events stream parsing. We use `@microsoft/fetch-event-source`'s own, well-tested
 * stream parser (`getBytes` → `getLines` → `getMessages`) but not its `fetchEventSource()` loop:
 * that function reaches for `window.setTimeout`, `window.fetch` and `document` directly (so it
 * fails in Node 20 unless globals are faked), fixes the request headers at the first connect (we
 * need a fresh `Authorization` on every reconnect), and its retry policy cannot tell a
 * `token_expired` 401 (refresh and reconnect) from a 403 (stop). The parser is reached through
 * this package's `#fes-parse` import alias: the CommonJS build in Node, the ES module build in
 * browsers and bundlers (the package has no `exports` map and its ESM build is not loadable by
 * Node as-is).
 * @internal
 */
import { getBytes, getLines, getMessages } from '#fes-parse';

/** One parsed SSE message. @internal */
export interface SseMessage {
  /** The `id:` field of this message ('' when absent). */
  id: string;
  /** The `event:` field ('' when absent, meaning "message"). */
  event: string;
  /** The `data:` lines, joined with "\n". */
  data: string;
  /** The `retry:` field, when present. */
  retry?: number;
}

/**
 * Reads an SSE body to its end, calling `onMessage` for each message (comments and empty
 * messages included — filter on `data`), `onRetry` for `retry:` fields, and `onChunk` whenever
 * bytes arrive (heartbeat comments too), so callers can detect a silent, dead connection.
 * Resolves when the server ends the stream; rejects when the connection fails or is aborted.
 * @internal
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage) => void,
  onRetry: (retryMs: number) => void = () => {},
  onChunk: () => void = () => {},
): Promise<void> {
  const onLine = getLines(getMessages(() => {}, onRetry, onMessage));
  await getBytes(body, (chunk) => {
    onChunk();
    onLine(chunk);
  });
}
