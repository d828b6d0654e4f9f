import type {
  AcknowledgeRecommendationInput,
  CreateRecommendationInput,
  Page,
  Recommendation,
  RecommendationAcknowledgement,
  UpdateRecommendationInput,
} from '../../types.js';
import type { HttpClient, RequestOptions } from '../http.js';
import { enc } from './programs.js';

/** `client.recommendations`: written recommendations about a case. */
export interface RecommendationsResource {
  /** Recommendations of a case (`GET /v1/cases/:id/recommendations`); presenters see issued ones only. */
  list(caseId: string, options?: RequestOptions): Promise<Page<Recommendation>>;
  /** Writes a draft (specialist; `POST /v1/cases/:id/recommendations`). */
  create(caseId: string, input: CreateRecommendationInput, options?: RequestOptions): Promise<Recommendation>;
  /** Edits a recommendation (`PATCH /v1/recommendations/:id`). */
  update(recommendationId: string, patch: UpdateRecommendationInput, options?: RequestOptions): Promise<Recommendation>;
  /** Issues a draft: the presenter can now see it (`PATCH {status: 'issued'}`). A category is required. */
  issue(recommendationId: string, options?: RequestOptions): Promise<Recommendation>;
  /**
   * Issues several drafts of a case at once (`POST /v1/cases/:id/recommendations/issue`): all or none, numbered
   * in the order given, one `recommendation.issued` event each. Returns the issued recommendations.
   */
  issueMany(caseId: string, recommendationIds: readonly string[], options?: RequestOptions): Promise<Recommendation[]>;
  /** Amends an issued recommendation; the hub keeps the earlier version in `history`. */
  amend(
    recommendationId: string,
    changes: Omit<UpdateRecommendationInput, 'status'>,
    options?: RequestOptions,
  ): Promise<Recommendation>;
  /**
   * Acknowledges the current version, optionally with a reply (presenter;
   * `POST /v1/recommendations/:id/acknowledge`). Returns the acknowledgement.
   */
  acknowledge(
    recommendationId: string,
    input?: AcknowledgeRecommendationInput,
    options?: RequestOptions,
  ): Promise<RecommendationAcknowledgement>;
}

/** @internal */
export function recommendationsResource(http: HttpClient): RecommendationsResource {
  const update = (
    recommendationId: string,
    patch: UpdateRecommendationInput,
    options?: RequestOptions,
  ): Promise<Recommendation> =>
    http.request({ method: 'PATCH', path: `/v1/recommendations/${enc(recommendationId)}`, body: patch }, options);
  return {
    list: (caseId, options) =>
      http.request({ method: 'GET', path: `/v1/cases/${enc(caseId)}/recommendations` }, options),
    create: (caseId, input, options) =>
      http.request({ method: 'POST', path: `/v1/cases/${enc(caseId)}/recommendations`, body: input }, options),
    update,
    issue: (recommendationId, options) => update(recommendationId, { status: 'issued' }, options),
    issueMany: async (caseId, recommendationIds, options) =>
      (
        await http.request<{ items: Recommendation[] }>(
          { method: 'POST', path: `/v1/cases/${enc(caseId)}/recommendations/issue`, body: { ids: recommendationIds } },
          options,
        )
      ).items,
    amend: (recommendationId, changes, options) => update(recommendationId, changes, options),
    acknowledge: (recommendationId, input = {}, options) =>
      http.request(
        { method: 'POST', path: `/v1/recommendations/${enc(recommendationId)}/acknowledge`, body: input },
        options,
      ),
  };
}
