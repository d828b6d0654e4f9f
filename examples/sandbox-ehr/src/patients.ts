/**
 * Loads the sandbox's patients: every FHIR Bundle in `examples/sandbox-ehr/patients/*.json` (except
 * `index.json`), plus the small fixture bundle the tests rely on. `urn:uuid:` full URLs are turned
 * into `Type/id` references so transaction-style bundles load too.
 * @packageDocumentation
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, Resource } from '@medplum/fhirtypes';

/** The folder of the synthetic patients. */
export const PATIENTS_DIR = fileURLToPath(new URL('../patients/', import.meta.url));
/** The fixture bundle (two small patients) the tests use. */
export const FIXTURE_BUNDLE = fileURLToPath(new URL('./fixtures/test-patients.json', import.meta.url));
/** Id of the fixture patient with HCV, diabetes, labs over time and vitals. */
export const FIXTURE_PATIENT_ID = 'fixture-hcv-1';
/** Id of the second fixture patient (for scoping tests). */
export const FIXTURE_OTHER_PATIENT_ID = 'fixture-other-2';

function rewriteReferences(value: unknown, map: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteReferences(v, map));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === 'reference' && typeof v === 'string' && map.has(v) ? map.get(v) : rewriteReferences(v, map);
    }
    return out;
  }
  return value;
}

/** The resources of one Bundle, with ids assigned and `urn:uuid:` references resolved. */
export function resourcesOfBundle(bundle: Bundle): Resource[] {
  const map = new Map<string, string>();
  const resources: Resource[] = [];
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (!resource) continue;
    if (!resource.id && entry.fullUrl?.startsWith('urn:uuid:')) resource.id = entry.fullUrl.slice(9);
    if (!resource.id) continue;
    if (entry.fullUrl) map.set(entry.fullUrl, `${resource.resourceType}/${resource.id}`);
    resources.push(resource);
  }
  return resources.map((r) => rewriteReferences(r, map) as Resource);
}

/**
 * Reads the patient bundles.
 * @param dir - folder of `*.json` bundles; default {@link PATIENTS_DIR}.
 * @returns every resource, and the files that could not be read (with why).
 */
export function loadPatientResources(dir = PATIENTS_DIR): { resources: Resource[]; skipped: string[] } {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json') && f !== 'index.json')
        .sort()
        .map((f) => join(dir, f))
    : [];
  const resources: Resource[] = [];
  const skipped: string[] = [];
  for (const file of [FIXTURE_BUNDLE, ...files]) {
    try {
      const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
      if (bundle.resourceType !== 'Bundle') continue; // e.g. index.json-style metadata next to the bundles
      resources.push(...resourcesOfBundle(bundle));
    } catch (error) {
      skipped.push(`${file}: ${(error as Error).message}`);
    }
  }
  return { resources, skipped };
}
