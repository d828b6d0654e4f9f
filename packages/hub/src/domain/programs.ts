import type {
  CaseTemplate,
  CreditRule,
  FhirResource,
  Page,
  Program,
  ProgramDeidentificationPolicy,
} from '@teleecho/sdk';
import { EchoError, resolvePolicy } from '@teleecho/sdk';
import { DomainError, fail } from './errors.js';
import type { PageRequest, Storage, StorageWriter } from '../storage/storage.js';
import { newId } from './ids.js';
import { authorize, requireProgram } from './permissions.js';
import type { Principal } from './principal.js';
import { defaultQuestionnaire } from './templates/default-questionnaire.js';

/** Credit rule of a new programme unless one is given. */
export const DEFAULT_CREDIT_RULE: CreditRule = { creditsPerSession: 1, minimumShare: 0.75 };

/** Input of {@link createProgram}. */
export interface ProgramInput {
  name: string;
  specialty: string;
  language?: string;
  creditRule?: Partial<CreditRule>;
  /** `null` (on update) returns to the Safe Harbor defaults. */
  deidentificationPolicy?: ProgramDeidentificationPolicy | null;
}

/**
 * Refuses a de-identification policy that the SDK would refuse (422 `invalid_policy`): above all one that tries to
 * keep a Safe Harbor identifier (`Patient.name`, an identifier, an address line…) through its allow-list additions.
 */
export function checkDeidentificationPolicy(policy: ProgramDeidentificationPolicy | null | undefined): void {
  if (!policy) return;
  try {
    resolvePolicy(policy);
  } catch (error) {
    if (error instanceof EchoError) throw new DomainError('invalid_policy', error.message);
    throw error;
  }
}

/** Creates a programme and its default case template inside an open transaction. */
export async function insertProgramWithDefaults(tx: StorageWriter, input: ProgramInput): Promise<Program> {
  const now = new Date().toISOString();
  const program: Program = {
    id: newId('prg'),
    name: input.name,
    specialty: input.specialty,
    language: input.language ?? 'en',
    creditRule: { ...DEFAULT_CREDIT_RULE, ...input.creditRule },
    ...(input.deidentificationPolicy && { deidentificationPolicy: input.deidentificationPolicy }),
    createdAt: now,
  };
  await tx.programs.insert(program);
  const questionnaire = defaultQuestionnaire();
  await tx.templates.insert({
    id: newId('tpl'),
    programId: program.id,
    title: String(questionnaire.title),
    version: 1,
    questionnaire,
    createdAt: now,
    updatedAt: now,
  });
  return program;
}

/** POST /v1/programs. */
export async function createProgram(storage: Storage, principal: Principal, input: ProgramInput): Promise<Program> {
  authorize(principal, 'program.create');
  checkDeidentificationPolicy(input.deidentificationPolicy);
  return storage.write((tx) => insertProgramWithDefaults(tx, input));
}

/** Loads a programme the principal may read (404 unknown, 403 another programme). */
export async function readProgram(storage: Storage, principal: Principal, id: string): Promise<Program> {
  authorize(principal, 'program.read');
  const program = await storage.programs.get(id);
  if (!program) throw fail.notFound('programme');
  requireProgram(principal, id);
  return program;
}

/** GET /v1/programs: a person sees their own programme; an API key sees all. */
export async function listPrograms(storage: Storage, principal: Principal, page: PageRequest): Promise<Page<Program>> {
  authorize(principal, 'program.read');
  return storage.programs.list(page, principal.kind === 'user' ? principal.programId : undefined);
}

/** PATCH /v1/programs/:id. */
export async function updateProgram(
  storage: Storage,
  principal: Principal,
  id: string,
  patch: Partial<ProgramInput>,
): Promise<Program> {
  await readProgram(storage, principal, id);
  authorize(principal, 'program.update');
  checkDeidentificationPolicy(patch.deidentificationPolicy);
  return storage.write(async (tx) => {
    const current = await tx.programs.get(id);
    if (!current) throw fail.notFound('programme');
    const { deidentificationPolicy: currentPolicy, ...rest } = current;
    const policy = patch.deidentificationPolicy === undefined ? currentPolicy : patch.deidentificationPolicy;
    const next: Program = {
      ...rest,
      ...(policy && { deidentificationPolicy: policy }),
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.specialty !== undefined && { specialty: patch.specialty }),
      ...(patch.language !== undefined && { language: patch.language }),
      creditRule: { ...current.creditRule, ...patch.creditRule },
    };
    await tx.programs.update(next);
    return next;
  });
}

/** Checks a Questionnaire has the minimum shape (400 otherwise). */
export function checkQuestionnaire(questionnaire: FhirResource): void {
  if (questionnaire.resourceType !== 'Questionnaire' || !Array.isArray(questionnaire.item)) {
    throw new DomainError('validation_failed', 'questionnaire must be a FHIR Questionnaire with an item array', [
      { path: '/questionnaire', message: 'must have resourceType "Questionnaire" and an item array' },
    ]);
  }
}

/** Input of template writes. */
export interface TemplateInput {
  title?: string;
  questionnaire: FhirResource;
}

/** GET /v1/programs/:id/case-templates. */
export async function listTemplates(
  storage: Storage,
  principal: Principal,
  programId: string,
): Promise<CaseTemplate[]> {
  await readProgram(storage, principal, programId);
  authorize(principal, 'template.read');
  return storage.templates.list(programId);
}

/** GET one template of a programme. */
export async function readTemplate(
  storage: Storage,
  principal: Principal,
  programId: string,
  templateId: string,
): Promise<CaseTemplate> {
  await readProgram(storage, principal, programId);
  authorize(principal, 'template.read');
  const template = await storage.templates.get(templateId);
  if (!template || template.programId !== programId) throw fail.notFound('case template');
  return template;
}

/** POST /v1/programs/:id/case-templates. */
export async function createTemplate(
  storage: Storage,
  principal: Principal,
  programId: string,
  input: TemplateInput,
): Promise<CaseTemplate> {
  await readProgram(storage, principal, programId);
  authorize(principal, 'template.write');
  checkQuestionnaire(input.questionnaire);
  const now = new Date().toISOString();
  const template: CaseTemplate = {
    id: newId('tpl'),
    programId,
    title: input.title ?? String(input.questionnaire.title ?? 'Case template'),
    version: 1,
    questionnaire: input.questionnaire,
    createdAt: now,
    updatedAt: now,
  };
  await storage.write((tx) => tx.templates.insert(template));
  return template;
}

/** PUT /v1/programs/:id/case-templates/:templateId (bumps `version`). */
export async function replaceTemplate(
  storage: Storage,
  principal: Principal,
  programId: string,
  templateId: string,
  input: TemplateInput,
): Promise<CaseTemplate> {
  await readTemplate(storage, principal, programId, templateId);
  authorize(principal, 'template.write');
  checkQuestionnaire(input.questionnaire);
  return storage.write(async (tx) => {
    const current = await tx.templates.get(templateId);
    if (!current) throw fail.notFound('case template');
    const next: CaseTemplate = {
      ...current,
      title: input.title ?? String(input.questionnaire.title ?? current.title),
      questionnaire: input.questionnaire,
      version: current.version + 1,
      updatedAt: new Date().toISOString(),
    };
    await tx.templates.update(next);
    return next;
  });
}

/** DELETE /v1/programs/:id/case-templates/:templateId (existing cases keep their template). */
export async function deleteTemplate(
  storage: Storage,
  principal: Principal,
  programId: string,
  templateId: string,
): Promise<void> {
  await readTemplate(storage, principal, programId, templateId);
  authorize(principal, 'template.write');
  await storage.write((tx) => tx.templates.delete(templateId));
}
