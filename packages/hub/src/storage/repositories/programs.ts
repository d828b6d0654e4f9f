import type { Page, Program } from '@teleecho/sdk';
import type { Kysely, Selectable } from 'kysely';
import { decodeCursor, page, type PageRequest } from '../pagination.js';
import type { Database } from '../schema.js';
import { fromJson, present, toJson, toJsonOrNull } from './rows.js';

/** `programs` (001_initial; `deid_policy` 003_program_deid_policy). */
export interface ProgramTable {
  id: string;
  name: string;
  specialty: string;
  language: string;
  credit_rule: string;
  /** JSON of the programme's de-identification policy; null = Safe Harbor defaults. */
  deid_policy: string | null;
  created_at: string;
  updated_at: string;
}

function toProgram(row: Selectable<ProgramTable>): Program {
  return {
    id: row.id,
    name: row.name,
    specialty: row.specialty,
    language: row.language,
    creditRule: fromJson<Program['creditRule']>(row.credit_rule),
    ...present({ deidentificationPolicy: fromJson<Program['deidentificationPolicy']>(row.deid_policy) }),
    createdAt: row.created_at,
  };
}

function programRow(value: Program): ProgramTable {
  return {
    id: value.id,
    name: value.name,
    specialty: value.specialty,
    language: value.language,
    credit_rule: toJson(value.creditRule),
    deid_policy: toJsonOrNull(value.deidentificationPolicy),
    created_at: value.createdAt,
    updated_at: new Date().toISOString(),
  };
}

/** Reading programmes. */
export interface ProgramReads {
  get(id: string): Promise<Program | undefined>;
  findByName(name: string): Promise<Program | undefined>;
  /** Programmes by id; only `onlyId` when set (a token narrowed to one programme). */
  list(request: PageRequest, onlyId?: string): Promise<Page<Program>>;
}

/** Programmes inside a transaction. */
export interface Programs extends ProgramReads {
  insert(program: Program): Promise<void>;
  update(program: Program): Promise<void>;
}

export function programReads(db: Kysely<Database>): ProgramReads {
  return {
    async get(id) {
      const row = await db.selectFrom('programs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toProgram(row);
    },
    async findByName(name) {
      const row = await db.selectFrom('programs').selectAll().where('name', '=', name).orderBy('id').executeTakeFirst();
      return row && toProgram(row);
    },
    async list(request, onlyId) {
      let query = db
        .selectFrom('programs')
        .selectAll()
        .orderBy('id')
        .limit(request.limit + 1);
      if (onlyId !== undefined) query = query.where('id', '=', onlyId);
      if (request.cursor) query = query.where('id', '>', decodeCursor(request.cursor, 1)[0]!);
      return page((await query.execute()).map(toProgram), request.limit, (p) => [p.id]);
    },
  };
}

export function programs(db: Kysely<Database>): Programs {
  return {
    ...programReads(db),
    async insert(program) {
      await db.insertInto('programs').values(programRow(program)).execute();
    },
    async update(program) {
      const { id: _id, created_at: _c, ...rest } = programRow(program);
      await db.updateTable('programs').set(rest).where('id', '=', program.id).execute();
    },
  };
}
