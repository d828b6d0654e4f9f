import type { CreateProgramInput, ListOptions, Page, Program, UpdateProgramInput } from '../../types.js';
import type { HttpClient, RequestOptions } from '../http.js';

/** `client.programs`: teleECHO programmes. */
export interface ProgramsResource {
  /** Programmes visible to the token (`GET /v1/programs`). */
  list(query?: ListOptions, options?: RequestOptions): Promise<Page<Program>>;
  /** One programme (`GET /v1/programs/:id`). */
  get(programId: string, options?: RequestOptions): Promise<Program>;
  /** Creates a programme (coordinator or secret API key; `POST /v1/programs`). */
  create(input: CreateProgramInput, options?: RequestOptions): Promise<Program>;
  /** Changes a programme (`PATCH /v1/programs/:id`). */
  update(programId: string, patch: UpdateProgramInput, options?: RequestOptions): Promise<Program>;
}

/** @internal */
export function programsResource(http: HttpClient): ProgramsResource {
  return {
    list: (query = {}, options) =>
      http.request(
        { method: 'GET', path: '/v1/programs', query: { limit: query.limit, cursor: query.cursor } },
        options,
      ),
    get: (programId, options) => http.request({ method: 'GET', path: `/v1/programs/${enc(programId)}` }, options),
    create: (input, options) => http.request({ method: 'POST', path: '/v1/programs', body: input }, options),
    update: (programId, patch, options) =>
      http.request({ method: 'PATCH', path: `/v1/programs/${enc(programId)}`, body: patch }, options),
  };
}

/** Encodes one path segment. @internal */
export const enc = (segment: string): string => encodeURIComponent(segment);
