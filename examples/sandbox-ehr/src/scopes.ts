/**
 * SMART v2 scopes (`patient/Observation.rs`, `user/*.cruds`) and their v1 forms (`patient/*.read`).
 * @packageDocumentation
 */

/** One resource scope. */
export interface ResourceScope {
  context: 'patient' | 'user' | 'system';
  /** A resource type or `*`. */
  type: string;
  /** SMART v2 permissions: c, r, u, d, s. */
  permissions: Set<string>;
}

/** What a verified access token allows on the FHIR server. */
export interface FhirAccess {
  scopes: ResourceScope[];
  /** Set for tokens from a launch with a patient in context: `patient/` scopes are limited to it. */
  patientId?: string;
}

const SCOPE = /^(patient|user|system)\/([A-Za-z]+|\*)\.([cruds]+|read|write|\*)(\?.*)?$/;

/**
 * Parses the resource scopes of a space-separated scope string; other scopes (`launch`, `openid`…) are skipped.
 * Query-filtered v2 scopes (`patient/Observation.rs?category=…`) are treated as unfiltered.
 */
export function parseScopes(scope: string): ResourceScope[] {
  const out: ResourceScope[] = [];
  for (const s of scope.split(/\s+/)) {
    const m = SCOPE.exec(s);
    if (!m) continue;
    const p = m[3]!;
    const permissions = new Set(
      p === 'read' ? ['r', 's'] : p === 'write' ? ['c', 'u', 'd'] : p === '*' ? [...'cruds'] : [...p],
    );
    out.push({ context: m[1] as ResourceScope['context'], type: m[2]!, permissions });
  }
  return out;
}

/** Whether the access allows permission `p` (c, r, u, d, s) on `type`. */
export function allows(access: FhirAccess, type: string, p: string): boolean {
  return access.scopes.some((s) => (s.type === '*' || s.type === type) && s.permissions.has(p));
}
