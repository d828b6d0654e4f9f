/**
 * SMART v2 scopes (`patient/Observation.rs`, `user/*.cruds`, query-filtered `patient/Observation.rs?category=…`) and
 * their v1 forms (`patient/*.read`); and how the sandbox narrows what an app asked for to what it grants.
 * @packageDocumentation
 */

/** One resource scope. */
export interface ResourceScope {
  context: 'patient' | 'user' | 'system';
  /** A resource type or `*`. */
  type: string;
  /** SMART v2 permissions: c, r, u, d, s. */
  permissions: Set<string>;
  /** The v2 query filter without `?` (e.g. `category=laboratory`): only matching resources are covered. */
  filter?: string;
}

/** What a verified access token allows on the FHIR server. */
export interface FhirAccess {
  scopes: ResourceScope[];
  /** Set for tokens from a launch with a patient in context: `patient/` scopes are limited to it. */
  patientId?: string;
}

const SCOPE = /^(patient|user|system)\/([A-Za-z]+|\*)\.([cruds]+|read|write|\*)(?:\?(.+))?$/;
const ORDER = 'cruds';

/** Parses the resource scopes of a space-separated scope string; other scopes (`launch`, `openid`…) are skipped. */
export function parseScopes(scope: string): ResourceScope[] {
  const out: ResourceScope[] = [];
  for (const s of scope.split(/\s+/)) {
    const m = SCOPE.exec(s);
    if (!m) continue;
    const p = m[3]!;
    const permissions = new Set(
      p === 'read' ? ['r', 's'] : p === 'write' ? ['c', 'u', 'd'] : p === '*' ? [...ORDER] : [...p],
    );
    out.push({
      context: m[1] as ResourceScope['context'],
      type: m[2]!,
      permissions,
      ...(m[4] ? { filter: m[4] } : {}),
    });
  }
  return out;
}

/** A scope back as a SMART v2 string. */
export function formatScope(s: ResourceScope): string {
  const p = [...ORDER].filter((c) => s.permissions.has(c)).join('');
  return `${s.context}/${s.type}.${p}${s.filter ? `?${s.filter}` : ''}`;
}

/** Whether the access allows permission `p` (c, r, u, d, s) on `type` (for some resources, when filtered). */
export function allows(access: FhirAccess, type: string, p: string): boolean {
  return access.scopes.some((s) => (s.type === '*' || s.type === type) && s.permissions.has(p));
}

/**
 * What the sandbox grants when an app asks for `requested` and the EHR allows at most `ceiling` (the resource scopes
 * a user left ticked at a consent screen, or a site's policy). Resource scopes are intersected (type, permissions,
 * filter); other scopes (`launch`, `openid`, `online_access`…) pass unchanged. Without a ceiling, the request.
 */
export function narrowScopes(requested: string, ceiling: string | undefined): string {
  const asked = requested.split(/\s+/).filter(Boolean);
  if (ceiling === undefined) return asked.join(' ');
  const limits = parseScopes(ceiling);
  const out: string[] = [];
  for (const s of asked) {
    const [want] = parseScopes(s);
    if (!want) {
      out.push(s);
      continue;
    }
    for (const limit of limits) {
      if (limit.context !== want.context) continue;
      const type = want.type === '*' ? limit.type : limit.type === '*' || limit.type === want.type ? want.type : '';
      if (!type) continue;
      const permissions = new Set([...want.permissions].filter((p) => limit.permissions.has(p)));
      if (permissions.size === 0) continue;
      if (want.filter && limit.filter && want.filter !== limit.filter) continue;
      const filter = want.filter ?? limit.filter;
      const scope = formatScope({ context: want.context, type, permissions, ...(filter ? { filter } : {}) });
      if (!out.includes(scope)) out.push(scope);
    }
  }
  return out.join(' ');
}
