import type { CaseTemplate } from '@teleecho/sdk';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, toJson } from './rows.js';

/** `case_templates` (001_initial): FHIR Questionnaires per programme; deleting one only marks it. */
export interface CaseTemplateTable {
  id: string;
  program_id: string;
  title: string;
  version: number;
  questionnaire: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

function toTemplate(row: Selectable<CaseTemplateTable>): CaseTemplate {
  return {
    id: row.id,
    programId: row.program_id,
    title: row.title,
    version: Number(row.version),
    questionnaire: fromJson<CaseTemplate['questionnaire']>(row.questionnaire),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function templateRow(value: CaseTemplate): CaseTemplateTable {
  return {
    id: value.id,
    program_id: value.programId,
    title: value.title,
    version: value.version,
    questionnaire: toJson(value.questionnaire),
    created_at: value.createdAt,
    updated_at: value.updatedAt,
    deleted_at: null,
  };
}

/** Reading case templates (deleted ones are not found). */
export interface TemplateReads {
  get(id: string): Promise<CaseTemplate | undefined>;
  list(programId: string): Promise<CaseTemplate[]>;
}

/** Case templates inside a transaction. */
export interface Templates extends TemplateReads {
  insert(template: CaseTemplate): Promise<void>;
  update(template: CaseTemplate): Promise<void>;
  delete(id: string): Promise<void>;
}

export function templateReads(db: Kysely<Database>): TemplateReads {
  return {
    async get(id) {
      const row = await db
        .selectFrom('case_templates')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return row && toTemplate(row);
    },
    async list(programId) {
      const rows = await db
        .selectFrom('case_templates')
        .selectAll()
        .where('program_id', '=', programId)
        .where('deleted_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toTemplate);
    },
  };
}

export function templates(db: Kysely<Database>): Templates {
  return {
    ...templateReads(db),
    async insert(template) {
      await db.insertInto('case_templates').values(templateRow(template)).execute();
    },
    async update(template) {
      const { id: _id, created_at: _c, deleted_at: _d, ...rest } = templateRow(template);
      await db.updateTable('case_templates').set(rest).where('id', '=', template.id).execute();
    },
    async delete(id) {
      await db
        .updateTable('case_templates')
        .set({ deleted_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
    },
  };
}
