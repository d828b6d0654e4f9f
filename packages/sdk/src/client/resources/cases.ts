import type { Case, CaseTransitionInput, ListCasesOptions, Page, SubmitCaseInput } from '../../types.js';
import type { HttpClient, RequestOptions } from '../http.js';
import { enc } from './programs.js';

/** `client.cases`: presented cases and their lifecycle. */
export interface CasesResource {
  /** Cases visible to the token (`GET /v1/cases`). Presenters see only their own. */
  list(query?: ListCasesOptions, options?: RequestOptions): Promise<Page<Case>>;
  /** One case (`GET /v1/cases/:id`). */
  get(caseId: string, options?: RequestOptions): Promise<Case>;
  /**
   * Submits a de-identified case (presenter; `POST /v1/cases`). Pass `options.idempotencyKey` to make
   * a resubmission after a lost answer (e.g. a page reload) return the first case instead of a copy.
   */
  submit(input: SubmitCaseInput, options?: RequestOptions): Promise<Case>;
  /** Moves a case along its lifecycle (`PATCH /v1/cases/:id`), e.g. `{status: 'accepted'}`. */
  transition(caseId: string, input: CaseTransitionInput, options?: RequestOptions): Promise<Case>;
}

/** @internal */
export function casesResource(http: HttpClient): CasesResource {
  return {
    list: (query = {}, options) =>
      http.request(
        {
          method: 'GET',
          path: '/v1/cases',
          query: {
            programId: query.programId,
            status: query.status,
            sessionId: query.sessionId,
            limit: query.limit,
            cursor: query.cursor,
          },
        },
        options,
      ),
    get: (caseId, options) => http.request({ method: 'GET', path: `/v1/cases/${enc(caseId)}` }, options),
    submit: (input, options) => http.request({ method: 'POST', path: '/v1/cases', body: input }, options),
    transition: (caseId, input, options) =>
      http.request({ method: 'PATCH', path: `/v1/cases/${enc(caseId)}`, body: input }, options),
  };
}
