import type { CaseTemplate, CreateCaseTemplateInput, Page, UpdateCaseTemplateInput } from '../../types.js';
import type { HttpClient, RequestOptions } from '../http.js';
import { enc } from './programs.js';

/** `client.templates`: case templates (FHIR `Questionnaire`s) of a programme. */
export interface TemplatesResource {
  /** Templates of a programme (`GET /v1/programs/:id/case-templates`). */
  list(programId: string, options?: RequestOptions): Promise<Page<CaseTemplate>>;
  /** One template (`GET /v1/programs/:id/case-templates/:templateId`). */
  get(programId: string, templateId: string, options?: RequestOptions): Promise<CaseTemplate>;
  /** Adds a template (coordinator; `POST /v1/programs/:id/case-templates`). */
  create(programId: string, input: CreateCaseTemplateInput, options?: RequestOptions): Promise<CaseTemplate>;
  /** Replaces title and/or questionnaire; bumps `version` (`PUT …/case-templates/:templateId`). */
  update(
    programId: string,
    templateId: string,
    input: UpdateCaseTemplateInput,
    options?: RequestOptions,
  ): Promise<CaseTemplate>;
  /** Deletes a template (`DELETE …/case-templates/:templateId`). */
  delete(programId: string, templateId: string, options?: RequestOptions): Promise<void>;
}

/** @internal */
export function templatesResource(http: HttpClient): TemplatesResource {
  const path = (programId: string, templateId?: string): string =>
    `/v1/programs/${enc(programId)}/case-templates${templateId === undefined ? '' : `/${enc(templateId)}`}`;
  return {
    list: (programId, options) => http.request({ method: 'GET', path: path(programId) }, options),
    get: (programId, templateId, options) =>
      http.request({ method: 'GET', path: path(programId, templateId) }, options),
    create: (programId, input, options) => http.request({ method: 'POST', path: path(programId), body: input }, options),
    update: (programId, templateId, input, options) =>
      http.request({ method: 'PUT', path: path(programId, templateId), body: input }, options),
    delete: async (programId, templateId, options) => {
      await http.request({ method: 'DELETE', path: path(programId, templateId) }, options);
    },
  };
}
