import type { CreateEmbedTokenInput, EmbedTokenResult } from '../../types.js';
import type { HttpClient, RequestOptions } from '../http.js';

/** `client.embedTokens`: mint embed tokens through the hub (needs a secret API key, so server side). */
export interface EmbedTokensResource {
  /** Mints a short-lived, scoped embed token (`POST /v1/embed-tokens`). */
  create(input: CreateEmbedTokenInput, options?: RequestOptions): Promise<EmbedTokenResult>;
}

/** @internal */
export function embedTokensResource(http: HttpClient): EmbedTokensResource {
  return {
    create: (input, options) => http.request({ method: 'POST', path: '/v1/embed-tokens', body: input }, options),
  };
}
