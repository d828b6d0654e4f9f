import type { Recommendation } from '@teleecho/sdk';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, present, toJson, toJsonOrNull } from './rows.js';

/** `recommendations` (001_initial). */
export interface RecommendationTable {
  id: string;
  case_id: string;
  program_id: string;
  number: number | null;
  author_id: string;
  author_name: string;
  body: string;
  category: string | null;
  follow_up: string | null;
  status: string;
  version: number;
  issued_at: string | null;
  amended_at: string | null;
  history: string;
  acknowledgement: string | null;
  created_at: string;
  updated_at: string;
}

function toRecommendation(row: Selectable<RecommendationTable>): Recommendation {
  return {
    id: row.id,
    caseId: row.case_id,
    programId: row.program_id,
    authorId: row.author_id,
    authorName: row.author_name,
    body: row.body,
    status: row.status as Recommendation['status'],
    version: Number(row.version),
    history: fromJson<Recommendation['history']>(row.history),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...present({
      number: row.number === null ? null : Number(row.number),
      category: row.category as Recommendation['category'] | null,
      followUp: row.follow_up,
      issuedAt: row.issued_at,
      amendedAt: row.amended_at,
      acknowledgement: fromJson<Recommendation['acknowledgement']>(row.acknowledgement),
    }),
  };
}

function recommendationRow(value: Recommendation): RecommendationTable {
  return {
    id: value.id,
    case_id: value.caseId,
    program_id: value.programId,
    number: value.number ?? null,
    author_id: value.authorId,
    author_name: value.authorName,
    body: value.body,
    category: value.category ?? null,
    follow_up: value.followUp ?? null,
    status: value.status,
    version: value.version,
    issued_at: value.issuedAt ?? null,
    amended_at: value.amendedAt ?? null,
    history: toJson(value.history),
    acknowledgement: toJsonOrNull(value.acknowledgement),
    created_at: value.createdAt,
    updated_at: value.updatedAt,
  };
}

/** Reading recommendations. */
export interface RecommendationReads {
  get(id: string): Promise<Recommendation | undefined>;
  /** The recommendations of a case, oldest first. */
  list(caseId: string): Promise<Recommendation[]>;
}

/** Recommendations inside a transaction. */
export interface Recommendations extends RecommendationReads {
  insert(value: Recommendation): Promise<void>;
  update(value: Recommendation): Promise<void>;
  /** The number after the case's highest recommendation number. */
  nextNumber(caseId: string): Promise<number>;
}

export function recommendationReads(db: Kysely<Database>): RecommendationReads {
  return {
    async get(id) {
      const row = await db.selectFrom('recommendations').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecommendation(row);
    },
    async list(caseId) {
      const rows = await db
        .selectFrom('recommendations')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('id')
        .execute();
      return rows.map(toRecommendation);
    },
  };
}

export function recommendations(db: Kysely<Database>): Recommendations {
  return {
    ...recommendationReads(db),
    async insert(value) {
      await db.insertInto('recommendations').values(recommendationRow(value)).execute();
    },
    async update(value) {
      const { id: _id, created_at: _c, ...rest } = recommendationRow(value);
      await db.updateTable('recommendations').set(rest).where('id', '=', value.id).execute();
    },
    async nextNumber(caseId) {
      const row = await db
        .selectFrom('recommendations')
        .select((eb) => eb.fn.max('number').as('max'))
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      return Number(row?.max ?? 0) + 1;
    },
  };
}
