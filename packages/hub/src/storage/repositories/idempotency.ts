import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { changed } from './rows.js';

/** `idempotency_keys` (001_initial): responses replayed for a repeated `Idempotency-Key`. */
export interface IdempotencyTable {
  principal: string;
  key: string;
  route: string;
  body_hash: string;
  status: number;
  response: string;
  created_at: string;
}

/** One stored idempotent response. */
export interface IdempotencyRecord {
  principal: string;
  key: string;
  route: string;
  bodyHash: string;
  status: number;
  response: string;
  createdAt: string;
}

function toRecord(row: Selectable<IdempotencyTable>): IdempotencyRecord {
  return {
    principal: row.principal,
    key: row.key,
    route: row.route,
    bodyHash: row.body_hash,
    status: Number(row.status),
    response: row.response,
    createdAt: row.created_at,
  };
}

function idempotencyRow(record: IdempotencyRecord): IdempotencyTable {
  return {
    principal: record.principal,
    key: record.key,
    route: record.route,
    body_hash: record.bodyHash,
    status: record.status,
    response: record.response,
    created_at: record.createdAt,
  };
}

/** Reading stored idempotent responses. */
export interface IdempotencyReads {
  get(principal: string, key: string): Promise<IdempotencyRecord | undefined>;
}

/** Idempotent responses inside a transaction. */
export interface IdempotencyKeys extends IdempotencyReads {
  /** Stores a response; false when one already exists for (principal, key). */
  put(record: IdempotencyRecord): Promise<boolean>;
}

export function idempotencyReads(db: Kysely<Database>): IdempotencyReads {
  return {
    async get(principal, key) {
      const row = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('principal', '=', principal)
        .where('key', '=', key)
        .executeTakeFirst();
      return row && toRecord(row);
    },
  };
}

export function idempotencyKeys(db: Kysely<Database>): IdempotencyKeys {
  return {
    ...idempotencyReads(db),
    async put(record) {
      const result = await db
        .insertInto('idempotency_keys')
        .values(idempotencyRow(record))
        .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
        .executeTakeFirst();
      return changed(result) > 0;
    },
  };
}

/** Drops responses stored before `before` (ISO). */
export async function pruneIdempotency(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('created_at', '<', before).execute();
}
