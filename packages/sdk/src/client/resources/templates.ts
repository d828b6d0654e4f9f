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
  /**
   * Changes title and/or questionnaire; the hub bumps `version` (`PUT …/case-templates/:templateId`).
   * PUT replaces the whole template, so when only one field is given the other is read first.
   */
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
    create: (programId, input, options) =>
      http.request({ method: 'POST', path: path(programId), body: input }, options),
    update: async (programId, templateId, input, options) => {
      let body: CreateCaseTemplateInput;
      if (input.questionnaire !== undefined && input.title !== undefined) {
        body = { title: input.title, questionnaire: input.questionnaire };
      } else {
        const current = await http.request<CaseTemplate>({ method: 'GET', path: path(programId, templateId) }, options);
        body = { title: input.title ?? current.title, questionnaire: input.questionnaire ?? current.questionnaire };
      }
      return http.request({ method: 'PUT', path: path(programId, templateId), body }, options);
    },
    delete: async (programId, templateId, options) => {
      await http.request({ method: 'DELETE', path: path(programId, templateId) }, options);
    },
  };
}
