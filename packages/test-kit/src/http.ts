/** A parsed hub response. */
export interface HubResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Options of {@link hubFetch}. */
export interface HubFetchOptions {
  token?: string | undefined;
  body?: unknown;
  /** Raw body string (sent as is, with `contentType`). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Calls a hub route and parses the JSON (or problem+json) answer. */
export async function hubFetch<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: HubFetchOptions = {},
): Promise<HubResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers['content-type'] = options.contentType ?? 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(new URL(path, baseUrl), { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if (text && /json/.test(response.headers.get('content-type') ?? '')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** A minimal QuestionnaireResponse answering the default template's required questions. */
export function sampleResponse(extra: Record<string, string> = {}): Record<string, unknown> {
  const answers: Record<string, string> = {
    'presenting-problem': 'Fatigue and raised ALT for six months',
    questions: 'Should we start treatment now?',
    ...extra,
  };
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: Object.entries(answers).map(([linkId, value]) => ({ linkId, answer: [{ valueString: value }] })),
  };
}

/** A de-identification report as the SDK sends it. */
export function sampleReport(): Record<string, unknown> {
  return { policy: 'safe-harbor', changes: [{ path: 'Patient.birthDate', kind: 'dates', action: 'generalized' }] };
}
