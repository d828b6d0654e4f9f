import { DomainError } from '../domain/errors.js';
import { hasUnstorableText } from '../http/text.js';

/** Encodes a keyset position as an opaque base64url cursor. */
export function encodeCursor(position: readonly string[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor}; 400 `invalid_cursor` when it is not one (also when it decodes to
 * text no stored id holds: over 200 characters, NUL, an unpaired surrogate).
 */
export function decodeCursor(cursor: string, size: number): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const valid = (v: unknown): boolean => typeof v === 'string' && v.length <= 200 && !hasUnstorableText(v);
    if (Array.isArray(value) && value.length === size && value.every(valid)) {
      return value as string[];
    }
  } catch {
    // fall through
  }
  throw new DomainError('invalid_cursor', 'cursor is not a cursor returned by this list', [
    { path: '/cursor', message: 'invalid cursor' },
  ]);
}

/** Paging input: `limit` 1–100 and an opaque cursor from a previous page. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** A page of `rows` fetched with `limit + 1`: the extra row, when there, says a next page exists. */
export function page<T>(
  rows: T[],
  limit: number,
  position: (last: T) => string[],
): { items: T[]; nextCursor?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(position(items[items.length - 1]!)) };
}
