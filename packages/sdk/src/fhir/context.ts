/**
 * The case context: an IPS-shaped summary of one patient (age, sex, active problems, medications,
 * allergies, recent results and vital signs) fetched with `fhir-kit-client` in as few round trips as
 * the server allows — one batch Bundle, then one more batch per round of `next` pages. Only what the granted scopes
 * cover is asked for; a 401 or 403 ends in a SMART error with a relaunch hint, never in "not found".
 * @packageDocumentation
 */
import { Client } from 'fhir-kit-client';
import { EchoError, NetworkError, ServerError, ValidationError } from '../errors.js';
import type { FhirResource } from '../types.js';
import {
  SMART_REFRESH_MARGIN_MS,
  canRefresh,
  freshAccessToken,
  refreshSmartToken,
  smartSessionError,
} from './launch.js';
import type { FhirConnection } from './launch.js';
import { parseResourceScopes, scopesAllow } from './smart-scopes.js';

/** The summary sections, named after the IPS Composition sections. */
export type CaseContextSectionName = 'problems' | 'medications' | 'allergies' | 'results' | 'vitalSigns';

/** Every section, in IPS order. */
export const CASE_CONTEXT_SECTIONS: readonly CaseContextSectionName[] = [
  'problems',
  'medications',
  'allergies',
  'results',
  'vitalSigns',
] as const;

/** One IPS-shaped section: its LOINC section code, title and entries. */
export interface CaseContextSection {
  /** LOINC code of the IPS section (e.g. `11450-4` problem list). */
  code: string;
  title: string;
  entries: FhirResource[];
}

/** Options of {@link fetchCaseContext}. */
export interface CaseContextOptions {
  /** The patient; default the connection's `patientId`. */
  patientId?: string;
  /** Only results and vitals on or after this date (`YYYY-MM-DD` or an ISO date-time). */
  since?: string;
  /** Which sections to fetch; default all. */
  sections?: readonly CaseContextSectionName[];
  /** Page size asked of the server per search (`_count`); default {@link CASE_CONTEXT_DEFAULTS}. */
  pageSize?: number;
  /** Stop following `next` links after this many entries per section. */
  maxEntriesPerSection?: number;
  /** "Now" for the age computation; default the current time. */
  now?: Date;
  /** Refresh the access token first when it expires within this margin (and can be refreshed). */
  refreshMarginMs?: number;
}

/** Defaults of {@link CaseContextOptions}. */
export const CASE_CONTEXT_DEFAULTS = {
  pageSize: 100,
  maxEntriesPerSection: 500,
  refreshMarginMs: SMART_REFRESH_MARGIN_MS,
} as const;

/** The summary {@link fetchCaseContext} returns. */
export interface CaseContext {
  patient: FhirResource;
  /** Age in whole years at `now`, when the birth date is known. */
  ageYears?: number;
  /** Administrative sex (`Patient.gender`). */
  sex?: string;
  /** The sections read; a section nothing could be read of (see `unreadSections`) is absent. */
  sections: Partial<Record<CaseContextSectionName, CaseContextSection>>;
  /**
   * Sections that could not be read in full: the granted scopes do not cover them (they were not asked for), or the
   * server refused them (403). Tell the presenter: these were not pre-filled.
   */
  unreadSections: CaseContextSectionName[];
  /** The patient, every section entry and included resources (e.g. `Medication`), for `deidentify()`. */
  resources: FhirResource[];
  /** HTTP requests made. */
  roundTrips: number;
  /** Searches the server refused or that were not made (the section stays empty), as human-readable messages. */
  warnings: string[];
}

/** A `fhir-kit-client` `Client`, or a connection to build one from. */
export type FhirSource = Client | FhirConnection;

interface SectionQuery {
  code: string;
  title: string;
  searches: (patient: string, o: Required<Pick<CaseContextOptions, 'pageSize'>> & CaseContextOptions) => string[];
  /** Resource types that are section entries (others in the result are included resources). */
  entryTypes: string[];
}

const QUERIES: Record<CaseContextSectionName, SectionQuery> = {
  problems: {
    code: '11450-4',
    title: 'Problem list',
    entryTypes: ['Condition'],
    searches: (p, o) => [`Condition?patient=${p}&clinical-status=active&_count=${o.pageSize}`],
  },
  medications: {
    code: '10160-0',
    title: 'Medication summary',
    entryTypes: ['MedicationRequest', 'MedicationStatement'],
    searches: (p, o) => [
      `MedicationRequest?patient=${p}&status=active&_include=MedicationRequest:medication&_count=${o.pageSize}`,
      `MedicationStatement?patient=${p}&status=active&_include=MedicationStatement:medication&_count=${o.pageSize}`,
    ],
  },
  allergies: {
    code: '48765-2',
    title: 'Allergies and intolerances',
    entryTypes: ['AllergyIntolerance'],
    searches: (p, o) => [`AllergyIntolerance?patient=${p}&_count=${o.pageSize}`],
  },
  results: {
    code: '30954-2',
    title: 'Relevant diagnostic tests/laboratory data',
    entryTypes: ['Observation'],
    searches: (p, o) => [
      `Observation?patient=${p}&category=laboratory&_sort=-date&_count=${o.pageSize}${since(o.since)}`,
    ],
  },
  vitalSigns: {
    code: '8716-3',
    title: 'Vital signs',
    entryTypes: ['Observation'],
    searches: (p, o) => [
      `Observation?patient=${p}&category=vital-signs&_sort=-date&_count=${o.pageSize}${since(o.since)}`,
    ],
  },
};

function since(value: string | undefined): string {
  return value ? `&date=ge${encodeURIComponent(value)}` : '';
}

interface BundleLike extends FhirResource {
  type?: string;
  entry?: { resource?: FhirResource; response?: { status?: string }; search?: { mode?: string } }[];
  link?: { relation?: string; url?: string }[];
}

/** What one request of a round gave: the resource, or the HTTP status it failed with. */
interface Answer {
  resource?: FhirResource;
  status: number;
  /** What the server said about a failure (e.g. its `WWW-Authenticate` challenge). */
  detail?: string;
}

/** An error thrown by `fhir-kit-client` for an HTTP answer. */
interface HttpFailure {
  response?: { status?: number };
  config?: { headers?: Headers };
}

/** Statuses a server answers a `batch` it does not support with: the same requests then go one by one. */
const NO_BATCH = new Set([400, 404, 405, 415, 422, 501]);

function toClient(source: FhirSource): Client {
  if (source instanceof Client) return source;
  const client = new Client({ baseUrl: source.fhirBaseUrl });
  client.bearerToken = source.accessToken;
  return client;
}

function ageInYears(birthDate: string, now: Date): number | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(birthDate);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d)) age -= 1;
  return age;
}

/** Turns an absolute `next` link into a batch entry URL relative to the FHIR base. */
function relativeTo(base: string, url: string): string {
  const b = base.replace(/\/+$/, '') + '/';
  return url.startsWith(b) ? url.slice(b.length) : url;
}

/**
 * Fetches an IPS-shaped case summary for one patient. All searches go in one FHIR `batch` Bundle; the `next` pages of
 * every search go together in one further batch per round. Servers without batch support (404, 405, 501…) get the
 * same searches one by one; an auth failure never falls back.
 *
 * With a connection that names its granted scopes (`scope`), only the sections those scopes cover are asked for; the
 * others are listed in `unreadSections`. The access token is refreshed first when it expires within
 * `refreshMarginMs` and a refresh token was granted; a 401 is retried once after a refresh.
 * @param fhir - a `fhir-kit-client` `Client`, or a {@link FhirConnection} (from `completeSmartLaunch()`
 *   or `fromHostContext()`).
 * @param options - see {@link CaseContextOptions}.
 * @returns the {@link CaseContext}.
 * @throws AuthError `smart_token_expired` (any 401: the token expired or was revoked, and could not be refreshed);
 *   ForbiddenError `smart_forbidden` (a 403 on the patient or the batch, or scopes without the Patient); both carry
 *   a relaunch hint. NotFound-like `not_found` only when the server answers 404 for the patient.
 */
export async function fetchCaseContext(fhir: FhirSource, options: CaseContextOptions = {}): Promise<CaseContext> {
  const connection: FhirConnection | undefined = fhir instanceof Client ? undefined : fhir;
  const patientId = options.patientId ?? connection?.patientId;
  if (!patientId) throw new ValidationError('invalid_options', 'fetchCaseContext needs a patientId');
  const o = { ...CASE_CONTEXT_DEFAULTS, ...options };
  const client = toClient(fhir);
  // For errors of a bare Client: what the relaunch hint can say.
  const session: FhirConnection = connection ?? { fhirBaseUrl: client.baseUrl, accessToken: '' };
  const names = o.sections ?? CASE_CONTEXT_SECTIONS;
  const pid = encodeURIComponent(patientId);
  const granted = connection?.scope ? parseResourceScopes(connection.scope) : [];
  const narrowed = granted.length > 0; // a scope string without resource scopes says nothing we can use
  const covers = (url: string, p: 'r' | 's') => {
    const [path = '', query = ''] = url.split('?');
    return !narrowed || scopesAllow(granted, path.split('/')[0]!, p, new URLSearchParams(query));
  };
  if (!covers(`Patient/${pid}`, 'r')) {
    throw smartSessionError(session, 403, 'the granted scopes do not allow reading the Patient');
  }

  const warnings: string[] = [];
  const unread = new Set<CaseContextSectionName>();
  const asked = new Set<CaseContextSectionName>();
  // One entry per search; entry 0 is the patient read.
  const owners: (CaseContextSectionName | 'patient')[] = ['patient'];
  const urls = [`Patient/${pid}`];
  for (const name of names) {
    for (const url of QUERIES[name].searches(pid, o)) {
      if (!covers(url, 's')) {
        unread.add(name);
        warnings.push(`${url.split('?')[0]}: not covered by the granted scopes (not asked)`);
        continue;
      }
      asked.add(name);
      owners.push(name);
      urls.push(url);
    }
  }

  let roundTrips = 0;
  const fail = (status: 401 | 403, detail: string, cause?: unknown) =>
    smartSessionError(session, status, detail, cause === undefined ? {} : { cause });

  /** One attempt at a round: a batch, or single GETs when the server has no batch. */
  const attempt = async (requests: string[]): Promise<Answer[]> => {
    if (connection) client.bearerToken = await freshAccessToken(connection, o.refreshMarginMs);
    roundTrips += 1;
    const body = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: requests.map((url) => ({ request: { method: 'GET', url } })),
    };
    let response: BundleLike;
    try {
      response = (await client.batch({ body })) as BundleLike;
    } catch (cause) {
      const failure = cause as HttpFailure;
      const status = failure.response?.status;
      if (status === undefined)
        throw new NetworkError('network_error', 'The FHIR server could not be reached', { cause });
      const challenge = failure.config?.headers?.get?.('www-authenticate');
      const detail = `the batch request was answered HTTP ${status}${challenge ? ` (${challenge})` : ''}`;
      if (status === 401) return requests.map(() => ({ status, detail }));
      if (status === 403) throw fail(status, detail, cause);
      if (!NO_BATCH.has(status)) {
        throw status >= 500
          ? new ServerError('fhir_server_error', `The FHIR server failed: ${detail}`, { status, cause })
          : new EchoError('fhir_request_failed', `The FHIR server refused ${detail}`, { status, cause });
      }
      // No batch support: the same requests in parallel (still one round of latency).
      roundTrips += requests.length - 1;
      return Promise.all(
        requests.map((url) =>
          client.request(url).then(
            (r): Answer => ({ resource: r as FhirResource, status: 200 }),
            (e: unknown): Answer => {
              const failure = e as HttpFailure;
              const s = failure.response?.status;
              if (s === undefined) throw new NetworkError('network_error', 'The FHIR server could not be reached');
              const challenge = failure.config?.headers?.get?.('www-authenticate');
              return { status: s, ...(challenge ? { detail: `${url} was answered HTTP ${s} (${challenge})` } : {}) };
            },
          ),
        ),
      );
    }
    return requests.map((_, i) => {
      const entry = response.entry?.[i];
      const status = Number.parseInt(entry?.response?.status ?? '200', 10);
      if (!entry?.resource || status >= 400) return { status: status >= 400 ? status : 404 };
      return { resource: entry.resource, status };
    });
  };

  /** A round: an attempt, and one more after a refresh when the server answered 401 and a refresh token exists. */
  const runRound = async (round: { url: string; owner: CaseContextSectionName | 'patient' }[]) => {
    const requests = round.map((r) => r.url);
    let answers = await attempt(requests);
    if (answers.some((a) => a.status === 401) && connection && canRefresh(connection)) {
      await refreshSmartToken(connection); // a refusal ends the session: smart_token_expired
      answers = await attempt(requests);
    }
    return answers.map((answer, i) => {
      const { url, owner } = round[i]!;
      const path = url.split('?')[0]!;
      if (answer.status === 401) throw fail(401, answer.detail ?? `${path} was answered HTTP 401`);
      if (answer.status === 403) {
        if (owner === 'patient') throw fail(403, `${path} was answered HTTP 403`);
        unread.add(owner);
        warnings.push(`${path}: HTTP 403 (refused by the server)`);
        return undefined;
      }
      if (!answer.resource) {
        warnings.push(`${path}: HTTP ${answer.status}`);
        return undefined;
      }
      return answer.resource;
    });
  };

  const collected = new Map<CaseContextSectionName, FhirResource[]>();
  const included = new Map<string, FhirResource>();
  const read = new Set<CaseContextSectionName>();
  let patient: FhirResource | undefined;
  let round = urls.map((url, i) => ({ url, owner: owners[i]! }));
  while (round.length > 0) {
    const results = await runRound(round);
    const next: typeof round = [];
    results.forEach((result, i) => {
      const { owner } = round[i]!;
      if (!result) return;
      if (owner === 'patient') {
        patient = result;
        return;
      }
      read.add(owner);
      const bundle = result as BundleLike;
      const list = collected.get(owner) ?? [];
      collected.set(owner, list);
      for (const entry of bundle.entry ?? []) {
        const r = entry.resource;
        if (!r) continue;
        if (entry.search?.mode === 'include' || !QUERIES[owner].entryTypes.includes(r.resourceType)) {
          included.set(`${r.resourceType}/${r.id}`, r);
        } else list.push(r);
      }
      const nextUrl = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (nextUrl && list.length < o.maxEntriesPerSection)
        next.push({ url: relativeTo(client.baseUrl, nextUrl), owner });
    });
    round = next;
  }
  if (!patient) throw new ValidationError('not_found', `Patient ${patientId} could not be read`);

  const sections: CaseContext['sections'] = {};
  const resources: FhirResource[] = [patient];
  for (const name of names) {
    // A section nothing could be read of is absent: "none recorded" would be a claim about the patient.
    if (unread.has(name) && !read.has(name)) continue;
    if (!asked.has(name)) continue;
    const entries = (collected.get(name) ?? []).slice(0, o.maxEntriesPerSection);
    sections[name] = { code: QUERIES[name].code, title: QUERIES[name].title, entries };
    resources.push(...entries);
  }
  resources.push(...included.values());
  const unreadSections = names.filter((name) => unread.has(name));
  const context: CaseContext = { patient, sections, unreadSections, resources, roundTrips, warnings };
  if (typeof patient.birthDate === 'string') {
    const age = ageInYears(patient.birthDate, o.now ?? new Date());
    if (age !== undefined) context.ageYears = age;
  }
  if (typeof patient.gender === 'string') context.sex = patient.gender;
  return context;
}
