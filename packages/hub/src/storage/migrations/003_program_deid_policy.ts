import type { Kysely } from 'kysely';
import type { Dialect } from './index.js';

/** `003_program_deid_policy`: a programme's de-identification policy (JSON; NULL = Safe Harbor defaults). */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('programs').addColumn('deid_policy', 'text').execute();
}
