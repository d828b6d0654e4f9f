import type { Kysely } from 'kysely';
import type { Dialect } from './index.js';

/**
 * `007_lti_platform_state`: how a platform was registered (`dynamic` or `manual`) and when its first launch verified.
 * A platform registered dynamically that has never launched is one the LMS may still hold as pending (Moodle creates
 * dynamically registered tools pending until an administrator activates them).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('lti_platforms').addColumn('registered_via', 'text').execute();
  await db.schema.alterTable('lti_platforms').addColumn('activated_at', 'text').execute();
}
