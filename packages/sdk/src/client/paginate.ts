import type { Page } from '../types.js';

/** Fetches one page; `cursor` is `undefined` for the first page, then each page's `nextCursor`. */
export type PageFetcher<T> = (cursor: string | undefined) => Promise<Page<T>>;

/** The items of every page, fetched lazily as you iterate (see {@link paginate}). */
export interface PageIterable<T> extends AsyncIterable<T> {
  /** Every page in order, fetched lazily. */
  pages(): AsyncIterable<Page<T>>;
  /** Walks all pages and returns the items in one array (stops after `max` items when given). */
  collect(max?: number): Promise<T[]>;
}

/**
 * Walks a cursor-paginated list: yields each item of each page, following `nextCursor` until a
 * page has none. Pages are fetched one at a time, only as the loop asks for more.
 *
 * @example
 * ```ts
 * for await (const c of paginate((cursor) => client.cases.list({ status: 'submitted', cursor }))) {
 *   console.log(c.title);
 * }
 * const all = await paginate((cursor) => client.programs.list({ cursor })).collect();
 * ```
 */
export function paginate<T>(fetchPage: PageFetcher<T>): PageIterable<T> {
  async function* pages(): AsyncGenerator<Page<T>> {
    let cursor: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await fetchPage(cursor);
      yield page;
      cursor = page.nextCursor || undefined;
      // A cursor seen before would loop forever: stop instead.
      if (cursor !== undefined) {
        if (seen.has(cursor)) return;
        seen.add(cursor);
      }
    } while (cursor !== undefined);
  }
  async function* items(): AsyncGenerator<T> {
    for await (const page of pages()) yield* page.items;
  }
  return {
    [Symbol.asyncIterator]: () => items(),
    pages,
    collect: (max?: number) => collect(items(), max),
  };
}

/** Reads an async iterable into an array (stops after `max` items when given). */
export async function collect<T>(iterable: AsyncIterable<T>, max: number = Infinity): Promise<T[]> {
  const out: T[] = [];
  if (max <= 0) return out;
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}
