/**
 * The case context: an IPS-shaped summary of one patient (age, sex, active problems, medications,
 * allergies, recent results and vital signs) fetched with `fhir-kit-client` in as few round trips as
 * the server allows — one batch Bundle, then one more batch per round of `next` pages.
 * @packageDocumentation
 */
import { Client } from 'fhir-kit-client';
import { NetworkError, ValidationError } from '../errors.js';
import type { FhirResource } from '../types.js';
import type { FhirConnection } from './launch.js';

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
}

/** Defaults of {@link CaseContextOptions}. */
export const CASE_CONTEXT_DEFAULTS = {
  pageSize: 100,
  maxEntriesPerSection: 500,
} as const;

/** The summary {@link fetchCaseContext} returns. */
export interface CaseContext {
  patient: FhirResource;
  /** Age in whole years at `now`, when the birth date is known. */
  ageYears?: number;
  /** Administrative sex (`Patient.gender`). */
  sex?: string;
  sections: Partial<Record<CaseContextSectionName, CaseContextSection>>;
  /** The patient, every section entry and included resources (e.g. `Medication`), for `deidentify()`. */
  resources: FhirResource[];
  /** HTTP requests made. */
  roundTrips: number;
  /** Searches the server refused (the section stays empty), as human-readable messages. */
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
 * Fetches an IPS-shaped case summary for one patient. All searches go in one FHIR `batch` Bundle;
 * the `next` pages of every search go together in one further batch per round. Servers without batch
 * support get the same searches as parallel requests.
 * @param fhir - a `fhir-kit-client` `Client`, or a {@link FhirConnection} (from `completeSmartLaunch()`
 *   or `fromHostContext()`).
 * @param options - see {@link CaseContextOptions}.
 * @returns the {@link CaseContext}.
 */
export async function fetchCaseContext(fhir: FhirSource, options: CaseContextOptions = {}): Promise<CaseContext> {
  const patientId = options.patientId ?? ('patientId' in fhir ? fhir.patientId : undefined);
  if (!patientId) throw new ValidationError('invalid_options', 'fetchCaseContext needs a patientId');
  const o = { ...CASE_CONTEXT_DEFAULTS, ...options };
  const client = toClient(fhir);
  const names = o.sections ?? CASE_CONTEXT_SECTIONS;
  const pid = encodeURIComponent(patientId);

  // One entry per search; entry 0 is the patient read.
  const owners: (CaseContextSectionName | 'patient')[] = ['patient'];
  const urls = [`Patient/${pid}`];
  for (const name of names) {
    for (const url of QUERIES[name].searches(pid, o)) {
      owners.push(name);
      urls.push(url);
    }
  }

  let roundTrips = 0;
  const warnings: string[] = [];
  const runRound = async (requests: string[]): Promise<(FhirResource | undefined)[]> => {
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
      const status = (cause as { response?: { status?: number } }).response?.status;
      if (status === undefined)
        throw new NetworkError('network_error', 'The FHIR server could not be reached', { cause });
      // No batch support: the same requests in parallel (still one round of latency).
      roundTrips += requests.length - 1;
      return Promise.all(
        requests.map((url) =>
          client.request(url).then(
            (r) => r as FhirResource,
            () => undefined,
          ),
        ),
      );
    }
    return requests.map((url, i) => {
      const entry = response.entry?.[i];
      const status = Number.parseInt(entry?.response?.status ?? '200', 10);
      if (!entry?.resource || status >= 400) {
        warnings.push(`${url.split('?')[0]}: HTTP ${status}`);
        return undefined;
      }
      return entry.resource;
    });
  };

  const collected = new Map<CaseContextSectionName, FhirResource[]>();
  const included = new Map<string, FhirResource>();
  let patient: FhirResource | undefined;
  let round = urls.map((url, i) => ({ url, owner: owners[i]! }));
  while (round.length > 0) {
    const results = await runRound(round.map((r) => r.url));
    const next: typeof round = [];
    results.forEach((result, i) => {
      const { owner } = round[i]!;
      if (!result) return;
      if (owner === 'patient') {
        patient = result;
        return;
      }
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
    const entries = (collected.get(name) ?? []).slice(0, o.maxEntriesPerSection);
    sections[name] = { code: QUERIES[name].code, title: QUERIES[name].title, entries };
    resources.push(...entries);
  }
  resources.push(...included.values());
  const context: CaseContext = { patient, sections, resources, roundTrips, warnings };
  if (typeof patient.birthDate === 'string') {
    const age = ageInYears(patient.birthDate, o.now ?? new Date());
    if (age !== undefined) context.ageYears = age;
  }
  if (typeof patient.gender === 'string') context.sex = patient.gender;
  return context;
}
