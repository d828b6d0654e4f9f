/**
 * SMART scopes as granted in a token response: v2 (`patient/Observation.rs`, with an optional query filter such as
 * `?category=laboratory`) and v1 (`patient/*.read`). Used to ask a FHIR server only for what a token covers.
 * @internal
 * @packageDocumentation
 */

/** One granted resource scope. */
export interface GrantedResourceScope {
  context: 'patient' | 'user' | 'system';
  /** A resource type, or `*`. */
  type: string;
  /** SMART v2 permissions among c, r, u, d, s. */
  permissions: ReadonlySet<string>;
  /** The v2 query filter (`patient/Observation.rs?category=laboratory`), if any. */
  filter?: URLSearchParams;
}

const RESOURCE_SCOPE = /^(patient|user|system)\/([A-Za-z]+|\*)\.([cruds]+|read|write|\*)(?:\?(.*))?$/;

/**
 * The resource scopes of a space-separated scope string; other scopes (`launch`, `openid`, `online_access`…) are
 * skipped.
 */
export function parseResourceScopes(scope: string): GrantedResourceScope[] {
  const out: GrantedResourceScope[] = [];
  for (const s of scope.split(/\s+/)) {
    const m = RESOURCE_SCOPE.exec(s);
    if (!m) continue;
    const p = m[3]!;
    const permissions = new Set(
      p === 'read' ? ['r', 's'] : p === 'write' ? ['c', 'u', 'd'] : p === '*' ? [...'cruds'] : [...p],
    );
    out.push({
      context: m[1] as GrantedResourceScope['context'],
      type: m[2]!,
      permissions,
      ...(m[4] ? { filter: new URLSearchParams(m[4]) } : {}),
    });
  }
  return out;
}

/** `system|code`, `code` or `|code` → the code and, when given, the system. */
function token(value: string): { system?: string; code: string } {
  const bar = value.lastIndexOf('|');
  return bar < 0 ? { code: value } : { system: value.slice(0, bar), code: value.slice(bar + 1) };
}

/** Whether a search's parameter values satisfy a scope's filter value (token semantics; a list means any). */
function satisfies(filterValue: string, asked: string[]): boolean {
  const wanted = token(filterValue);
  return asked.some((value) =>
    value.split(',').every((one) => {
      const t = token(one);
      return t.code === wanted.code && (!wanted.system || !t.system || t.system === wanted.system);
    }),
  );
}

/**
 * Whether `scopes` allow permission `p` (`r` read, `s` search) on `type`. For a search, `params` are its query
 * parameters: a filtered scope covers it only when the search asks for what the filter names.
 */
export function scopesAllow(
  scopes: readonly GrantedResourceScope[],
  type: string,
  p: 'r' | 's',
  params?: URLSearchParams,
): boolean {
  return scopes.some((s) => {
    if ((s.type !== '*' && s.type !== type) || !s.permissions.has(p)) return false;
    if (!s.filter) return true;
    if (!params) return false;
    return [...s.filter].every(([name, value]) => satisfies(value, params.getAll(name)));
  });
}
