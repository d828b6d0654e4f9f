/**
 * The one way repositories map rows: required fields are copied, JSON columns go through {@link fromJson} /
 * {@link toJson}, and optional fields go through {@link present}, so a NULL column is an absent property (never
 * `null`, never `undefined`) and an absent property is written as NULL (`value.x ?? null`).
 * @packageDocumentation
 */

type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : undefined extends T[K] ? K : never }[keyof T];

/** `T` with its nullable properties made optional and non-null. */
export type Present<T> = { [K in Exclude<keyof T, NullableKeys<T>>]: T[K] } & {
  [K in NullableKeys<T>]?: Exclude<T[K], null | undefined>;
};

/** The optional fields of a record: every property whose value is null or undefined is left out. */
export function present<T extends Record<string, unknown>>(fields: T): Present<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== null && value !== undefined) out[key] = value;
  return out as Present<T>;
}

/** Parses a JSON column. */
export function fromJson<T>(text: string): T;
export function fromJson<T>(text: string | null): T | null;
export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** Serialises a JSON column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Serialises an optional JSON column: an absent value is NULL. */
export function toJsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Rows changed by an update or insert-or-ignore (kysely reports bigint on some drivers). */
export function changed(result: { numUpdatedRows?: bigint; numInsertedOrUpdatedRows?: bigint | undefined }): number {
  return Number(result.numUpdatedRows ?? result.numInsertedOrUpdatedRows ?? 0);
}
